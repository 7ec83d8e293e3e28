#include "handlers/core/core_commands.hpp"

#include <catch2/catch.hpp>

#include "handlers/core/dispatcher.hpp"
#include "handlers/core/messages.hpp"
#include "tests/support.hpp"

using namespace linli;
using namespace linli::handlers;

namespace {

using group = testing::chat_fixture;

std::string only_reply(const outcome& o) {
  REQUIRE(o.answers.size() == 1);
  return o.answers[0].text;
}

// A command's summary in `lang`: every command names its line in the catalogue.
std::string summary_of(const command& c, storage::language lang) {
  REQUIRE_FALSE(c.summary.empty());
  return message(lang, c.summary);
}

// The /help line a command should have in `lang`: its name, its summary, who may use it.
std::string help_line(const command& c, storage::language lang) {
  const bool en = lang == storage::language::en;
  const std::string who = c.need == role::coordinator ? (en ? " (coordinators)" : "（协调员）")
                          : c.need == role::lead
                              ? (en ? " (leads, coordinators)" : "（组长、协调员）")
                              : "";
  return "/" + c.name + "  " + summary_of(c, lang) + who;
}

}  // namespace

TEST_CASE("/help lists every command with its summary, in both languages", "[core_commands]") {
  for (const auto lang : {storage::language::zh, storage::language::en}) {
    const bool en = lang == storage::language::en;
    INFO((en ? "en" : "zh"));
    group g;
    if (en) g.say("boss", "/lang en", true);
    std::string expected = en ? "linli commands:" : "邻里助手可用命令：";
    for (const command& c : g.bot.commands()) {
      INFO(c.name);
      CHECK_FALSE(summary_of(c, lang).empty());
      expected += "\n" + help_line(c, lang);
    }
    CHECK(only_reply(g.say("u", "/help")) == expected);
    // The aliases and a bare 帮助 give the same list.
    CHECK(only_reply(g.say("u", "/帮助")) == expected);
    CHECK(only_reply(g.say("u", "帮助")) == expected);
    CHECK(only_reply(g.say("u", "help")) == expected);
  }
}

TEST_CASE("/help names every feature's commands, each once", "[core_commands]") {
  group g;
  const std::string help = only_reply(g.say("u", "/help"));
  for (const char* line :
       {"\n/help  查看命令列表", "\n/ping  检查机器人是否在线",
        "\n/lang  切换回复语言：/lang zh 或 /lang en（协调员）", "\n/roster  查看当前接龙名单",
        "\n/requests  查看待办需求（药品和急需优先，每页 20 条：/requests 2 看第 2 页）",
        "\n/tally  需求统计：/tally building|item|category（协调员）",
        "\n/report  每日汇总（上报街道）（协调员）"}) {
    INFO(line);
    CHECK_THAT(help, Catch::Contains(line));
  }
  for (const command& c : g.bot.commands()) {
    const std::string start = "\n/" + c.name + "  ";
    INFO(c.name);
    const auto first = help.find(start);
    CHECK(first != std::string::npos);
    CHECK(help.find(start, first + 1) == std::string::npos);
  }
}

TEST_CASE("help in a sentence is chatter, not a request for the list", "[core_commands]") {
  group g;
  CHECK(g.say("u", "帮助一下隔壁老人").kind == "chatter");
  CHECK(g.say("u", "help me carry this").kind == "chatter");
}

TEST_CASE("/ping answers in the chat's language", "[core_commands]") {
  group g;
  CHECK(only_reply(g.say("u", "/ping")) == "在线 ✅");
  g.say("boss", "/lang en", true);
  CHECK(only_reply(g.say("u", "/ping")) == "pong ✅");
}

TEST_CASE("/lang switches the reply language and stores it", "[core_commands]") {
  group g;
  CHECK(only_reply(g.say("boss", "/lang en", true)) == "This chat now gets replies in English.");
  CHECK(g.store->load_chat(g.chat).lang == storage::language::en);
  CHECK(only_reply(g.say("boss", "/lang 中文", true)) == "本群已切换为中文回复。");
  CHECK(g.store->load_chat(g.chat).lang == storage::language::zh);
  for (const char* english : {"/lang english", "/语言 英文", "/language 英语", "/lang ＥＮ"}) {
    INFO(english);
    g.say("boss", "/lang zh", true);
    g.say("boss", english, true);
    CHECK(g.store->load_chat(g.chat).lang == storage::language::en);
  }
  for (const char* chinese : {"/lang cn", "/lang chinese", "/lang zh"}) {
    INFO(chinese);
    g.say("boss", "/lang en", true);
    g.say("boss", chinese, true);
    CHECK(g.store->load_chat(g.chat).lang == storage::language::zh);
  }
}

TEST_CASE("/lang without a known language explains itself and changes nothing", "[core_commands]") {
  group g;
  CHECK(only_reply(g.say("boss", "/lang", true)) == "用法：/lang zh（中文）或 /lang en（English）");
  CHECK(only_reply(g.say("boss", "/lang klingon", true)) ==
        "用法：/lang zh（中文）或 /lang en（English）");
  CHECK(g.store->load_chat(g.chat).lang == storage::language::zh);
  g.say("boss", "/lang en", true);
  CHECK(only_reply(g.say("boss", "/lang klingon", true)) ==
        "Usage: /lang zh (中文) or /lang en (English)");
  CHECK(g.store->load_chat(g.chat).lang == storage::language::en);
}

TEST_CASE("/lang and /tz are for coordinators", "[core_commands]") {
  group g;
  const auto lang = g.say("resident", "/lang en");
  CHECK(lang.kind == "denied");
  CHECK(only_reply(lang) == "/lang 只有协调员（群管理员或配置中指定的人）可以使用。");
  const auto tz = g.say("resident", "/tz Europe/Berlin");
  CHECK(tz.kind == "denied");
  CHECK(only_reply(tz) == "/tz 只有协调员（群管理员或配置中指定的人）可以使用。");
  CHECK(g.store->load_chat(g.chat).lang == storage::language::zh);
  CHECK(g.store->load_chat(g.chat).time_zone.empty());
}

TEST_CASE("/tz shows, sets and keeps the chat's time zone", "[core_commands]") {
  group g;
  CHECK(only_reply(g.say("boss", "/tz", true)) ==
        "本群时区：Asia/Shanghai。修改：/tz Asia/Shanghai");
  CHECK(only_reply(g.say("boss", "/tz Europe/Berlin", true)) ==
        "本群时区已设为 Europe/Berlin，日期和时间按此计算。");
  CHECK(g.store->load_chat(g.chat).time_zone == "Europe/Berlin");
  CHECK(only_reply(g.say("boss", "/时区", true)) ==
        "本群时区：Europe/Berlin。修改：/tz Asia/Shanghai");
  g.say("boss", "/lang en", true);
  CHECK(only_reply(g.say("boss", "/timezone America/New_York", true)) ==
        "This chat's time zone is now America/New_York; dates and times follow it.");
  CHECK(only_reply(g.say("boss", "/tz", true)) ==
        "This chat's time zone: America/New_York. To change it: /tz Europe/Berlin");
}

TEST_CASE("/tz refuses a zone it does not know and keeps the old one", "[core_commands]") {
  group g;
  g.say("boss", "/tz Europe/Berlin", true);
  CHECK(only_reply(g.say("boss", "/tz Mars/Base", true)) ==
        "不认识时区「Mars/Base」，请用 IANA 名称，如 Asia/Shanghai。");
  CHECK(g.store->load_chat(g.chat).time_zone == "Europe/Berlin");
  g.say("boss", "/lang en", true);
  CHECK(only_reply(g.say("boss", "/tz UTC+8", true)) ==
        "Unknown time zone \"UTC+8\"; use an IANA name such as Asia/Shanghai.");
  CHECK(g.store->load_chat(g.chat).time_zone == "Europe/Berlin");
}

TEST_CASE("the chat's time zone decides when its deadlines fall", "[core_commands]") {
  // 2022-11-22 18:01 in Shanghai is 11:01 in Berlin: 21:00 there is ten hours away, today.
  group g;
  g.say("boss", "/tz Europe/Berlin", true);
  const auto opened = g.say("boss", "/chain new 送菜 截止21:00", true);
  REQUIRE_FALSE(opened.answers.empty());
  CHECK_THAT(opened.answers[0].text, Catch::Contains("截止 21:00"));
  const auto c = g.store->latest_chain(g.chat);
  REQUIRE(c);
  REQUIRE(c->deadline_ms);
  CHECK(*c->deadline_ms == 1669147200000);  // 2022-11-22 20:00 UTC
}
