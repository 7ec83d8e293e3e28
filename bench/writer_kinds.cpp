// The writer per kind of message: `linli_micro writer/<kind>` submits messages of one kind to the
// single writer (bot::ingest, group commit, synchronous=off, a new SQLite file) and prints the
// median time per message; with LINLI_BENCH_STATEMENTS=1 also the SQL statements per message
// (BEGIN and COMMIT of each batch included, spread over its messages).

#include <cstdio>
#include <filesystem>
#include <functional>
#include <future>
#include <string>
#include <vector>

#include "bench/micro.hpp"
#include "bot/metrics.hpp"
#include "bot/pipeline/ingest.hpp"
#include "handlers/core/dispatcher.hpp"
#include "storage/open.hpp"

using namespace linli;

namespace linli_bench {
namespace {

constexpr std::int64_t base_ms = 1669000000000;

struct writer_rig {
  std::filesystem::path dir;
  std::unique_ptr<storage::store> store;
  handlers::dispatcher dispatcher;
  bot::metrics stats;
  bot::outbox box;
  std::unique_ptr<bot::ingest> writer;
  int next = 0;

  explicit writer_rig(const std::string& name)
      : dir(std::filesystem::temp_directory_path() / ("linli-writer-" + name)) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    store = storage::open((dir / "writer.db").string(), {.synchronous = storage::sync_mode::off});
    writer = std::make_unique<bot::ingest>(*store, dispatcher, box, stats, 512);
  }
  ~writer_rig() {
    writer->stop();
    writer.reset();
    store.reset();
    std::filesystem::remove_all(dir);
  }
  writer_rig(const writer_rig&) = delete;
  writer_rig& operator=(const writer_rig&) = delete;

  envelope make(const std::string& chat, const std::string& user, std::string text,
                platform_role role = platform_role::member) {
    envelope e;
    e.chat = {"generic", chat};
    e.delivery_id = "d" + std::to_string(++next);
    e.from = {user, "居民" + user, role};
    e.text = std::move(text);
    e.received_at_ms = base_ms + next;
    return e;
  }

  // Submits every message and waits until the writer has committed them all.
  void run(std::vector<envelope> messages) {
    std::vector<std::promise<void>> done(messages.size());
    for (std::size_t i = 0; i < messages.size(); ++i) {
      writer->submit(std::move(messages[i]), [&d = done[i]](bot::ingest_result) { d.set_value(); });
    }
    for (auto& d : done) d.get_future().wait();
  }
};

std::string chain_text(int entries) {
  std::string text = "#接龙 明日核酸点志愿者\n11月23日 截止21:00\n例 张三 3号楼 上午\n\n";
  for (int i = 1; i <= entries; ++i) {
    text.append(std::to_string(i)).append(". 志愿者").append(std::to_string(i)).append(" ");
    text.append(std::to_string(i % 40 + 1)).append(i % 2 ? "号楼 上午\n" : "号楼 下午\n");
  }
  return text;
}

// Times `rounds` rounds of `per_round` messages made by `make(rig, round, i)`, after `seed`.
void kind_benchmark(const char* name, int rounds, int per_round,
                    const std::function<void(writer_rig&)>& seed,
                    const std::function<envelope(writer_rig&, int, int)>& make) {
  writer_rig rig(std::string(name).substr(std::string("writer/").size(), 5));
  if (seed) seed(rig);
  const std::uint64_t before = storage::sqlite_statements_started();
  report(name, rounds, per_round, [&](int round) {
    std::vector<envelope> batch;
    batch.reserve(static_cast<std::size_t>(per_round));
    for (int i = 0; i < per_round; ++i) batch.push_back(make(rig, round, i));
    rig.run(std::move(batch));
  });
  const std::uint64_t statements = storage::sqlite_statements_started() - before;
  if (statements > 0) {
    std::printf("%-44s %.2f SQL statements per message\n", "",
                static_cast<double>(statements) / (rounds * per_round));
  }
}

// A different household for each n.
std::string room(int n) {
  return std::to_string(n % 20 + 1) + "-" + std::to_string(n / 20 % 4 + 1) + "-" +
         std::to_string(101 + n / 80);
}

}  // namespace

void writer_kinds_benchmark(const std::function<bool(const char*)>& wanted) {
  static const char* chatter[] = {"今天辛苦志愿者们了，谢谢！", "收到", "好的👌", "请问几点送菜？",
                                  "谢谢邻居们"};
  if (wanted("writer/chatter")) {
    kind_benchmark("writer/chatter", 5, 4000, {}, [](writer_rig& rig, int, int i) {
      return rig.make("chat-" + std::to_string(i % 1000), "u" + std::to_string(i % 5000),
                      chatter[i % 5]);
    });
  }
  if (wanted("writer/need")) {
    kind_benchmark("writer/need", 5, 2000, {}, [](writer_rig& rig, int round, int i) {
      const int n = round * 2000 + i;
      return rig.make("chat-" + std::to_string(n % 100), "u" + std::to_string(n),
                      room(n) + " 需要 硝苯地平 2盒 59.9元，大米10斤");
    });
  }
  if (wanted("writer/need")) {
    // A building leader (楼长) posts for many households: each new need's duplicate check looks
    // at the leader's earlier needs without an address, however many addressed ones they posted.
    constexpr int leaders = 20;
    constexpr int earlier = 200;
    kind_benchmark(
        "writer/need by a leader with 200 earlier", 5, 1000,
        [](writer_rig& rig) {
          std::vector<envelope> needs;
          for (int n = 0; n < leaders * earlier; ++n) {
            needs.push_back(rig.make("chat-" + std::to_string(n % leaders),
                                     "leader" + std::to_string(n % leaders),
                                     room(n) + " 需要 布洛芬 1盒"));
          }
          rig.run(std::move(needs));
        },
        [](writer_rig& rig, int round, int i) {
          const int n = round * 1000 + i;
          return rig.make("chat-" + std::to_string(n % leaders),
                          "leader" + std::to_string(n % leaders),
                          room(n + 7) + " 需要 硝苯地平 2盒");
        });
  }
  // A copy's cost against the chain's size: the target is the same at 500 entries as at 5.
  for (const int size : {5, 50, 500}) {
    if (!wanted("writer/chain")) break;
    std::string copy = chain_text(size);
    const std::string name = "writer/chain copy of " + std::to_string(size) + " entries";
    kind_benchmark(
        name.c_str(), 5, 20,
        [size](writer_rig& rig) { rig.run({rig.make("g1", "u0", chain_text(size))}); },
        [&copy, size](writer_rig& rig, int round, int i) {
          // Each copy adds one line: the chain grows by 100 entries over the run.
          const int n = round * 20 + i + 1;
          copy += std::to_string(size + n) + ". 新人" + std::to_string(n) + " 3号楼 上午\n";
          return rig.make("g1", "u" + std::to_string(n), copy);
        });
  }
  if (wanted("writer/order")) {
    kind_benchmark(
        "writer/group-buy order", 5, 1000,
        [](writer_rig& rig) {
          std::vector<envelope> open;
          for (int c = 0; c < 100; ++c) {
            open.push_back(rig.make("chat-" + std::to_string(c), "admin", "/团购 蔬菜包 68元/份",
                                    platform_role::admin));
          }
          rig.run(std::move(open));
        },
        [](writer_rig& rig, int round, int i) {
          const int n = round * 1000 + i;
          return rig.make("chat-" + std::to_string(n % 100), "u" + std::to_string(n),
                          room(n) + " " + std::to_string(n % 3 + 1) + "份");
        });
  }
  if (wanted("writer/claim")) {
    constexpr int chats = 10;
    kind_benchmark(
        "writer/claim", 5, 1000,
        [](writer_rig& rig) {
          std::vector<envelope> needs;
          for (int n = 0; n < 5000; ++n) {
            needs.push_back(rig.make("chat-" + std::to_string(n % chats), "r" + std::to_string(n),
                                     room(n) + " 需要 布洛芬 1盒"));
          }
          rig.run(std::move(needs));
        },
        [](writer_rig& rig, int round, int i) {
          // Need #k of each chat, once each: chat c holds #1..#500.
          const int n = round * 1000 + i;
          return rig.make("chat-" + std::to_string(n % chats), "v" + std::to_string(n % 50),
                          "认领 #" + std::to_string(n / chats + 1));
        });
  }
}

}  // namespace linli_bench
