#include "config/config.hpp"

#include <catch2/catch.hpp>
#include <fstream>

#include "tests/support.hpp"

using namespace linli;

TEST_CASE("config defaults are sensible without a file", "[config]") {
  const auto c = config::load(std::nullopt, {}, {});
  CHECK(c->server.listen == "127.0.0.1");
  CHECK(c->server.port == 8080);
  CHECK(c->server.body_limit == 256 * 1024);
  CHECK(c->storage.synchronous == "full");
  CHECK_FALSE(c->env.generic_secret);
  CHECK_FALSE(c->env.api_token);
}

TEST_CASE("config reads every documented key", "[config]") {
  const auto c = config::parse(R"({
    "server": {"listen": "0.0.0.0", "port": 9000, "io_threads": 4, "read_timeout_ms": 500,
               "header_limit": 4096, "body_limit": 65536, "max_connections": 10,
               "drain_timeout_ms": 100},
    "storage": {"path": "/var/lib/linli/linli.db", "synchronous": "normal", "max_batch": 64},
    "log_level": "debug"})");
  CHECK(c.server.listen == "0.0.0.0");
  CHECK(c.server.port == 9000);
  CHECK(c.server.io_threads == 4);
  CHECK(c.server.read_timeout_ms == 500);
  CHECK(c.server.header_limit == 4096);
  CHECK(c.server.body_limit == 65536);
  CHECK(c.server.max_connections == 10);
  CHECK(c.server.drain_timeout_ms == 100);
  CHECK(c.storage.path == "/var/lib/linli/linli.db");
  CHECK(c.storage.synchronous == "normal");
  CHECK(c.storage.max_batch == 64);
  CHECK(c.log_level == "debug");
}

TEST_CASE("storage.url names the database as storage.path does", "[config]") {
  const auto c = config::parse(R"({"storage": {"url": "postgresql://linli@db.example/linli"}})");
  CHECK(c.storage.path == "postgresql://linli@db.example/linli");
}

TEST_CASE("config errors name the offending key", "[config]") {
  CHECK_THROWS_WITH(config::parse(R"({"server": {"prot": 80}})"),
                    Catch::Contains("unknown configuration key 'server.prot'"));
  CHECK_THROWS_WITH(config::parse(R"({"colour": "red"})"),
                    Catch::Contains("unknown configuration key 'colour'"));
  CHECK_THROWS_WITH(config::parse(R"({"server": {"port": "80"}})"),
                    Catch::Contains("'server.port' must be an integer"));
  CHECK_THROWS_WITH(config::parse(R"({"server": {"port": 70000}})"),
                    Catch::Contains("'server.port'"));
  CHECK_THROWS_WITH(config::parse(R"({"storage": {"synchronous": "sometimes"}})"),
                    Catch::Contains("'storage.synchronous' must be one of: off, normal, full"));
  CHECK_THROWS_WITH(config::parse(R"({"server": []})"), Catch::Contains("'server' must be"));
  CHECK_THROWS_WITH(config::parse("{not json"), Catch::Contains("not valid JSON"));
}

TEST_CASE("config secrets come from the environment, not the file", "[config]") {
  CHECK_THROWS_WITH(config::parse(R"({"api_token": "x"})"), Catch::Contains("'api_token'"));
  const auto c =
      config::load(std::nullopt, {}, {{"LINLI_GENERIC_SECRET", "s3cret"}, {"LINLI_API_TOKEN", ""}});
  CHECK(c->env.generic_secret == "s3cret");
  CHECK_FALSE(c->env.api_token);  // empty means unset
}

TEST_CASE("config flags override the file", "[config]") {
  testing::temp_dir dir;
  const auto path = dir.file("linli.json");
  std::ofstream(path) << R"({"server": {"port": 9000, "listen": "0.0.0.0"}})";
  const auto c = config::load(path, {.port = 0, .db_path = "x.db"}, {});
  CHECK(c->server.port == 0);
  CHECK(c->server.listen == "0.0.0.0");
  CHECK(c->storage.path == "x.db");
  CHECK_THROWS_WITH(config::load(path, {.port = 70000}, {}), Catch::Contains("--port"));
  CHECK_THROWS_WITH(config::load(dir.file("missing.json"), {}, {}),
                    Catch::Contains("cannot read configuration file"));
}

TEST_CASE("config file errors say which file", "[config]") {
  testing::temp_dir dir;
  const auto path = dir.file("bad.json");
  std::ofstream(path) << R"({"storage": {"max_batch": 0}})";
  CHECK_THROWS_WITH(config::load(path, {}, {}),
                    Catch::Contains("bad.json") && Catch::Contains("'storage.max_batch'"));
}

TEST_CASE("config reads roles, shifts and the scheduler strictly", "[config]") {
  const auto c = config::parse(R"({
    "time_zone": "Europe/Berlin",
    "roles": {"coordinators": ["telegram:boss"],
              "chats": {"g1": {"coordinators": ["generic:u1"],
                               "leads": {"配送": ["onebot:u5", "onebot12:u6"]}}}},
    "shifts": {"max_hours": 6, "confirm_at": "19:30", "confirm_by": "06:45", "remind_minutes": 15},
    "scheduler": {"tick_seconds": 5, "manual_clock": true}
  })");
  CHECK(c.time_zone == "Europe/Berlin");
  CHECK(c.roles.coordinators == std::vector<std::string>{"telegram:boss"});
  CHECK(c.roles.chats.at("g1").leads.at("配送") ==
        std::vector<std::string>{"onebot:u5", "onebot12:u6"});
  CHECK(c.shifts.max_hours == 6);
  CHECK(c.shifts.confirm_at == "19:30");
  CHECK(c.shifts.min_rest_minutes == 30);  // default kept
  CHECK(c.scheduler.manual_clock);
  CHECK_THROWS_WITH(config::parse(R"({"shifts": {"confirm_at": "25:00"}})"),
                    Catch::Contains("'shifts.confirm_at'"));
  CHECK_THROWS_WITH(config::parse(R"({"roles": {"chats": {"g1": {"leeds": {}}}}})"),
                    Catch::Contains("'roles.chats.g1.leeds'"));
  CHECK_THROWS_WITH(config::parse(R"({"roles": {"coordinators": [1]}})"),
                    Catch::Contains("'roles.coordinators'"));
  CHECK_THROWS_WITH(config::parse(R"({"scheduler": {"manual_clock": "yes"}})"),
                    Catch::Contains("true or false"));
}

TEST_CASE("configured role ids must name their platform", "[config]") {
  // The old un-namespaced form is refused at start, naming the key and the fix.
  CHECK_THROWS_WITH(config::parse(R"({"roles": {"coordinators": ["12345"]}})"),
                    Catch::Contains("'roles.coordinators'") && Catch::Contains("'12345'") &&
                        Catch::Contains("telegram:12345"));
  CHECK_THROWS_WITH(
      config::parse(R"({"roles": {"chats": {"g1": {"coordinators": ["u1"]}}}})"),
      Catch::Contains("'roles.chats.g1.coordinators'") && Catch::Contains("namespaced"));
  CHECK_THROWS_WITH(config::parse(R"({"roles": {"chats": {"g1": {"leads": {"配送": ["u5"]}}}}})"),
                    Catch::Contains("'roles.chats.g1.leads.配送'"));
  CHECK_THROWS_AS(config::parse(R"({"roles": {"coordinators": [":12345"]}})"),
                  config::config_error);
  CHECK_THROWS_AS(config::parse(R"({"roles": {"coordinators": ["telegram:"]}})"),
                  config::config_error);
  CHECK_THROWS_AS(config::parse(R"({"roles": {"coordinators": ["Tele Gram:1"]}})"),
                  config::config_error);
  // A colon inside the platform's own id is kept (Slack and Feishu ids have none; bridges may).
  CHECK(config::parse(R"({"roles": {"coordinators": ["generic:a:b"]}})").roles.coordinators ==
        std::vector<std::string>{"generic:a:b"});
}

TEST_CASE("the flag --insecure-dev is carried into the configuration", "[config]") {
  CHECK_FALSE(config::load(std::nullopt, {}, {})->insecure_dev);
  CHECK(config::load(std::nullopt, {.insecure_dev = true}, {})->insecure_dev);
}

TEST_CASE("config reads platform options strictly; credentials only from LINLI_*", "[config]") {
  const auto c = config::parse(
      R"({"platforms": {"telegram": {"answer": "webhook", "bot_username": "linli_bot"},
                        "slack": {"answer": "api"}}})");
  CHECK(c.platforms.at("telegram").answer == "webhook");
  CHECK(c.platforms.at("telegram").bot_username == "linli_bot");
  CHECK(c.platforms.at("slack").answer == "api");
  CHECK(c.platforms.at("telegram").given == std::vector<std::string>{"answer", "bot_username"});
  // Which platform exists and takes which option is the platforms' to say: the registry checks
  // that at start (tests/bot/platforms/registry_test.cpp). Here: the options' names and types.
  CHECK_THROWS_WITH(config::parse(R"({"platforms": {"telegram": {"token": "123:abc"}}})"),
                    Catch::Contains("unknown configuration key 'platforms.telegram.token'"));
  CHECK_THROWS_WITH(config::parse(R"({"platforms": {"slack": {"answer": "sometimes"}}})"),
                    Catch::Contains("'platforms.slack.answer' must be one of: api, webhook"));
  CHECK_THROWS_WITH(
      config::parse(R"({"platforms": {"telegram": {"bot_username": 7}}})"),
      Catch::Contains("'platforms.telegram.bot_username' must be a non-empty string"));
  CHECK_THROWS_WITH(config::parse(R"({"platforms": {"telegram": []}})"),
                    Catch::Contains("'platforms.telegram' must be a JSON object"));
  CHECK_THROWS_WITH(config::parse(R"({"platforms": []})"),
                    Catch::Contains("'platforms' must be an object by platform"));

  const auto loaded = config::load(
      std::nullopt, {}, {{"LINLI_TELEGRAM_TOKEN", "123:abc"}, {"LINLI_SLACK_BOT_TOKEN", ""}});
  CHECK(loaded->env.get("LINLI_TELEGRAM_TOKEN") == std::optional<std::string>("123:abc"));
  CHECK_FALSE(loaded->env.get("LINLI_SLACK_BOT_TOKEN"));  // empty is unset
}
