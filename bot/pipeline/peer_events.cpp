#include "bot/pipeline/peer_events.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "storage/outbox.hpp"

namespace linli::bot {
namespace {

using nlohmann::json;

// PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more; room for the instance's name.
constexpr std::size_t payload_limit = 7'000;

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

std::vector<std::string> event_payloads(std::string_view instance,
                                        const std::vector<envelope>& stored) {
  std::vector<std::string> out;
  json list = json::array();
  std::size_t size = 0;
  auto flush = [&] {
    if (list.empty()) return;
    out.push_back(dump({{"i", instance}, {"m", std::move(list)}}));
    list = json::array();
    size = 0;
  };
  for (const envelope& m : stored) {
    json entry = json::array({m.chat.platform, m.chat.chat_id, m.delivery_id});
    const std::size_t n = dump(entry).size() + 1;
    if (n > payload_limit) continue;  // ids that long: the dashboard's polling shows them
    if (size + n > payload_limit) flush();
    list.push_back(std::move(entry));
    size += n;
  }
  flush();
  return out;
}

std::vector<envelope> announced(std::string_view payload, std::string_view instance) {
  std::vector<envelope> out;
  const json j = json::parse(payload, nullptr, false);
  if (!j.is_object() || !j.contains("i") || !j["i"].is_string() || j["i"] == instance ||
      !j.contains("m") || !j["m"].is_array()) {
    return out;
  }
  for (const json& entry : j["m"]) {
    if (!entry.is_array() || entry.size() != 3 || !entry[0].is_string() || !entry[1].is_string() ||
        !entry[2].is_string()) {
      continue;
    }
    envelope e;
    e.chat = {entry[0].get<std::string>(), entry[1].get<std::string>()};
    e.delivery_id = entry[2].get<std::string>();
    out.push_back(std::move(e));
  }
  return out;
}

peer_listener::peer_listener(std::unique_ptr<storage::listener> listener, std::string instance,
                             events_fn events, claim_fn claim, resync_fn resync)
    : listener_(std::move(listener)),
      instance_(std::move(instance)),
      events_(std::move(events)),
      claim_(std::move(claim)),
      resync_(std::move(resync)),
      thread_([this] { run(); }) {}

peer_listener::~peer_listener() {
  stop();
}

void peer_listener::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void peer_listener::run() {
  while (!stopping_) {
    bool resumed = false;
    // Short waits: a stop is noticed within half a second.
    const auto heard = listener_->wait(500, resumed);
    bool claim = resumed;  // what was freed while the connection was away
    for (const storage::notification& n : heard) {
      if (n.channel == storage::outbox_channel) {
        claim = true;
      } else if (n.channel == events_channel) {
        const auto messages = announced(n.payload, instance_);
        if (!messages.empty()) events_(messages);
      }
    }
    if (claim) claim_();
    if (resumed) resync_();
  }
}

}  // namespace linli::bot
