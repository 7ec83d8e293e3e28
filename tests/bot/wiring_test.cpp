#include "bot/wiring.hpp"

#include <catch2/catch.hpp>

#include "bot/pipeline/apply.hpp"
#include "handlers/chains/chain.hpp"
#include "handlers/core/dispatcher.hpp"
#include "storage/open.hpp"
#include "tests/support.hpp"

using namespace linli;

TEST_CASE("policy_of takes roles, time zone, shift rules and bot names from the configuration",
          "[wiring]") {
  config::config cfg = config::parse(R"({
    "time_zone": "Asia/Urumqi",
    "roles": {"coordinators": ["generic:boss"],
              "chats": {"g1": {"coordinators": ["telegram:c1"],
                               "leads": {"配送": ["generic:l1", "generic:l2"]}}}},
    "shifts": {"max_hours": 6, "min_rest_minutes": 45, "confirm_at": "19:30",
               "confirm_by": "06:45", "remind_minutes": 15},
    "platforms": {"telegram": {"bot_username": "@Linli_Bot"}}
  })");
  const handlers::policy p = bot::policy_of(cfg);
  CHECK(p.time_zone == "Asia/Urumqi");
  CHECK(p.coordinators == std::set<std::string>{"generic:boss"});
  CHECK(p.chats.at("g1").coordinators == std::set<std::string>{"telegram:c1"});
  CHECK(p.chats.at("g1").leads.at("配送") == std::set<std::string>{"generic:l1", "generic:l2"});
  CHECK(p.shifts.max_minutes_per_day == 360);
  CHECK(p.shifts.min_rest_minutes == 45);
  CHECK(p.shifts.confirm_ask == handlers::clock_time{19, 30});
  CHECK(p.shifts.confirm_by == handlers::clock_time{6, 45});
  CHECK(p.shifts.remind_before_minutes == 15);
  CHECK(p.bot_names == std::set<std::string>{"linli_bot"});

  cfg.time_zone = "Mars/Olympus";
  CHECK_THROWS_AS(bot::policy_of(cfg), config::config_error);
}

TEST_CASE("policy_of refuses a role id whose platform linli does not speak", "[wiring]") {
  const config::config cfg =
      config::parse(R"({"roles": {"chats": {"g1": {"leads": {"配送": ["telgram:1"]}}}}})");
  CHECK_THROWS_WITH(bot::policy_of(cfg), Catch::Contains("'roles.chats.g1.leads.配送'") &&
                                             Catch::Contains("'telgram' is not a platform"));
}

TEST_CASE("policy_of of the default configuration is the handlers' default policy", "[wiring]") {
  const handlers::policy p = bot::policy_of(config::config{});
  const handlers::policy d;
  CHECK(p.time_zone == d.time_zone);
  CHECK(p.coordinators.empty());
  CHECK(p.chats.empty());
  CHECK(p.bot_names.empty());
  CHECK(p.shifts.max_minutes_per_day == d.shifts.max_minutes_per_day);
  CHECK(p.shifts.min_rest_minutes == d.shifts.min_rest_minutes);
  CHECK(p.shifts.confirm_ask == d.shifts.confirm_ask);
  CHECK(p.shifts.confirm_by == d.shifts.confirm_by);
  CHECK(p.shifts.remind_before_minutes == d.shifts.remind_before_minutes);
}

TEST_CASE("replay_databases handles the messages under the configuration's roles", "[wiring]") {
  testing::temp_dir dir;
  config::config cfg;
  cfg.roles.coordinators = {"generic:boss"};
  {
    // The live server: boss coordinates by configuration alone (a plain member on the platform).
    const handlers::dispatcher live(bot::policy_of(cfg));
    auto source = storage::open(dir.file("live.db"));
    std::int64_t t = 1669111200000;
    for (const auto& [who, text] : std::vector<std::pair<std::string, std::string>>{
             {"阿A", "#接龙 明日核酸\n限2人\n\n1. 阿A"},
             {"阿B", "#接龙 明日核酸\n限2人\n\n1. 阿A\n2. 阿B"},
             {"boss", "/chain cap 1"}}) {
      envelope e;
      e.chat = {"generic", "g1"};
      e.delivery_id = "m" + std::to_string(t);
      e.from = {who, who, platform_role::member};
      e.text = text;
      e.received_at_ms = (t += 60'000);
      storage::transaction tx(*source);
      bot::apply_message(*source, live, e);
      tx.commit();
    }
  }
  auto capacity = [&](const std::string& file) {
    auto s = storage::open(dir.file(file), {.read_only = true});
    return s->latest_chain({"generic", "g1"})->capacity;
  };
  REQUIRE(capacity("live.db") == 1);

  const auto with = bot::replay_databases(cfg, dir.file("live.db"), dir.file("with.db"));
  CHECK(with.messages == 3);
  CHECK(with.changed_replies == 0);
  CHECK(capacity("with.db") == 1);

  // Without the roles, the coordinator's command is refused: what `linli replay` did before it
  // read the configuration.
  const auto without =
      bot::replay_databases(config::config{}, dir.file("live.db"), dir.file("without.db"));
  CHECK(without.changed_replies == 1);
  CHECK(capacity("without.db") == 2);
}
