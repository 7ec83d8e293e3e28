#pragma once
// The single writer. I/O threads submit parsed messages; one thread takes everything pending,
// applies it in one transaction (group commit) and only then reports back, so an answer always
// means "durable". Messages are applied in submission order, which keeps each chat in order.

#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

#include "bot/pipeline/outbox.hpp"
#include "bot/pipeline/work_queue.hpp"

#include "handlers/core/dispatcher.hpp"
#include "handlers/core/model.hpp"
#include "handlers/tasks/task_types.hpp"
#include "storage/store.hpp"

namespace linli::bot {

class metrics;

struct ingest_result {
  enum class status {
    stored,       // new message, committed
    duplicate,    // seen before; answers are the original ones
    unavailable,  // the store failed; nothing of the batch was written
    overloaded,   // the queue is full; nothing was written
  };
  status state;
  replies answers;
  // Replies that leave through the platform's send API, committed to the outbox with the message;
  // hand them to the sender once this result arrives.
  std::vector<outbound_message> outbox;
};

class ingest {
 public:
  using done_fn = std::function<void(ingest_result)>;

  // Runs on the writer thread after each commit with the new messages it stored (the
  // dashboard's live events); must not block.
  using commit_fn = std::function<void(const std::vector<envelope>&)>;
  // Runs on the writer thread inside each batch's transaction, just before its commit, with the
  // new messages it stored: to tell the other instances on the database (peer_events).
  using announce_fn = std::function<void(storage::store&, const std::vector<envelope>&)>;

  // `box` stores, in each message's own transaction, the replies that leave through a send API.
  ingest(storage::store& store, const handlers::dispatcher& dispatcher, const outbox& box,
         metrics& stats, std::size_t max_batch, std::size_t max_queue = 100'000,
         commit_fn on_commit = {}, announce_fn announce = {});
  ingest(const ingest&) = delete;
  ingest& operator=(const ingest&) = delete;
  ~ingest();

  // Thread-safe. `done` runs on the writer thread after the commit (or failure); it must not block.
  void submit(envelope message, done_fn done);

  // Other writes (the scheduler's, the outbox's) go through the same thread and transactions.
  // `work` runs inside a batch under its own savepoint; `done(true)` after the commit,
  // `done(false)` if it threw or the batch failed. Thread-safe.
  using work_fn = std::function<void(storage::store&)>;
  void execute(work_fn work, std::function<void(bool committed)> done);
  // As execute(), but a full queue makes the caller wait for room instead of refusing the work:
  // for writes that must not be lost (a sender's "sent" record). Refused (done(false)) only once
  // the writer has stopped. Blocks the calling thread: never call it on an I/O thread.
  void execute_waiting(work_fn work, std::function<void(bool committed)> done);

  // Applies everything already submitted, then stops the thread. Later submits are refused.
  void stop();

 private:
  struct pending {
    envelope message;
    done_fn done;
    work_fn work;  // set for execute(): no message
  };

  void run();
  void apply_batch(std::vector<pending>& batch);
  ingest_result apply_one(const pending& p);

  storage::store& store_;
  const handlers::dispatcher& dispatcher_;
  const outbox& outbox_;
  metrics& stats_;
  const std::size_t max_batch_;
  commit_fn on_commit_;
  announce_fn announce_;
  work_queue<pending> queue_;
  std::thread thread_;  // last: starts after everything it uses
};

}  // namespace linli::bot
