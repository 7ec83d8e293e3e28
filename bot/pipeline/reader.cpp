#include "bot/pipeline/reader.hpp"

#include "bot/log_text.hpp"

#include <spdlog/spdlog.h>

namespace linli::bot {

reader::reader(std::unique_ptr<storage::store> store)
    : store_(std::move(store)), thread_([this] { run(); }) {}

reader::~reader() {
  stop();
}

void reader::post(job j, failed_fn failed) {
  jobs_.push({std::move(j), std::move(failed)});
}

void reader::stop() {
  jobs_.close();
  if (thread_.joinable()) thread_.join();
}

void reader::run() {
  std::vector<item> next;
  while (jobs_.pop(next, 1)) {
    try {
      next.front().run(*store_);
    } catch (const std::exception& e) {
      spdlog::error("read query failed: {}", log_text(e.what()));
      try {
        if (next.front().failed) next.front().failed(e);
      } catch (const std::exception& again) {
        spdlog::error("answering a failed read failed: {}", log_text(again.what()));
      }
    }
    next.clear();
  }
}

}  // namespace linli::bot
