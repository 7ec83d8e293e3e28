// Micro-benchmarks of linli's own work, without HTTP: each prints the median of several rounds.
// Usage: linli_micro [filter]   (runs the benchmarks whose name contains filter)

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/metrics.hpp"
#include "bot/pipeline/ingest.hpp"
#include "bot/platforms/platform.hpp"
#include "bot/platforms/signature.hpp"
#include "handlers/chains/chain.hpp"
#include "handlers/core/dispatcher.hpp"
#include "handlers/core/local_time.hpp"
#include "handlers/report/report.hpp"
#include "handlers/requests/request_parser.hpp"
#include "handlers/tasks/assignment.hpp"

#include "storage/open.hpp"

using namespace linli;
using clock_type = std::chrono::steady_clock;

namespace {

// Runs `round` (which does `per_round` operations) several times; prints the median per operation
// and returns it.
double report(const char* name, int rounds, int per_round, const std::function<void(int)>& round) {
  std::vector<double> micros;
  for (int r = 0; r < rounds; ++r) {
    const auto start = clock_type::now();
    round(r);
    micros.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - start).count() /
                     per_round);
  }
  std::sort(micros.begin(), micros.end());
  std::printf("%-44s median %9.2f us/op  (min %.2f, max %.2f, %d rounds x %d)\n", name,
              micros[micros.size() / 2], micros.front(), micros.back(), rounds, per_round);
  return micros[micros.size() / 2];
}

envelope message(int round, int i) {
  envelope e;
  e.chat = {"generic", "chat-" + std::to_string(i % 1000)};
  e.delivery_id = "r" + std::to_string(round) + "-" + std::to_string(i);
  e.from = {"u" + std::to_string(i % 5000), "居民", platform_role::member};
  static const char* texts[] = {"/ping", "今天辛苦志愿者们了，谢谢！",
                                "3号楼2单元501 需要 硝苯地平 2盒", "/hlep", "收到"};
  e.text = texts[i % 5];
  return e;
}

// The writer alone: submit a burst of messages and wait for every commit.
void ingest_benchmark(storage::sync_mode sync, const char* name) {
  const auto dir = std::filesystem::temp_directory_path() / "linli-micro";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto store = storage::open((dir / "micro.db").string(), {.synchronous = sync});
  handlers::dispatcher dispatcher;
  bot::metrics stats;
  const bot::outbox box;  // generic answers in the webhook: no outbox rows
  bot::ingest writer(*store, dispatcher, box, stats, 512);
  constexpr int per_round = 20'000;
  report(name, 5, per_round, [&](int round) {
    std::vector<std::promise<void>> done(per_round);
    for (int i = 0; i < per_round; ++i) {
      writer.submit(message(round, i), [&d = done[i]](bot::ingest_result) { d.set_value(); });
    }
    for (auto& d : done) d.get_future().wait();
  });
  writer.stop();
  std::filesystem::remove_all(dir);
}

// A 500-entry chain as people paste it, plus `extra` lines.
std::string chain_text(int entries, int extra) {
  std::string text = "#接龙 明日核酸点志愿者\n11月23日 截止21:00\n例 张三 3号楼 上午\n\n";
  for (int i = 1; i <= entries + extra; ++i) {
    text.append(std::to_string(i)).append(". 志愿者").append(std::to_string(i)).append(" ");
    text.append(std::to_string(i % 40 + 1)).append(i % 2 ? "号楼 上午\n" : "号楼 下午\n");
  }
  return text;
}

// Parsing a copy and merging it into a 500-entry chain, in memory.
void chain_merge_benchmark() {
  chain canonical;
  const auto base = handlers::parse_chain(chain_text(500, 0));
  std::int64_t id = 0;
  for (const auto& e : base->entries) {
    canonical.entries.push_back(
        handlers::make_entry(e.text, {"u" + std::to_string(id), "x", {}}, 0));
    canonical.entries.back().id = ++id;
  }
  const std::string copy = chain_text(500, 1);
  constexpr int per_round = 200;
  std::size_t added = 0;
  report("chain/parse+merge copy into 500 entries", 7, per_round, [&](int) {
    for (int i = 0; i < per_round; ++i) {
      const auto parsed = handlers::parse_chain(copy);
      added += handlers::merge_copy(canonical, *parsed, {"new", "new", {}}, 0).added.size();
    }
  });
  if (added == 0) std::printf("unexpected: nothing merged\n");
}

// The whole message: load the chain from SQLite, parse, merge, store the new line, render the
// reply; one transaction per message as the writer would (without its group commit).
void chain_post_benchmark() {
  const auto dir = std::filesystem::temp_directory_path() / "linli-micro-chain";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto store = storage::open((dir / "chain.db").string(), {.synchronous = storage::sync_mode::off});
  handlers::dispatcher dispatcher;
  int next = 0;
  auto post = [&](const std::string& text) {
    envelope e;
    e.chat = {"generic", "g1"};
    e.delivery_id = std::to_string(++next);
    e.from = {"u" + std::to_string(next), "志愿者", platform_role::member};
    e.text = text;
    storage::transaction tx(*store);
    dispatcher.handle(e, *store);
    tx.commit();
  };
  post(chain_text(500, 0));
  // Each copy adds one new line to the 500 (the chain grows to 600 over the run).
  std::vector<std::string> copies;
  for (int i = 1; i <= 100; ++i)
    copies.push_back(chain_text(500, 0) + "501. 新人" + std::to_string(i) + "\n");
  constexpr int per_round = 20;
  report("chain/post a copy to a 500-entry chain (SQLite)", 5, per_round, [&](int round) {
    for (int i = 0; i < per_round; ++i)
      post(copies[static_cast<std::size_t>(round * per_round + i)]);
  });
  std::size_t loaded = 0;
  report("chain/load a 600-entry chain from SQLite", 5, per_round, [&](int) {
    for (int i = 0; i < per_round; ++i)
      loaded += store->latest_chain({"generic", "g1"})->entries.size();
  });
  if (loaded == 0) std::printf("unexpected: nothing loaded\n");
  std::filesystem::remove_all(dir);
}

// Parsing one request line, over a mix of the forms residents write.
void request_parse_benchmark() {
  const std::vector<std::string> lines = {
      "3号楼2单元501 需要 硝苯地平 2盒",
      "5-1-1202 求购 大米10斤",
      "12栋602 胰岛素 急 需冷藏",
      "七号楼三单元302 需要 布洛芬 两盒 59.9元",
      "3-2-501 需要 蔬菜包 2份 68元/份，鸡蛋30个",
      "谢谢志愿者们！",
  };
  constexpr int per_round = 6000;
  std::size_t parsed = 0;
  report("request/parse a line", 7, per_round, [&](int) {
    for (int i = 0; i < per_round; ++i)
      parsed += handlers::parse_request(lines[i % lines.size()]).has_value();
  });
  if (parsed == 0) std::printf("unexpected: nothing parsed\n");
}

// The daily report for 1,400 households with 5,000 requests: loading them from SQLite and
// rendering, as /report does.
void report_benchmark() {
  const auto dir = std::filesystem::temp_directory_path() / "linli-micro-report";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto store =
      storage::open((dir / "report.db").string(), {.synchronous = storage::sync_mode::off});
  const chat_ref chat{"generic", "community"};
  const std::int64_t day = 1669132800000;
  {
    storage::transaction tx(*store);
    const char* categories[] = {"medicine", "cold_chain", "food", "daily", "other"};
    for (int i = 0; i < 5000; ++i) {
      supply_request r;
      r.chat = chat;
      r.number = i + 1;
      const int household = i % 1400;
      r.requester_id = "h" + std::to_string(household);
      r.requester_name = "居民";
      r.where = address{std::to_string(household / 40 + 1), std::to_string(household % 4 + 1),
                        std::to_string(100 + household % 40)};
      r.items = {{"硝苯地平", 2, "盒", 5990}, {"大米", 10, "斤", std::nullopt}};
      r.category = categories[i % 5];
      r.urgent = i % 7 == 0;
      r.status = static_cast<request_status>(i % 5);
      r.text = "3-2-501 需要 硝苯地平 2盒 大米10斤";
      r.message_id = std::to_string(i);
      r.created_ms = r.updated_ms = day + i * 10'000;
      store->insert_request(r);
    }
    tx.commit();
  }
  std::size_t bytes = 0;
  report("report/daily for 5,000 requests (SQLite)", 7, 1, [&](int) {
    handlers::report_data data;
    data.day_start_ms = handlers::local_day_start(day + 1, handlers::time_zone::shanghai());
    data.requests = store->list_requests(chat);
    bytes += handlers::render_report(data, storage::language::zh).size();
  });
  std::printf("%-44s %zu bytes of report text\n", "", bytes / 7);
  std::filesystem::remove_all(dir);
}

// The day's rota: 300 volunteers (slots, groups, yesterday's zones) over 120 posts.
void assignment_benchmark() {
  const char* slots[] = {"上午", "下午", "全天"};
  const char* groups[] = {"配送", "秩序", "消杀", "采购", "药品"};
  std::vector<handlers::post> posts;
  for (int i = 0; i < 120; ++i) {
    const int start = (7 + i % 12) * 60;
    posts.push_back({i + 1,
                     std::to_string(i % 20 + 1) + "号楼",
                     std::string(groups[i % 5]),
                     {start, start + 120},
                     1 + i % 4,
                     {}});
  }
  std::vector<handlers::candidate> people;
  for (int i = 0; i < 300; ++i) {
    handlers::candidate c;
    c.id = "v" + std::to_string(i);
    c.name = c.id;
    c.slot = slots[i % 3];
    if (i % 2) c.group = groups[i % 5];
    if (i % 3 == 0) c.yesterday_zone = std::to_string(i % 20 + 1) + "号楼";
    people.push_back(std::move(c));
  }
  std::size_t placed = 0;
  report("assign/300 volunteers x 120 posts", 9, 1,
         [&](int) { placed = handlers::assign(posts, people, {}).placements.size(); });
  std::printf("%-44s %zu places filled\n", "", placed);
}

// Each platform's adapter on one realistic signed group message: verify on the raw bytes, then
// parse into an envelope. The reference is parsing the same generic body as JSON and nothing else.
void adapter_benchmark() {
  const std::string text = "3号楼2单元501 需要 硝苯地平 2盒 59.9元 急，谢谢志愿者！";
  const std::int64_t now_ms = 1669000000000;
  const std::string ts = "1669000000";
  const auto form = [](std::initializer_list<std::pair<std::string, std::string>> h) {
    std::vector<std::pair<std::string, std::string>> headers(h);
    headers.emplace_back("content-type", "application/json");
    return headers;
  };
  struct sample {
    std::string platform;
    bot::http_request request;
  };
  std::vector<sample> samples;
  config::config cfg;
  cfg.env.generic_secret = "generic-secret";
  cfg.env.vars = {{"LINLI_TELEGRAM_SECRET", "tg-secret"},    {"LINLI_ONEBOT_SECRET", "ob-secret"},
                  {"LINLI_SLACK_SIGNING_SECRET", "sl"},      {"LINLI_FEISHU_ENCRYPT_KEY", "fs-key"},
                  {"LINLI_FEISHU_VERIFICATION_TOKEN", "vt"}, {"LINLI_DINGTALK_APP_SECRET", "dt"}};
  using nlohmann::json;
  {
    const std::string body = json{
        {"chat_id", "g1"},
        {"message_id", "m1"},
        {"sender", {{"id", "u1"}, {"name", "王阿姨"}}},
        {"text", text},
        {"timestamp",
         1669000000}}.dump();
    samples.push_back(
        {"generic",
         {"POST", "/",
          form({{"x-linli-signature", "sha256=" + bot::hmac_sha256_hex("generic-secret", body)}}),
          body}});
  }
  {
    const std::string body = json{
        {"update_id", 900000001},
        {"message",
         {{"message_id", 1365},
          {"date", 1669000000},
          {"chat", {{"id", -1001234567890}, {"type", "supergroup"}, {"title", "3号楼"}}},
          {"from", {{"id", 42}, {"first_name", "王"}, {"last_name", "阿姨"}}},
          {"text", text}}}}.dump();
    samples.push_back(
        {"telegram",
         {"POST", "/", form({{"x-telegram-bot-api-secret-token", "tg-secret"}}), body}});
  }
  {
    const std::string body =
        json{{"time", 1669000000},
             {"self_id", 10001},
             {"post_type", "message"},
             {"message_type", "group"},
             {"message_id", 12},
             {"group_id", 5550001},
             {"user_id", 42},
             {"message", "[CQ:at,qq=10001] " + text},
             {"sender", {{"nickname", "王阿姨"}, {"card", "3号楼 王阿姨"}, {"role", "member"}}}}
            .dump();
    samples.push_back(
        {"onebot",
         {"POST", "/",
          form({{"x-signature", "sha1=" + bot::to_hex(bot::hmac_sha1("ob-secret", body))}}),
          body}});
  }
  {
    const std::string body = json{{"type", "event_callback"},
                                  {"event_id", "Ev0123456"},
                                  {"event_time", 1669000000},
                                  {"event",
                                   {{"type", "message"},
                                    {"channel", "C0LINLI"},
                                    {"user", "U42"},
                                    {"text", text},
                                    {"ts", "1669000000.000100"}}}}
                                 .dump();
    samples.push_back({"slack",
                       {"POST", "/",
                        form({{"x-slack-request-timestamp", ts},
                              {"x-slack-signature",
                               "v0=" + bot::hmac_sha256_hex("sl", "v0:" + ts + ":" + body)}}),
                        body}});
  }
  {
    const std::string body =
        json{{"schema", "2.0"},
             {"header",
              {{"event_id", "5e3702a84e847582be8db7fb73283c02"},
               {"event_type", "im.message.receive_v1"},
               {"token", "vt"}}},
             {"event",
              {{"sender",
                {{"sender_id", {{"open_id", "ou_84aad35d084aa403a838cf73ee18467"}}},
                 {"sender_type", "user"}}},
               {"message",
                {{"message_id", "om_1"},
                 {"chat_id", "oc_1"},
                 {"chat_type", "group"},
                 {"message_type", "text"},
                 {"content", json{{"text", text}}.dump()}}}}}}
            .dump();
    samples.push_back(
        {"feishu",
         {"POST", "/",
          form({{"x-lark-request-timestamp", ts},
                {"x-lark-request-nonce", "n0nce"},
                {"x-lark-signature", bot::to_hex(bot::sha256(ts + "n0nce" + "fs-key" + body))}}),
          body}});
  }
  {
    const std::string body = json{
        {"conversationId", "cid-1"},
        {"msgId", "msg0001"},
        {"senderNick", "王阿姨"},
        {"isAdmin", false},
        {"senderStaffId", "user123"},
        {"conversationType", "2"},
        {"sessionWebhook", "https://oapi.dingtalk.com/robot/sendBySession?session=s1"},
        {"createAt", now_ms},
        {"msgtype", "text"},
        {"text",
         {{"content", text}}}}.dump();
    const std::string stamp = std::to_string(now_ms);
    samples.push_back(
        {"dingtalk",
         {"POST", "/",
          form({{"timestamp", stamp},
                {"sign", bot::base64_encode(bot::hmac_sha256("dt", stamp + "\n" + "dt"))}}),
          body}});
  }

  const bot::platform_registry platforms = bot::make_platforms(cfg);
  constexpr int per_round = 2000;
  std::size_t sink = 0;
  const double reference = report("adapter/reference: JSON parse only", 15, per_round, [&](int) {
    for (int i = 0; i < per_round; ++i) sink += json::parse(samples[0].request.body).size();
  });
  for (const sample& s : samples) {
    const bot::platform* p = platforms.find(s.platform);
    if (!p) {
      std::printf("unexpected: %s not enabled\n", s.platform.c_str());
      continue;
    }
    const std::string name = "adapter/" + s.platform + " (verify + parse)";
    const double median = report(name.c_str(), 15, per_round, [&](int) {
      for (int i = 0; i < per_round; ++i) {
        p->verify(s.request, now_ms);
        sink += p->parse(s.request, now_ms).message->text.size();
      }
    });
    std::printf("%-44s %.1fx the reference\n", "", median / reference);
  }
  if (sink == 0) std::printf("unexpected: nothing parsed\n");
}

}  // namespace

int main(int argc, char** argv) {
  const std::string filter = argc > 1 ? argv[1] : "";
  auto wanted = [&](const char* name) {
    return std::string(name).find(filter) != std::string::npos;
  };
  if (wanted("ingest/sync=off")) ingest_benchmark(storage::sync_mode::off, "ingest/sync=off");
  if (wanted("ingest/sync=full")) ingest_benchmark(storage::sync_mode::full, "ingest/sync=full");
  if (wanted("chain/parse+merge")) chain_merge_benchmark();
  if (wanted("chain/post")) chain_post_benchmark();
  if (wanted("request/parse")) request_parse_benchmark();
  if (wanted("report/daily")) report_benchmark();
  if (wanted("assign/")) assignment_benchmark();
  if (wanted("adapter/")) adapter_benchmark();
}
