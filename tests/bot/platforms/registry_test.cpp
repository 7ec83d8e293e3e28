// The platform table: which platforms are on, and platforms.<name> checked against each one.

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "bot/platforms/platform.hpp"
#include "tests/bot/platforms/platform_test_support.hpp"

using namespace linli;
using namespace linli::bot;
using namespace linli::testing;

TEST_CASE("platforms are enabled by their credentials", "[platforms]") {
  // Nothing configured: generic is the one webhook, and it needs its secret.
  auto dev = config::config{};
  dev.insecure_dev = true;
  const auto none = make_platforms(dev);
  CHECK(none.all().size() == 1);
  CHECK(none.find("generic"));
  CHECK_FALSE(none.find("telegram"));
  const auto signed_generic = make_platforms(with_env({{"LINLI_GENERIC_SECRET", "g"}}));
  CHECK(signed_generic.all().size() == 1);
  CHECK(signed_generic.find("generic")->authenticates());
  const auto some = make_platforms(with_env({{"LINLI_TELEGRAM_TOKEN", "1:a"},
                                             {"LINLI_TELEGRAM_SECRET", "t"},
                                             {"LINLI_SLACK_SIGNING_SECRET", "s"}}));
  CHECK(some.find("telegram"));
  CHECK(some.find("slack"));
  CHECK_FALSE(some.find("feishu"));
  // generic is no longer always on: only by its own variables (or --insecure-dev).
  CHECK_FALSE(some.find("generic"));
}

TEST_CASE("an enabled webhook without its secret stops the start, naming the variable",
          "[platforms]") {
  CHECK_THROWS_WITH(make_platforms(config::config{}), Catch::Contains("generic webhook") &&
                                                          Catch::Contains("LINLI_GENERIC_SECRET") &&
                                                          Catch::Contains("--insecure-dev"));
  // A send credential alone no longer turns an unauthenticated webhook on.
  CHECK_THROWS_WITH(make_platforms(with_env({{"LINLI_TELEGRAM_TOKEN", "1:a"}})),
                    Catch::Contains("telegram webhook is enabled (by LINLI_TELEGRAM_TOKEN)") &&
                        Catch::Contains("LINLI_TELEGRAM_SECRET is not set"));
  CHECK_THROWS_WITH(make_platforms(with_env({{"LINLI_GENERIC_OUTBOUND_URL", "http://x"}})),
                    Catch::Contains("LINLI_GENERIC_SECRET"));
  CHECK_THROWS_WITH(
      make_platforms(with_env({{"LINLI_FEISHU_APP_ID", "a"}, {"LINLI_FEISHU_APP_SECRET", "b"}})),
      Catch::Contains("LINLI_FEISHU_ENCRYPT_KEY or LINLI_FEISHU_VERIFICATION_TOKEN"));
  const std::map<std::string, std::string> send_only = {
      {"LINLI_ONEBOT_API_BASE", "http://x"},
      {"LINLI_SLACK_BOT_TOKEN", "x"},
      {"LINLI_DINGTALK_API_BASE", "http://x"},
      {"LINLI_WECOM_AES_KEY", "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt"},
      {"LINLI_ONEBOT12_API_BASE", "http://x"}};
  for (const auto& [var, value] : send_only) {
    CAPTURE(var);
    CHECK_THROWS_AS(make_platforms(with_env({{"LINLI_GENERIC_SECRET", "g"}, {var, value}})),
                    config::config_error);
  }
  // --insecure-dev serves them, unauthenticated (so their roles will not count).
  auto dev = with_env(send_only);
  dev.insecure_dev = true;
  const auto served = make_platforms(dev);
  CHECK(served.all().size() == 6);  // generic too
  for (const auto& p : served.all()) CHECK_FALSE(p->authenticates());
}

TEST_CASE("platforms.<name> is checked against each platform's capabilities at start",
          "[platforms]") {
  auto build = [](const std::string& text) {
    config::config c = config::parse(text);
    c.insecure_dev = true;  // these are about the options, not the secrets
    return make_platforms(c);
  };
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
    const auto p = entry.make(config::config{}, {});
    REQUIRE(p);
    CHECK(p->name() == entry.name);
    const capabilities& caps = p->capabilities();
    CHECK(&caps == &p->capabilities());  // one declaration, not built per call
    CHECK(p->limits().length.max == caps.limits.length.max);
    // Each is turned on by credentials and names the secrets that authenticate its webhook,
    // which turn it on too.
    CHECK_FALSE(caps.enabled_by.empty());
    CHECK_FALSE(caps.verified_by.empty());
    for (const std::string& var : caps.verified_by) {
      CHECK(std::find(caps.enabled_by.begin(), caps.enabled_by.end(), var) !=
            caps.enabled_by.end());
    }
    CHECK_FALSE(p->authenticates());
  }
  CHECK(platform_table().front().name == "generic");
}
