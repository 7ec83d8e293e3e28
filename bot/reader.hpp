#pragma once
// Read-only queries off the I/O threads: one thread with its own read-only connection (WAL lets it
// read while the writer commits) runs read jobs in order.

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "storage/store.hpp"

namespace linli::bot {

class reader {
 public:
  using job = std::function<void(storage::store&)>;

  explicit reader(std::unique_ptr<storage::store> store);
  reader(const reader&) = delete;
  reader& operator=(const reader&) = delete;
  ~reader();

  // Runs `j` on the reader thread. Jobs must catch their own exceptions' consequences: an escaping
  // exception is logged and dropped (the job's responder then answers 500).
  void post(job j);
  void stop();

 private:
  void run();

  std::unique_ptr<storage::store> store_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<job> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace linli::bot
