#include "bot/pipeline/leadership.hpp"

#include <chrono>

#include "bot/metrics.hpp"

namespace linli::bot {

leadership::leadership(std::unique_ptr<storage::leader_lock> lock, metrics& stats,
                       std::int64_t retry_ms)
    : lock_(std::move(lock)), stats_(stats), retry_ms_(retry_ms) {
  try_once();  // a sole instance leads from its first tick
  thread_ = std::thread([this] { run(); });
}

leadership::~leadership() {
  stop();
}

void leadership::try_once() {
  const bool held = lock_->try_hold();
  leading_.store(held, std::memory_order_release);
  stats_.scheduler_leader(held);
}

void leadership::stop() {
  {
    const std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
  leading_.store(false, std::memory_order_release);
  stats_.scheduler_leader(false);
  lock_->release();
}

void leadership::run() {
  std::unique_lock lock(mutex_);
  while (
      !wake_.wait_for(lock, std::chrono::milliseconds(retry_ms_), [this] { return stopping_; })) {
    lock.unlock();
    try_once();
    lock.lock();
  }
}

}  // namespace linli::bot
