// The DingTalk adapter against the outgoing robot sample and a computed sign vector.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "bot/platforms/dingtalk/dingtalk.hpp"
#include "tests/bot/platforms/platform_test_support.hpp"

using namespace linli;
using namespace linli::bot;
using namespace linli::testing;

TEST_CASE("dingtalk checks sign within an hour and reads the outgoing robot sample",
          "[platforms][dingtalk]") {
  const auto p = platforms::make_dingtalk(
      with_env({{"LINLI_DINGTALK_APP_SECRET", "this_is_a_made_up_app_secret"}}));
  REQUIRE(p);
  const std::string sign = "H2aS9N3FjJ1UcB2BxMD5hpvqXXxssDGwtqvcp+lCPi8=";
  auto signed_post = [](const std::string& ts, const std::string& s) {
    return post("{}", {{"timestamp", ts}, {"sign", s}});
  };
  const std::int64_t at = 1577262236757;
  CHECK(status_of([&] { p->verify(signed_post("1577262236757", sign), at); }) == 200);
  // Each (timestamp, sign) pair is accepted once: a second adapter sees it fresh.
  const auto later = platforms::make_dingtalk(
      with_env({{"LINLI_DINGTALK_APP_SECRET", "this_is_a_made_up_app_secret"}}));
  CHECK(status_of([&] { later->verify(signed_post("1577262236757", sign), at + 3'599'000); }) ==
        200);
  CHECK(status_of([&] { p->verify(signed_post("1577262236757", sign), at + 3'601'000); }) == 401);
  CHECK(status_of([&] { p->verify(signed_post("1577262236758", sign), at); }) == 401);
  CHECK(status_of([&] { p->verify(signed_post("1577262236757", flip_one_byte(sign, 3)), at); }) ==
        401);

  const auto in =
      p->parse(post(fixture("dingtalk/official_doc_outgoing_robot_group_message.json")), 7);
  REQUIRE(in.message);
  CHECK(in.message->chat == chat_ref{"dingtalk", "xxx"});
  CHECK(in.message->delivery_id == "msg0xxxxx");
  CHECK(in.message->from.id == "user123");
  CHECK(in.message->from.name == "杨xx");
  CHECK(in.message->from.role == platform_role::admin);
  CHECK(in.message->text == " 你好");  // DingTalk has already taken the robot's @ out
  CHECK(in.message->addressed);
  CHECK(in.message->route == "https://oapi.dingtalk.com/robot/sendBySession?session=xxxxx");
  CHECK(in.message->sent_at == 1613630252);
}

TEST_CASE("dingtalk refuses a replayed sign and a timestamp from the future",
          "[platforms][dingtalk]") {
  const auto p = platforms::make_dingtalk(
      with_env({{"LINLI_DINGTALK_APP_SECRET", "this_is_a_made_up_app_secret"}}));
  const std::string sign = "H2aS9N3FjJ1UcB2BxMD5hpvqXXxssDGwtqvcp+lCPi8=";
  const auto signed_post = [&] {
    return post("{}", {{"timestamp", "1577262236757"}, {"sign", sign}});
  };
  const std::int64_t at = 1577262236757;
  CHECK(status_of([&] { p->verify(signed_post(), at - 61'000); }) == 401);  // a minute ahead
  CHECK(status_of([&] { p->verify(signed_post(), at - 59'000); }) == 200);
  CHECK(status_of([&] { p->verify(signed_post(), at); }) == 401);  // the same pair again
  CHECK(status_of([&] { p->verify(signed_post(), at + 1'000); }) == 401);
}
