#include "bot/reader.hpp"

#include <spdlog/spdlog.h>

namespace linli::bot {

reader::reader(std::unique_ptr<storage::store> store)
    : store_(std::move(store)), thread_([this] { run(); }) {}

reader::~reader() {
  stop();
}

void reader::post(job j) {
  std::lock_guard lock(mutex_);
  jobs_.push_back(std::move(j));
  wake_.notify_one();
}

void reader::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void reader::run() {
  for (;;) {
    job next;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      next = std::move(jobs_.front());
      jobs_.pop_front();
    }
    try {
      next(*store_);
    } catch (const std::exception& e) {
      spdlog::error("read query failed: {}", e.what());
    }
  }
}

}  // namespace linli::bot
