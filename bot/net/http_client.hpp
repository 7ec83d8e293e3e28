#pragma once
// A small blocking HTTP/1.1 client (http:// and https://) for the outbound senders' own threads,
// never an I/O thread. TLS verifies the peer against the system's CA store and the host name;
// SSL_CERT_FILE points OpenSSL at another bundle (tests use a local CA).

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace linli::bot {

struct http_result {
  int status = 0;                              // 0: no answer (connection failed, timed out)
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string error;  // why there is no answer
};

using header_list = std::vector<std::pair<std::string, std::string>>;

// POSTs `body` as application/json to `url` ("http[s]://host[:port]/path?query"), with a timeout
// on the whole exchange (resolve, connect, handshake, write, read).
http_result post_json(const std::string& url, const std::string& body,
                      std::chrono::milliseconds timeout, const header_list& headers = {});

}  // namespace linli::bot
