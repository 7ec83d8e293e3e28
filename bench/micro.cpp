// Micro-benchmarks of linli's own work, without HTTP: each prints the median of several rounds.
// Usage: linli_micro [filter]   (runs the benchmarks whose name contains filter)

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <future>
#include <string>
#include <vector>

#include "bot/ingest.hpp"
#include "bot/metrics.hpp"
#include "handlers/dispatcher.hpp"
#include "storage/sqlite_store.hpp"

using namespace linli;
using clock_type = std::chrono::steady_clock;

namespace {

// Runs `round` (which does `per_round` operations) several times; prints the median per operation.
void report(const char* name, int rounds, int per_round, const std::function<void(int)>& round) {
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
  auto store = storage::open_sqlite({(dir / "micro.db").string(), sync});
  handlers::dispatcher dispatcher;
  bot::metrics stats;
  bot::ingest writer(*store, dispatcher, stats, 512);
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

}  // namespace

int main(int argc, char** argv) {
  const std::string filter = argc > 1 ? argv[1] : "";
  auto wanted = [&](const char* name) {
    return std::string(name).find(filter) != std::string::npos;
  };
  if (wanted("ingest/sync=off")) ingest_benchmark(storage::sync_mode::off, "ingest/sync=off");
  if (wanted("ingest/sync=full")) ingest_benchmark(storage::sync_mode::full, "ingest/sync=full");
}
