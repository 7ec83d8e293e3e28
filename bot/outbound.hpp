#pragma once
// The outbound sender: delivers the outbox (messages the bot sends on its own) on its own thread,
// in order per chat, retrying with exponential backoff and honouring Retry-After / retry_after.
// It never touches the database: every change of a message's state goes back through `record`
// (the single writer), so the outbox row is the truth and a restart resends what was not
// confirmed. Receivers may see a message twice after a crash; its id is the idempotency key.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/task_types.hpp"

namespace linli::bot {

struct delivery {
  enum class outcome { sent, retry, give_up } result = outcome::sent;
  std::int64_t retry_after_ms = 0;  // from the platform, when it said
  std::string error;
};

class outbound_sender {
 public:
  using transport_fn = std::function<delivery(const outbound_message&)>;
  using record_fn = std::function<void(const outbound_message&)>;
  using clock_fn = std::function<std::int64_t()>;

  struct limits {
    int max_attempts = 20;
    std::int64_t first_backoff_ms = 500;
    std::int64_t max_backoff_ms = 300'000;
  };

  outbound_sender(transport_fn transport, record_fn record, limits l, clock_fn now_ms);
  outbound_sender(const outbound_sender&) = delete;
  outbound_sender& operator=(const outbound_sender&) = delete;
  ~outbound_sender();

  // Thread-safe: queues messages (new, or pending ones loaded at start).
  void enqueue(std::vector<outbound_message> messages);
  // Stops after the attempt in progress; what is still queued stays pending in the outbox.
  void stop();

 private:
  void run();

  transport_fn transport_;
  record_fn record_;
  limits limits_;
  clock_fn now_ms_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<outbound_message> queue_;  // in id order; the head of each chat goes first
  bool stopping_ = false;
  std::thread thread_;  // last: starts after everything it uses
};

// The generic platform's transport: POST {"id", "chat_id", "text"} to `url`; 2xx is delivered,
// 429 and 5xx are retried (Retry-After or "retry_after" honoured), other 4xx are given up.
outbound_sender::transport_fn generic_transport(std::string url, std::chrono::milliseconds timeout);

}  // namespace linli::bot
