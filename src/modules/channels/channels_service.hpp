// ChannelsService: the rules of channels. Only members read and post; a topic channel's creator owns it and adds
// members; a unit channel (one per unit) is opened by a holder of users_manage on the unit and starts with the
// unit's staff; a direct channel joins exactly two people and is found again rather than created twice. Authors
// edit and delete their own messages (owners also delete), and every earlier text is kept. Only owners post
// announcements, whose readers are recorded ("seen by"). @username mentions of members become notifications.
//
// Contract: a post commits the message with the channel's next seq, then publishes it on the bus
// ("channels.<id>.message", the message as JSON) for the live streams; edits, deletions and membership changes
// publish "edited", "deleted" and "members". The database stays the source of truth: a stream that misses a bus
// event catches up from it (channels_stream.hpp).
//
// Errors: kNotFound (no such channel or message), kPermissionDenied reason "not_a_member" / "not_the_author" /
// "not_an_owner", kInvalidArgument with the field, kConflict (a unit's channel exists; the message is deleted).
//
// Thread-safety: safe for concurrent use; calls block on the database.
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bus/bus.hpp"
#include "core/clock.hpp"
#include "core/status.hpp"
#include "modules/attachments/attachments_service.hpp"
#include "modules/audit/audit.hpp"
#include "modules/channels/channels.hpp"
#include "modules/channels/channels_store.hpp"
#include "modules/identity/authz.hpp"
#include "modules/identity/identity.hpp"
#include "modules/notifications/notifications_service.hpp"
#include "storage/database.hpp"

namespace chancery::channels {

struct NewChannel {
  ChannelKind kind = ChannelKind::kTopic;
  std::string name;                      // topic channels
  std::optional<std::int64_t> unit_id;   // unit channels
  std::vector<std::int64_t> member_ids;  // topic channels; the creator is added as owner
  std::int64_t direct_user_id = 0;       // direct channels: the other person
};

struct ChannelView {
  Channel channel;
  std::vector<Member> members;
};

class ChannelsService {
 public:
  ChannelsService(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                  const identity::Authorizer& authorizer, identity::IdentityService& identity, bus::Bus& bus,
                  notifications::NotificationsService& notifications, attachments::AttachmentsService& attachments);

  // For a direct channel that already exists, that one (with `created` false).
  Result<std::pair<Channel, bool>> Create(const NewChannel& request, const identity::ActionContext& context);
  Result<std::vector<MembershipRow>> ListMine(const identity::ActionContext& context);
  Result<ChannelView> Get(std::int64_t channel_id, const identity::ActionContext& context);
  Status AddMembers(std::int64_t channel_id, const std::vector<std::int64_t>& user_ids,
                    const identity::ActionContext& context);
  Status RemoveMember(std::int64_t channel_id, std::int64_t user_id, const identity::ActionContext& context);

  // `attachment_ids`: the author's uploads (attachments_service.hpp); with attachments the text may be empty.
  Result<Message> Post(std::int64_t channel_id, const std::string& body, std::optional<std::int64_t> thread_seq,
                       bool announcement, const std::vector<std::int64_t>& attachment_ids,
                       const identity::ActionContext& context);
  Result<Message> Edit(std::int64_t channel_id, std::int64_t seq, const std::string& body,
                       const identity::ActionContext& context);
  Result<Message> Delete(std::int64_t channel_id, std::int64_t seq, const identity::ActionContext& context);
  Result<std::vector<MessageVersion>> History(std::int64_t channel_id, std::int64_t seq,
                                              const identity::ActionContext& context);
  // after/before bound seqs (0: none); without `after`, the newest `limit` messages.
  Result<std::vector<Message>> Messages(std::int64_t channel_id, std::int64_t after, std::int64_t before, int limit,
                                        const identity::ActionContext& context);
  // An attachment of a message of the channel, decrypted, for members (not of a deleted message); audited as
  // "channel.attachment_read".
  Result<attachments::AttachmentContent> ReadAttachment(std::int64_t channel_id, std::int64_t attachment_id,
                                                        const identity::ActionContext& context);
  Status MarkSeen(std::int64_t channel_id, std::int64_t seq, const identity::ActionContext& context);
  Status MarkRead(std::int64_t channel_id, std::int64_t seq, const identity::ActionContext& context);

  // For the live stream, without a principal's checks beyond membership.
  Result<std::vector<MembershipRow>> ChannelsOfUser(std::int64_t user_id);
  Result<std::vector<std::pair<std::int64_t, std::int64_t>>> PositionsOfUser(std::int64_t user_id);
  Result<std::vector<Message>> MessagesAfter(std::int64_t channel_id, std::int64_t after, int limit);

 private:
  Result<Member> RequireMember(storage::Transaction& transaction, std::int64_t channel_id, std::int64_t user_id);
  Result<std::vector<std::int64_t>> Mentions(storage::Transaction& transaction, std::int64_t channel_id,
                                             const std::string& body);
  void Publish(std::int64_t channel_id, std::string_view event, const std::string& payload);
  // Fills in the attachments of `messages` (one channel's), leaving deleted messages without.
  Status LoadAttachments(storage::Transaction& transaction, std::vector<Message>& messages);

  storage::Database& database_;
  const Clock& clock_;
  audit::AuditLog& audit_;
  const identity::Authorizer& authorizer_;
  identity::IdentityService& identity_;
  bus::Bus& bus_;
  notifications::NotificationsService& notifications_;
  attachments::AttachmentsService& attachments_;
  ChannelsStore store_;
};

// The message as the API and the streams send it: {"type":"message", channel_id, seq, author_id, body, ...}.
boost::json::object MessageObject(const Message& message, std::string_view type = "message");
std::string MessageJson(const Message& message, std::string_view type = "message");

}  // namespace chancery::channels
