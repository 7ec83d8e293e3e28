// Boost 1.74 with g++ 12 in C++20 mode needs <utility> before Asio.
#include <utility>

#include "bot/net/http_server.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <vector>

#include "bot/metrics.hpp"

namespace linli::bot {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;

// Hands a request to the handler and resumes the session, on its own thread, once it is answered.
template <class Token>
auto async_dispatch(const request_handler& handler, http_request request, Token&& token) {
  return asio::async_initiate<Token, void(http_response)>(
      [&handler](auto completion, http_request req) {
        auto executor = asio::get_associated_executor(completion);
        auto shared = std::make_shared<decltype(completion)>(std::move(completion));
        handler(std::move(req), responder([executor, shared](responder::make_fn make) {
                  asio::post(executor, [shared, make = std::move(make)]() mutable {
                    (*shared)(responder::build(make));
                  });
                }));
      },
      token, std::move(request));
}

// A request the parser rejected, as opposed to a connection that closed or timed out.
bool is_malformed(const beast::error_code& ec) {
  static const auto& http_category = http::make_error_code(http::error::bad_target).category();
  return ec && ec.category() == http_category && ec != http::error::end_of_stream &&
         ec != http::error::partial_message;
}

// Completion token that stores the error in `ec` instead of throwing.
auto redirect(beast::error_code& ec) {
  return asio::redirect_error(use_awaitable, ec);
}

http_request to_plain(http::request<http::string_body>&& req) {
  http_request out;
  out.method = std::string(req.method_string());
  out.target = std::string(req.target());
  out.headers.reserve(8);
  for (const auto& field : req) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  out.body = std::move(req.body());
  return out;
}

http::response<http::string_body> to_beast(http_response&& r, unsigned version, bool keep_alive) {
  http::response<http::string_body> res{static_cast<http::status>(r.status), version};
  res.set(http::field::server, "linli");
  res.set(http::field::content_type, r.content_type);
  for (auto& [name, value] : r.headers) res.set(name, value);
  res.keep_alive(keep_alive);
  res.body() = std::move(r.body);
  res.prepare_payload();
  return res;
}

}  // namespace

// One io_context per I/O thread: a connection lives on one thread from accept to close, so a
// session needs no strand and load spreads evenly (connections are dealt out in turn).
struct io_worker {
  asio::io_context ioc{1};  // concurrency hint: run by exactly one thread
  asio::executor_work_guard<asio::io_context::executor_type> work{ioc.get_executor()};
};

std::vector<std::unique_ptr<io_worker>> make_workers(int count) {
  std::vector<std::unique_ptr<io_worker>> workers;
  for (int i = 0; i < count; ++i) workers.push_back(std::make_unique<io_worker>());
  return workers;
}

struct http_server::impl {
  // What the drain needs to reach a session from outside its coroutine.
  // The drain reaches a session only by posting to its executor; the stream pointer and the idle
  // flag are read and written on the session's own thread.
  struct session_state {
    asio::any_io_executor executor;       // the session's thread; set once, before registering
    beast::tcp_stream* stream = nullptr;  // null once the session has ended
    bool idle = false;                    // waiting for the first byte of a new request
  };

  impl(const config::server_config& o, request_handler h, metrics& m)
      : options(o),
        handler(std::move(h)),
        stats(m),
        workers(make_workers(o.io_threads)),
        acceptor(main()),
        signals(main(), SIGINT, SIGTERM),
        drain_timer(main()) {
    beast::error_code ec;
    const auto address = asio::ip::make_address(o.listen, ec);
    if (ec) throw std::runtime_error("invalid listen address '" + o.listen + "'");
    const tcp::endpoint endpoint(address, o.port);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint, ec);
    if (ec) {
      throw std::runtime_error("cannot listen on " + o.listen + ":" + std::to_string(o.port) +
                               ": " + ec.message());
    }
    acceptor.listen(asio::socket_base::max_listen_connections);
    bound = acceptor.local_endpoint();
  }

  asio::io_context& main() { return workers.front()->ioc; }

  awaitable<void> accept_loop() {
    for (;;) {
      beast::error_code ec;
      io_worker& target = *workers[next_worker++ % workers.size()];
      tcp::socket socket = co_await acceptor.async_accept(target.ioc, redirect(ec));
      if (ec) {
        if (!acceptor.is_open()) co_return;
        // Out of file descriptors or similar: back off briefly instead of spinning.
        spdlog::warn("accept failed: {}", ec.message());
        asio::steady_timer pause(main(), std::chrono::milliseconds(50));
        co_await pause.async_wait(redirect(ec));
        continue;
      }
      auto executor = socket.get_executor();
      asio::co_spawn(executor, session(std::move(socket)), asio::detached);
    }
  }

  awaitable<void> session(tcp::socket socket) {
    beast::error_code ec;
    socket.set_option(tcp::no_delay(true), ec);
    beast::tcp_stream stream(std::move(socket));
    const auto state = std::make_shared<session_state>();
    state->executor = stream.get_executor();
    state->stream = &stream;
    const int open_now = ++open_sessions;
    stats.connections(+1);
    {
      std::lock_guard lock(sessions_mutex);
      sessions.insert(state);
    }
    // Runs on the session's thread when the coroutine ends, before the stream is destroyed.
    struct leave {
      impl& self;
      std::shared_ptr<session_state> state;
      ~leave() {
        state->stream = nullptr;
        std::lock_guard lock(self.sessions_mutex);
        self.sessions.erase(state);
        self.stats.connections(-1);
        --self.open_sessions;
      }
    } leave_guard{*this, state};

    if (open_now > options.max_connections) {
      stats.connection_refused();
      co_await write(stream, error_response(503, "too many connections"), 11, false, ec);
      co_return;
    }

    beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
      parser.body_limit(options.body_limit);
      state->idle = buffer.size() == 0;
      if (state->idle && draining) break;
      stream.expires_after(std::chrono::milliseconds(options.read_timeout_ms));
      co_await http::async_read(stream, buffer, parser, redirect(ec));
      state->idle = false;
      if (ec == http::error::body_limit) {
        co_await write(stream,
                       error_response(413, "body larger than " +
                                               std::to_string(options.body_limit) + " bytes"),
                       11, false, ec);
        break;
      }
      if (ec == http::error::header_limit) {
        co_await write(stream, error_response(431, "request headers too large"), 11, false, ec);
        break;
      }
      if (is_malformed(ec)) {
        co_await write(stream, error_response(400, "malformed HTTP request: " + ec.message()), 11,
                       false, ec);
        break;
      }
      if (ec) break;  // closed, timed out or cancelled by the drain

      auto request = parser.release();
      const unsigned version = request.version();
      const bool keep_alive = request.keep_alive();
      http_request plain = to_plain(std::move(request));
      beast::error_code peer_ec;
      if (const auto peer = stream.socket().remote_endpoint(peer_ec); !peer_ec) {
        plain.remote_address = peer.address().to_string();
      }
      http_response response = co_await async_dispatch(handler, std::move(plain), use_awaitable);
      if (response.events) {
        co_await stream_events(stream, std::move(response), *state, ec);
        break;
      }
      const bool again = keep_alive && !draining;
      co_await write(stream, std::move(response), version, again, ec);
      if (ec || !again) break;
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  // Server-Sent Events: the headers, then each pushed event as it comes, a keep-alive comment
  // after 15 s of nothing, until the client goes away or the server drains. The connection
  // counts as idle meanwhile, so a drain ends it.
  awaitable<void> stream_events(beast::tcp_stream& stream, http_response response,
                                session_state& state, beast::error_code& ec) {
    const std::shared_ptr<event_stream> events = response.events;
    std::string head = "HTTP/1.1 " + std::to_string(response.status) +
                       " OK\r\nServer: linli\r\nContent-Type: text/event-stream\r\n"
                       "Cache-Control: no-store\r\nX-Accel-Buffering: no\r\nConnection: close\r\n";
    for (const auto& [name, value] : response.headers) head += name + ": " + value + "\r\n";
    head += "\r\n" + response.body;
    const auto timer = std::make_shared<asio::steady_timer>(stream.get_executor());
    events->on_push([timer, executor = stream.get_executor()] {
      asio::post(executor, [timer] { timer->cancel(); });
    });
    struct closer {
      const std::shared_ptr<event_stream>& events;
      ~closer() { events->close(); }
    } close_guard{events};
    constexpr auto keep_alive = std::chrono::seconds(15);
    constexpr auto drain_check = std::chrono::milliseconds(250);
    // Events that come faster than this are written together: under a burst of messages a
    // stream costs a few writes a second, not one per message.
    constexpr auto coalesce = std::chrono::milliseconds(100);
    auto quiet_since = std::chrono::steady_clock::now();
    std::string out = std::move(head) + events->take();
    beast::error_code waited;
    for (;;) {
      if (!out.empty()) {
        stream.expires_after(std::chrono::milliseconds(options.read_timeout_ms));
        co_await asio::async_write(stream, asio::buffer(out), redirect(ec));
        if (ec) co_return;
        quiet_since = std::chrono::steady_clock::now();
        // A push cancels the wait early; wait again until the gap has passed.
        const auto until = quiet_since + coalesce;
        while (std::chrono::steady_clock::now() < until && !draining) {
          timer->expires_at(until);
          co_await timer->async_wait(redirect(waited));
        }
      }
      state.idle = true;
      if (draining) co_return;
      out = events->take();
      if (!out.empty()) continue;
      // Woken early by push() (the timer is cancelled), or at each drain check.
      timer->expires_after(drain_check);
      co_await timer->async_wait(redirect(waited));
      out = events->take();
      if (out.empty() && std::chrono::steady_clock::now() - quiet_since >= keep_alive) {
        out = ": keep-alive\n\n";
      }
    }
  }

  awaitable<void> write(beast::tcp_stream& stream, http_response response, unsigned version,
                        bool keep_alive, beast::error_code& ec) {
    auto res = to_beast(std::move(response), version, keep_alive);
    stream.expires_after(std::chrono::milliseconds(options.read_timeout_ms));
    co_await http::async_write(stream, res, redirect(ec));
  }

  void begin_drain() {
    if (draining.exchange(true)) return;
    spdlog::info("draining: no new connections; finishing requests in flight");
    beast::error_code ec;
    acceptor.close(ec);
    signals.cancel(ec);
    // Close connections that sit idle between requests; busy ones close after their answer.
    {
      std::lock_guard lock(sessions_mutex);
      for (const auto& state : sessions) {
        asio::post(state->executor, [state] {
          if (state->stream && state->idle) state->stream->cancel();
        });
      }
    }
    drain_deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(options.drain_timeout_ms);
    wait_for_sessions();
  }

  void wait_for_sessions() {
    if (open_sessions == 0 || std::chrono::steady_clock::now() >= drain_deadline) {
      if (open_sessions > 0) spdlog::warn("drain timed out with {} open", open_sessions.load());
      for (auto& w : workers) {
        w->work.reset();
        w->ioc.stop();
      }
      return;
    }
    drain_timer.expires_after(std::chrono::milliseconds(10));
    drain_timer.async_wait([this](beast::error_code) { wait_for_sessions(); });
  }

  config::server_config options;
  request_handler handler;
  metrics& stats;
  std::vector<std::unique_ptr<io_worker>> workers;  // workers[0] also accepts and drains
  std::size_t next_worker = 0;                      // used by the accept loop only
  tcp::acceptor acceptor;
  tcp::endpoint bound;
  asio::signal_set signals;
  asio::steady_timer drain_timer;
  std::atomic<bool> draining{false};
  std::atomic<int> open_sessions{0};
  std::chrono::steady_clock::time_point drain_deadline;
  std::mutex sessions_mutex;
  std::unordered_set<std::shared_ptr<session_state>> sessions;
};

http_server::http_server(const config::server_config& options, request_handler handler,
                         metrics& stats)
    : impl_(std::make_unique<impl>(options, std::move(handler), stats)) {}

http_server::~http_server() = default;

std::string http_server::address() const {
  return impl_->bound.address().to_string();
}

std::uint16_t http_server::port() const {
  return impl_->bound.port();
}

void http_server::run() {
  impl& s = *impl_;
  s.signals.async_wait([&s](beast::error_code ec, int signal) {
    if (ec) return;
    spdlog::info("signal {} received", signal);
    s.begin_drain();
  });
  asio::co_spawn(s.main(), s.accept_loop(), asio::detached);

  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < s.workers.size(); ++i) {
    threads.emplace_back([w = s.workers[i].get()] { w->ioc.run(); });
  }
  s.main().run();
  for (auto& t : threads) t.join();
}

void http_server::stop() {
  asio::post(impl_->main(), [s = impl_.get()] { s->begin_drain(); });
}

}  // namespace linli::bot
