// AttachmentsApi: uploads under /api/v1/attachments (docs/api.md, "Attachments"), and the pieces that the owners'
// APIs (cables, channels) use to show and serve their attachments.
//
// Thread-safety: handlers are safe to run concurrently; RegisterRoutes is called once, before serving.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <vector>

#include "modules/attachments/attachments_service.hpp"
#include "net/http.hpp"
#include "net/router.hpp"

namespace chancery::attachments {

class AttachmentsApi {
 public:
  explicit AttachmentsApi(AttachmentsService& service) : service_(service) {}
  // The upload route accepts bodies up to the attachment limit, above the server's usual one.
  void RegisterRoutes(net::Router& router);

 private:
  net::Response Upload(const net::Request& request);
  net::Response Download(const net::Request& request);
  net::Response Delete(const net::Request& request);

  AttachmentsService& service_;
};

// {id, filename, media_type, size_bytes, sha256, created_at, url}: url is where the owner's API serves it.
boost::json::object AttachmentToJson(const Attachment& attachment);
boost::json::array AttachmentsToJson(const std::vector<Attachment>& attachments);

// The file as a download: its detected type, Content-Disposition with the name (RFC 6266), nosniff, a sandboxing
// Content-Security-Policy, and no caching by shared caches.
net::Response AttachmentResponse(const AttachmentContent& content);

}  // namespace chancery::attachments
