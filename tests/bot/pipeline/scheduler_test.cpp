#include "bot/pipeline/scheduler.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <future>

#include "bot/metrics.hpp"
#include "bot/pipeline/ingest.hpp"
#include "bot/pipeline/outbox.hpp"
#include "tests/inbox_fixture.hpp"

using namespace linli;
using namespace linli::bot;

namespace {

// 2022-11-22 20:00 in Shanghai: assigned volunteers are asked to confirm tomorrow's shifts.
constexpr std::int64_t evening_ms = 1669118400000;

// One volunteer assigned to tomorrow's gate duty: asked to confirm at evening_ms.
void assign_a_shift(testing::chat_fixture& g) {
  g.say("zhang", "#接龙 明天志愿者\n限3人\n\n1. 张三 上午");
  g.say("boss", "/task add 东门岗 明天 08:00-12:00", true);
  g.say("boss", "/assign 明天", true);
}

}  // namespace

TEST_CASE("scheduler stores what falls due in the outbox and sends it once durable",
          "[scheduler]") {
  testing::chat_fixture g;  // 2022-11-22 18:00
  assign_a_shift(g);

  metrics stats;
  const outbox box;
  std::vector<outbound_message> sent;
  std::promise<std::pair<bool, std::size_t>> first, second;
  {
    ingest writer(*g.store, g.bot, box, stats, 64);
    scheduler clock(
        writer, box, g.bot.rules(),
        [&](std::vector<outbound_message> m) { sent.insert(sent.end(), m.begin(), m.end()); },
        [] { return std::int64_t{0}; }, 0);  // no timer: time moves by tick() only
    clock.tick(evening_ms - 60'000, [&](bool ok, std::size_t n) { first.set_value({ok, n}); });
    clock.tick(evening_ms, [&](bool ok, std::size_t n) { second.set_value({ok, n}); });
    CHECK(first.get_future().get() == std::pair<bool, std::size_t>{true, 0});
    CHECK(second.get_future().get() == std::pair<bool, std::size_t>{true, 1});
  }
  REQUIRE(sent.size() == 1);
  CHECK_THAT(sent[0].text, Catch::Contains("请确认") && Catch::Contains("张三"));
  CHECK(sent[0].id > 0);
  const auto pending = g.store->pending_outbound();
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].id == sent[0].id);
  CHECK(pending[0].text == sent[0].text);
}

TEST_CASE("scheduler erases personal data past the retention period and records it",
          "[scheduler][retention]") {
  testing::inbox_chat g;  // 2022-11-22 18:00
  g.say("王阿姨", "3号楼2单元501 需要 硝苯地平 2盒");
  metrics stats;
  const outbox box;
  constexpr std::int64_t day_ms = 86'400'000;
  std::promise<std::pair<bool, std::size_t>> early, late;
  {
    ingest writer(*g.store, g.bot, box, stats, 64);
    scheduler clock(
        writer, box, g.bot.rules(), [](std::vector<outbound_message>) {},
        [] { return std::int64_t{0}; }, 0, 30 * day_ms);
    clock.tick(g.clock_ms + 29 * day_ms, [&](bool ok, std::size_t n) { early.set_value({ok, n}); });
    early.get_future().get();
    CHECK_FALSE(g.store->find_message(g.chat, "m1")->message.text.empty());
    clock.tick(g.clock_ms + 31 * day_ms, [&](bool ok, std::size_t n) { late.set_value({ok, n}); });
    late.get_future().get();
  }
  CHECK(g.store->find_message(g.chat, "m1")->message.text.empty());
  const auto trail = g.store->list_audit(g.chat, 0, 10);
  REQUIRE(trail.size() == 1);
  CHECK(trail[0].action == "retention");
  CHECK(trail[0].chat == chat_ref{"*", "*"});
  CHECK(trail[0].rows == 1);  // the message; the need is still open
}

TEST_CASE("scheduler runs nothing on an instance that does not lead", "[scheduler][leader]") {
  testing::chat_fixture g;  // 2022-11-22 18:00
  assign_a_shift(g);

  metrics stats;
  const outbox box;
  std::atomic<bool> leading{false};
  std::vector<outbound_message> sent;
  std::promise<std::pair<bool, std::size_t>> follower, leader;
  {
    ingest writer(*g.store, g.bot, box, stats, 64);
    scheduler clock(
        writer, box, g.bot.rules(),
        [&](std::vector<outbound_message> m) { sent.insert(sent.end(), m.begin(), m.end()); },
        [] { return std::int64_t{0}; }, 0, 0, [&] { return leading.load(); });
    clock.tick(evening_ms, [&](bool ok, std::size_t n) { follower.set_value({ok, n}); });
    CHECK(follower.get_future().get() == std::pair<bool, std::size_t>{true, 0});
    CHECK(g.store->pending_outbound().empty());
    leading = true;  // the leader died; this instance took the lock
    clock.tick(evening_ms, [&](bool ok, std::size_t n) { leader.set_value({ok, n}); });
    CHECK(leader.get_future().get() == std::pair<bool, std::size_t>{true, 1});
  }
  CHECK(sent.size() == 1);
}
