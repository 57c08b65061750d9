#include "modules/attachments/attachments_api.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "modules/attachments/media_types.hpp"
#include "net/json.hpp"

namespace chancery::attachments {
namespace {

namespace json = boost::json;
using identity::ContextOf;
using net::Method;
using net::Request;
using net::Response;

std::string UrlOf(const Attachment& attachment) {
  const std::string id = std::to_string(attachment.id);
  if (!attachment.owner) return "/api/v1/attachments/" + id;
  if (attachment.owner->kind == OwnerKind::kCable) {
    return "/api/v1/cables/" + std::to_string(attachment.owner->id) + "/attachments/" + id;
  }
  return "/api/v1/channels/" + std::to_string(attachment.owner->id) + "/attachments/" + id;
}

}  // namespace

void AttachmentsApi::RegisterRoutes(net::Router& router) {
  router.Add(Method::kPost, "/api/v1/attachments", net::RouteAccess::kAuthenticated,
             [this](Request& request) { return Upload(request); });
  router.SetBodyLimit(Method::kPost, "/api/v1/attachments", static_cast<std::size_t>(service_.options().max_bytes));
  router.Add(Method::kGet, "/api/v1/attachments/:id", net::RouteAccess::kAuthenticated,
             [this](Request& request) { return Download(request); });
  router.Add(Method::kDelete, "/api/v1/attachments/:id", net::RouteAccess::kAuthenticated,
             [this](Request& request) { return Delete(request); });
}

Response AttachmentsApi::Upload(const Request& request) {
  // The file is the body, as sent (any Content-Type: the content is what counts); its name is a query parameter,
  // or the X-Filename header (percent-encoded UTF-8) for clients that prefer headers.
  std::optional<std::string> filename = request.Query("filename");
  if (!filename) {
    if (auto header = request.Header("x-filename")) filename = net::PercentDecode(*header, false);
  }
  if (!filename || filename->empty()) {
    return net::Problem(InvalidArgument("Name the file: ?filename=report.pdf.").WithField("filename"));
  }
  Result<Attachment> attachment = service_.Upload(*filename, request.body, ContextOf(request));
  if (!attachment.ok()) return net::Problem(attachment.status());
  Response response = net::Json(201, AttachmentToJson(*attachment));
  response.SetHeader("Location", UrlOf(*attachment));
  return response;
}

Response AttachmentsApi::Download(const Request& request) {
  std::optional<std::int64_t> id = request.PathId("id");
  if (!id) return net::Problem(NotFound("There is no pending upload " + request.PathParam("id") + " of yours."));
  Result<AttachmentContent> content = service_.ReadPending(*id, ContextOf(request));
  if (!content.ok()) return net::Problem(content.status());
  return AttachmentResponse(*content);
}

Response AttachmentsApi::Delete(const Request& request) {
  std::optional<std::int64_t> id = request.PathId("id");
  if (!id) return net::Problem(NotFound("There is no pending upload " + request.PathParam("id") + " of yours."));
  if (Status status = service_.DeletePending(*id, ContextOf(request)); !status.ok()) return net::Problem(status);
  return Response::NoContent();
}

json::object AttachmentToJson(const Attachment& attachment) {
  return json::object{{"id", attachment.id},
                      {"filename", attachment.filename},
                      {"media_type", attachment.media_type},
                      {"size_bytes", attachment.size_bytes},
                      {"sha256", attachment.sha256},
                      {"created_at", FormatIsoTime(attachment.created_at_ms)},
                      {"url", UrlOf(attachment)}};
}

json::array AttachmentsToJson(const std::vector<Attachment>& attachments) {
  json::array array;
  for (const Attachment& attachment : attachments) array.push_back(AttachmentToJson(attachment));
  return array;
}

Response AttachmentResponse(const AttachmentContent& content) {
  Response response;
  response.status = 200;
  response.body = content.bytes;
  const std::string& name = content.attachment.filename;
  std::string ascii;
  for (char c : name) ascii.push_back(static_cast<unsigned char>(c) < 0x80 && c != '\\' ? c : '_');
  response.SetHeader("Content-Type", ServedContentType(content.attachment.media_type));
  response.SetHeader("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" +
                                                boost::urls::encode(name, boost::urls::unreserved_chars));
  response.SetHeader("X-Content-Type-Options", "nosniff");
  response.SetHeader("Content-Security-Policy", "sandbox; default-src 'none'");
  response.SetHeader("Cache-Control", "private, no-store");
  response.SetHeader("Repr-Digest",
                     "sha-256=:" + crypto::Base64Encode(crypto::Sha256(content.bytes)) + ":");  // RFC 9530
  return response;
}

}  // namespace chancery::attachments
