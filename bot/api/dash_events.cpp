#include "bot/api/dash_events.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "bot/api/dash_auth.hpp"

namespace linli::bot {

std::string dash_events::key(const chat_ref& chat) {
  return chat.platform + '\n' + chat.chat_id;
}

void dash_events::publish(const std::vector<envelope>& committed) {
  std::lock_guard lock(mutex_);
  for (const envelope& m : committed) {
    const auto found = channels_.find(key(m.chat));
    // Nobody has watched this chat since the start: nothing to resume either.
    if (found == channels_.end()) continue;
    channel& c = found->second;
    const std::uint64_t id = next_id_++;
    const std::string data = nlohmann::json{{"message_id", m.delivery_id}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
    event e{id, "id: " + std::to_string(id) + "\nevent: message\ndata: " + data + "\n\n"};
    for (auto it = c.streams.begin(); it != c.streams.end();) {
      const auto s = it->lock();
      if (!s || s->closed()) {
        it = c.streams.erase(it);
        continue;
      }
      s->push(e.text);
      ++it;
    }
    c.recent.push_back(std::move(e));
    if (c.recent.size() > history_) c.recent.pop_front();
  }
}

std::shared_ptr<event_stream> dash_events::subscribe(const chat_ref& chat, std::uint64_t last_id) {
  auto s = std::make_shared<event_stream>();
  std::lock_guard lock(mutex_);
  channel& c = channels_[key(chat)];
  if (last_id > 0) {
    for (const event& e : c.recent) {
      if (e.id > last_id) s->push(e.text);
    }
  }
  std::erase_if(c.streams, [](const std::weak_ptr<event_stream>& w) {
    const auto p = w.lock();
    return !p || p->closed();
  });
  c.streams.push_back(s);
  return s;
}

std::size_t dash_events::subscribers() {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (auto& [k, c] : channels_) {
    for (const auto& w : c.streams) {
      const auto p = w.lock();
      if (p && !p->closed()) ++n;
    }
  }
  return n;
}

std::vector<chat_ref> dash_events::watched() {
  std::lock_guard lock(mutex_);
  std::vector<chat_ref> out;
  for (auto& [k, c] : channels_) {
    const bool open = std::any_of(c.streams.begin(), c.streams.end(), [](const auto& w) {
      const auto p = w.lock();
      return p && !p->closed();
    });
    if (open) out.push_back({k.substr(0, k.find('\n')), k.substr(k.find('\n') + 1)});
  }
  return out;
}

void dash_event_route::stream(const http_request& request, const route_params&,
                              const responder& respond) const {
  const auto chat_id = query_param(request.query(), "chat");
  if (!chat_id || chat_id->empty()) throw http_error(400, "'chat' is required: ?chat=CHAT_ID");
  const chat_ref chat{query_param(request.query(), "platform").value_or("generic"), *chat_id};
  std::uint64_t last_id = 0;
  const std::string_view last = request.header("last-event-id");
  if (!last.empty()) {
    try {
      last_id = std::stoull(std::string(last));
    } catch (const std::exception&) {
      throw http_error(400, "Last-Event-ID must be an event id");
    }
  }
  auth_.with_session(
      request, respond, error_response(401, "not logged in"),
      [this, respond, chat, last_id](const dash_identity& who, storage::store&) {
        if (!who.may_see(chat)) {
          respond(error_response(403, "this account may not see chat " + chat.chat_id));
          return;
        }
        http_response r;
        r.content_type = "text/event-stream";
        r.body = "retry: 2000\n\n";
        r.events = events_.subscribe(chat, last_id);
        respond(std::move(r));
      });
}

}  // namespace linli::bot
