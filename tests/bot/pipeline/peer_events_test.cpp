#include "bot/pipeline/peer_events.hpp"

#include <catch2/catch.hpp>

using namespace linli;
using namespace linli::bot;

namespace {

envelope stored(const std::string& chat, const std::string& id) {
  envelope e;
  e.chat = {"generic", chat};
  e.delivery_id = id;
  return e;
}

}  // namespace

TEST_CASE("peer events carry each stored message to the other instances", "[peer_events]") {
  const auto payloads = event_payloads("host-a:1:2", {stored("g1", "m1"), stored("g\n2", "m\"2")});
  REQUIRE(payloads.size() == 1);
  CHECK(announced(payloads[0], "host-a:1:2").empty());  // its own: heard at its commit
  const auto heard = announced(payloads[0], "host-b:3:4");
  REQUIRE(heard.size() == 2);
  CHECK(heard[1].chat.platform == "generic");
  CHECK(heard[1].chat.chat_id == "g\n2");
  CHECK(heard[1].delivery_id == "m\"2");
  CHECK(announced("not json", "host-b:3:4").empty());
  CHECK(announced(R"({"i": "x", "m": [1, ["a"], ["p", "c", "d"]]})", "y").size() == 1);
}

TEST_CASE("peer events fit PostgreSQL's notification limit", "[peer_events]") {
  std::vector<envelope> many;
  for (int i = 0; i < 2'000; ++i) {
    many.push_back(stored("chat-" + std::to_string(i % 7), "m" + std::to_string(i)));
  }
  many.push_back(stored("g1", std::string(9'000, 'x')));  // too long for any one: left out
  const auto payloads = event_payloads("host-a:1:2", many);
  CHECK(payloads.size() > 1);
  std::size_t total = 0;
  for (const auto& p : payloads) {
    CHECK(p.size() < 8'000);
    total += announced(p, "host-b").size();
  }
  CHECK(total == 2'000);
}
