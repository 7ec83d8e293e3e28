#include "bot/pipeline/scheduler.hpp"

#include <memory>

#include "bot/pipeline/ingest.hpp"
#include "bot/pipeline/outbox.hpp"
#include "handlers/tasks/schedule.hpp"

namespace linli::bot {

scheduler::scheduler(ingest& writer, const outbox& box, const handlers::policy& rules, send_fn send,
                     clock_fn now_ms, std::int64_t interval_ms)
    : writer_(writer),
      outbox_(box),
      rules_(rules),
      send_(std::move(send)),
      now_ms_(std::move(now_ms)),
      interval_ms_(interval_ms) {
  if (interval_ms_ > 0) thread_ = std::thread([this] { run(); });
}

scheduler::~scheduler() {
  stop();
}

void scheduler::tick(std::int64_t now_ms,
                     std::function<void(bool committed, std::size_t messages)> done) {
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
