#include "bot/pipeline/outbound.hpp"

#include "bot/log_text.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "bot/net/http_client.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::bot {
namespace {

// A code point's length in the limit's unit.
std::size_t units_of(const utf8::decoded& d, const text_limit& limit) {
  if (!limit.utf16) return d.length;
  return d.code_point >= 0x10000 ? 2 : 1;
}

std::size_t measure(std::string_view s, const text_limit& limit) {
  if (!limit.utf16) return s.size();
  std::size_t n = 0;
  for (std::size_t pos = 0; pos < s.size();) {
    const auto d = utf8::decode_at(s, pos);
    n += units_of(d, limit);
    pos += d.length;
  }
  return n;
}

}  // namespace

std::vector<std::string> split_text(std::string_view text, text_limit limit) {
  std::vector<std::string> parts;
  if (text.empty()) return parts;
  const std::size_t max = std::max<std::size_t>(limit.max, 4);  // room for any one code point
  std::string current;
  std::size_t current_units = 0;
  auto flush = [&] {
    if (!current.empty()) parts.push_back(std::move(current));
    current.clear();
    current_units = 0;
  };
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);  // without its '\n'
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    const std::size_t units = measure(line, limit);
    const std::size_t joined = current.empty() ? units : current_units + 1 + units;
    if (joined <= max) {
      if (!current.empty()) current += '\n';
      current += line;
      current_units = joined;
      continue;
    }
    flush();
    if (units <= max) {
      current = std::string(line);
      current_units = units;
      continue;
    }
    // One line longer than a whole message: cut it between code points.
    std::size_t start = 0, used = 0;
    for (std::size_t pos = 0; pos < line.size();) {
      const auto d = utf8::decode_at(line, pos);
      const std::size_t u = units_of(d, limit);
      if (used + u > max) {
        parts.emplace_back(line.substr(start, pos - start));
        start = pos;
        used = 0;
      }
      used += u;
      pos += d.length;
    }
    current = std::string(line.substr(start));
    current_units = used;
  }
  flush();
  return parts;
}

outbound_sender::outbound_sender(transport_fn transport, record_fn record, limits l,
                                 send_limits platform, clock_fn now_ms, clock_fn pace_ms)
    : transport_(std::move(transport)),
      record_(std::move(record)),
      limits_(l),
      platform_(std::move(platform)),
      limiter_(platform_.per_chat, platform_.per_platform),
      now_ms_(std::move(now_ms)),
      pace_ms_(pace_ms ? std::move(pace_ms) : now_ms_),
      thread_([this] { run(); }) {}

outbound_sender::~outbound_sender() {
  stop();
}

std::int64_t outbound_sender::steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void outbound_sender::enqueue(std::vector<outbound_message> messages) {
  if (messages.empty()) return;
  {
    const std::lock_guard lock(mutex_);
    const std::int64_t at = steady_ns();
    for (auto& m : messages) {
      // A message claimed again (its lease ran out while queued here) is queued once: the queued
      // copy knows more (parts sent, the next attempt); the new lease is the claim's.
      const auto it = std::find_if(queue_.begin(), queue_.end(),
                                   [&](const outbound_message& q) { return q.id == m.id; });
      if (it != queue_.end()) {
        it->lease_until_ms = std::max(it->lease_until_ms, m.lease_until_ms);
        continue;
      }
      queued_ns_[m.id] = at;
      queue_.push_back(std::move(m));
    }
    std::stable_sort(queue_.begin(), queue_.end(),
                     [](const auto& a, const auto& b) { return a.id < b.id; });
  }
  wake_.notify_one();
}

void outbound_sender::leases_renewed(const std::vector<std::int64_t>& held, std::int64_t until_ms,
                                     std::int64_t asked_ns) {
  const std::set<std::int64_t> still(held.begin(), held.end());
  {
    const std::lock_guard lock(mutex_);
    for (auto it = queue_.begin(); it != queue_.end();) {
      if (still.contains(it->id)) {
        it->lease_until_ms = std::max(it->lease_until_ms, until_ms);
      } else if (queued_ns_[it->id] < asked_ns) {
        spdlog::warn(
            "outbound message {} to {} chat {} is no longer this instance's (its lease "
            "ran out); another sends it",
            it->id, it->chat.platform, log_text(it->chat.chat_id));
        queued_ns_.erase(it->id);
        waiting_.erase(it->id);
        it = queue_.erase(it);
        continue;
      }
      ++it;
    }
  }
  wake_.notify_one();
}

std::vector<std::int64_t> outbound_sender::queued_ids() {
  const std::lock_guard lock(mutex_);
  std::vector<std::int64_t> ids;
  ids.reserve(queue_.size());
  for (const outbound_message& m : queue_) ids.push_back(m.id);
  return ids;
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
    // The first message of each chat is the only one that may go: chats keep their order. It
    // goes when its retry time has come and the rate limits have a token for it.
    const std::int64_t now = now_ms_();
    const std::int64_t pace_now = pace_ms_();
    std::set<std::string> seen;
    std::optional<std::size_t> ready;
    std::optional<std::int64_t> next_due;
    for (std::size_t i = 0; i < queue_.size(); ++i) {
      const auto& m = queue_[i];
      if (waiting_.contains(m.id) && m.next_attempt_ms > now) {  // lets the chat's others pass
        next_due = next_due ? std::min(*next_due, m.next_attempt_ms) : m.next_attempt_ms;
        continue;
      }
      if (!seen.insert(m.chat.chat_id).second) continue;
      // A lease about to end (renewals are not coming: the database is away) holds the chat
      // until a renewal extends it, or finds it another instance's.
      if (m.lease_until_ms != 0 && m.lease_until_ms - lease_margin_ms <= now) continue;
      const std::int64_t paced = limiter_.ready_at(m.chat.chat_id, pace_now) - pace_now;
      const std::int64_t due = std::max(m.next_attempt_ms, now + paced);
      if (due <= now) {
        ready = i;
        break;
      }
      next_due = next_due ? std::min(*next_due, due) : due;
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
    const std::vector<std::string> parts = split_text(m.text, platform_.length);
    delivery d;  // an empty text is done without a call
    if (static_cast<std::size_t>(m.parts_sent) < parts.size()) {
      try {
        d = transport_(m, parts[static_cast<std::size_t>(m.parts_sent)]);  // the slow part
      } catch (const send_unavailable& e) {
        d = {delivery::outcome::retry, 0, e.what()};
      } catch (const std::exception& e) {  // a message no API call can carry (a bad chat id)
        d = {delivery::outcome::give_up, 0, e.what()};
      }
      // A message with nowhere to go made no call the platform counts.
      if (d.result != delivery::outcome::wait) limiter_.take(m.chat.chat_id, pace_now);
      m.attempts += 1;
    }
    const std::int64_t after = now_ms_();
    bool finished = true;
    bool waiting = false;  // still waiting, as already recorded
    waiting_.erase(m.id);
    if (d.result == delivery::outcome::wait) {
      finished = false;
      m.attempts -= 1;  // nothing was tried: the chat has nowhere to send it yet
      m.next_attempt_ms = after + std::max<std::int64_t>(d.retry_after_ms, 1000);
      // Recorded once, when it starts to wait (the row stays pending; a restart queues it again).
      waiting = m.last_error == d.error;
      if (!waiting) {
        spdlog::info("outbound message {} to {} chat {} waits: {}", m.id, m.chat.platform,
                     log_text(m.chat.chat_id), log_text(d.error));
      }
      m.last_error = d.error;
      waiting_.insert(m.id);
    } else if (d.result == delivery::outcome::sent) {
      m.parts_sent = std::min<int>(m.parts_sent + 1, static_cast<int>(parts.size()));
      m.last_error.clear();
      if (static_cast<std::size_t>(m.parts_sent) < parts.size()) {
        finished = false;  // the next part goes when the limits allow
        m.next_attempt_ms = 0;
      } else {
        m.state = outbound_state::sent;
        m.sent_ms = after;
      }
    } else if (d.result == delivery::outcome::give_up ||
               m.attempts - m.parts_sent >= limits_.max_attempts) {
      m.state = outbound_state::failed;
      m.last_error = d.error;
      spdlog::error("outbound message {} to {} chat {} given up after {} attempt(s): {}", m.id,
                    m.chat.platform, log_text(m.chat.chat_id), m.attempts, log_text(d.error));
    } else {
      finished = false;
      const int failures = std::max(1, m.attempts - m.parts_sent);
      const std::int64_t backoff =
          std::min(limits_.max_backoff_ms, limits_.first_backoff_ms << std::min(failures - 1, 20));
      m.next_attempt_ms = after + std::max(backoff, d.retry_after_ms);
      m.last_error = d.error;
      spdlog::warn("outbound message {} to {} chat {} failed ({}); retry in {} ms", m.id,
                   m.chat.platform, log_text(m.chat.chat_id), log_text(d.error),
                   m.next_attempt_ms - after);
    }
    if (!waiting) record_(m);
    lock.lock();
    const auto it = std::find_if(queue_.begin(), queue_.end(),
                                 [&](const outbound_message& q) { return q.id == m.id; });
    if (it != queue_.end()) {
      if (finished) {
        queued_ns_.erase(it->id);
        queue_.erase(it);
      } else {
        m.lease_until_ms = it->lease_until_ms;  // renewed meanwhile, maybe
        *it = m;
      }
    }
  }
}

void outbound_router::add(const std::string& platform, std::unique_ptr<outbound_sender> sender) {
  senders_[platform] = std::move(sender);
}

void outbound_router::enqueue(std::vector<outbound_message> messages) {
  std::map<std::string, std::vector<outbound_message>> by_platform;
  for (auto& m : messages) by_platform[m.chat.platform].push_back(std::move(m));
  for (auto& [platform, batch] : by_platform) {
    if (const auto it = senders_.find(platform); it != senders_.end()) {
      it->second->enqueue(std::move(batch));
    }
  }
}

void outbound_router::leases_renewed(const std::vector<std::int64_t>& held, std::int64_t until_ms,
                                     std::int64_t asked_ns) {
  for (auto& [platform, sender] : senders_) sender->leases_renewed(held, until_ms, asked_ns);
}

std::vector<std::string> outbound_router::platforms() const {
  std::vector<std::string> names;
  for (const auto& [platform, sender] : senders_) names.push_back(platform);
  return names;
}

std::vector<std::int64_t> outbound_router::queued_ids() {
  std::vector<std::int64_t> ids;
  for (auto& [platform, sender] : senders_) {
    const auto queued = sender->queued_ids();
    ids.insert(ids.end(), queued.begin(), queued.end());
  }
  return ids;
}

void outbound_router::stop() {
  for (auto& [platform, sender] : senders_) sender->stop();
}

delivery delivery_of(const http_result& r) {
  delivery d;
  if (r.status >= 200 && r.status < 300) return d;
  d.error = r.status == 0 ? r.error : "HTTP " + std::to_string(r.status);
  if (r.status != 0 && !r.body.empty()) d.error += ": " + std::string(utf8::truncate(r.body, 200));
  const bool retryable = r.status == 0 || r.status == 429 || r.status >= 500;
  d.result = retryable ? delivery::outcome::retry : delivery::outcome::give_up;
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
}

}  // namespace linli::bot
