// The platform table: which platforms are on, and platforms.<name> checked against each one.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "bot/platforms/platform.hpp"
#include "tests/bot/platforms/platform_test_support.hpp"

using namespace linli;
using namespace linli::bot;
using namespace linli::testing;

TEST_CASE("platforms are enabled by their credentials", "[platforms]") {
  const auto none = make_platforms(config::config{});
  CHECK(none.all().size() == 1);
  CHECK(none.find("generic"));
  CHECK_FALSE(none.find("telegram"));
  const auto some = make_platforms(
      with_env({{"LINLI_TELEGRAM_TOKEN", "1:a"}, {"LINLI_SLACK_SIGNING_SECRET", "s"}}));
  CHECK(some.find("telegram"));
  CHECK(some.find("slack"));
  CHECK_FALSE(some.find("feishu"));
}

TEST_CASE("platforms.<name> is checked against each platform's capabilities at start",
          "[platforms]") {
  auto build = [](const std::string& text) { return make_platforms(config::parse(text)); };
  // An unknown platform, an option a platform does not take, an answer it cannot give: each an
  // error naming the key, raised before anything is served.
  CHECK_THROWS_AS(build(R"({"platforms": {"wechat": {}}})"), config::config_error);
  CHECK_THROWS_WITH(build(R"({"platforms": {"wechat": {}}})"),
                    Catch::Contains("unknown configuration key 'platforms.wechat'") &&
                        Catch::Contains("telegram, onebot, slack, feishu, dingtalk"));
  CHECK_THROWS_WITH(
      build(R"({"platforms": {"slack": {"answer": "webhook"}}})"),
      Catch::Contains(R"(platforms.slack.answer: "webhook" is not supported by slack)"));
  CHECK_THROWS_WITH(build(R"({"platforms": {"feishu": {"answer": "webhook"}}})"),
                    Catch::Contains("not supported by feishu"));
  CHECK_THROWS_WITH(build(R"({"platforms": {"onebot": {"bot_username": "x"}}})"),
                    Catch::Contains("'platforms.onebot.bot_username' is not an option of onebot"));
  CHECK_THROWS_WITH(build(R"({"platforms": {"generic": {"answer": "api"}}})"),
                    Catch::Contains("'platforms.generic.answer' is not an option of generic"));
  // Checked whether or not the platform's credentials are set.
  CHECK_NOTHROW(build(R"({"platforms": {"telegram": {"answer": "webhook", "bot_username": "b"},
                                        "onebot": {"answer": "webhook"},
                                        "dingtalk": {"answer": "webhook"},
                                        "slack": {"answer": "api"}, "feishu": {}}})"));
}

TEST_CASE("each platform in the table declares its capabilities", "[platforms]") {
  for (const platform_entry& entry : platform_table()) {
    const auto p = entry.make(config::config{});
    REQUIRE(p);
    CHECK(p->name() == entry.name);
    const capabilities& caps = p->capabilities();
    CHECK(&caps == &p->capabilities());  // one declaration, not built per call
    CHECK(p->limits().length.max == caps.limits.length.max);
    // Only generic is on without credentials.
    CHECK(caps.enabled_by.empty() == (entry.name == "generic"));
  }
  CHECK(platform_table().front().name == "generic");
}
