#include "bot/net/http_types.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace linli::bot;

TEST_CASE("http_request splits path and query and finds headers", "[http]") {
  http_request r{.method = "GET",
                 .target = "/v1/chats/g%201/messages?kind=chatter&limit=5",
                 .headers = {{"authorization", "Bearer t"}, {"x-a", "1"}}};
  CHECK(r.path() == "/v1/chats/g%201/messages");
  CHECK(r.query() == "kind=chatter&limit=5");
  CHECK(r.header("authorization") == "Bearer t");
  CHECK(r.header("missing").empty());
}

TEST_CASE("url_decode and query_param decode percent escapes", "[http]") {
  CHECK(url_decode("g%201%2F2", false) == "g 1/2");
  CHECK(url_decode("a+b", false) == "a+b");
  CHECK(url_decode("a+b", true) == "a b");
  CHECK(url_decode("%E6%A5%BC", false) == "楼");
  CHECK(url_decode("100%", false) == "100%");  // a stray % is kept
  CHECK(url_decode("%zz", false) == "%zz");
  CHECK(query_param("a=1&kind=chatter", "kind") == "chatter");
  CHECK(query_param("a=1&flag", "flag") == "");
  CHECK_FALSE(query_param("a=1", "kind"));
  CHECK(query_param("name=%E5%BC%A0+%E4%B8%89", "name") == "张 三");
}

TEST_CASE("error_response is JSON naming the error", "[http]") {
  const auto r = error_response(415, "Content-Type must be application/json");
  CHECK(r.status == 415);
  CHECK(nlohmann::json::parse(r.body)["error"] == "Content-Type must be application/json");
}

TEST_CASE("responder answers exactly once", "[http]") {
  std::vector<int> sent;
  {
    responder r([&](responder::make_fn make) { sent.push_back(make().status); });
    responder copy = r;
    copy(http_response{.status = 200});
    r(http_response{.status = 201});  // ignored: already answered
  }
  CHECK(sent == std::vector<int>{200});
}

TEST_CASE("responder answers 500 when dropped unanswered", "[http]") {
  std::vector<int> sent;
  {
    responder r([&](responder::make_fn make) { sent.push_back(make().status); });
  }
  CHECK(sent == std::vector<int>{500});
}

TEST_CASE("responder builds a late answer and turns a throwing builder into 500", "[http]") {
  std::vector<int> sent;
  responder r([&](responder::make_fn make) { sent.push_back(responder::build(make).status); });
  r.later([]() -> http_response { throw std::runtime_error("encoding failed"); });
  CHECK(sent == std::vector<int>{500});
}

TEST_CASE("integer query parameters are bounded, or a 400 that names them", "[http]") {
  CHECK(integer_query_param("before=42&x=1", "before", 0, 100, 7) == 42);
  CHECK(integer_query_param("x=1", "before", 0, 100, 7) == 7);
  for (const char* bad : {"before=", "before=-1", "before=101", "before=4x", "before=+4",
                          "before=99999999999999999999"}) {
    try {
      integer_query_param(bad, "before", 0, 100, 7);
      FAIL(bad);
    } catch (const http_error& e) {
      CHECK(e.status == 400);
      CHECK(std::string(e.what()) == "'before' must be an integer from 0 to 100");
    }
  }
}
