#pragma once
// The HTTP/1.1 server: sockets, keep-alive, limits, timeouts and graceful drain. It knows nothing
// about routes: each complete request goes to the request handler. Beast stays inside the .cpp.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "bot/net/http_types.hpp"
#include "config/config.hpp"

namespace linli::bot {

class metrics;

using request_handler = std::function<void(http_request, responder)>;

class http_server {
 public:
  // Binds the listening socket at once; throws std::runtime_error if that fails.
  http_server(const config::server_config& options, request_handler handler, metrics& stats);
  ~http_server();
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  std::string address() const;
  std::uint16_t port() const;  // the bound port (useful with port 0)

  // Serves on the configured number of threads until SIGINT, SIGTERM or stop(); then stops
  // accepting, lets requests in flight finish (up to drain_timeout_ms) and returns.
  void run();

  // Thread-safe request to drain and return from run().
  void stop();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace linli::bot
