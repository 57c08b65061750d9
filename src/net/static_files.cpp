#include "net/static_files.hpp"

#include <zlib.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace chancery::net {
namespace {

std::string Gzip(const std::string& input) {
  z_stream stream{};
  // windowBits 15 + 16 asks zlib for a gzip wrapper.
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return "";
  std::string output(deflateBound(&stream, input.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  stream.avail_in = static_cast<uInt>(input.size());
  stream.next_out = reinterpret_cast<Bytef*>(output.data());
  stream.avail_out = static_cast<uInt>(output.size());
  int result = deflate(&stream, Z_FINISH);
  output.resize(stream.total_out);
  deflateEnd(&stream);
  return result == Z_STREAM_END ? output : "";
}

// FNV-1a: stable across processes, so every replica sends the same ETag for the same bytes.
std::string EntityTag(const std::string& body) {
  std::uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : body) hash = (hash ^ c) * 1099511628211ull;
  char text[24];
  std::snprintf(text, sizeof text, "\"%016llx\"", static_cast<unsigned long long>(hash));
  return text;
}

bool Compressible(const std::string& content_type) {
  return content_type.rfind("text/", 0) == 0 || content_type.find("javascript") != std::string::npos ||
         content_type.find("json") != std::string::npos || content_type.find("svg") != std::string::npos;
}

bool AcceptsGzip(const Request& request) {
  auto header = request.Header("accept-encoding");
  if (!header) return false;
  std::string_view rest = *header;
  while (!rest.empty()) {
    std::size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    std::string_view coding = item.substr(0, item.find(';'));
    while (!coding.empty() && coding.back() == ' ') coding.remove_suffix(1);
    if (coding != "gzip" && coding != "*") continue;
    std::size_t q = item.find("q=");
    return q == std::string_view::npos || item.substr(q + 2).find_first_not_of("0.") != std::string_view::npos;
  }
  return false;
}

bool EtagMatches(std::string_view header, std::string_view etag) {
  if (header.find('*') != std::string_view::npos) return true;
  return header.find(etag) != std::string_view::npos;
}

}  // namespace

std::string StaticFiles::ContentTypeFor(std::string_view file_name) {
  static const std::map<std::string, std::string, std::less<>> kTypes = {{".html", "text/html; charset=utf-8"},
                                                                         {".js", "text/javascript; charset=utf-8"},
                                                                         {".mjs", "text/javascript; charset=utf-8"},
                                                                         {".css", "text/css; charset=utf-8"},
                                                                         {".json", "application/json"},
                                                                         {".map", "application/json"},
                                                                         {".svg", "image/svg+xml"},
                                                                         {".png", "image/png"},
                                                                         {".jpg", "image/jpeg"},
                                                                         {".jpeg", "image/jpeg"},
                                                                         {".gif", "image/gif"},
                                                                         {".webp", "image/webp"},
                                                                         {".ico", "image/x-icon"},
                                                                         {".woff", "font/woff"},
                                                                         {".woff2", "font/woff2"},
                                                                         {".txt", "text/plain; charset=utf-8"},
                                                                         {".webmanifest", "application/manifest+json"},
                                                                         {".wasm", "application/wasm"}};
  std::size_t dot = file_name.rfind('.');
  if (dot != std::string_view::npos) {
    std::string extension(file_name.substr(dot));
    for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (auto it = kTypes.find(extension); it != kTypes.end()) return it->second;
  }
  return "application/octet-stream";
}

Result<std::shared_ptr<const StaticFiles>> StaticFiles::Load(const std::filesystem::path& root) {
  std::error_code error;
  auto canonical_root = std::filesystem::canonical(root, error);
  if (error || !std::filesystem::is_regular_file(canonical_root / "index.html")) {
    return NotFound("console folder " + root.string() + " has no index.html");
  }
  auto files = std::make_shared<StaticFiles>();
  for (auto it = std::filesystem::recursive_directory_iterator(canonical_root, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (!it->is_regular_file()) continue;
    // A symlink pointing outside the folder is skipped: the folder's contents are all we serve.
    auto target = std::filesystem::canonical(it->path(), error);
    if (error) return Unavailable("cannot resolve " + it->path().string());
    auto relative = target.lexically_relative(canonical_root);
    if (relative.empty() || *relative.begin() == "..") continue;
    std::ifstream input(target, std::ios::binary);
    std::ostringstream contents;
    contents << input.rdbuf();
    if (!input) return Unavailable("cannot read " + target.string());
    File file;
    file.body = contents.str();
    file.content_type = ContentTypeFor(target.filename().string());
    file.etag = EntityTag(file.body);
    std::string url = "/" + it->path().lexically_relative(canonical_root).generic_string();
    file.immutable = url.rfind("/assets/", 0) == 0;
    if (Compressible(file.content_type) && file.body.size() >= 256) {
      std::string compressed = Gzip(file.body);
      if (!compressed.empty() && compressed.size() < file.body.size()) file.gzip_body = std::move(compressed);
    }
    files->files_.emplace(std::move(url), std::move(file));
  }
  if (error) return Unavailable("cannot list " + root.string() + ": " + error.message());
  return std::shared_ptr<const StaticFiles>(std::move(files));
}

Response StaticFiles::Serve(const Request& request) const {
  if (request.method != Method::kGet && request.method != Method::kHead) {
    return Response::Problem(NotFound("No resource matches this path."));
  }
  std::string_view path = request.path;
  if (path == "/") path = "/index.html";
  if (auto it = files_.find(path); it != files_.end()) return ServeFile(it->second, request);
  // Client-side routes get the console; a missing asset or API path is a real 404.
  if (path.rfind("/api/", 0) == 0 || path.rfind("/assets/", 0) == 0) {
    return Response::Problem(NotFound("No resource matches this path."));
  }
  return ServeFile(files_.find("/index.html")->second, request);
}

Response StaticFiles::ServeFile(const File& file, const Request& request) const {
  const bool gzip = !file.gzip_body.empty() && AcceptsGzip(request);
  // The compressed representation has its own tag, as RFC 9110 asks for distinct representations.
  std::string etag = gzip ? file.etag.substr(0, file.etag.size() - 1) + "-gz\"" : file.etag;
  Response response;
  response.SetHeader("Cache-Control", file.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  response.SetHeader("ETag", etag);
  response.SetHeader("Vary", "Accept-Encoding");
  if (auto match = request.Header("if-none-match"); match && EtagMatches(*match, etag)) {
    response.status = 304;
    return response;
  }
  response.status = 200;
  response.SetHeader("Content-Type", file.content_type);
  if (gzip) response.SetHeader("Content-Encoding", "gzip");
  response.body = gzip ? file.gzip_body : file.body;
  return response;
}

Handler StaticFilesHandler(std::shared_ptr<const StaticFiles> files) {
  return [files = std::move(files)](Request& request) { return files->Serve(request); };
}

}  // namespace chancery::net
