#include "bot/pipeline/outbox_claimer.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>

#include "bot/pipeline/ingest.hpp"
#include "bot/pipeline/outbound.hpp"

namespace linli::bot {

outbox_claimer::outbox_claimer(ingest& writer, const outbox& box, send_fn send,
                               std::int64_t interval_ms, int batch, renewed_fn renewed,
                               scope_fn scope)
    : writer_(writer),
      outbox_(box),
      send_(std::move(send)),
      renewed_(std::move(renewed)),
      scope_(std::move(scope)),
      interval_ms_(interval_ms),
      batch_(batch) {
  writer_.execute([this](storage::store& store) { outbox_.release(store); }, nullptr);
  claim_now(nullptr);
  if (interval_ms_ > 0) thread_ = std::thread([this] { run(); });
}

outbox_claimer::~outbox_claimer() {
  stop();
}

void outbox_claimer::claim_now(done_fn done) {
  auto round = std::make_shared<outbox::lease_round>();
  const std::int64_t asked_ns = outbound_sender::steady_ns();
  // Asked now, with asked_ns: what a sender queued before this moment and is not renewed by
  // this round is another instance's.
  auto scope =
      std::make_shared<const outbox::claim_scope>(scope_ ? scope_() : outbox::claim_scope{});
  writer_.execute([this, round,
                   scope](storage::store& store) { *round = outbox_.claim(store, batch_, *scope); },
                  [this, round, asked_ns, done = std::move(done)](bool committed) {
                    if (!committed) outbox_.unrecorded(std::move(round->recorded));
                    if (committed && renewed_) renewed_(round->held, round->until_ms, asked_ns);
                    const std::size_t count = committed ? round->claimed.size() : 0;
                    if (count > 0) {
                      spdlog::info("outbox: claimed {} message(s) no running instance held", count);
                      send_(std::move(round->claimed));  // only once the leases are durable
                    }
                    if (done) done(committed, count);
                  });
}

void outbox_claimer::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void outbox_claimer::release_all() {
  writer_.execute([this](storage::store& store) { outbox_.release(store); }, nullptr);
}

void outbox_claimer::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (wake_.wait_for(lock, std::chrono::milliseconds(interval_ms_),
                       [this] { return stopping_; })) {
      break;
    }
    lock.unlock();
    claim_now(nullptr);
    lock.lock();
  }
}

}  // namespace linli::bot
