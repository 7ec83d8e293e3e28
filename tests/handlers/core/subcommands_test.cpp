#include "handlers/core/subcommands.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <stdexcept>

#include "storage/open.hpp"

using namespace linli;
using namespace linli::handlers;

namespace {

// One message's context, for calling a table directly.
struct call {
  std::unique_ptr<storage::store> store = storage::open(":memory:");
  policy rules;
  envelope message;
  storage::chat_settings settings;

  call() {
    message.chat = {"generic", "g1"};
    message.from = {"u1", "u1", platform_role::member};
    rules.chats["g1"].leads["配送"] = {"generic:lead"};
  }

  std::string run(const subcommands& table, std::string_view args,
                  platform_role role = platform_role::member, const std::string& id = "u1") {
    message.from = {id, id, role};
    context ctx{message, *store, settings, args, rules, &time_zone::shanghai()};
    const replies out = table(ctx);
    REQUIRE(out.size() == 1);
    return out.front().text;
  }
};

// Each entry echoes its name and the rest it was given.
subcommand_fn echo(std::string name) {
  return [name](context&, std::string_view rest) {
    return replies{{name + "[" + std::string(rest) + "]"}};
  };
}

subcommands demo() {
  return subcommands{"demo",
                     {{{"add", "新增", "加"}, role::resident, echo("add")},
                      {{"close", "结束"}, role::lead, echo("close")},
                      {{"purge"}, role::coordinator, echo("purge")}},
                     [](context&, std::string_view args) {
                       return replies{{"usage[" + std::string(args) + "]"}};
                     }};
}

}  // namespace

TEST_CASE("the first word picks the entry by any of its words, folded", "[subcommands]") {
  call c;
  const subcommands table = demo();
  CHECK(c.run(table, "add 3号楼 配送") == "add[3号楼 配送]");
  CHECK(c.run(table, "ADD 3号楼") == "add[3号楼]");  // case folds
  CHECK(c.run(table, "ａｄｄ x") == "add[x]");       // full width folds
  CHECK(c.run(table, "新增 x") == "add[x]");
  CHECK(c.run(table, "加\n第二行") == "add[第二行]");  // a newline ends the word
  CHECK(c.run(table, "加　x　y") == "add[x　y]");      // so does the ideographic space
  CHECK(c.run(table, "  add   x  ") == "add[x]");      // the rest is trimmed
  CHECK(c.run(table, "add") == "add[]");
}

TEST_CASE("anything else goes to the fallback with the whole text", "[subcommands]") {
  call c;
  const subcommands table = demo();
  CHECK(c.run(table, "") == "usage[]");
  CHECK(c.run(table, "adding x") == "usage[adding x]");  // a word, not a prefix
  CHECK(c.run(table, "明天") == "usage[明天]");
  CHECK(c.run(table, "x add") == "usage[x add]");
}

TEST_CASE("an entry's least role is checked before it runs", "[subcommands]") {
  call c;
  const subcommands table = demo();
  // The default refusal is the dispatcher's own (core.denied), naming the subcommand.
  const auto denied = [](storage::language lang, const char* command, const char* who) {
    return message(lang, "core.denied", {{"command", command}, {"who", message(lang, who)}});
  };
  CHECK(c.run(table, "close 3") ==
        denied(storage::language::zh, "demo close", "core.denied.leads"));
  CHECK(c.run(table, "结束 3", platform_role::member, "lead") == "close[3]");
  CHECK(c.run(table, "purge", platform_role::member, "lead") ==
        denied(storage::language::zh, "demo purge", "core.denied.coordinators"));
  CHECK(c.run(table, "purge", platform_role::admin) == "purge[]");
  c.settings.lang = storage::language::en;
  CHECK(c.run(table, "close") == denied(storage::language::en, "demo close", "core.denied.leads"));
  const subcommands own_refusal{
      "demo",
      {{{"purge"}, role::coordinator, echo("purge")}},
      echo("usage"),
      [](context&, const subcommand& e) { return replies{{"no " + e.words.front()}}; }};
  CHECK(c.run(own_refusal, "purge") == "no purge");
}

TEST_CASE("a table is a dispatcher command's handler", "[subcommands]") {
  call c;
  const handler_fn run = demo();
  context ctx{c.message, *c.store, c.settings, "add x", c.rules, &time_zone::shanghai()};
  CHECK(run(ctx) == replies{{"add[x]"}});
}

TEST_CASE("a table refuses words it could never match, or twice", "[subcommands]") {
  const auto usage = echo("usage");
  const auto make = [&](std::vector<subcommand> entries) {
    return subcommands{"demo", std::move(entries), usage};
  };
  CHECK_THROWS_AS(
      make({{{"add"}, role::resident, echo("a")}, {{"add"}, role::resident, echo("b")}}),
      std::logic_error);
  CHECK_THROWS_AS(make({{{"add", "新增", "add"}, role::resident, echo("a")}}), std::logic_error);
  CHECK_THROWS_AS(make({{{"Add"}, role::resident, echo("a")}}), std::logic_error);  // not folded
  CHECK_THROWS_AS(make({{{"ａdd"}, role::resident, echo("a")}}), std::logic_error);
  CHECK_THROWS_AS(make({{{"add x"}, role::resident, echo("a")}}), std::logic_error);
  CHECK_THROWS_AS(make({{{""}, role::resident, echo("a")}}), std::logic_error);
  CHECK_THROWS_AS(make({{{}, role::resident, echo("a")}}), std::logic_error);
  CHECK_THROWS_AS(make({{{"add"}, role::resident, {}}}), std::logic_error);
  CHECK_THROWS_AS((subcommands{"demo", {}, {}}), std::logic_error);
  CHECK_NOTHROW(make({{{"add", "新增"}, role::resident, echo("a")}}));
}

TEST_CASE("first_word splits off the first word as folded and as written", "[subcommands]") {
  const first_word_split s = first_word("  Save 日常 明天\n各区");
  CHECK(s.word == "save");
  CHECK(s.as_written == "Save");
  CHECK(s.rest == "日常 明天\n各区");
  CHECK(first_word("").word.empty());
  CHECK(first_word("").rest.empty());
  CHECK(first_word("一个词").rest.empty());
  CHECK(first_word("一个词").word == "一个词");
}
