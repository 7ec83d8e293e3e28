#pragma once
// Moves time for the handlers' schedule (handlers/tasks/schedule.hpp): every tick runs what is due
// through the single writer, stores the messages it produced in the outbox in the same
// transaction, and hands them to the outbound sender once they are durable. Ticks come
// from a timer thread, or, with a manual clock (tests), only from tick() calls.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "handlers/core/policy.hpp"
#include "handlers/tasks/task_types.hpp"

namespace linli::bot {

class ingest;
class outbox;

class scheduler {
 public:
  using clock_fn = std::function<std::int64_t()>;
  using send_fn = std::function<void(std::vector<outbound_message>)>;

  // interval_ms 0: no timer; time moves only through tick().
  scheduler(ingest& writer, const outbox& box, const handlers::policy& rules, send_fn send,
            clock_fn now_ms, std::int64_t interval_ms);
  scheduler(const scheduler&) = delete;
  scheduler& operator=(const scheduler&) = delete;
  ~scheduler();

  // Runs everything due at now_ms; `done` gets whether it committed and how many messages it
  // queued. Thread-safe.
  void tick(std::int64_t now_ms, std::function<void(bool committed, std::size_t messages)> done);
  void stop();

 private:
  void run();

  ingest& writer_;
  const outbox& outbox_;
  const handlers::policy& rules_;
  send_fn send_;
  clock_fn now_ms_;
  std::int64_t interval_ms_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last
};

}  // namespace linli::bot
