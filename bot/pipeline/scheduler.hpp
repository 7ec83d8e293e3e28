#pragma once
// Moves time for the handlers' schedule (handlers/tasks/schedule.hpp): every tick runs what is due
// through the single writer, stores the messages it produced in the outbox in the same
// transaction, and hands them to the outbound sender once they are durable. Ticks come
// from a timer thread, or, with a manual clock (tests), only from tick() calls. With a retention
// period, a tick (at most one an hour) also blanks the personal data older than that
// (storage::audit_store::erase_before) and records how many rows it changed in the audit trail.

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
  using leading_fn = std::function<bool()>;

  // interval_ms 0: no timer; time moves only through tick(). retention_ms 0: personal data is
  // kept until erased. `leading` (bot/pipeline/leadership.hpp): with several instances on one
  // database only the leader's ticks run; unset, every tick does.
  scheduler(ingest& writer, const outbox& box, const handlers::policy& rules, send_fn send,
            clock_fn now_ms, std::int64_t interval_ms, std::int64_t retention_ms = 0,
            leading_fn leading = {});
  scheduler(const scheduler&) = delete;
  scheduler& operator=(const scheduler&) = delete;
  ~scheduler();

  // Runs everything due at now_ms; `done` gets whether it committed and how many messages it
  // queued. On an instance that does not lead it runs nothing: done(true, 0). Thread-safe.
  void tick(std::int64_t now_ms, std::function<void(bool committed, std::size_t messages)> done);
  void stop();

 private:
  void run();
  void apply_retention(std::int64_t now_ms);

  ingest& writer_;
  const outbox& outbox_;
  const handlers::policy& rules_;
  send_fn send_;
  clock_fn now_ms_;
  std::int64_t interval_ms_;
  std::int64_t retention_ms_;
  leading_fn leading_;
  std::int64_t last_retention_ms_ = 0;  // the writer thread's
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last
};

}  // namespace linli::bot
