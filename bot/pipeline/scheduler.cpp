#include "bot/pipeline/scheduler.hpp"

#include <memory>

#include "bot/pipeline/ingest.hpp"
#include "bot/pipeline/outbox.hpp"
#include "handlers/tasks/schedule.hpp"

namespace linli::bot {

scheduler::scheduler(ingest& writer, const outbox& box, const handlers::policy& rules, send_fn send,
                     clock_fn now_ms, std::int64_t interval_ms, std::int64_t retention_ms,
                     leading_fn leading)
    : writer_(writer),
      outbox_(box),
      rules_(rules),
      send_(std::move(send)),
      now_ms_(std::move(now_ms)),
      interval_ms_(interval_ms),
      retention_ms_(retention_ms),
      leading_(std::move(leading)) {
  if (interval_ms_ > 0) thread_ = std::thread([this] { run(); });
}

scheduler::~scheduler() {
  stop();
}

void scheduler::tick(std::int64_t now_ms,
                     std::function<void(bool committed, std::size_t messages)> done) {
  if (leading_ && !leading_()) {  // another instance runs the schedule
    if (done) done(true, 0);
    return;
  }
  apply_retention(now_ms);
  auto produced = std::make_shared<std::vector<outbound_message>>();
  writer_.execute(
      [this, produced, now_ms](storage::store& store) {
        *produced = handlers::run_due(store, rules_, now_ms);
        outbox_.add(store, *produced);
      },
      [this, produced, done = std::move(done)](bool committed) {
        const std::size_t count = committed ? produced->size() : 0;
        if (committed) send_(std::move(*produced));  // only once they are durable
        if (done) done(committed, count);
      });
}

void scheduler::apply_retention(std::int64_t now_ms) {
  if (retention_ms_ <= 0) return;
  writer_.execute(
      [this, now_ms](storage::store& store) {
        // Each run scans the messages: once an hour is enough for a period counted in days.
        if (last_retention_ms_ != 0 && now_ms - last_retention_ms_ < 3'600'000) return;
        last_retention_ms_ = now_ms;
        const erasure_counts n = store.erase_before(now_ms - retention_ms_);
        if (n.total() == 0) return;
        audit_entry e;
        e.chat = {"*", "*"};
        e.actor_id = "retention";
        e.action = "retention";
        e.target = std::to_string(retention_ms_ / 86'400'000) + " days";
        e.rows = n.total();
        e.at_ms = now_ms;
        store.insert_audit(e);
      },
      nullptr);
}

void scheduler::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void scheduler::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    tick(now_ms_(), nullptr);
    lock.lock();
    wake_.wait_for(lock, std::chrono::milliseconds(interval_ms_), [this] { return stopping_; });
  }
}

}  // namespace linli::bot
