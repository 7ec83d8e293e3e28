// redact_url, and that the client's error text names a URL only in its redacted form.

#include "bot/net/http_client.hpp"

#include <catch2/catch.hpp>

using namespace linli::bot;

TEST_CASE("redact_url keeps the scheme and host only", "[http_client]") {
  CHECK(redact_url("https://api.telegram.org/bot123:SECRET/sendMessage") ==
        "https://api.telegram.org/…");
  CHECK(redact_url("http://127.0.0.1:8080/bot123:SECRET") == "http://127.0.0.1:8080/…");
  CHECK(redact_url("https://u:SECRET@host/x") == "https://…@host/…");
  CHECK(redact_url("api.telegram.org/bot123:SECRET/sendMessage") == "api.telegram.org/…");
  CHECK(redact_url("/bot123:SECRET/sendMessage") == "/…");
  CHECK(redact_url("https://host?token=SECRET") == "https://host/…");
  CHECK(redact_url("https://host") == "https://host");
}

TEST_CASE("post_json errors never carry the URL's path or credentials", "[http_client]") {
  using namespace std::chrono_literals;
  for (const char* url : {"api.telegram.org/bot123:SECRET/sendMessage", "ftp://host/bot123:SECRET",
                          "http://127.0.0.1:1/bot123:SECRET/x", "http://SECRET@127.0.0.1:1/x"}) {
    const http_result r = post_json(url, "{}", 2000ms);
    CHECK(r.status == 0);
    CHECK_FALSE(r.error.empty());
    CHECK(r.error.find("SECRET") == std::string::npos);
  }
}

TEST_CASE("split_url reads host, port and target, IPv6 literals included", "[http_client]") {
  const auto parts = [](const char* url) {
    const auto p = split_url(url);
    REQUIRE(p);
    return *p;
  };
  auto p = parts("https://api.telegram.org/bot1:x/sendMessage?a=1#frag");
  CHECK(p.tls);
  CHECK(p.host == "api.telegram.org");
  CHECK(p.port == "443");
  CHECK(p.target == "/bot1:x/sendMessage?a=1");
  CHECK(p.host_header() == "api.telegram.org");
  p = parts("http://127.0.0.1:8080");
  CHECK(p.port == "8080");
  CHECK(p.target == "/");
  CHECK(p.host_header() == "127.0.0.1:8080");
  p = parts("http://host?token=1");
  CHECK(p.host == "host");
  CHECK(p.target == "/?token=1");
  // The colons of an IPv6 literal are not its port.
  p = parts("http://[::1]/x");
  CHECK(p.ipv6);
  CHECK(p.host == "::1");
  CHECK(p.port == "80");
  CHECK(p.host_header() == "[::1]");
  p = parts("https://[2001:db8::7]:8443/y");
  CHECK(p.host == "2001:db8::7");
  CHECK(p.port == "8443");
  CHECK(p.host_header() == "[2001:db8::7]:8443");
  for (const char* bad : {"ftp://host/", "http://", "http:///x", "http://host:/x", "http://host:0/",
                          "http://host:65536/", "http://host:8o/", "http://[::1/x",
                          "http://[::1]x/", "http://[::1]:/", "http://u:p@host/", "http://[]/"}) {
    INFO(bad);
    CHECK_FALSE(split_url(bad));
  }
}
