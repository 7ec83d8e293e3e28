// Two runs of the schedule at once on one PostgreSQL (two instances that both lead for a moment,
// while the lead moves): each due message is stored, and so sent, once.

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "handlers/core/local_time.hpp"
#include "handlers/core/policy.hpp"
#include "handlers/tasks/schedule.hpp"
#include "handlers/tasks/tasks.hpp"
#include "tests/storage/contract/contract.hpp"
#include "tests/storage/contract/samples.hpp"

using namespace linli;
using contract::chat_a;

namespace {

// One tick's transaction as the scheduler runs it: what falls due, then its messages stored.
std::size_t run_and_store(storage::store& s, const handlers::policy& rules, std::int64_t now_ms) {
  auto produced = handlers::run_due(s, rules, now_ms);
  for (const auto& m : produced) s.insert_outbound(m);
  return produced.size();
}

}  // namespace

TEST_CASE("postgres: two overlapping runs of the schedule store a due message once",
          "[postgres][schedule][leader]") {
  const auto backend = contract::postgres_backend();
  auto a = backend->make_store();
  auto b = backend->connect(false);
  const handlers::policy rules;
  task t = contract::sample_task(chat_a, "2026-11-23", 8 * 60);
  t.start_ms = 1'795'392'000'000;  // 2026-11-23 08:00 in Shanghai
  t.end_ms = t.start_ms + 120 * 60'000LL;
  t.next_event_ms = 1;
  a->insert_task(t);
  task_member m;
  m.task_id = t.id;
  m.volunteer_id = "u1";
  m.name = "张三";
  m.source = "assign";
  a->insert_task_member(m);
  // The evening before: the assigned volunteer is asked to confirm.
  const std::int64_t now = handlers::ask_ms(t, handlers::time_zone::shanghai(), rules.shifts) + 1;

  storage::transaction in_a(*a);
  REQUIRE(run_and_store(*a, rules, now) == 1);
  std::size_t by_b = 99;
  std::thread other([&] {
    storage::transaction in_b(*b);  // began while a's run is not committed
    by_b = run_and_store(*b, rules, now + 1'000);
    in_b.commit();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // b reads, or waits, meanwhile
  in_a.commit();
  other.join();
  CHECK(by_b == 0);  // b saw the ask made
  CHECK(a->pending_outbound().size() == 1);
}
