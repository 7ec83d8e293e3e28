#pragma once
// Keeps this instance's share of the outbox (bot/pipeline/outbox.hpp): every few seconds, through
// the single writer, it renews the leases this instance holds and claims the due messages no live
// instance holds (an instance died, or stopped cleanly and freed its leases), handing those to the
// senders once the claim has committed. Its first round, at construction, first frees the
// instance's own leases: with a single writer (SQLite) they are its predecessor's, whose pending
// messages are sent at once, as a restart always did.

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "bot/pipeline/outbox.hpp"
#include "handlers/tasks/task_types.hpp"

namespace linli::bot {

class ingest;

class outbox_claimer {
 public:
  using send_fn = std::function<void(std::vector<outbound_message>)>;
  // After each committed round: the ids this instance still holds, their lease's new end, and
  // the steady-clock moment (outbound_sender::steady_ns) the round was asked for. Those queued
  // before that moment and not held are another instance's now (outbound_sender::
  // leases_renewed).
  using renewed_fn = std::function<void(const std::vector<std::int64_t>& held,
                                        std::int64_t until_ms, std::int64_t asked_ns)>;
  using done_fn = std::function<void(bool committed, std::size_t claimed)>;
  // What a round covers, asked when the round is (outbound_router: the platforms with a sender
  // and the messages they have queued). Empty: every platform, and no lease renewed.
  using scope_fn = std::function<outbox::claim_scope()>;

  // interval_ms 0: no timer, rounds only through claim_now() (tests). `batch`: the most one
  // round claims (the next round takes the rest).
  outbox_claimer(ingest& writer, const outbox& box, send_fn send, std::int64_t interval_ms,
                 int batch = 100, renewed_fn renewed = {}, scope_fn scope = {});
  outbox_claimer(const outbox_claimer&) = delete;
  outbox_claimer& operator=(const outbox_claimer&) = delete;
  ~outbox_claimer();

  // One round now. Thread-safe.
  void claim_now(done_fn done);
  // Stops the timer. The leases stay until release_all().
  void stop();
  // Frees every lease this instance holds, through the writer (which must still run): call it
  // at a clean stop once the senders have stopped.
  void release_all();

 private:
  void run();

  ingest& writer_;
  const outbox& outbox_;
  send_fn send_;
  renewed_fn renewed_;
  scope_fn scope_;
  std::int64_t interval_ms_;
  int batch_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last
};

}  // namespace linli::bot
