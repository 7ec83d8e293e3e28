#pragma once
// Several instances on one database (PostgreSQL) hear from each other through it
// (storage/listener.hpp, LISTEN/NOTIFY): the messages one stores reach the dashboards connected to
// the others (dash_events) as they commit, and the messages an instance frees at a clean stop are
// claimed by another at once rather than at its next claim round. Polling stays the fallback for
// a notification missed: the claim round every few seconds, and, whenever the listener's
// connection comes back, a claim round at once and a reload of every open dashboard.

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "handlers/core/model.hpp"
#include "storage/listener.hpp"

namespace linli::bot {

// The channel of the messages stored (ingest's announce hook).
inline constexpr const char* events_channel = "linli_events";

// The payloads that announce `stored` as `instance`'s, each within a notification's limit.
std::vector<std::string> event_payloads(std::string_view instance,
                                        const std::vector<envelope>& stored);
// The messages (chat and delivery id) a payload announces; none when it is `instance`'s own (its
// dashboards heard of them at its commit) or not a payload of ours.
std::vector<envelope> announced(std::string_view payload, std::string_view instance);

class peer_listener {
 public:
  using events_fn = std::function<void(const std::vector<envelope>&)>;
  using claim_fn = std::function<void()>;
  using resync_fn = std::function<void()>;

  // `events` gets the messages other instances stored; `claim` asks for a claim round now;
  // `resync`, when the connection came back, tells the dashboards to reload what they show (they
  // may have missed messages meanwhile).
  peer_listener(std::unique_ptr<storage::listener> listener, std::string instance, events_fn events,
                claim_fn claim, resync_fn resync);
  peer_listener(const peer_listener&) = delete;
  peer_listener& operator=(const peer_listener&) = delete;
  ~peer_listener();

  void stop();

 private:
  void run();

  std::unique_ptr<storage::listener> listener_;
  std::string instance_;
  events_fn events_;
  claim_fn claim_;
  resync_fn resync_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;  // last
};

}  // namespace linli::bot
