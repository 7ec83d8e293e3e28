#pragma once
// The outbound senders: one per platform, each on its own thread, deliver the outbox (replies and
// messages the bot sends on its own) in order per chat, within the platform's rate limits and
// length limit, retrying with exponential backoff and honouring Retry-After / retry_after.
// It never touches the database: every change of a message's state goes back through `record`
// (the single writer), so the outbox row is the truth and a restart resends what was not
// confirmed. Receivers may see a message twice after a crash; its id is the idempotency key.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bot/pipeline/rate_limit.hpp"
#include "handlers/tasks/task_types.hpp"

namespace linli::bot {

// How long one message may be: in UTF-8 bytes, or in UTF-16 code units (Telegram counts those).
struct text_limit {
  std::size_t max = 4000;
  bool utf16 = false;
};

// Splits a text into parts that fit, at line ends; a line longer than the limit is cut between
// code points. Never breaks a UTF-8 character. An empty text has no parts.
std::vector<std::string> split_text(std::string_view text, text_limit limit);

// What a platform allows a bot to send.
struct send_limits {
  text_limit length;
  std::vector<rate> per_chat;  // a message needs a token from each
  std::optional<rate> per_platform;
};

struct delivery {
  // wait: the chat has no destination yet (a WeCom chat without a bound group robot): the
  // message stays pending, counts no attempt, is tried again after retry_after_ms, and the
  // chat's later messages may pass it meanwhile.
  enum class outcome { sent, retry, give_up, wait } result = outcome::sent;
  std::int64_t retry_after_ms = 0;  // from the platform, when it said
  std::string error;
};

// What a transport throws when the send cannot be tried now for a reason of linli's own (the
// database that names the destination is away): the message is retried, never given up.
class send_unavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class outbound_sender {
 public:
  // One API call: sends `part` (all of m.text, or one part of it) to m's chat.
  using transport_fn = std::function<delivery(const outbound_message& m, std::string_view part)>;
  using record_fn = std::function<void(const outbound_message&)>;
  using clock_fn = std::function<std::int64_t()>;

  struct limits {
    int max_attempts = 20;
    std::int64_t first_backoff_ms = 500;
    std::int64_t max_backoff_ms = 300'000;
  };

  // `pace_ms` is the clock of the rate limits, `now_ms` when not given: a test drives the
  // platform's minute by hand (scheduler.manual_clock) while retries keep real time.
  outbound_sender(transport_fn transport, record_fn record, limits l, send_limits platform,
                  clock_fn now_ms, clock_fn pace_ms = {});
  outbound_sender(const outbound_sender&) = delete;
  outbound_sender& operator=(const outbound_sender&) = delete;
  ~outbound_sender();

  // Thread-safe: queues messages (new, or pending ones claimed); one already queued is kept
  // as it is.
  void enqueue(std::vector<outbound_message> messages);
  // Thread-safe: this instance's leases were renewed until `until_ms` (outbox_claimer), and
  // `held` are the ids it still holds. A message queued before `asked_ns` (steady_ns()) that is
  // not held is dropped: its lease ran out (an outage longer than a lease) and another instance
  // claimed it, so sending it here would send it twice. Those held may go on until `until_ms`.
  void leases_renewed(const std::vector<std::int64_t>& held, std::int64_t until_ms,
                      std::int64_t asked_ns);
  // Thread-safe: the ids of the messages queued (the one being sent included): the leases the
  // next renewal extends.
  std::vector<std::int64_t> queued_ids();
  // The steady clock in nanoseconds: when a message was queued, when a renewal was asked for.
  static std::int64_t steady_ns();
  // How long before its lease ends a message stops going out: the renewal that extends it
  // (every few seconds) has not come, and another instance may claim it once it ends; room
  // too for clocks a little apart.
  static constexpr std::int64_t lease_margin_ms = 5'000;
  // Stops after the attempt in progress; what is still queued stays pending in the outbox.
  void stop();

 private:
  void run();

  transport_fn transport_;
  record_fn record_;
  limits limits_;
  send_limits platform_;
  rate_limiter limiter_;  // used by the sender's thread only
  clock_fn now_ms_;
  clock_fn pace_ms_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<outbound_message> queue_;              // in id order; the head of each chat goes first
  std::map<std::int64_t, std::int64_t> queued_ns_;  // id -> when it was queued (steady_ns)
  std::set<std::int64_t> waiting_;  // ids whose chat has no destination yet (sender thread only)
  bool stopping_ = false;
  std::thread thread_;  // last: starts after everything it uses
};

// Every platform's sender; a message goes to its platform's, and one for a platform that cannot
// send (no credentials) stays pending in the outbox.
class outbound_router {
 public:
  void add(const std::string& platform, std::unique_ptr<outbound_sender> sender);
  void enqueue(std::vector<outbound_message> messages);
  // To every sender (outbound_sender::leases_renewed).
  void leases_renewed(const std::vector<std::int64_t>& held, std::int64_t until_ms,
                      std::int64_t asked_ns);
  // The platforms with a sender, and every sender's queued_ids(): what a claim round covers.
  std::vector<std::string> platforms() const;
  std::vector<std::int64_t> queued_ids();
  void stop();

 private:
  std::map<std::string, std::unique_ptr<outbound_sender>> senders_;
};

struct http_result;

// What an HTTP answer from a send API means: 2xx delivered; 429, 5xx and no answer retried
// (Retry-After, or a JSON "retry_after" / Telegram's "parameters.retry_after", honoured); other
// 4xx given up. Platforms with errors inside a 200 look at the body first.
delivery delivery_of(const http_result& r);

}  // namespace linli::bot
