#pragma once
// A small blocking HTTP/1.1 client for the outbound sender's own thread (never an I/O thread).
// Plain http:// only for now; platform APIs over TLS come with the platform adapters.

#include <chrono>
#include <map>
#include <string>

namespace linli::bot {

struct http_result {
  int status = 0;                              // 0: no answer (connection failed, timed out)
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string error;  // why there is no answer
};

// POSTs `body` as application/json to `url` ("http://host[:port]/path"), with a timeout on the
// whole exchange.
http_result post_json(const std::string& url, const std::string& body,
                      std::chrono::milliseconds timeout);

}  // namespace linli::bot
