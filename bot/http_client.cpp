#include <utility>  // before Asio, for Boost 1.74 with g++ 12 in C++20 mode

#include "bot/http_client.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace linli::bot {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

struct url_parts {
  std::string host, port, target;
};

bool split_url(const std::string& url, url_parts& out) {
  constexpr std::string_view scheme = "http://";
  if (!url.starts_with(scheme)) return false;
  const std::string rest = url.substr(scheme.size());
  const auto slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
  out.target = slash == std::string::npos ? "/" : rest.substr(slash);
  const auto colon = authority.rfind(':');
  out.host = colon == std::string::npos ? authority : authority.substr(0, colon);
  out.port = colon == std::string::npos ? "80" : authority.substr(colon + 1);
  return !out.host.empty() && !out.port.empty();
}

}  // namespace

http_result post_json(const std::string& url, const std::string& body,
                      std::chrono::milliseconds timeout) {
  http_result result;
  url_parts parts;
  if (!split_url(url, parts)) {
    result.error = "only http://host[:port]/path URLs are supported: " + url;
    return result;
  }
  try {
    boost::asio::io_context io;
    tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.expires_after(timeout);  // covers connect, write and read together
    stream.connect(resolver.resolve(parts.host, parts.port));
    http::request<http::string_body> request{http::verb::post, parts.target, 11};
    request.set(http::field::host, parts.host);
    request.set(http::field::user_agent, "linli");
    request.set(http::field::content_type, "application/json");
    request.body() = body;
    request.prepare_payload();
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(1024 * 1024);  // answers are small; refuse a flood
    http::read(stream, buffer, parser);
    const auto& response = parser.get();
    result.status = static_cast<int>(response.result_int());
    for (const auto& field : response) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      result.headers[name] = std::string(field.value());
    }
    result.body = response.body();
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  } catch (const std::exception& e) {
    result.status = 0;
    result.error = e.what();
  }
  return result;
}

}  // namespace linli::bot
