#include "modules/channels/channels_stream.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

namespace chancery::channels {
namespace {

namespace json = boost::json;

std::map<std::int64_t, std::int64_t> ParseCursors(std::string_view text) {
  std::map<std::int64_t, std::int64_t> cursors;
  while (!text.empty() && cursors.size() < 1000) {
    const std::size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    const std::size_t colon = item.find(':');
    std::int64_t channel = 0;
    std::int64_t seq = 0;
    if (colon != std::string_view::npos &&
        std::from_chars(item.data(), item.data() + colon, channel).ec == std::errc() &&
        std::from_chars(item.data() + colon + 1, item.data() + item.size(), seq).ec == std::errc() && seq >= 0) {
      cursors[channel] = seq;
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return cursors;
}

class StreamHandler final : public net::WebSocketHandler {
 public:
  StreamHandler(ChannelsService& service, ChannelsHub& hub) : service_(service), hub_(hub) {}
  ~StreamHandler() override { OnClose(); }

  void OnOpen(std::shared_ptr<net::WebSocketPeer> peer, const net::Request& request) override {
    if (!request.principal) {
      peer->Close();
      return;
    }
    stream_ = std::make_shared<Stream>(service_, peer, request.principal->user_id);
    stream_->Open(ParseCursors(request.Query("cursors").value_or("")),
                  [this](const std::set<std::int64_t>& channels) { hub_.Register(stream_, channels); });
  }
  void OnMessage(std::string_view) override {}
  void OnClose() override {
    if (stream_) hub_.Unregister(stream_);
    stream_.reset();
  }

 private:
  ChannelsService& service_;
  ChannelsHub& hub_;
  std::shared_ptr<Stream> stream_;
};

}  // namespace

void Stream::Open(const std::map<std::int64_t, std::int64_t>& cursors,
                  const std::function<void(const std::set<std::int64_t>&)>& follow) {
  std::lock_guard lock(mutex_);
  auto positions = service_.PositionsOfUser(user_id_);
  if (!positions.ok()) {
    spdlog::warn("channels stream: {}", positions.status().ToString());
    peer_->Close();
    return;
  }
  std::set<std::int64_t> followed;
  for (const auto& [id, last_seq] : *positions) {
    followed.insert(id);
    auto cursor = cursors.find(id);
    // Without a cursor the channel is live from now on; with one, from there.
    last_sent_[id] = cursor == cursors.end() ? last_seq : std::min(cursor->second, last_seq);
  }
  follow(followed);
  json::object ready_cursors;
  for (auto& [id, last] : last_sent_) {
    if (cursors.contains(id)) CatchUp(id, 0);
    ready_cursors[std::to_string(id)] = last;
  }
  peer_->Send(json::serialize(json::object{{"type", "ready"}, {"cursors", std::move(ready_cursors)}}));
}

void Stream::CatchUp(std::int64_t channel_id, std::int64_t until) {
  std::int64_t& last = last_sent_[channel_id];
  const std::int64_t wanted = until > 0 ? until - last - 1 : kMaxReplay + 1;
  if (wanted <= 0) return;
  Result<std::vector<Message>> missed =
      service_.MessagesAfter(channel_id, last, static_cast<int>(std::min<std::int64_t>(wanted, kMaxReplay + 1)));
  if (!missed.ok()) {
    spdlog::warn("channels stream: catching up channel {}: {}", channel_id, missed.status().ToString());
    return;
  }
  int sent = 0;
  for (const Message& message : *missed) {
    if (until > 0 && message.seq >= until) break;
    if (sent == kMaxReplay) {
      // Too many to push: the client pages through GET /channels/:id/messages?after=<last>.
      peer_->Send(json::serialize(json::object{{"type", "gap"}, {"channel_id", channel_id}, {"after", last}}));
      auto positions = service_.PositionsOfUser(user_id_);
      if (positions.ok()) {
        for (const auto& [id, last_seq] : *positions) {
          if (id == channel_id) last = std::max(last, until > 0 ? until - 1 : last_seq);
        }
      }
      return;
    }
    peer_->Send(MessageJson(message));
    last = message.seq;
    ++sent;
  }
}

bool Stream::Admit(std::int64_t channel_id, std::int64_t seq) {
  std::lock_guard lock(mutex_);
  auto found = last_sent_.find(channel_id);
  if (found == last_sent_.end() || seq <= found->second) return false;  // not followed, or already sent
  if (seq > found->second + 1) CatchUp(channel_id, seq);                // an earlier event has not arrived (yet)
  if (seq <= last_sent_[channel_id]) return false;
  last_sent_[channel_id] = seq;
  return true;
}

void Stream::OnUpdate(std::int64_t channel_id, const std::string& payload) {
  std::lock_guard lock(mutex_);
  if (last_sent_.contains(channel_id)) peer_->Send(payload);
}

void Stream::Join(std::int64_t channel_id, std::int64_t at_seq) {
  std::lock_guard lock(mutex_);
  if (last_sent_.contains(channel_id)) return;
  last_sent_[channel_id] = at_seq;
  peer_->Send(json::serialize(json::object{{"type", "channel.joined"}, {"channel_id", channel_id}, {"seq", at_seq}}));
}

void Stream::Leave(std::int64_t channel_id) {
  std::lock_guard lock(mutex_);
  if (last_sent_.erase(channel_id) == 0) return;
  peer_->Send(json::serialize(json::object{{"type", "channel.left"}, {"channel_id", channel_id}}));
}

Status ChannelsHub::Start() {
  CHANCERY_ASSIGN_OR_RETURN(subscription_,
                            bus_.Subscribe("channels.>", [this](const bus::Message& message) { Dispatch(message); }));
  return Status::Ok();
}

void ChannelsHub::Register(const std::shared_ptr<Stream>& stream, const std::set<std::int64_t>& channels) {
  std::lock_guard lock(mutex_);
  by_user_[stream->user_id()].insert(stream);
  for (std::int64_t id : channels) {
    Follow(id, stream);
    channels_of_[stream].insert(id);
  }
  channels_of_.try_emplace(stream);
}

void ChannelsHub::Unregister(const std::shared_ptr<Stream>& stream) {
  std::lock_guard lock(mutex_);
  for (std::int64_t id : channels_of_[stream]) Unfollow(id, stream);
  channels_of_.erase(stream);
  auto user = by_user_.find(stream->user_id());
  if (user != by_user_.end()) {
    user->second.erase(stream);
    if (user->second.empty()) by_user_.erase(user);
  }
}

void ChannelsHub::Follow(std::int64_t channel_id, const std::shared_ptr<Stream>& stream) {
  audiences_.erase(channel_id);
  by_channel_[channel_id].Add(stream);
}

void ChannelsHub::Unfollow(std::int64_t channel_id, const std::shared_ptr<Stream>& stream) {
  audiences_.erase(channel_id);
  auto found = by_channel_.find(channel_id);
  if (found == by_channel_.end()) return;
  found->second.Remove(stream);
  if (found->second.streams.empty()) by_channel_.erase(found);
}

void ChannelsHub::Followers::Add(const std::shared_ptr<Stream>& stream) {
  if (!at.try_emplace(stream.get(), streams.size()).second) return;
  streams.push_back(stream);
  peers.push_back(stream->peer());
}

void ChannelsHub::Followers::Remove(const std::shared_ptr<Stream>& stream) {
  auto found = at.find(stream.get());
  if (found == at.end()) return;
  const std::size_t place = found->second;
  at.erase(found);
  if (place + 1 != streams.size()) {  // the last one takes its place
    streams[place] = std::move(streams.back());
    peers[place] = std::move(peers.back());
    at[streams[place].get()] = place;
  }
  streams.pop_back();
  peers.pop_back();
}

std::shared_ptr<const ChannelsHub::Audience> ChannelsHub::AudienceOf(std::int64_t channel_id) {
  std::lock_guard lock(mutex_);
  auto cached = audiences_.find(channel_id);
  if (cached != audiences_.end()) return cached->second;
  auto found = by_channel_.find(channel_id);
  if (found == by_channel_.end()) return nullptr;
  auto audience = std::make_shared<const Audience>(Audience{found->second.streams, net::Audience(found->second.peers)});
  audiences_.emplace(channel_id, audience);
  return audience;
}

void ChannelsHub::Dispatch(const bus::Message& message) {
  // "channels.<id>.<event>"
  std::string_view subject = message.subject;
  subject.remove_prefix(std::string_view("channels.").size());
  const std::size_t dot = subject.find('.');
  std::int64_t channel_id = 0;
  if (dot == std::string_view::npos ||
      std::from_chars(subject.data(), subject.data() + dot, channel_id).ec != std::errc()) {
    return;
  }
  const std::string_view event = subject.substr(dot + 1);
  std::error_code error;
  json::value payload = json::parse(message.payload, error);
  if (error || !payload.is_object()) return;
  const json::object& body = payload.as_object();
  if (event == "message") {
    const json::value* seq = body.if_contains("seq");
    if (!seq || !seq->is_int64()) return;
    // One shared copy of the message, and one task per network thread for each slice of the channel's
    // connections: the first slice is being written while the next ones are admitted.
    const std::shared_ptr<const Audience> audience = AudienceOf(channel_id);
    if (!audience) return;
    const auto text = std::make_shared<const std::string>(message.payload);
    const std::size_t count = audience->streams.size();
    auto admitted = std::make_shared<std::vector<char>>(count, 0);
    constexpr std::size_t kSlice = 1000;
    for (std::size_t from = 0; from < count; from += kSlice) {
      const std::size_t to = std::min(count, from + kSlice);
      for (std::size_t i = from; i < to; ++i) (*admitted)[i] = audience->streams[i]->Admit(channel_id, seq->as_int64());
      audience->peers.Send(text, admitted, from, to);
    }
  } else if (event == "edited" || event == "deleted") {
    if (const auto audience = AudienceOf(channel_id)) {
      for (const auto& stream : audience->streams) stream->OnUpdate(channel_id, message.payload);
    }
  } else if (event == "members") {
    const std::int64_t last_seq =
        body.contains("last_seq") && body.at("last_seq").is_int64() ? body.at("last_seq").as_int64() : 0;
    const auto users = [&](const char* key) {
      std::vector<std::int64_t> ids;
      if (const json::value* list = body.if_contains(key); list && list->is_array()) {
        for (const json::value& id : list->as_array()) {
          if (id.is_int64()) ids.push_back(id.as_int64());
        }
      }
      return ids;
    };
    // The streams of the users named under `key`, followed or unfollowed in the hub's maps, then told.
    const auto update = [&](const char* key, bool joined) {
      for (std::int64_t user_id : users(key)) {
        std::vector<std::shared_ptr<Stream>> streams;
        {
          std::lock_guard lock(mutex_);
          auto found = by_user_.find(user_id);
          if (found == by_user_.end()) continue;
          streams.assign(found->second.begin(), found->second.end());
          for (const auto& stream : streams) {
            if (joined) {
              Follow(channel_id, stream);
              channels_of_[stream].insert(channel_id);
            } else {
              Unfollow(channel_id, stream);
              channels_of_[stream].erase(channel_id);
            }
          }
        }
        for (const auto& stream : streams) joined ? stream->Join(channel_id, last_seq) : stream->Leave(channel_id);
      }
    };
    update("added", true);
    update("removed", false);
  }
}

net::WebSocketFactory ChannelsHub::Factory() {
  return
      [this]() -> std::unique_ptr<net::WebSocketHandler> { return std::make_unique<StreamHandler>(service_, *this); };
}

}  // namespace chancery::channels
