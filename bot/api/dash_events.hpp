#pragma once
// Live updates for the dashboard: GET /dash/events?chat=CHAT_ID[&platform=] answers a stream of
// Server-Sent Events for a chat the session's account may see (the session cookie authorises it:
// EventSource cannot send headers). The writer reports every committed batch (ingest's commit
// hook); each stored message becomes one event, "message", with data {"message_id"}, within the
// commit's own thread turn. Each event has an id; a client that reconnects with Last-Event-ID
// gets what it missed, from the last `history` events of the chat kept in memory. The HTTP server
// writes a keep-alive comment every 15 s.

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "bot/api/routes.hpp"
#include "handlers/core/model.hpp"

namespace linli::bot {

class dash_auth;

class dash_events {
 public:
  explicit dash_events(std::size_t history = 256) : history_(history) {}
  dash_events(const dash_events&) = delete;
  dash_events& operator=(const dash_events&) = delete;

  // Thread-safe: the writer calls it after each commit with the messages it stored.
  void publish(const std::vector<envelope>& committed);

  // A new stream of the chat's events after `last_id` (0: only new ones).
  std::shared_ptr<event_stream> subscribe(const chat_ref& chat, std::uint64_t last_id);

  // Streams open now (for the metrics and tests).
  std::size_t subscribers();

  // The chats with a stream open now: after events may have been missed (another instance's,
  // while the database's notifications were away), one "message" event with an empty message_id
  // to each makes its pages reload.
  std::vector<chat_ref> watched();

 private:
  struct event {
    std::uint64_t id;
    std::string text;  // "id: ..\nevent: ..\ndata: ..\n\n"
  };
  struct channel {
    std::deque<event> recent;
    std::vector<std::weak_ptr<event_stream>> streams;
  };
  static std::string key(const chat_ref& chat);

  const std::size_t history_;
  std::mutex mutex_;
  std::uint64_t next_id_ = 1;
  std::map<std::string, channel> channels_;
};

// The route: GET /dash/events.
class dash_event_route {
 public:
  dash_event_route(const dash_auth& auth, dash_events& events) : auth_(auth), events_(events) {}
  void stream(const http_request&, const route_params&, const responder&) const;

 private:
  const dash_auth& auth_;
  dash_events& events_;
};

}  // namespace linli::bot
