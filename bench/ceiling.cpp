// The benchmark's ceiling: linli's own HTTP server with a handler that only parses the JSON body
// and answers, with no storage and no handlers. linli's throughput is reported against this.

#include <iostream>
#include <nlohmann/json.hpp>

#include "bot/metrics.hpp"
#include "bot/net/http_server.hpp"

int main(int argc, char** argv) {
  linli::config::server_config options;
  options.port = 0;
  if (argc > 1) options.io_threads = std::stoi(argv[1]);
  linli::bot::metrics stats;
  linli::bot::http_server server(
      options,
      [](linli::bot::http_request request, linli::bot::responder respond) {
        const auto body = nlohmann::json::parse(request.body, nullptr, false);
        if (body.is_discarded()) {
          respond(linli::bot::error_response(400, "body is not valid JSON"));
          return;
        }
        respond({.body = R"({"replies":[],"duplicate":false})"});
      },
      stats);
  std::cout << "listening on http://" << server.address() << ":" << server.port() << std::endl;
  server.run();
}
