// ChannelsApi: the channels' HTTP routes under /api/v1/channels (docs/api.md, "Channels") and the live stream's
// WebSocket route. Parses, calls ChannelsService (which checks membership and roles), serialises.
//
// Thread-safety: handlers are safe to run concurrently; RegisterRoutes is called once, before serving.
#pragma once

#include "modules/channels/channels_service.hpp"
#include "modules/channels/channels_stream.hpp"
#include "modules/identity/identity.hpp"
#include "net/http.hpp"
#include "net/router.hpp"

namespace chancery::channels {

class ChannelsApi {
 public:
  ChannelsApi(ChannelsService& service, ChannelsHub& hub, identity::IdentityService& identity)
      : service_(service), hub_(hub), identity_(identity) {}
  void RegisterRoutes(net::Router& router);

 private:
  net::Response List(const net::Request& request);
  net::Response Create(const net::Request& request);
  net::Response Get(const net::Request& request);
  net::Response AddMembers(const net::Request& request);
  net::Response RemoveMember(const net::Request& request);
  net::Response Messages(const net::Request& request);
  net::Response Post(const net::Request& request);
  net::Response Edit(const net::Request& request);
  net::Response GetAttachment(const net::Request& request);
  net::Response Delete(const net::Request& request);
  net::Response History(const net::Request& request);
  net::Response Seen(const net::Request& request);
  net::Response Read(const net::Request& request);

  ChannelsService& service_;
  ChannelsHub& hub_;
  identity::IdentityService& identity_;
};

}  // namespace chancery::channels
