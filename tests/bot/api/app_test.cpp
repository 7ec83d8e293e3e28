#include "bot/api/app.hpp"

#include <catch2/catch.hpp>
#include <future>
#include <nlohmann/json.hpp>

#include "bot/metrics.hpp"
#include "bot/pipeline/ingest.hpp"
#include "bot/pipeline/outbox.hpp"
#include "bot/pipeline/reader.hpp"
#include "bot/platforms/signature.hpp"
#include "storage/open.hpp"
#include "tests/support.hpp"

using namespace linli;
using namespace linli::bot;
using json = nlohmann::json;

namespace {

// The routes over a real database file, called directly: no sockets.
struct app_fixture {
  explicit app_fixture(config::secrets secrets = {}) : cfg(with_secrets(std::move(secrets))) {}

  // Without a generic secret the routes are served as under --insecure-dev (the signature and
  // the start-up refusal have tests of their own).
  static std::shared_ptr<const config::config> with_secrets(config::secrets secrets) {
    auto c = std::make_shared<config::config>();
    c->insecure_dev = !secrets.generic_secret;
    c->env = std::move(secrets);
    return c;
  }

  http_response call(http_request request) {
    std::promise<http_response> answer;
    routes.handle(std::move(request), responder([&](responder::make_fn make) {
                    answer.set_value(responder::build(make));
                  }));
    return answer.get_future().get();
  }

  http_response post(const std::string& body,
                     std::vector<std::pair<std::string, std::string>> headers = {
                         {"content-type", "application/json"}}) {
    return call(
        {.method = "POST", .target = "/v1/webhook/generic", .headers = headers, .body = body});
  }

  testing::temp_dir dir;
  std::shared_ptr<const config::config> cfg;
  std::unique_ptr<storage::store> store = storage::open(dir.file("app.db"));
  handlers::dispatcher dispatcher;
  metrics stats;
  platform_registry platforms = make_platforms(*cfg);
  outbox box{[this](const envelope& message, const replies& answers) {
    const platform* p = platforms.find(message.chat.platform);
    return p ? outbox_rows(*p, message, answers) : std::vector<outbound_message>{};
  }};
  ingest writer{*store, dispatcher, box, stats, 64};
  reader queries{storage::open(dir.file("app.db"), {.read_only = true})};
  std::vector<outbound_message> handed;  // what the app gave the senders
  app routes{{.config = cfg,
              .platforms = platforms,
              .writer = writer,
              .queries = queries,
              .stats = stats,
              .rules = dispatcher.rules(),
              .now_ms = [] { return std::int64_t{1669000000000}; },
              .send =
                  [this](std::vector<outbound_message> m) {
                    handed.insert(handed.end(), m.begin(), m.end());
                  }}};
};

const std::string ping = R"({"chat_id": "g1", "message_id": "m1", "sender": {"id": "u1"},
                             "text": "/ping"})";

}  // namespace

TEST_CASE("app answers health and metrics", "[app]") {
  app_fixture f;
  const auto health = f.call({.method = "GET", .target = "/healthz"});
  CHECK(health.status == 200);
  const auto body = json::parse(health.body);
  CHECK(body["status"] == "ok");
  CHECK(body["database"] == "ok");
  f.post(ping);
  const auto m = f.call({.method = "GET", .target = "/metrics"});
  CHECK(m.status == 200);
  CHECK_THAT(m.content_type, Catch::StartsWith("text/plain"));
  CHECK_THAT(m.body, Catch::Contains("linli_messages_stored_total 1"));
}

TEST_CASE("app answers unknown routes 404 and wrong methods 405", "[app]") {
  app_fixture f;
  const auto missing = f.call({.method = "GET", .target = "/nope"});
  CHECK(missing.status == 404);
  CHECK(json::parse(missing.body)["error"] == "no such route: GET /nope");
  CHECK(f.call({.method = "GET", .target = "/v1/webhook/generic"}).status == 405);
}

TEST_CASE("app stores a generic webhook message and replays it on redelivery", "[app]") {
  app_fixture f;
  const auto first = f.post(ping);
  REQUIRE(first.status == 200);
  const auto body = json::parse(first.body);
  CHECK(body["duplicate"] == false);
  CHECK(body["replies"] == json::array({{{"text", "在线 ✅"}}}));

  const auto again = json::parse(f.post(ping).body);
  CHECK(again["duplicate"] == true);
  CHECK(again["replies"] == body["replies"]);
}

TEST_CASE("app answers a platform's message through the outbox, once", "[app][platforms]") {
  config::secrets env;
  env.vars = {{"LINLI_TELEGRAM_SECRET", "s3cret"}};
  app_fixture f(env);
  const std::vector<outbound_message>& handed = f.handed;
  auto update = [&](const std::string& secret) {
    return f.call({.method = "POST",
                   .target = "/v1/webhook/telegram",
                   .headers = {{"content-type", "application/json"},
                               {"x-telegram-bot-api-secret-token", secret}},
                   .body = R"({"update_id": 77, "message": {"message_id": 5, "date": 1669000000,
                       "chat": {"id": -1009876543210, "type": "supergroup"},
                       "from": {"id": 42, "first_name": "小林"}, "text": "/ping@linli_bot"}})"});
  };
  CHECK(update("wrong").status == 401);
  CHECK(handed.empty());
  const auto first = update("s3cret");
  REQUIRE(first.status == 200);
  CHECK(json::parse(first.body) == json{{"ok", true}});  // the answer goes through sendMessage
  REQUIRE(handed.size() == 1);
  CHECK(handed[0].chat == chat_ref{"telegram", "-1009876543210"});
  CHECK(handed[0].text == "在线 ✅");
  CHECK(handed[0].reply_to == "5");
  CHECK(handed[0].id > 0);
  // Telegram redelivers an update it thinks was lost: stored once, answered once.
  CHECK(update("s3cret").status == 200);
  CHECK(handed.size() == 1);
  CHECK(f.store->pending_outbound().size() == 1);
  CHECK(f.call({.method = "POST", .target = "/v1/webhook/slack", .body = "{}"}).status == 404);
  // Counted by platform; a platform that is not enabled does not make a label of its own.
  const std::string metrics = f.call({.method = "GET", .target = "/metrics"}).body;
  CHECK_THAT(metrics, Catch::Contains("route=\"/v1/webhook/telegram\",status=\"401\""));
  CHECK_THAT(metrics, Catch::Contains("route=\"/v1/webhook/{platform}\",status=\"404\""));
}

TEST_CASE("app maps bad webhook requests to precise statuses", "[app]") {
  app_fixture f;
  CHECK(f.post(ping, {{"content-type", "text/plain"}}).status == 415);
  CHECK(f.post(ping, {}).status == 415);
  CHECK(f.post(ping, {{"content-type", "Application/JSON; charset=utf-8"}}).status == 200);
  const auto bad = f.post("{\"chat_id\": ");
  CHECK(bad.status == 400);
  CHECK_THAT(json::parse(bad.body)["error"].get<std::string>(), Catch::Contains("JSON"));
}

TEST_CASE("app checks the generic signature when a secret is set", "[app]") {
  app_fixture f({.generic_secret = "s3cret"});
  const std::string good = "sha256=" + hmac_sha256_hex("s3cret", ping);
  CHECK(f.post(ping).status == 401);
  CHECK(f.post(ping, {{"content-type", "application/json"}, {"x-linli-signature", "sha256=00"}})
            .status == 401);
  CHECK(f.post(ping, {{"content-type", "application/json"}, {"x-linli-signature", good}}).status ==
        200);
  // Authentication comes before any look at the body.
  CHECK(f.post("junk", {{"content-type", "application/json"}}).status == 401);
}

TEST_CASE("app read API needs the bearer token", "[app]") {
  app_fixture closed;
  CHECK(closed.call({.method = "GET", .target = "/v1/chats/g1/messages"}).status == 401);

  app_fixture f({.api_token = "tok"});
  CHECK(f.call({.method = "GET", .target = "/v1/chats/g1/messages"}).status == 401);
  CHECK(f.call({.method = "GET",
                .target = "/v1/chats/g1/messages",
                .headers = {{"authorization", "Bearer wrong"}}})
            .status == 401);
}

TEST_CASE("app read API lists a chat's messages, filtered and paged", "[app]") {
  app_fixture f({.api_token = "tok"});
  f.post(ping);
  f.post(R"({"chat_id": "g 1", "message_id": "m2", "sender": {"id": "u2", "name": "李四"},
             "text": "谢谢大家"})");
  f.post(R"({"chat_id": "g 1", "message_id": "m3", "sender": {"id": "u2"}, "text": "/ping"})");
  const std::vector<std::pair<std::string, std::string>> auth = {{"authorization", "Bearer tok"}};

  auto r =
      f.call({.method = "GET", .target = "/v1/chats/g%201/messages?kind=chatter", .headers = auth});
  REQUIRE(r.status == 200);
  auto body = json::parse(r.body);
  REQUIRE(body["messages"].size() == 1);
  CHECK(body["messages"][0]["text"] == "谢谢大家");
  CHECK(body["messages"][0]["sender"]["name"] == "李四");
  CHECK(body["messages"][0]["received_at_ms"] == 1669000000000);
  CHECK(body["next_before"].is_null());

  r = f.call({.method = "GET", .target = "/v1/chats/g%201/messages?limit=1", .headers = auth});
  body = json::parse(r.body);
  REQUIRE(body["messages"].size() == 1);
  CHECK(body["messages"][0]["message_id"] == "m3");
  CHECK(body["next_before"].is_number());

  CHECK(f.call({.method = "GET", .target = "/v1/chats/g1/messages?limit=0", .headers = auth})
            .status == 400);
  CHECK(f.call({.method = "GET", .target = "/v1/chats/g1/messages?limit=x", .headers = auth})
            .status == 400);
}

TEST_CASE("app read API serves the chat's chain as JSON and CSV", "[app]") {
  app_fixture f({.api_token = "tok"});
  const std::vector<std::pair<std::string, std::string>> auth = {{"authorization", "Bearer tok"}};
  CHECK(f.call({.method = "GET", .target = "/v1/chats/g1/chain", .headers = auth}).status == 404);

  const json post = {{"chat_id", "g1"},
                     {"message_id", "c1"},
                     {"sender", {{"id", "u1"}, {"name", "阿A"}}},
                     {"text", "#接龙 明日核酸\n限1人\n\n1. 阿A 1号楼 上午\n2. 阿B, \"2号楼\""}};
  REQUIRE(f.post(post.dump()).status == 200);

  const auto r = f.call({.method = "GET", .target = "/v1/chats/g1/chain", .headers = auth});
  REQUIRE(r.status == 200);
  const auto body = json::parse(r.body);
  CHECK(body["title"] == "明日核酸");
  CHECK(body["closed"] == false);
  CHECK(body["capacity"] == 1);
  REQUIRE(body["entries"].size() == 2);
  CHECK(body["entries"][0] == json{{"position", 1},
                                   {"name", "阿A"},
                                   {"detail", "1号楼 上午"},
                                   {"slot", "上午"},
                                   {"status", "confirmed"},
                                   {"sender_id", "u1"},
                                   {"registered_by", nullptr}});
  CHECK(body["entries"][1]["status"] == "waitlist");

  const auto csv =
      f.call({.method = "GET", .target = "/v1/chats/g1/chain?format=csv", .headers = auth});
  REQUIRE(csv.status == 200);
  CHECK_THAT(csv.content_type, Catch::StartsWith("text/csv"));
  CHECK_THAT(csv.body,
             Catch::StartsWith("\xEF\xBB\xBFposition,name,detail,slot,status,sender_id,"
                               "registered_by\r\n1,阿A,1号楼 上午,上午,confirmed,u1,\r\n"));
  CHECK_THAT(csv.body, Catch::Contains("2,阿B,\"\"\"2号楼\"\"\",,waitlist,u1,\r\n"));
  CHECK(f.call({.method = "GET", .target = "/v1/chats/g1/chain?format=xml", .headers = auth})
            .status == 400);
}

TEST_CASE("app read API names the bad query parameter in its 400", "[app]") {
  app_fixture f({.api_token = "tok"});
  const std::vector<std::pair<std::string, std::string>> auth = {{"authorization", "Bearer tok"}};
  auto error = [&](const std::string& target) {
    const auto r = f.call({.method = "GET", .target = target, .headers = auth});
    CHECK(r.status == 400);
    return json::parse(r.body)["error"].get<std::string>();
  };
  CHECK(error("/v1/chats/g1/requests?status=lost") ==
        "'status' must be open, claimed, bought, delivered or cancelled");
  CHECK(error("/v1/chats/g1/tally?by=colour") == "'by' must be building, item or category");
  CHECK(error("/v1/chats/g1/tally?format=xlsx") == "'format' must be json or csv");
  CHECK(error("/v1/chats/g1/tasks?date=tomorrow") == "'date' must be a date as YYYY-MM-DD");
  CHECK(error("/v1/chats/g1/assignments") == "'date' is required: ?date=YYYY-MM-DD");
  CHECK(error("/v1/chats/g1/messages?limit=1001") == "'limit' must be an integer from 1 to 1000");
  CHECK(error("/v1/chats/g1/messages?before=-1") ==
        "'before' must be an integer from 0 to 9223372036854775807");
}

TEST_CASE("app read API serves requests, tallies and tasks from the views", "[app]") {
  app_fixture f({.api_token = "tok"});
  const std::vector<std::pair<std::string, std::string>> auth = {{"authorization", "Bearer tok"}};
  REQUIRE(f.post(R"({"chat_id": "g1", "message_id": "r1", "sender": {"id": "王阿姨"},
                     "text": "3号楼2单元501 需要 硝苯地平 2盒 59.9元 急"})")
              .status == 200);
  auto get = [&](const std::string& target, std::vector<std::pair<std::string, std::string>> h) {
    h.insert(h.end(), auth.begin(), auth.end());
    const auto r = f.call({.method = "GET", .target = target, .headers = h});
    REQUIRE(r.status == 200);
    return r;
  };
  const auto requests = json::parse(get("/v1/chats/g1/requests?status=open", {}).body);
  REQUIRE(requests["requests"].size() == 1);
  CHECK(requests["requests"][0]["amount_cents"] == 5990);
  // Accept: text/csv asks for CSV as ?format=csv does.
  const auto csv = get("/v1/chats/g1/tally?by=item", {{"accept", "text/csv"}});
  CHECK(csv.content_type == "text/csv; charset=utf-8");
  CHECK(csv.body ==
        "\xEF\xBB\xBFkey,requests,amount_cents,quantity,unit\r\n硝苯地平,1,5990,2,盒\r\n");
  CHECK(json::parse(get("/v1/chats/g1/tally?format=json", {}).body)["total"] ==
        json{{"requests", 1}, {"amount_cents", 5990}});
  // The app's clock says 2022-11-21 (Shanghai): today's tasks, of which there are none.
  CHECK(json::parse(get("/v1/chats/g1/tasks", {}).body) == json{{"tasks", json::array()}});
  CHECK(json::parse(get("/v1/chats/g1/assignments?date=2022-11-21", {}).body) ==
        json{{"date", "2022-11-21"}, {"assignments", json::array()}, {"unfilled", json::array()}});
}

TEST_CASE("app's test clock route runs the tick it was built with", "[app]") {
  app_fixture off({.api_token = "tok"});
  const std::vector<std::pair<std::string, std::string>> auth = {{"authorization", "Bearer tok"}};
  CHECK(off.call({.method = "POST",
                  .target = "/v1/admin/clock",
                  .headers = auth,
                  .body = R"({"now": 1669000000})"})
            .status == 404);

  app_fixture f({.api_token = "tok"});
  std::int64_t ticked = 0;
  app manual{{.config = f.cfg,
              .platforms = f.platforms,
              .writer = f.writer,
              .queries = f.queries,
              .stats = f.stats,
              .rules = f.dispatcher.rules(),
              .now_ms = [] { return std::int64_t{0}; },
              .manual_tick =
                  [&](std::int64_t now_ms, auto done) {
                    ticked = now_ms;
                    done(true, 2);
                  }}};
  auto call = [&](http_request request) {
    std::promise<http_response> answer;
    manual.handle(std::move(request), responder([&](responder::make_fn make) {
                    answer.set_value(responder::build(make));
                  }));
    return answer.get_future().get();
  };
  CHECK(call({.method = "POST", .target = "/v1/admin/clock", .body = R"({"now": 1})"}).status ==
        401);
  CHECK(
      call({.method = "POST", .target = "/v1/admin/clock", .headers = auth, .body = "{}"}).status ==
      400);
  const auto r = call({.method = "POST",
                       .target = "/v1/admin/clock",
                       .headers = auth,
                       .body = R"({"now": 1669000000})"});
  CHECK(r.status == 200);
  CHECK(json::parse(r.body) == json{{"messages", 2}});
  CHECK(ticked == 1669000000000);
}
