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
