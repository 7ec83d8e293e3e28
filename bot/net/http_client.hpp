#pragma once
// A small blocking HTTP/1.1 client (http:// and https://) for the outbound senders' own threads,
// never an I/O thread. TLS verifies the peer against the system's CA store and the host name;
// SSL_CERT_FILE points OpenSSL at another bundle (tests use a local CA).

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace linli::bot {

struct http_result {
  int status = 0;                              // 0: no answer (connection failed, timed out)
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string error;  // why there is no answer; names the URL only by redact_url
};

using header_list = std::vector<std::pair<std::string, std::string>>;

// An http:// or https:// URL taken apart for a request: the host as it is resolved (an IPv6
// literal without its brackets), the port (the scheme's default when none is written) and the
// request target (path and query; "/" when there is none; no fragment).
struct url_parts {
  bool tls = false;
  bool ipv6 = false;  // the host was written as [literal]
  std::string host, port, target;
  std::string host_header() const;  // the Host field: brackets kept, a default port left out
};

// nullopt for any other scheme, user:password@, an empty host, or a port that is not 1..65535.
std::optional<url_parts> split_url(std::string_view url);

// The form of a URL fit for a log line or an error: its scheme and host only, the path, query and
// any user:password@ replaced by "…" ("https://api.telegram.org/bot<token>/sendMessage" ->
// "https://api.telegram.org/…"), so a secret in a URL never reaches a log, whatever its shape.
std::string redact_url(std::string_view url);

// POSTs `body` as application/json to `url` ("http[s]://host[:port]/path?query"), with a timeout
// on the whole exchange (resolve, connect, handshake, write, read).
http_result post_json(const std::string& url, const std::string& body,
                      std::chrono::milliseconds timeout, const header_list& headers = {});

// GETs `url` (a read API: a user's profile), with the same timeout and limits.
http_result get_json(const std::string& url, std::chrono::milliseconds timeout,
                     const header_list& headers = {});

}  // namespace linli::bot
