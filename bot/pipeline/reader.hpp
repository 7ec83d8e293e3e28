#pragma once
// Read-only queries off the I/O threads: one thread with its own read-only connection (WAL lets it
// read while the writer commits) runs read jobs in order.

#include <functional>
#include <memory>
#include <thread>

#include "bot/pipeline/work_queue.hpp"

#include "storage/store.hpp"

namespace linli::bot {

class reader {
 public:
  using job = std::function<void(storage::store&)>;
  // Told what a job threw instead of answering (an unreachable database, say).
  using failed_fn = std::function<void(const std::exception&)>;

  explicit reader(std::unique_ptr<storage::store> store);
  reader(const reader&) = delete;
  reader& operator=(const reader&) = delete;
  ~reader();

  // Runs `j` on the reader thread. Jobs must catch their own exceptions' consequences: an escaping
  // exception is logged and dropped (the job's responder then answers 500).
  // With `failed`, an exception that escapes `j` is handed to it (and logged) instead.
  void post(job j, failed_fn failed = {});
  void stop();

 private:
  void run();

  std::unique_ptr<storage::store> store_;
  struct item {
    job run;
    failed_fn failed;
  };
  work_queue<item> jobs_;
  std::thread thread_;  // last: starts after everything it uses
};

}  // namespace linli::bot
