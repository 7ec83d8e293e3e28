#include "bot/outbound.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "bot/http_client.hpp"

namespace linli::bot {

outbound_sender::outbound_sender(transport_fn transport, record_fn record, limits l,
                                 clock_fn now_ms)
    : transport_(std::move(transport)),
      record_(std::move(record)),
      limits_(l),
      now_ms_(std::move(now_ms)),
      thread_([this] { run(); }) {}

outbound_sender::~outbound_sender() {
  stop();
}

void outbound_sender::enqueue(std::vector<outbound_message> messages) {
  if (messages.empty()) return;
  {
    const std::lock_guard lock(mutex_);
    for (auto& m : messages) queue_.push_back(std::move(m));
    std::stable_sort(queue_.begin(), queue_.end(),
                     [](const auto& a, const auto& b) { return a.id < b.id; });
  }
  wake_.notify_one();
}

void outbound_sender::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void outbound_sender::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    // The first message of each chat is the only one that may go: chats keep their order.
    const std::int64_t now = now_ms_();
    std::set<std::pair<std::string, std::string>> seen;
    std::optional<std::size_t> ready;
    std::optional<std::int64_t> next_due;
    for (std::size_t i = 0; i < queue_.size(); ++i) {
      const auto& m = queue_[i];
      if (!seen.insert({m.chat.platform, m.chat.chat_id}).second) continue;
      if (m.next_attempt_ms <= now) {
        ready = i;
        break;
      }
      next_due = next_due ? std::min(*next_due, m.next_attempt_ms) : m.next_attempt_ms;
    }
    if (!ready) {
      if (next_due) {
        wake_.wait_for(lock,
                       std::chrono::milliseconds(std::min<std::int64_t>(*next_due - now, 1000)));
      } else {
        wake_.wait(lock);
      }
      continue;
    }
    outbound_message m = queue_[*ready];
    lock.unlock();
    const delivery d = transport_(m);  // outside the lock: this is the slow part
    m.attempts += 1;
    const std::int64_t after = now_ms_();
    bool finished = true;
    if (d.result == delivery::outcome::sent) {
      m.state = outbound_state::sent;
      m.sent_ms = after;
      m.last_error.clear();
    } else if (d.result == delivery::outcome::give_up || m.attempts >= limits_.max_attempts) {
      m.state = outbound_state::failed;
      m.last_error = d.error;
      spdlog::error("outbound message {} to chat {} given up after {} attempt(s): {}", m.id,
                    m.chat.chat_id, m.attempts, d.error);
    } else {
      finished = false;
      const std::int64_t backoff = std::min(
          limits_.max_backoff_ms, limits_.first_backoff_ms << std::min(m.attempts - 1, 20));
      m.next_attempt_ms = after + std::max(backoff, d.retry_after_ms);
      m.last_error = d.error;
      spdlog::warn("outbound message {} to chat {} failed ({}); retry in {} ms", m.id,
                   m.chat.chat_id, d.error, m.next_attempt_ms - after);
    }
    record_(m);
    lock.lock();
    const auto it = std::find_if(queue_.begin(), queue_.end(),
                                 [&](const outbound_message& q) { return q.id == m.id; });
    if (it != queue_.end()) {
      if (finished) {
        queue_.erase(it);
      } else {
        *it = m;
      }
    }
  }
}

outbound_sender::transport_fn generic_transport(std::string url,
                                                std::chrono::milliseconds timeout) {
  return [url = std::move(url), timeout](const outbound_message& m) {
    const nlohmann::json body = {
        {"id", std::to_string(m.id)}, {"chat_id", m.chat.chat_id}, {"text", m.text}};
    const http_result r = post_json(
        url, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), timeout);
    delivery d;
    if (r.status >= 200 && r.status < 300) return d;
    d.error = r.status == 0 ? r.error : "HTTP " + std::to_string(r.status);
    const bool retryable = r.status == 0 || r.status == 429 || r.status >= 500;
    d.result = retryable ? delivery::outcome::retry : delivery::outcome::give_up;
    // Retry-After in seconds, or a JSON body's retry_after (Telegram's parameters.retry_after too).
    if (const auto it = r.headers.find("retry-after"); it != r.headers.end()) {
      try {
        d.retry_after_ms = std::stoll(it->second) * 1000;
      } catch (const std::exception&) {
      }
    }
    const auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (j.is_object()) {
      const auto* after = j.contains("retry_after") ? &j["retry_after"] : nullptr;
      if (!after && j.contains("parameters") && j["parameters"].is_object() &&
          j["parameters"].contains("retry_after")) {
        after = &j["parameters"]["retry_after"];
      }
      if (after && after->is_number()) {
        d.retry_after_ms = static_cast<std::int64_t>(after->get<double>() * 1000);
      }
    }
    return d;
  };
}

}  // namespace linli::bot
