#include "handlers/core/messages.hpp"

#include <catch2/catch.hpp>

using linli::handlers::catalogue_keys;
using linli::handlers::catalogue_problems;
using linli::handlers::message;
using linli::storage::language;

TEST_CASE(
    "the catalogue has every key in every language, translations with exactly the zh placeholders",
    "[messages]") {
  const auto problems = catalogue_problems();
  for (const auto& p : problems) UNSCOPED_INFO(p);
  CHECK(problems.empty());
  CHECK(catalogue_keys().size() > 10);
}

TEST_CASE("a message is looked up by key in the chat's language", "[messages]") {
  CHECK(message(language::zh, "core.ping") == "在线 ✅");
  CHECK(message(language::en, "core.ping") == "pong ✅");
}

TEST_CASE("placeholders are filled by name, in any order", "[messages]") {
  CHECK(message(language::zh, "core.denied", {{"who", "协调员"}, {"command", "chain"}}) ==
        "/chain 只有协调员可以使用。");
  CHECK(message(language::en, "core.denied", {{"command", "chain"}, {"who", "coordinators"}}) ==
        "Only coordinators can use /chain.");
}

TEST_CASE("a missing key or a missing value is a programming error", "[messages]") {
  CHECK_THROWS_AS(message(language::zh, "core.no_such_key"), std::logic_error);
  CHECK_THROWS_AS(message(language::zh, "core.denied", {{"who", "x"}}), std::logic_error);
}

TEST_CASE("every key is prefixed with its feature's folder", "[messages]") {
  for (const std::string& key : catalogue_keys()) {
    const auto dot = key.find('.');
    REQUIRE(dot != std::string::npos);
    const std::string feature = key.substr(0, dot);
    CHECK((feature == "core" || feature == "chains" || feature == "requests" ||
           feature == "tasks" || feature == "report" || feature == "text" || feature == "offers"));
  }
}
