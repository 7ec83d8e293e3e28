// The fuzz targets never send: this stands in for bot/net/http_client.cpp, which clang 14 cannot
// build (Boost 1.74 coroutines), and says so if anything ever calls it.

#include "bot/net/http_client.hpp"

namespace linli::bot {
namespace {

http_result no_network(const std::string& url) {
  http_result r;
  r.error = "no network in the fuzz build: " + url;
  return r;
}

}  // namespace

http_result post_json(const std::string& url, const std::string&, std::chrono::milliseconds,
                      const header_list&) {
  return no_network(url);
}

http_result get_json(const std::string& url, std::chrono::milliseconds, const header_list&) {
  return no_network(url);
}

}  // namespace linli::bot
