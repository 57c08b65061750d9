// The Bus over a NATS JetStream cluster (libnats), for several Chancery nodes serving one ministry: what one node
// publishes, every node's subscribers receive.
//
// Publish stores the message in a JetStream stream (file storage, `replicas` copies across the cluster) and
// returns once the cluster acknowledged it. Every module's subjects are in the one stream; a stream created by an
// older version is widened to them at start-up. Subscribe creates an ephemeral push consumer that delivers messages
// published from then on, in stream order, on libnats's thread for that subscription. The stream is created on
// first connection if missing (retried while the cluster elects its leader). The client reconnects by itself; a
// publish while no server is reachable fails with kUnavailable (modules publish after their own commit, and their
// readers catch up from the database).
//
// Thread-safety: as Bus.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "bus/bus.hpp"

namespace chancery::bus {

struct NatsBusOptions {
  std::vector<std::string> servers;  // nats://host:port, any members of the cluster
  std::string stream = "CHANCERY";
  std::vector<std::string> subjects = {"channels.>", "monitor.>"};
  int replicas = 1;
  std::chrono::hours max_age{24};
  std::chrono::seconds connect_timeout{20};  // how long to wait for the cluster (and its stream) at start-up
};

Result<std::unique_ptr<Bus>> MakeNatsBus(const NatsBusOptions& options);

}  // namespace chancery::bus
