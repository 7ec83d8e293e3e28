#include "handlers/core/dispatcher.hpp"

#include <catch2/catch.hpp>
#include <limits>

#include "storage/open.hpp"

using namespace linli;
using handlers::outcome;

namespace {

struct chat_fixture {
  std::unique_ptr<storage::store> store = storage::open(":memory:");
  handlers::dispatcher dispatcher;

  outcome say(const std::string& text, platform_role role = platform_role::member) {
    envelope e;
    e.chat = {"generic", "g1"};
    e.delivery_id = "m";
    e.from = {"u1", "张三", role};
    e.text = text;
    return dispatcher.handle(e, *store);
  }
};

std::string only_reply(const outcome& o) {
  REQUIRE(o.answers.size() == 1);
  return o.answers[0].text;
}

}  // namespace

TEST_CASE("dispatcher answers /ping", "[dispatcher]") {
  chat_fixture chat;
  const auto o = chat.say("/ping");
  CHECK(o.kind == "command");
  CHECK(only_reply(o) == "在线 ✅");
}

TEST_CASE("dispatcher reads commands in full-width, traditional or addressed forms",
          "[dispatcher]") {
  chat_fixture chat;
  CHECK(chat.say("／ＰＩＮＧ").kind == "command");
  CHECK(chat.say("  /ping@linli_bot  ").kind == "command");
  CHECK(chat.say("/幫助").kind == "command");  // traditional alias of /帮助
  CHECK_THAT(only_reply(chat.say("/help")), Catch::Contains("/ping"));
}

TEST_CASE("dispatcher stores chatter without a reply", "[dispatcher]") {
  chat_fixture chat;
  for (const char* text : {"谢谢志愿者们！", "", "   ", "今天几点送菜？", "\xff\xfe junk"}) {
    const auto o = chat.say(text);
    CHECK(o.kind == "chatter");
    CHECK(o.answers.empty());
  }
}

TEST_CASE("dispatcher answers an unknown command helpfully", "[dispatcher]") {
  chat_fixture chat;
  auto o = chat.say("/hlep");
  CHECK(o.kind == "unknown_command");
  CHECK_THAT(only_reply(o), Catch::Contains("/hlep") && Catch::Contains("/help 吗"));

  o = chat.say("/xyzzy plugh");
  CHECK_THAT(only_reply(o), Catch::Contains("/xyzzy") && !Catch::Contains("您是想用"));

  o = chat.say("/" + std::string(10000, 'a'));  // junk stays short and cheap
  CHECK(only_reply(o).size() < 300);
}

TEST_CASE("dispatcher keeps coordinator commands for coordinators", "[dispatcher]") {
  chat_fixture chat;
  auto o = chat.say("/lang en");
  CHECK(o.kind == "denied");
  CHECK_THAT(only_reply(o), Catch::Contains("协调员"));
  CHECK(chat.store->load_chat({"generic", "g1"}).lang == storage::language::zh);
}

TEST_CASE("dispatcher switches a chat's language with /lang", "[dispatcher]") {
  chat_fixture chat;
  CHECK_THAT(only_reply(chat.say("/lang en", platform_role::admin)), Catch::Contains("English"));
  CHECK(chat.store->load_chat({"generic", "g1"}).lang == storage::language::en);
  CHECK_THAT(only_reply(chat.say("/help")), Catch::Contains("linli commands"));
  CHECK_THAT(only_reply(chat.say("/nope")), Catch::Contains("Unknown command"));
  CHECK_THAT(only_reply(chat.say("/lang 中文", platform_role::admin)), Catch::Contains("中文"));
  CHECK_THAT(only_reply(chat.say("/lang klingon", platform_role::admin)), Catch::Contains("用法"));
}

TEST_CASE("dispatcher answers a bare 帮助 keyword but not a sentence", "[dispatcher]") {
  chat_fixture chat;
  CHECK(chat.say("帮助").kind == "keyword");
  CHECK(chat.say("幫助").kind == "keyword");
  CHECK(chat.say("帮助一下隔壁老人").kind == "chatter");
}

TEST_CASE("dispatcher refuses a command name registered twice", "[dispatcher]") {
  handlers::dispatcher d;
  CHECK_THROWS_AS(
      d.add(handlers::command{.name = "ping", .run = [](handlers::context&) { return replies{}; }}),
      std::logic_error);
}

TEST_CASE("roles come from the platform and from configuration", "[dispatcher]") {
  handlers::policy rules;
  rules.coordinators = {"generic:boss", "telegram:u2"};
  rules.chats["g1"].coordinators = {"generic:u1"};
  rules.chats["g1"].leads["配送"] = {"generic:lead-1"};
  handlers::dispatcher bot(rules);
  auto store = storage::open(":memory:");
  auto say = [&](const std::string& who, const std::string& chat, const std::string& text) {
    envelope e;
    e.chat = {"generic", chat};
    e.delivery_id = "m";
    e.from = {who, who, platform_role::member};
    e.text = text;
    return bot.handle(e, *store);
  };
  CHECK(say("boss", "elsewhere", "/lang en").kind == "command");  // global coordinator
  CHECK(say("u1", "g1", "/lang zh").kind == "command");           // this chat's coordinator
  const auto other_chat = say("u1", "g2", "/lang en");
  CHECK(other_chat.kind == "denied");
  const auto lead = say("lead-1", "g1", "/lang en");
  CHECK(lead.kind == "denied");
  CHECK_THAT(only_reply(lead), Catch::Contains("只有协调员") && Catch::Contains("/lang"));
  // Ids are namespaced by platform: telegram's u2 is no one on generic.
  CHECK(say("u2", "g1", "/lang en").kind == "denied");
}

TEST_CASE("/tz sets the chat's time zone and refuses unknown ones", "[dispatcher]") {
  chat_fixture chat;
  CHECK_THAT(only_reply(chat.say("/tz", platform_role::admin)), Catch::Contains("Asia/Shanghai"));
  CHECK_THAT(only_reply(chat.say("/tz Mars/Base", platform_role::admin)),
             Catch::Contains("不认识时区"));
  CHECK(chat.say("/tz Europe/Berlin").kind == "denied");
  CHECK_THAT(only_reply(chat.say("/tz Europe/Berlin", platform_role::admin)),
             Catch::Contains("Europe/Berlin"));
  CHECK(chat.store->load_chat({"generic", "g1"}).time_zone == "Europe/Berlin");
  CHECK_THAT(only_reply(chat.say("/tz", platform_role::admin)), Catch::Contains("Europe/Berlin"));
}

TEST_CASE("a message's time is the platform's when plausible, and never overflows",
          "[dispatcher]") {
  envelope e;
  e.received_at_ms = 1'700'000'000'000;
  e.sent_at = 1'699'999'000;  // 1000 s earlier: a redelivery keeps the time it was written
  CHECK(handlers::message_time_ms(e) == 1'699'999'000'000);
  e.sent_at = 1'700'000'000 + 3600;  // an hour in the future: the clock is wrong
  CHECK(handlers::message_time_ms(e) == e.received_at_ms);
  e.sent_at = 1'700'000'000 - 2 * 86'400;  // older than a day
  CHECK(handlers::message_time_ms(e) == e.received_at_ms);
  for (const std::int64_t wild : {std::numeric_limits<std::int64_t>::max(),
                                  std::numeric_limits<std::int64_t>::min(), std::int64_t{0}}) {
    e.sent_at = wild;  // multiplied by 1000 these would overflow
    CHECK(handlers::message_time_ms(e) == e.received_at_ms);
  }
}
