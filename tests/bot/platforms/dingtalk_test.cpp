// The DingTalk adapter against the outgoing robot sample and a computed sign vector.

#include <catch2/catch.hpp>
#include <chrono>
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
  // The session webhook with its expiry: the chat's route for what linli sends on its own.
  CHECK(in.message->route ==
        "session:1613635652738:https://oapi.dingtalk.com/robot/sendBySession?session=xxxxx");
  CHECK(in.message->route_reaches_chat);
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

TEST_CASE("dingtalk sends on its own only through a valid session webhook or the OpenAPI",
          "[platforms][dingtalk]") {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  std::string kept;
  platform_services services;
  services.robot_key = [&kept](const chat_ref&) -> std::optional<std::string> {
    if (kept.empty()) return std::nullopt;
    return kept;
  };
  const auto p = platforms::make_dingtalk(with_env({{"LINLI_DINGTALK_APP_SECRET", "s"}}), services);
  outbound_message m;
  m.chat = {"dingtalk", "cid1"};

  // Nothing kept, no app key: the message waits (a new message to the robot brings a route).
  delivery d = p->send(m, "提醒");
  CHECK(d.result == delivery::outcome::retry);
  CHECK(d.error.find("LINLI_DINGTALK_APP_KEY") != std::string::npos);

  // An expired webhook is not used, the message's own or the chat's.
  kept = "session:" + std::to_string(now - 1000) + ":https://oapi.dingtalk.com/robot/x";
  m.route = kept;
  CHECK(p->send(m, "提醒").result == delivery::outcome::retry);

  // A valid one that is not DingTalk's is refused without a call.
  m.route = "session:" + std::to_string(now + 3'600'000) + ":https://evil.example/robot";
  d = p->send(m, "提醒");
  CHECK(d.result == delivery::outcome::give_up);
  CHECK(d.error.find("not a DingTalk URL") != std::string::npos);
}
