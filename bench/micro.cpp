// Micro-benchmarks of linli's own work, without HTTP: each prints the median of several rounds.
// Usage: linli_micro [filter]   (runs the benchmarks whose name contains filter)

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench/micro.hpp"
#include "bot/metrics.hpp"
#include "bot/pipeline/ingest.hpp"
#include "bot/platforms/platform.hpp"
#include "bot/platforms/signature.hpp"
#include "handlers/chains/chain.hpp"
#include "handlers/core/dispatcher.hpp"
#include "handlers/core/local_time.hpp"
#include "handlers/report/report.hpp"
#include "handlers/requests/board_views.hpp"
#include "handlers/requests/request_parser.hpp"
#include "handlers/tasks/assignment.hpp"

#include "storage/open.hpp"

using namespace linli;
using clock_type = std::chrono::steady_clock;
using linli_bench::report;

double linli_bench::report(const char* name, int rounds, int per_round,
                           const std::function<void(int)>& round) {
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

namespace {

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
// `url` names the database (a new SQLite file when empty; PostgreSQL: an empty database).
void ingest_benchmark(storage::sync_mode sync, const char* name, const std::string& url = "") {
  const auto dir = std::filesystem::temp_directory_path() / "linli-micro";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto store =
      storage::open(url.empty() ? (dir / "micro.db").string() : url, {.synchronous = sync});
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
// A community of 1,400 households with 5,000 needs, for the daily report and the dashboard.
// `url` names the database as in ingest_benchmark; `backend` names it in the output.
void community_benchmark(bool daily_report, bool dashboard, const std::string& url = "",
                         const std::string& backend = "SQLite") {
  const auto dir = std::filesystem::temp_directory_path() / "linli-micro-report";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto store = storage::open(url.empty() ? (dir / "report.db").string() : url,
                             {.synchronous = storage::sync_mode::off});
  const auto name = [&](const std::string& what) { return what + " (" + backend + ")"; };
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
  if (daily_report) {
    std::size_t bytes = 0;
    report(name("report/daily for 5,000 requests").c_str(), 7, 1, [&](int) {
      handlers::report_data data;
      data.day_start_ms = handlers::local_day_start(day + 1, handlers::time_zone::shanghai());
      data.requests = store->list_requests(chat);
      bytes += handlers::render_report(data, storage::language::zh).size();
    });
    std::printf("%-44s %zu bytes of report text\n", "", bytes / 7);
  }
  if (dashboard) {  // the views the dashboard's pages load (target: < 100 ms at the server)
    std::size_t bytes = 0;
    report(name("dash/board for 5,000 needs, first 100").c_str(), 7, 1,
           [&](int) { bytes = handlers::board_view(*store, chat).dump().size(); });
    std::printf("%-44s %zu bytes of JSON\n", "", bytes);
    handlers::board_query filtered;  // what a coordinator narrows the board to
    filtered.status = request_status::open;
    filtered.category = "medicine";
    filtered.text = "硝苯地平";
    filtered.limit = 50;
    report(name("dash/board 5,000 needs, open medicine + q").c_str(), 7, 1,
           [&](int) { bytes = handlers::board_view(*store, chat, filtered).dump().size(); });
    std::printf("%-44s %zu bytes of JSON\n", "", bytes);
    handlers::board_query deep;  // a page far down, newest first, the largest page
    deep.sort = handlers::board_sort::newest;
    deep.offset = 4000;
    deep.limit = handlers::board_page_max;
    report(name("dash/board 5,000 needs, newest, 500 at 4000").c_str(), 7, 1,
           [&](int) { bytes = handlers::board_view(*store, chat, deep).dump().size(); });
    std::printf("%-44s %zu bytes of JSON\n", "", bytes);
    report(name("dash/overview for 5,000 needs").c_str(), 7, 1, [&](int) {
      bytes = handlers::overview_view(*store, chat, day + 5000 * 10'000).dump().size();
    });
    std::printf("%-44s %zu bytes of JSON\n", "", bytes);
  }
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

}  // namespace

int main(int argc, char** argv) {
  const std::string filter = argc > 1 ? argv[1] : "";
  auto wanted = [&](const char* name) {
    return std::string(name).find(filter) != std::string::npos;
  };
  if (wanted("ingest/sync=off")) ingest_benchmark(storage::sync_mode::off, "ingest/sync=off");
  if (wanted("ingest/sync=full")) ingest_benchmark(storage::sync_mode::full, "ingest/sync=full");
  // On PostgreSQL when LINLI_BENCH_PG_URL names an empty database (scripts/pg-cluster.sh).
  if (const char* pg = std::getenv("LINLI_BENCH_PG_URL"); pg != nullptr && *pg != '\0') {
    if (wanted("ingest/postgres sync=off")) {
      ingest_benchmark(storage::sync_mode::off, "ingest/postgres sync=off", pg);
    }
    if (wanted("ingest/postgres sync=full")) {
      ingest_benchmark(storage::sync_mode::full, "ingest/postgres sync=full", pg);
    }
  }
  if (wanted("chain/parse+merge")) chain_merge_benchmark();
  if (wanted("chain/post")) chain_post_benchmark();
  if (wanted("request/parse")) request_parse_benchmark();
  if (wanted("report/daily") || wanted("dash/")) {
    community_benchmark(wanted("report/daily"), wanted("dash/"));
    if (const char* pg = std::getenv("LINLI_BENCH_PG_URL"); pg != nullptr && *pg != '\0') {
      community_benchmark(wanted("report/daily"), wanted("dash/"), pg, "PostgreSQL");
    }
  }
  if (wanted("assign/")) assignment_benchmark();
  if (wanted("adapter/")) linli_bench::adapter_benchmark();
  linli_bench::writer_kinds_benchmark(wanted);  // each of writer/<kind>
}
