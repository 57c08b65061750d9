#include "modules/channels/channels_service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <set>

#include "modules/attachments/attachments_api.hpp"

namespace chancery::channels {
namespace {

namespace json = boost::json;
using storage::Transaction;

Status NotAMember(std::int64_t channel_id) {
  return PermissionDenied("You are not a member of channel " + std::to_string(channel_id) + ".")
      .WithReason("not_a_member");
}

// `may_be_empty`: a message that carries files needs no text.
Status ValidateBody(const std::string& body, bool may_be_empty = false) {
  if (!may_be_empty && body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return InvalidArgument("A message cannot be empty.").WithField("/body");
  }
  if (body.size() > kMaxMessageLength) return InvalidArgument("A message is at most 20,000 bytes.").WithField("/body");
  return Status::Ok();
}

// "@user.name" words of a text: lower-case letters, digits, '.', '-', '_' as usernames are.
std::set<std::string> MentionedNames(const std::string& body) {
  std::set<std::string> names;
  for (std::size_t at = body.find('@'); at != std::string::npos; at = body.find('@', at + 1)) {
    if (at > 0 && std::isalnum(static_cast<unsigned char>(body[at - 1]))) continue;  // an e-mail address
    std::size_t end = at + 1;
    while (end < body.size() && (std::islower(static_cast<unsigned char>(body[end])) ||
                                 std::isdigit(static_cast<unsigned char>(body[end])) || body[end] == '.' ||
                                 body[end] == '-' || body[end] == '_')) {
      ++end;
    }
    std::string name = body.substr(at + 1, end - at - 1);
    while (!name.empty() && name.back() == '.') name.pop_back();  // "@lan.nguyen." ends a sentence
    if (name.size() >= 3) names.insert(name);
  }
  return names;
}

}  // namespace

std::string MessageJson(const Message& message, std::string_view type) {
  return json::serialize(MessageObject(message, type));
}

json::object MessageObject(const Message& message, std::string_view type) {
  json::array mentions;
  for (std::int64_t id : message.mentions) mentions.push_back(id);
  json::object out{
      {"type", type},
      {"channel_id", message.channel_id},
      {"seq", message.seq},
      {"author_id", message.author_id},
      {"body", message.body},
      {"thread_seq", message.thread_seq ? json::value(*message.thread_seq) : json::value()},
      {"announcement", message.announcement},
      {"mentions", std::move(mentions)},
      {"created_at", FormatIsoTime(message.created_at_ms)},
      {"edited_at", message.edited_at_ms ? json::value(FormatIsoTime(*message.edited_at_ms)) : json::value()},
      {"deleted_at", message.deleted_at_ms ? json::value(FormatIsoTime(*message.deleted_at_ms)) : json::value()}};
  out["attachments"] = attachments::AttachmentsToJson(message.attachments);
  if (message.announcement) {
    json::array seen;
    for (std::int64_t id : message.seen_by) seen.push_back(id);
    out["seen_by"] = std::move(seen);
  }
  return out;
}

ChannelsService::ChannelsService(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                                 const identity::Authorizer& authorizer, identity::IdentityService& identity,
                                 bus::Bus& bus, notifications::NotificationsService& notifications,
                                 attachments::AttachmentsService& attachments)
    : database_(database),
      clock_(clock),
      audit_(audit),
      authorizer_(authorizer),
      identity_(identity),
      bus_(bus),
      notifications_(notifications),
      attachments_(attachments) {}

Status ChannelsService::LoadAttachments(Transaction& transaction, std::vector<Message>& messages) {
  if (messages.empty()) return Status::Ok();
  const auto [lowest, highest] = std::minmax_element(messages.begin(), messages.end(),
                                                     [](const Message& a, const Message& b) { return a.seq < b.seq; });
  CHANCERY_ASSIGN_OR_RETURN(std::vector<attachments::Attachment> found,
                            attachments_.List(transaction, attachments::OwnerKind::kMessage,
                                              messages.front().channel_id, lowest->seq, highest->seq));
  for (attachments::Attachment& attachment : found) {
    for (Message& message : messages) {
      if (message.seq == attachment.owner->seq && !message.deleted_at_ms) {
        message.attachments.push_back(std::move(attachment));
        break;
      }
    }
  }
  return Status::Ok();
}

void ChannelsService::Publish(std::int64_t channel_id, std::string_view event, const std::string& payload) {
  // After the commit: a failure here delays live delivery (streams catch up from the database), it loses nothing.
  if (Status published = bus_.Publish(ChannelSubject(channel_id, event), payload); !published.ok()) {
    spdlog::warn("channels: could not publish {} of channel {}: {}", event, channel_id, published.ToString());
  }
}

Result<Member> ChannelsService::RequireMember(Transaction& transaction, std::int64_t channel_id, std::int64_t user_id) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Channel> channel, store_.FindChannel(transaction, channel_id));
  if (!channel) return NotFound("There is no channel " + std::to_string(channel_id) + ".");
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Member> member, store_.MemberOf(transaction, channel_id, user_id));
  if (!member) return NotAMember(channel_id);
  return *member;
}

Result<std::pair<Channel, bool>> ChannelsService::Create(const NewChannel& request,
                                                         const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Channels are for signed-in staff.");
  const Principal& actor = *context.actor;
  const std::int64_t now_ms = clock_.NowMs();
  Channel channel{.kind = request.kind, .created_by = actor.user_id, .created_at_ms = now_ms};
  std::optional<std::string> direct_key;
  std::vector<Member> members = {{actor.user_id, MemberRole::kOwner, now_ms, 0}};
  if (request.kind == ChannelKind::kTopic) {
    channel.name = request.name;
    if (channel.name.find_first_not_of(' ') == std::string::npos || channel.name.size() > 80) {
      return InvalidArgument("Name the channel (up to 80 bytes).").WithField("/name");
    }
    if (request.member_ids.size() > 1000)
      return InvalidArgument("At most 1,000 members at once.").WithField("/members");
    for (std::size_t i = 0; i < request.member_ids.size(); ++i) {
      CHANCERY_ASSIGN_OR_RETURN(std::optional<identity::UserRecord> user, identity_.FindUser(request.member_ids[i]));
      if (!user || user->disabled) {
        return InvalidArgument("There is no active user " + std::to_string(request.member_ids[i]) + ".")
            .WithField("/members/" + std::to_string(i));
      }
      if (user->id != actor.user_id) members.push_back({user->id, MemberRole::kMember, now_ms, 0});
    }
  } else if (request.kind == ChannelKind::kUnit) {
    if (!request.unit_id) return InvalidArgument("unit_id is required for a unit channel.").WithField("/unit_id");
    CHANCERY_TRY(authorizer_.Check(actor, identity::Permission::kUsersManage, *request.unit_id));
    channel.unit_id = request.unit_id;
    channel.name = request.name;
    CHANCERY_ASSIGN_OR_RETURN(std::vector<identity::UserRecord> staff, identity_.ListUnitMembers(*request.unit_id));
    for (const identity::UserRecord& user : staff) {
      if (!user.disabled && user.id != actor.user_id) members.push_back({user.id, MemberRole::kMember, now_ms, 0});
    }
  } else {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<identity::UserRecord> other, identity_.FindUser(request.direct_user_id));
    if (!other || other->disabled || other->id == actor.user_id) {
      return InvalidArgument("A direct channel is with one other active user.").WithField("/user_id");
    }
    const auto [low, high] = std::minmax(actor.user_id, other->id);
    direct_key = std::to_string(low) + ":" + std::to_string(high);
    members = {{actor.user_id, MemberRole::kMember, now_ms, 0}, {other->id, MemberRole::kMember, now_ms, 0}};
  }
  bool created = true;
  CHANCERY_TRY(database_.Write("channels.create", [&](Transaction& transaction) -> Status {
    if (direct_key) {
      CHANCERY_ASSIGN_OR_RETURN(std::optional<Channel> existing, store_.FindDirect(transaction, *direct_key));
      if (existing) {
        channel = *existing;
        created = false;
        return Status::Ok();
      }
    }
    if (channel.unit_id) {
      CHANCERY_ASSIGN_OR_RETURN(std::optional<Channel> existing, store_.FindUnitChannel(transaction, *channel.unit_id));
      if (existing) {
        return Conflict("Unit " + std::to_string(*channel.unit_id) + " already has channel " +
                        std::to_string(existing->id) + ".")
            .WithReason("unit_channel_exists");
      }
    }
    CHANCERY_ASSIGN_OR_RETURN(channel.id, store_.InsertChannel(transaction, channel, direct_key));
    for (const Member& member : members) CHANCERY_TRY(store_.AddMember(transaction, channel.id, member).status());
    return Status::Ok();
  }));
  if (created) {
    json::array added;
    for (const Member& member : members) added.push_back(member.user_id);
    Publish(channel.id, "members",
            json::serialize(json::object{{"added", std::move(added)}, {"removed", json::array()}, {"last_seq", 0}}));
  }
  return std::make_pair(channel, created);
}

Result<std::vector<MembershipRow>> ChannelsService::ListMine(const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Channels are for signed-in staff.");
  return ChannelsOfUser(context.actor->user_id);
}

Result<std::vector<MembershipRow>> ChannelsService::ChannelsOfUser(std::int64_t user_id) {
  return storage::ReadValue(database_, "channels.mine",
                            [&](Transaction& transaction) { return store_.ChannelsOf(transaction, user_id); });
}

Result<std::vector<std::pair<std::int64_t, std::int64_t>>> ChannelsService::PositionsOfUser(std::int64_t user_id) {
  return storage::ReadValue(database_, "channels.positions",
                            [&](Transaction& transaction) { return store_.Positions(transaction, user_id); });
}

Result<ChannelView> ChannelsService::Get(std::int64_t channel_id, const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Channels are for signed-in staff.");
  ChannelView view;
  CHANCERY_TRY(database_.Read("channels.get", [&](Transaction& transaction) -> Status {
    CHANCERY_TRY(RequireMember(transaction, channel_id, context.actor->user_id).status());
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Channel> channel, store_.FindChannel(transaction, channel_id));
    view.channel = *channel;
    CHANCERY_ASSIGN_OR_RETURN(view.members, store_.Members(transaction, channel_id));
    return Status::Ok();
  }));
  return view;
}

Status ChannelsService::AddMembers(std::int64_t channel_id, const std::vector<std::int64_t>& user_ids,
                                   const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Channels are for signed-in staff.");
  if (user_ids.empty() || user_ids.size() > 1000) {
    return InvalidArgument("Name 1 to 1,000 users to add.").WithField("/user_ids");
  }
  for (std::size_t i = 0; i < user_ids.size(); ++i) {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<identity::UserRecord> user, identity_.FindUser(user_ids[i]));
    if (!user || user->disabled) {
      return InvalidArgument("There is no active user " + std::to_string(user_ids[i]) + ".")
          .WithField("/user_ids/" + std::to_string(i));
    }
  }
  const std::int64_t now_ms = clock_.NowMs();
  std::int64_t last_seq = 0;
  CHANCERY_TRY(database_.Write("channels.add_members", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Member me, RequireMember(transaction, channel_id, context.actor->user_id));
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Channel> channel, store_.FindChannel(transaction, channel_id));
    if (channel->kind == ChannelKind::kDirect) return InvalidArgument("A direct channel keeps its two members.");
    if (me.role != MemberRole::kOwner) {
      return PermissionDenied("Only the channel's owners add members.").WithReason("not_an_owner");
    }
    // New members start reading from now; the history stays available to them through the API.
    last_seq = channel->last_seq;
    for (std::int64_t user_id : user_ids) {
      CHANCERY_TRY(store_.AddMember(transaction, channel_id, {user_id, MemberRole::kMember, now_ms, channel->last_seq})
                       .status());
    }
    return Status::Ok();
  }));
  json::array added;
  for (std::int64_t user_id : user_ids) added.push_back(user_id);
  Publish(
      channel_id, "members",
      json::serialize(json::object{{"added", std::move(added)}, {"removed", json::array()}, {"last_seq", last_seq}}));
  return Status::Ok();
}

Status ChannelsService::RemoveMember(std::int64_t channel_id, std::int64_t user_id,
                                     const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Channels are for signed-in staff.");
  CHANCERY_TRY(database_.Write("channels.remove_member", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Member me, RequireMember(transaction, channel_id, context.actor->user_id));
    if (user_id != context.actor->user_id && me.role != MemberRole::kOwner) {
      return PermissionDenied("Only the channel's owners remove others.").WithReason("not_an_owner");
    }
    CHANCERY_ASSIGN_OR_RETURN(bool removed, store_.RemoveMember(transaction, channel_id, user_id));
    if (!removed) return NotFound("User " + std::to_string(user_id) + " is not a member.");
    return Status::Ok();
  }));
  Publish(channel_id, "members",
          json::serialize(json::object{{"added", json::array()}, {"removed", json::array{user_id}}, {"last_seq", 0}}));
  return Status::Ok();
}

Result<std::vector<std::int64_t>> ChannelsService::Mentions(Transaction& transaction, std::int64_t channel_id,
                                                            const std::string& body) {
  std::vector<std::int64_t> ids;
  for (const std::string& name : MentionedNames(body)) {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<identity::UserRecord> user, identity_.FindUserByUsername(name));
    if (!user) continue;
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Member> member, store_.MemberOf(transaction, channel_id, user->id));
    if (member) ids.push_back(user->id);
  }
  return ids;
}

Result<Message> ChannelsService::Post(std::int64_t channel_id, const std::string& body,
                                      std::optional<std::int64_t> thread_seq, bool announcement,
                                      const std::vector<std::int64_t>& attachment_ids,
                                      const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Channels are for signed-in staff.");
  CHANCERY_TRY(ValidateBody(body, !attachment_ids.empty()));
  Message message{.channel_id = channel_id,
                  .author_id = context.actor->user_id,
                  .body = body,
                  .thread_seq = thread_seq,
                  .announcement = announcement,
                  .created_at_ms = clock_.NowMs()};
  CHANCERY_TRY(database_.Write("channels.post", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Member me, RequireMember(transaction, channel_id, context.actor->user_id));
    if (announcement && me.role != MemberRole::kOwner) {
      return PermissionDenied("Only the channel's owners post announcements.").WithReason("not_an_owner");
    }
    if (thread_seq) {
      CHANCERY_ASSIGN_OR_RETURN(std::optional<Message> root, store_.FindMessage(transaction, channel_id, *thread_seq));
      if (!root)
        return InvalidArgument("There is no message " + std::to_string(*thread_seq) + " to reply to.")
            .WithField("/thread_seq");
    }
    CHANCERY_ASSIGN_OR_RETURN(message.mentions, Mentions(transaction, channel_id, body));
    CHANCERY_ASSIGN_OR_RETURN(message.seq, store_.NextSeq(transaction, channel_id));
    CHANCERY_TRY(store_.InsertMessage(transaction, message));
    if (!attachment_ids.empty()) {
      CHANCERY_TRY(
          attachments_.Attach(transaction, attachment_ids, context.actor->user_id,
                              {.kind = attachments::OwnerKind::kMessage, .id = channel_id, .seq = message.seq}));
      CHANCERY_ASSIGN_OR_RETURN(message.attachments, attachments_.List(transaction, attachments::OwnerKind::kMessage,
                                                                       channel_id, message.seq, message.seq));
    }
    CHANCERY_TRY(store_.MarkRead(transaction, channel_id, context.actor->user_id, message.seq));
    for (std::int64_t user_id : message.mentions) {
      if (user_id == context.actor->user_id) continue;
      notifications::NewNotification notice{
          .user_id = user_id,
          .kind = "channel.mention",
          .title = context.actor->display_name.empty() ? context.actor->username : context.actor->display_name,
          .body = body.substr(0, 280),
          .link = "/channels/" + std::to_string(channel_id) + "?seq=" + std::to_string(message.seq),
          .email = false};
      CHANCERY_TRY(notifications_.Notify(transaction, notice).status());
    }
    return Status::Ok();
  }));
  Publish(channel_id, "message", MessageJson(message));
  return message;
}

Result<Message> ChannelsService::Edit(std::int64_t channel_id, std::int64_t seq, const std::string& body,
                                      const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Channels are for signed-in staff.");
  CHANCERY_TRY(ValidateBody(body));
  Message message;
  CHANCERY_TRY(database_.Write("channels.edit", [&](Transaction& transaction) -> Status {
    CHANCERY_TRY(RequireMember(transaction, channel_id, context.actor->user_id).status());
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Message> current, store_.FindMessage(transaction, channel_id, seq));
    if (!current) return NotFound("There is no message " + std::to_string(seq) + " in this channel.");
    if (current->author_id != context.actor->user_id) {
      return PermissionDenied("Only the author edits a message.").WithReason("not_the_author");
    }
    if (current->deleted_at_ms) return Conflict("This message was deleted.").WithReason("deleted");
    CHANCERY_TRY(store_.ReplaceBody(transaction, *current, body, context.actor->user_id, clock_.NowMs(), false));
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Message> edited, store_.FindMessage(transaction, channel_id, seq));
    std::vector<Message> one{*edited};
    CHANCERY_TRY(LoadAttachments(transaction, one));
    message = std::move(one.front());
    return Status::Ok();
  }));
  Publish(channel_id, "edited", MessageJson(message, "message.edited"));
  return message;
}

Result<Message> ChannelsService::Delete(std::int64_t channel_id, std::int64_t seq,
                                        const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Channels are for signed-in staff.");
  Message message;
  CHANCERY_TRY(database_.Write("channels.delete", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Member me, RequireMember(transaction, channel_id, context.actor->user_id));
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Message> current, store_.FindMessage(transaction, channel_id, seq));
    if (!current) return NotFound("There is no message " + std::to_string(seq) + " in this channel.");
    if (current->author_id != context.actor->user_id && me.role != MemberRole::kOwner) {
      return PermissionDenied("Only the author or an owner deletes a message.").WithReason("not_the_author");
    }
    if (current->deleted_at_ms) return Conflict("This message was already deleted.").WithReason("deleted");
    CHANCERY_TRY(store_.ReplaceBody(transaction, *current, "", context.actor->user_id, clock_.NowMs(), true));
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Message> deleted, store_.FindMessage(transaction, channel_id, seq));
    message = *deleted;
    return Status::Ok();
  }));
  Publish(channel_id, "deleted", MessageJson(message, "message.deleted"));
  return message;
}

Result<std::vector<MessageVersion>> ChannelsService::History(std::int64_t channel_id, std::int64_t seq,
                                                             const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Channels are for signed-in staff.");
  return storage::ReadValue(database_, "channels.history",
                            [&](Transaction& transaction) -> Result<std::vector<MessageVersion>> {
                              CHANCERY_TRY(RequireMember(transaction, channel_id, context.actor->user_id).status());
                              return store_.Versions(transaction, channel_id, seq);
                            });
}

Result<std::vector<Message>> ChannelsService::Messages(std::int64_t channel_id, std::int64_t after, std::int64_t before,
                                                       int limit, const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Channels are for signed-in staff.");
  return storage::ReadValue(
      database_, "channels.messages", [&](Transaction& transaction) -> Result<std::vector<Message>> {
        CHANCERY_TRY(RequireMember(transaction, channel_id, context.actor->user_id).status());
        CHANCERY_ASSIGN_OR_RETURN(
            std::vector<Message> messages,
            store_.Messages(transaction, channel_id, after, before, std::clamp(limit, 1, 500), after == 0));
        CHANCERY_TRY(LoadAttachments(transaction, messages));
        return messages;
      });
}

Result<std::vector<Message>> ChannelsService::MessagesAfter(std::int64_t channel_id, std::int64_t after, int limit) {
  return storage::ReadValue(database_, "channels.catch_up",
                            [&](Transaction& transaction) -> Result<std::vector<Message>> {
                              CHANCERY_ASSIGN_OR_RETURN(std::vector<Message> messages,
                                                        store_.Messages(transaction, channel_id, after, 0, limit));
                              CHANCERY_TRY(LoadAttachments(transaction, messages));
                              return messages;
                            });
}

Result<attachments::AttachmentContent> ChannelsService::ReadAttachment(std::int64_t channel_id,
                                                                       std::int64_t attachment_id,
                                                                       const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Channels are for signed-in staff.");
  std::optional<attachments::AttachmentContent> content;
  CHANCERY_TRY(database_.Write("channels.read_attachment", [&](Transaction& transaction) -> Status {
    CHANCERY_TRY(RequireMember(transaction, channel_id, context.actor->user_id).status());
    CHANCERY_ASSIGN_OR_RETURN(
        content, attachments_.Open(transaction, attachment_id, attachments::OwnerKind::kMessage, channel_id));
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Message> message,
                              store_.FindMessage(transaction, channel_id, content->attachment.owner->seq));
    if (!message || message->deleted_at_ms) {
      return NotFound("The message that carried attachment " + std::to_string(attachment_id) + " was deleted.");
    }
    audit::AuditEvent event = audit::EventBy(context.actor, "channel.attachment_read");
    event.target_type = "channel";
    event.target_id = std::to_string(channel_id);
    event.detail_json =
        "{\"attachment_id\":" + std::to_string(attachment_id) + ",\"seq\":" + std::to_string(message->seq) + "}";
    event.remote_address = context.remote_address;
    event.request_id = context.request_id;
    return audit_.Append(transaction, event);
  }));
  return std::move(*content);
}

Status ChannelsService::MarkSeen(std::int64_t channel_id, std::int64_t seq, const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Channels are for signed-in staff.");
  bool recorded = false;
  Message message;
  CHANCERY_TRY(database_.Write("channels.seen", [&](Transaction& transaction) -> Status {
    CHANCERY_TRY(RequireMember(transaction, channel_id, context.actor->user_id).status());
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Message> found, store_.FindMessage(transaction, channel_id, seq));
    if (!found) return NotFound("There is no message " + std::to_string(seq) + " in this channel.");
    if (!found->announcement) return InvalidArgument("Only announcements record who saw them.");
    CHANCERY_ASSIGN_OR_RETURN(recorded,
                              store_.MarkSeen(transaction, channel_id, seq, context.actor->user_id, clock_.NowMs()));
    CHANCERY_ASSIGN_OR_RETURN(found, store_.FindMessage(transaction, channel_id, seq));
    message = *found;
    return Status::Ok();
  }));
  if (recorded) Publish(channel_id, "edited", MessageJson(message, "message.edited"));
  return Status::Ok();
}

Status ChannelsService::MarkRead(std::int64_t channel_id, std::int64_t seq, const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Channels are for signed-in staff.");
  return database_.Write("channels.read", [&](Transaction& transaction) -> Status {
    CHANCERY_TRY(RequireMember(transaction, channel_id, context.actor->user_id).status());
    return store_.MarkRead(transaction, channel_id, context.actor->user_id, seq);
  });
}

}  // namespace chancery::channels
