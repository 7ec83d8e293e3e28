#include <utility>  // before Asio, for Boost 1.74 with g++ 12 in C++20 mode

#include "bot/net/http_client.hpp"

#include <openssl/ssl.h>

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>

namespace linli::bot {

std::optional<url_parts> split_url(std::string_view url) {
  url_parts out;
  if (url.starts_with("https://")) {
    out.tls = true;
    url.remove_prefix(8);
  } else if (url.starts_with("http://")) {
    url.remove_prefix(7);
  } else {
    return std::nullopt;
  }
  const std::size_t end = std::min(url.find_first_of("/?#"), url.size());
  const std::string_view authority = url.substr(0, end);
  std::string_view rest = url.substr(end);
  rest = rest.substr(0, rest.find('#'));  // a fragment stays with the client
  out.target = rest.starts_with('/') ? std::string(rest) : "/" + std::string(rest);
  // user:password@ is never sent anywhere (no platform's API takes it); refused, not guessed at.
  if (authority.find('@') != std::string_view::npos) return std::nullopt;
  std::string_view host = authority, port;
  if (authority.starts_with('[')) {  // an IPv6 literal, RFC 3986 §3.2.2
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(1, close - 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty() && (!after.starts_with(':') || after.size() == 1)) return std::nullopt;
    if (!after.empty()) port = after.substr(1);
    out.ipv6 = true;
  } else if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (port.empty()) return std::nullopt;
  }
  if (host.empty()) return std::nullopt;
  if (!port.empty()) {
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos) {
      return std::nullopt;
    }
    const int number = std::stoi(std::string(port));
    if (number < 1 || number > 65535) return std::nullopt;
  }
  out.host = std::string(host);
  out.port = port.empty() ? (out.tls ? "443" : "80") : std::string(port);
  return out;
}

std::string url_parts::host_header() const {
  std::string out = ipv6 ? "[" + host + "]" : host;
  if (port != (tls ? "443" : "80")) out += ":" + port;  // RFC 9110 §7.2
  return out;
}

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using asio::use_awaitable;
using clock_type = std::chrono::steady_clock;

// One client context for the process: loading the CA store is the slow part of TLS set-up.
ssl::context& tls_context() {
  static ssl::context ctx = [] {
    ssl::context c(ssl::context::tls_client);
    c.set_default_verify_paths();
    c.set_verify_mode(ssl::verify_peer);
    return c;
  }();
  return ctx;
}

template <class Stream>
asio::awaitable<void> exchange(Stream& stream, const http::request<http::string_body>& request,
                               http_result& out) {
  co_await http::async_write(stream, request, use_awaitable);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(1024 * 1024);  // answers are small; refuse a flood
  co_await http::async_read(stream, buffer, parser, use_awaitable);
  const auto& response = parser.get();
  out.status = static_cast<int>(response.result_int());
  for (const auto& field : response) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(field.value());
  }
  out.body = response.body();
}

asio::awaitable<void> call(const url_parts& url, http::request<http::string_body> request,
                           clock_type::time_point deadline, http_result& out) {
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  beast::tcp_stream tcp_layer(executor);
  tcp_layer.expires_at(deadline);  // every operation below ends by then
  const auto endpoints = co_await resolver.async_resolve(url.host, url.port, use_awaitable);
  if (!url.tls) {
    co_await tcp_layer.async_connect(endpoints, use_awaitable);
    co_await exchange(tcp_layer, request, out);
    beast::error_code ignored;
    tcp_layer.socket().shutdown(tcp::socket::shutdown_both, ignored);
    co_return;
  }
  beast::ssl_stream<beast::tcp_stream> stream(std::move(tcp_layer), tls_context());
  // SNI names a host, never an address literal (RFC 6066 §3); the certificate is checked either
  // way.
  boost::system::error_code not_an_address;
  asio::ip::make_address(url.host, not_an_address);
  if (not_an_address && !SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str())) {
    throw std::runtime_error("TLS: cannot set the server name " + url.host);
  }
  stream.set_verify_callback(ssl::host_name_verification(url.host));
  co_await beast::get_lowest_layer(stream).async_connect(endpoints, use_awaitable);
  beast::get_lowest_layer(stream).expires_at(deadline);
  co_await stream.async_handshake(ssl::stream_base::client, use_awaitable);
  co_await exchange(stream, request, out);
  // The answer is in; a peer that does not close TLS politely changes nothing.
}

}  // namespace

std::string redact_url(std::string_view url) {
  std::string_view scheme;
  for (std::string_view s : {"https://", "http://"}) {
    if (url.starts_with(s)) scheme = s;
  }
  std::string_view rest = url.substr(scheme.size());
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  const auto at = authority.rfind('@');
  std::string out(scheme);
  out += at == std::string_view::npos ? authority : "…@" + std::string(authority.substr(at + 1));
  if (authority.size() < rest.size()) out += "/…";
  return out;
}

namespace {

// One exchange with `url`: a POST of `body` as JSON, or a GET when `body` is nullopt.
http_result request_json(const std::string& url, const std::optional<std::string>& body,
                         std::chrono::milliseconds timeout, const header_list& headers) {
  http_result result;
  const auto parts = split_url(url);
  if (!parts) {
    result.error = "not an http:// or https:// URL: " + redact_url(url);
    return result;
  }
  http::request<http::string_body> request{body ? http::verb::post : http::verb::get, parts->target,
                                           11};
  // The port goes in Host unless it is the scheme's default (a self-hosted API or a proxy on
  // another port routes by it).
  request.set(http::field::host, parts->host_header());
  request.set(http::field::user_agent, "linli");
  if (body) request.set(http::field::content_type, "application/json; charset=utf-8");
  for (const auto& [name, value] : headers) request.set(name, value);
  if (body) request.body() = *body;
  request.prepare_payload();

  asio::io_context io;
  std::exception_ptr failure;
  asio::co_spawn(io, call(*parts, std::move(request), clock_type::now() + timeout, result),
                 [&failure](std::exception_ptr e) { failure = e; });
  io.run();
  if (failure) {
    result.status = 0;
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      result.error = redact_url(url) + ": " + e.what();
    }
  }
  return result;
}

}  // namespace

http_result post_json(const std::string& url, const std::string& body,
                      std::chrono::milliseconds timeout, const header_list& headers) {
  return request_json(url, body, timeout, headers);
}

http_result get_json(const std::string& url, std::chrono::milliseconds timeout,
                     const header_list& headers) {
  return request_json(url, std::nullopt, timeout, headers);
}

}  // namespace linli::bot
