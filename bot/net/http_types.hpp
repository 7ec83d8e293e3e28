#pragma once
// Plain HTTP request and response values, so routes and adapters are tested without sockets and
// only http_server.cpp compiles Beast.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace linli::bot {

struct http_request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query: "/v1/chats/g1/messages?kind=chatter"
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string remote_address;  // the peer's IP address as text ("" when unknown)

  // The first header of that (lower-case) name, or "".
  std::string_view header(std::string_view name) const;
  std::string_view path() const;
  std::string_view query() const;
};

// The body of a response that stays open: Server-Sent Events (text/event-stream). The server
// writes the headers, then whatever is pushed, as it is pushed, and a keep-alive comment after
// 15 s without; the connection ends when the client goes away or the server drains.
class event_stream {
 public:
  // Thread-safe: queues text to write and wakes the connection.
  void push(const std::string& text) {
    std::function<void()> wake;
    {
      std::lock_guard lock(mutex_);
      if (closed_) return;
      pending_ += text;
      wake = wake_;
    }
    if (wake) wake();
  }
  // The server's side: everything queued since the last call.
  std::string take() {
    std::lock_guard lock(mutex_);
    return std::exchange(pending_, {});
  }
  // The server's side: how push() reaches the connection; cleared by close().
  void on_push(std::function<void()> wake) {
    std::lock_guard lock(mutex_);
    wake_ = std::move(wake);
  }
  // The connection ended: later pushes are dropped.
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    wake_ = nullptr;
  }
  bool closed() {
    std::lock_guard lock(mutex_);
    return closed_;
  }

 private:
  std::mutex mutex_;
  std::string pending_;
  std::function<void()> wake_;
  bool closed_ = false;
};

struct http_response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // beyond Content-Type
  // Set: the response is an event stream; `body` is written first, then the stream's events.
  std::shared_ptr<event_stream> events;
};

// A request that cannot be served as asked. Thrown by routes and adapters; the one place that maps
// errors to responses is error_response().
struct http_error : std::runtime_error {
  http_error(int status_code, const std::string& message)
      : std::runtime_error(message), status(status_code) {}
  int status;
};

// {"error": "<message>"} with the given status.
http_response error_response(int status, std::string_view message);

// Answers a request exactly once. Copies share one answer; the first call wins, later calls are
// ignored, and if the last copy goes away unanswered the request gets a 500 (the RAII guard of
// telegram-bot-api's Query).
//
// The answer travels as a function that builds the response; the server runs it on the
// connection's own thread, so work such as JSON encoding never lands on the single writer thread
// that completes most requests.
class responder {
 public:
  using make_fn = std::function<http_response()>;
  using send_fn = std::function<void(make_fn)>;

  explicit responder(send_fn send) : state_(std::make_shared<state>(std::move(send))) {}

  // Answers with a response built by `make` on the connection's thread.
  void later(make_fn make) const {
    if (!state_->answered.exchange(true)) state_->send(std::move(make));
  }

  // Answers with a ready response.
  void operator()(http_response response) const {
    later([r = std::move(response)]() mutable { return std::move(r); });
  }

  // Runs a builder; an exception becomes a 500 rather than escaping into the server.
  static http_response build(const make_fn& make) noexcept;

 private:
  struct state {
    explicit state(send_fn s) : send(std::move(s)) {}
    state(const state&) = delete;
    state& operator=(const state&) = delete;
    ~state() {
      if (!answered) {
        send([] { return error_response(500, "internal error: the request was not answered"); });
      }
    }
    send_fn send;
    std::atomic<bool> answered{false};
  };
  std::shared_ptr<state> state_;
};

// Percent-decoding of a URL path segment or query value ('+' is a space only in queries).
std::string url_decode(std::string_view s, bool plus_is_space);

// The decoded value of a query parameter, or nullopt if absent.
std::optional<std::string> query_param(std::string_view query, std::string_view name);

// An integer query parameter within [min, max], or `fallback` when absent; anything else throws
// http_error 400 naming the parameter and its range.
std::int64_t integer_query_param(std::string_view query, std::string_view name, std::int64_t min,
                                 std::int64_t max, std::int64_t fallback);

}  // namespace linli::bot
