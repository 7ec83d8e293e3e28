#pragma once
// Whether this instance leads: holds the database's leader lock (storage/leader.hpp) and so runs
// the scheduler, which several instances on one database must run only once. It tries at
// construction and then every `retry_ms` on a thread of its own (the lock's calls block), so a
// follower takes over within that time once the leader or its connection dies. /metrics shows it
// (linli_scheduler_leader) and /healthz says it.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "storage/leader.hpp"

namespace linli::bot {

class metrics;

class leadership {
 public:
  leadership(std::unique_ptr<storage::leader_lock> lock, metrics& stats, std::int64_t retry_ms);
  leadership(const leadership&) = delete;
  leadership& operator=(const leadership&) = delete;
  ~leadership();

  // As of the last try. Thread-safe.
  bool leading() const { return leading_.load(std::memory_order_acquire); }
  // Stops trying and gives the lock up, for another instance to take at its next try.
  void stop();

 private:
  void try_once();
  void run();

  std::unique_ptr<storage::leader_lock> lock_;  // the thread's, after construction
  metrics& stats_;
  std::int64_t retry_ms_;
  std::atomic<bool> leading_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last
};

}  // namespace linli::bot
