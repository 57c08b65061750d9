// StaticFiles: serves the built console (a folder with index.html and hashed files under assets/) from memory.
//
// Every file is read once at Load, with its gzip form precomputed when that is smaller, so serving never touches
// the disk and a request path can never reach outside the folder (only loaded files exist). Paths not found and
// not under /api/ or /assets/ get index.html, for the console's client-side routes. Caching: /assets/* are
// immutable for a year; everything else is `no-cache` with an ETag, answered with 304 when it matches.
//
// Thread-safety: immutable after Load; Serve is safe from many threads.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "core/status.hpp"
#include "net/http.hpp"
#include "net/router.hpp"

namespace chancery::net {

class StaticFiles {
 public:
  // kNotFound when `root` is not a folder with an index.html; kUnavailable when a file cannot be read.
  static Result<std::shared_ptr<const StaticFiles>> Load(const std::filesystem::path& root);

  Response Serve(const Request& request) const;

  // The Content-Type for a file name, by extension.
  static std::string ContentTypeFor(std::string_view file_name);

 private:
  struct File {
    std::string content_type;
    std::string body;
    std::string gzip_body;  // empty when compression does not pay
    std::string etag;
    bool immutable = false;
  };

  Response ServeFile(const File& file, const Request& request) const;

  std::map<std::string, File, std::less<>> files_;  // by URL path, e.g. "/assets/app.1a2b.js"
};

// A Handler for Router::SetFallback.
Handler StaticFilesHandler(std::shared_ptr<const StaticFiles> files);

}  // namespace chancery::net
