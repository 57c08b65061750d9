// The live stream of a user's channels (WebSocket GET /api/v1/channels/stream?cursors=<id>:<seq>,...).
//
// On connect the server first sends, for each channel named in `cursors` that the user is a member of, the
// messages after that seq (up to kMaxReplay per channel; beyond that a {"type":"gap"} tells the client to page
// through the REST API), then {"type":"ready","cursors":{...}} with the seq each channel is at, then live events:
// {"type":"message"}, {"type":"message.edited"}, {"type":"message.deleted"}, {"type":"channel.joined"},
// {"type":"channel.left"}. Within a channel, messages arrive in seq order, each once: an event whose seq is not
// the next one expected is preceded by the missing ones, read from the database, and one already sent is
// dropped. A client that reconnects with the last seq it holds per channel therefore misses nothing and gets
// nothing twice, whichever node it reconnects to.
//
// ChannelsHub: one bus subscription per node ("channels.>"), dispatching each event to the streams of the
// channel's members only.
//
// Thread-safety: ChannelsHub is safe for concurrent use; stream handlers follow net/websocket.hpp.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "bus/bus.hpp"
#include "modules/channels/channels_service.hpp"
#include "net/websocket.hpp"

namespace chancery::channels {

// One connection's delivery state, shared by its handler and the hub.
class Stream {
 public:
  Stream(ChannelsService& service, std::shared_ptr<net::WebSocketPeer> peer, std::int64_t user_id)
      : service_(service), peer_(std::move(peer)), user_id_(user_id) {}

  std::int64_t user_id() const { return user_id_; }
  // Records where each of the user's channels stands, has `follow` register them (while events for them wait on
  // this stream's lock, so none is missed), then replays from `cursors` and sends "ready".
  void Open(const std::map<std::int64_t, std::int64_t>& cursors,
            const std::function<void(const std::set<std::int64_t>&)>& follow);
  // Whether the message at `seq` is to be sent to this stream now (the caller broadcasts it): false when the
  // channel is not followed or the message was already sent. Missing earlier ones are sent first.
  bool Admit(std::int64_t channel_id, std::int64_t seq);
  const std::shared_ptr<net::WebSocketPeer>& peer() const { return peer_; }
  void OnUpdate(std::int64_t channel_id, const std::string& payload);
  void Join(std::int64_t channel_id, std::int64_t at_seq);
  void Leave(std::int64_t channel_id);

 private:
  // Sends the messages after `last_sent_[channel_id]` and before `until` (0: all there are), from the database.
  void CatchUp(std::int64_t channel_id, std::int64_t until);

  ChannelsService& service_;
  std::shared_ptr<net::WebSocketPeer> peer_;
  std::int64_t user_id_;
  std::mutex mutex_;
  std::map<std::int64_t, std::int64_t> last_sent_;  // followed channels → last seq sent
};

class ChannelsHub {
 public:
  ChannelsHub(ChannelsService& service, bus::Bus& bus) : service_(service), bus_(bus) {}
  Status Start();

  void Register(const std::shared_ptr<Stream>& stream, const std::set<std::int64_t>& channels);
  void Unregister(const std::shared_ptr<Stream>& stream);
  net::WebSocketFactory Factory();

 private:
  // A channel's streams as the fan-out uses them: listed once and grouped by network thread, then reused for every
  // message until the channel's followers change (building it per message took more than the writes themselves
  // to start at 10,000 members).
  struct Audience {
    std::vector<std::shared_ptr<Stream>> streams;
    net::Audience peers;  // the streams' peers, in the same order
  };
  void Dispatch(const bus::Message& message);
  // Null when nobody follows the channel on this node.
  std::shared_ptr<const Audience> AudienceOf(std::int64_t channel_id);
  // The stream follows the channel, or no longer does, in by_channel_ (channels_of_ is the caller's); either drops
  // the channel's audience. mutex_ held.
  void Follow(std::int64_t channel_id, const std::shared_ptr<Stream>& stream);
  void Unfollow(std::int64_t channel_id, const std::shared_ptr<Stream>& stream);

  ChannelsService& service_;
  bus::Bus& bus_;
  std::mutex mutex_;
  // A channel's streams on this node, kept contiguous (each one's place known, for removal in constant time), with
  // their peers beside them: building an audience copies these lists rather than walking a tree of 10,000 nodes.
  struct Followers {
    std::vector<std::shared_ptr<Stream>> streams;
    std::vector<std::shared_ptr<net::WebSocketPeer>> peers;  // streams[i]->peer()
    std::unordered_map<const Stream*, std::size_t> at;       // place in the lists
    void Add(const std::shared_ptr<Stream>& stream);
    void Remove(const std::shared_ptr<Stream>& stream);
  };
  std::map<std::int64_t, Followers> by_channel_;
  std::map<std::int64_t, std::set<std::shared_ptr<Stream>>> by_user_;
  std::map<std::shared_ptr<Stream>, std::set<std::int64_t>> channels_of_;
  std::map<std::int64_t, std::shared_ptr<const Audience>>
      audiences_;                   // built at a channel's first message after a change
  bus::Subscription subscription_;  // last: stops deliveries before the maps go
};

}  // namespace chancery::channels
