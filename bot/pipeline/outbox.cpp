#include "bot/pipeline/outbox.hpp"

#include "bot/pipeline/ingest.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <iterator>

#include "handlers/text/phone.hpp"

namespace linli::bot {

outbox::outbox(rows_fn rows, outbox_lease lease)
    : rows_(std::move(rows)), lease_(std::move(lease)) {}

std::int64_t outbox::now_ms() const {
  if (lease_.now_ms) return lease_.now_ms();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::vector<outbound_message> outbox::add_replies(storage::store& store, const envelope& message,
                                                  const replies& answers) const {
  if (!rows_) return {};
  std::vector<outbound_message> out = rows_(message, answers);
  add(store, out);
  return out;
}

void outbox::add(storage::store& store, std::vector<outbound_message>& messages) const {
  const std::int64_t until = now_ms() + lease_.lease_ms;
  for (outbound_message& m : messages) {
    m.leased_by = lease_.instance;  // the writer sends it: no claim needed
    m.lease_until_ms = until;
    // The schedule's reminders render names and lines residents wrote: they are masked here, the
    // one place every message the bot sends on its own passes (replies were masked already).
    m.text = text::mask_phones(m.text);
    m.id = store.insert_outbound(m);
  }
}

std::vector<outbound_message> outbox::pending(storage::store& store) const {
  return store.pending_outbound();
}

outbox::lease_round outbox::claim(storage::store& store, int limit,
                                  const claim_scope& scope) const {
  const std::int64_t now = now_ms();
  lease_round round;
  {
    const std::lock_guard lock(unrecorded_->mutex);
    for (auto& [id, m] : unrecorded_->by_id) round.recorded.push_back(std::move(m));
    unrecorded_->by_id.clear();
  }
  for (const outbound_message& m : round.recorded) {
    // A later record of the message may have been stored since: attempts only grow.
    const auto stored = store.find_outbound(m.id);
    if (stored && stored->state == outbound_state::pending && stored->attempts <= m.attempts) {
      store.update_outbound(m);
    }
  }
  round.until_ms = now + lease_.lease_ms;
  round.held = store.renew_leases(lease_.instance, round.until_ms, scope.holding);
  if (!scope.platforms) {
    round.claimed = store.claim_outbound(lease_.instance, now, round.until_ms, limit, "");
    return round;
  }
  for (const std::string& platform : *scope.platforms) {
    const int left = limit - static_cast<int>(round.claimed.size());
    if (left <= 0) break;
    auto claimed = store.claim_outbound(lease_.instance, now, round.until_ms, left, platform);
    std::move(claimed.begin(), claimed.end(), std::back_inserter(round.claimed));
  }
  std::sort(round.claimed.begin(), round.claimed.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  return round;
}

void outbox::unrecorded(std::vector<outbound_message> records) const {
  const std::lock_guard lock(unrecorded_->mutex);
  for (auto& m : records) {
    // A newer record that failed since stays; an older one is no longer worth storing.
    auto [it, added] = unrecorded_->by_id.try_emplace(m.id, m);
    if (!added && it->second.attempts < m.attempts) it->second = std::move(m);
  }
}

void outbox::release(storage::store& store) const {
  store.release_leases(lease_.instance);
}

std::function<void(const outbound_message&)> outbox::recorder(ingest& writer) const {
  return [this, &writer](const outbound_message& m) {
    writer.execute_waiting([m](storage::store& s) { s.update_outbound(m); },
                           [this, m](bool committed) {
                             if (!committed) {
                               spdlog::warn(
                                   "outbox: the new state of message {} was not stored; the "
                                   "next claim round stores it",
                                   m.id);
                               unrecorded({m});
                             }
                           });
  };
}

}  // namespace linli::bot
