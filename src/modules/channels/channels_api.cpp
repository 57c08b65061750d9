#include "modules/channels/channels_api.hpp"

#include <boost/json.hpp>

#include "core/clock.hpp"
#include "modules/attachments/attachments_api.hpp"
#include "net/json.hpp"

namespace chancery::channels {
namespace {

namespace json = boost::json;
using identity::ContextOf;
using net::Method;
using net::Request;
using net::Respond;
using net::Response;

Result<std::int64_t> PathId(const Request& request, const char* name, const char* what) {
  std::optional<std::int64_t> id = request.PathId(name);
  if (!id) return NotFound(std::string("There is no ") + what + " " + request.PathParam(name) + ".");
  return *id;
}

json::object ChannelObject(const MembershipRow& row) {
  return json::object{{"id", row.channel.id},
                      {"kind", ChannelKindName(row.channel.kind)},
                      {"name", row.channel.name},
                      {"unit_id", row.channel.unit_id ? json::value(*row.channel.unit_id) : json::value()},
                      {"last_seq", row.channel.last_seq},
                      {"last_read_seq", row.member.last_read_seq},
                      {"unread", std::max<std::int64_t>(0, row.channel.last_seq - row.member.last_read_seq)},
                      {"role", MemberRoleName(row.member.role)},
                      {"member_count", row.member_count}};
}

Result<std::vector<std::int64_t>> IdArray(const json::object& body, const char* key) {
  const json::value* list = body.if_contains(key);
  if (list == nullptr || !list->is_array()) {
    return InvalidArgument(std::string(key) + " is an array of user ids.").WithField(std::string("/") + key);
  }
  std::vector<std::int64_t> ids;
  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
    if (!list->as_array()[i].is_int64()) {
      return InvalidArgument("A user id is an integer.").WithField(std::string("/") + key + "/" + std::to_string(i));
    }
    ids.push_back(list->as_array()[i].as_int64());
  }
  return ids;
}

}  // namespace

void ChannelsApi::RegisterRoutes(net::Router& router) {
  const auto route = [&](Method method, const char* pattern, Response (ChannelsApi::*handler)(const Request&)) {
    router.Add(method, pattern, net::RouteAccess::kAuthenticated,
               [this, handler](Request& request) { return (this->*handler)(request); });
  };
  route(Method::kGet, "/api/v1/channels", &ChannelsApi::List);
  route(Method::kPost, "/api/v1/channels", &ChannelsApi::Create);
  route(Method::kGet, "/api/v1/channels/:id", &ChannelsApi::Get);
  route(Method::kPost, "/api/v1/channels/:id/members", &ChannelsApi::AddMembers);
  route(Method::kDelete, "/api/v1/channels/:id/members/:user_id", &ChannelsApi::RemoveMember);
  route(Method::kGet, "/api/v1/channels/:id/messages", &ChannelsApi::Messages);
  route(Method::kPost, "/api/v1/channels/:id/messages", &ChannelsApi::Post);
  route(Method::kPatch, "/api/v1/channels/:id/messages/:seq", &ChannelsApi::Edit);
  route(Method::kDelete, "/api/v1/channels/:id/messages/:seq", &ChannelsApi::Delete);
  route(Method::kGet, "/api/v1/channels/:id/messages/:seq/history", &ChannelsApi::History);
  route(Method::kPost, "/api/v1/channels/:id/messages/:seq/seen", &ChannelsApi::Seen);
  route(Method::kPost, "/api/v1/channels/:id/read", &ChannelsApi::Read);
  route(Method::kGet, "/api/v1/channels/:id/attachments/:attachment_id", &ChannelsApi::GetAttachment);
  router.AddWebSocket("/api/v1/channels/stream", net::RouteAccess::kAuthenticated, hub_.Factory());
}

Response ChannelsApi::List(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<MembershipRow> rows, service_.ListMine(ContextOf(request)));
    json::array items;
    for (const MembershipRow& row : rows) items.push_back(ChannelObject(row));
    return net::Json(json::object{{"items", std::move(items)}});
  });
}

Response ChannelsApi::Create(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(json::object body, net::ParseJsonObject(request));
    CHANCERY_ASSIGN_OR_RETURN(std::string kind_name, net::RequireString(body, "kind", 20));
    std::optional<ChannelKind> kind = ParseChannelKind(kind_name);
    if (!kind) return InvalidArgument("kind is unit, topic or direct.").WithField("/kind");
    NewChannel channel{.kind = *kind};
    CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> name, net::OptionalString(body, "name", 80));
    channel.name = name.value_or("");
    CHANCERY_ASSIGN_OR_RETURN(channel.unit_id, net::OptionalInt(body, "unit_id"));
    if (body.contains("members")) {
      CHANCERY_ASSIGN_OR_RETURN(channel.member_ids, IdArray(body, "members"));
    }
    CHANCERY_ASSIGN_OR_RETURN(std::optional<std::int64_t> user_id, net::OptionalInt(body, "user_id"));
    channel.direct_user_id = user_id.value_or(0);
    CHANCERY_ASSIGN_OR_RETURN(auto created, service_.Create(channel, ContextOf(request)));
    Response response =
        net::Json(created.second ? 201 : 200,
                  json::object{{"id", created.first.id},
                               {"kind", ChannelKindName(created.first.kind)},
                               {"name", created.first.name},
                               {"unit_id", created.first.unit_id ? json::value(*created.first.unit_id) : json::value()},
                               {"last_seq", created.first.last_seq}});
    response.SetHeader("Location", "/api/v1/channels/" + std::to_string(created.first.id));
    return response;
  });
}

Response ChannelsApi::Get(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "id", "channel"));
    CHANCERY_ASSIGN_OR_RETURN(ChannelView view, service_.Get(id, ContextOf(request)));
    json::array members;
    for (const Member& member : view.members) {
      Result<std::optional<identity::UserRecord>> user = identity_.FindUser(member.user_id);
      const bool known = user.ok() && *user;
      members.push_back(json::object{{"user_id", member.user_id},
                                     {"username", known ? json::value((*user)->username) : json::value()},
                                     {"display_name", known ? json::value((*user)->display_name) : json::value()},
                                     {"role", MemberRoleName(member.role)},
                                     {"joined_at", FormatIsoTime(member.joined_at_ms)}});
    }
    return net::Json(
        json::object{{"id", view.channel.id},
                     {"kind", ChannelKindName(view.channel.kind)},
                     {"name", view.channel.name},
                     {"unit_id", view.channel.unit_id ? json::value(*view.channel.unit_id) : json::value()},
                     {"last_seq", view.channel.last_seq},
                     {"members", std::move(members)}});
  });
}

Response ChannelsApi::AddMembers(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "id", "channel"));
    CHANCERY_ASSIGN_OR_RETURN(json::object body, net::ParseJsonObject(request));
    CHANCERY_ASSIGN_OR_RETURN(std::vector<std::int64_t> users, IdArray(body, "user_ids"));
    CHANCERY_TRY(service_.AddMembers(id, users, ContextOf(request)));
    return Response::NoContent();
  });
}

Response ChannelsApi::RemoveMember(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "id", "channel"));
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t user_id, PathId(request, "user_id", "member"));
    CHANCERY_TRY(service_.RemoveMember(id, user_id, ContextOf(request)));
    return Response::NoContent();
  });
}

Response ChannelsApi::Messages(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "id", "channel"));
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t after, net::QueryInt(request, "after", 0, 0, INT64_MAX));
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t before, net::QueryInt(request, "before", 0, 0, INT64_MAX));
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t limit, net::QueryInt(request, "limit", 100, 1, 500));
    CHANCERY_ASSIGN_OR_RETURN(std::vector<Message> messages,
                              service_.Messages(id, after, before, static_cast<int>(limit), ContextOf(request)));
    json::array items;
    for (const Message& message : messages) items.push_back(MessageObject(message));
    return net::Json(json::object{{"items", std::move(items)}});
  });
}

Response ChannelsApi::Post(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "id", "channel"));
    CHANCERY_ASSIGN_OR_RETURN(json::object body, net::ParseJsonObject(request));
    CHANCERY_ASSIGN_OR_RETURN(std::optional<std::vector<std::int64_t>> attachment_ids,
                              net::OptionalIdArray(body, "attachments", attachments::kMaxPerOwner));
    const json::value* text = body.if_contains("body");
    if ((text == nullptr && !attachment_ids) || (text != nullptr && !text->is_string())) {
      return InvalidArgument("body is the message text.").WithField("/body");
    }
    CHANCERY_ASSIGN_OR_RETURN(std::optional<std::int64_t> thread_seq, net::OptionalInt(body, "thread_seq"));
    CHANCERY_ASSIGN_OR_RETURN(std::optional<bool> announcement, net::OptionalBool(body, "announcement"));
    CHANCERY_ASSIGN_OR_RETURN(
        Message message, service_.Post(id, text != nullptr ? std::string(text->as_string()) : std::string(), thread_seq,
                                       announcement.value_or(false),
                                       attachment_ids.value_or(std::vector<std::int64_t>{}), ContextOf(request)));
    return net::Json(201, MessageObject(message));
  });
}

Response ChannelsApi::GetAttachment(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "id", "channel"));
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t attachment_id, PathId(request, "attachment_id", "attachment"));
    CHANCERY_ASSIGN_OR_RETURN(attachments::AttachmentContent content,
                              service_.ReadAttachment(id, attachment_id, ContextOf(request)));
    return attachments::AttachmentResponse(content);
  });
}

Response ChannelsApi::Edit(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "id", "channel"));
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t seq, PathId(request, "seq", "message"));
    CHANCERY_ASSIGN_OR_RETURN(json::object body, net::ParseJsonObject(request));
    const json::value* text = body.if_contains("body");
    if (text == nullptr || !text->is_string()) return InvalidArgument("body is the message text.").WithField("/body");
    CHANCERY_ASSIGN_OR_RETURN(Message message,
                              service_.Edit(id, seq, std::string(text->as_string()), ContextOf(request)));
    return net::Json(MessageObject(message));
  });
}

Response ChannelsApi::Delete(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "id", "channel"));
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t seq, PathId(request, "seq", "message"));
    CHANCERY_ASSIGN_OR_RETURN(Message message, service_.Delete(id, seq, ContextOf(request)));
    return net::Json(MessageObject(message));
  });
}

Response ChannelsApi::History(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "id", "channel"));
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t seq, PathId(request, "seq", "message"));
    CHANCERY_ASSIGN_OR_RETURN(std::vector<MessageVersion> versions, service_.History(id, seq, ContextOf(request)));
    json::array items;
    for (const MessageVersion& version : versions) {
      items.push_back(json::object{{"version", version.version},
                                   {"body", version.body},
                                   {"replaced_at", FormatIsoTime(version.replaced_at_ms)},
                                   {"replaced_by", version.replaced_by}});
    }
    return net::Json(json::object{{"items", std::move(items)}});
  });
}

Response ChannelsApi::Seen(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "id", "channel"));
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t seq, PathId(request, "seq", "message"));
    CHANCERY_TRY(service_.MarkSeen(id, seq, ContextOf(request)));
    return Response::NoContent();
  });
}

Response ChannelsApi::Read(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "id", "channel"));
    CHANCERY_ASSIGN_OR_RETURN(json::object body, net::ParseJsonObject(request));
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t seq, net::RequireInt(body, "seq"));
    CHANCERY_TRY(service_.MarkRead(id, seq, ContextOf(request)));
    return Response::NoContent();
  });
}

}  // namespace chancery::channels
