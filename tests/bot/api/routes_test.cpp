#include "bot/api/routes.hpp"

#include <catch2/catch.hpp>

using namespace linli::bot;

TEST_CASE("match_path fills placeholders, decoded, and wants every segment", "[routes]") {
  route_params p;
  CHECK(match_path("/v1/chats/{chat_id}/messages", "/v1/chats/g%201/messages", p));
  CHECK(p == route_params{"g 1"});
  CHECK(match_path("/healthz", "/healthz", p));
  CHECK(p.empty());
  CHECK_FALSE(match_path("/v1/chats/{chat_id}/messages", "/v1/chats//messages", p));
  CHECK_FALSE(match_path("/v1/chats/{chat_id}/messages", "/v1/chats/g1", p));
  CHECK_FALSE(match_path("/v1/chats/{chat_id}/messages", "/v1/chats/g1/messages/x", p));
  CHECK_FALSE(match_path("/healthz", "/healthz/", p));
  CHECK_FALSE(match_path("/healthz", "healthz", p));
  CHECK(match_path("/v1/webhook/{platform}", "/v1/webhook/a+b", p));
  CHECK(p == route_params{"a+b"});  // '+' is a space only in queries
}

TEST_CASE("route_table finds the first route of the method, or tells 404 from 405", "[routes]") {
  const route_fn noop;
  const route_table table(
      {{"GET", "/a/{x}", noop}, {"POST", "/a/{x}", noop}, {"POST", "/a/b", noop}});
  auto post = table.find("POST", "/a/b");
  REQUIRE(post.found);
  CHECK(post.found->pattern == "/a/{x}");
  CHECK(post.params == route_params{"b"});
  CHECK(table.find("GET", "/a/b").found->pattern == "/a/{x}");
  const auto put = table.find("PUT", "/a/b");
  CHECK_FALSE(put.found);
  CHECK(put.path_known);
  const auto none = table.find("GET", "/b");
  CHECK_FALSE(none.found);
  CHECK_FALSE(none.path_known);
}
