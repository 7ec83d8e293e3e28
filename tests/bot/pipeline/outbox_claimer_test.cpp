#include "bot/pipeline/outbox_claimer.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <future>
#include <mutex>

#include "bot/metrics.hpp"
#include "bot/pipeline/ingest.hpp"
#include "bot/pipeline/outbox.hpp"
#include "storage/open.hpp"

using namespace linli;
using namespace linli::bot;

namespace {

outbound_message row(const std::string& text, const std::string& leased_by,
                     std::int64_t lease_until_ms) {
  outbound_message m;
  m.chat = {"telegram", "-100"};
  m.text = text;
  m.leased_by = leased_by;
  m.lease_until_ms = lease_until_ms;
  return m;
}

std::vector<std::string> texts(const std::vector<outbound_message>& messages) {
  std::vector<std::string> out;
  for (const auto& m : messages) out.push_back(m.text);
  return out;
}

}  // namespace

TEST_CASE("outbox claimer sends a predecessor's messages at start and a dead instance's later",
          "[outbox][lease]") {
  auto store = storage::open(":memory:");
  std::atomic<std::int64_t> now{1'000};
  const outbox box({},
                   {.instance = "local", .lease_ms = 500, .now_ms = [&] { return now.load(); }});
  store->insert_outbound(row("上次没发完", "local", 9'000));  // this name's last run
  store->insert_outbound(row("别的实例的", "host-b:7:1", 2'000));
  store->insert_outbound(row("没人领的", "", 0));

  handlers::dispatcher dispatcher;
  metrics stats;
  std::mutex mutex;
  std::vector<outbound_message> sent;
  {
    ingest writer(*store, dispatcher, box, stats, 64);
    std::promise<std::size_t> at_start, too_early, after_expiry;
    outbox_claimer claims(
        writer, box,
        [&](std::vector<outbound_message> m) {
          const std::lock_guard lock(mutex);
          sent.insert(sent.end(), m.begin(), m.end());
        },
        0, 100, {},  // no timer: rounds by claim_now()
        [&] {        // as the senders do: every message handed over is still queued
          const std::lock_guard lock(mutex);
          outbox::claim_scope scope;
          for (const auto& m : sent) scope.holding.push_back(m.id);
          return scope;
        });
    claims.claim_now([&](bool, std::size_t n) { at_start.set_value(n); });
    CHECK(at_start.get_future().get() == 0);  // the first round, at construction, took them
    {
      const std::lock_guard lock(mutex);
      CHECK(texts(sent) == std::vector<std::string>{"上次没发完", "没人领的"});
      for (const auto& m : sent) CHECK(m.leased_by == "local");
    }
    claims.claim_now([&](bool, std::size_t n) { too_early.set_value(n); });
    CHECK(too_early.get_future().get() == 0);
    now = 2'000;  // host-b's lease ran out: it died
    claims.claim_now([&](bool, std::size_t n) { after_expiry.set_value(n); });
    CHECK(after_expiry.get_future().get() == 1);
    claims.stop();
    claims.release_all();
  }
  CHECK(texts(sent) == std::vector<std::string>{"上次没发完", "没人领的", "别的实例的"});
  // Renewed while held, then freed at the clean stop.
  for (const auto& m : store->pending_outbound()) CHECK(m.leased_by.empty());
}

TEST_CASE("the outbox leases what it writes to its own instance", "[outbox][lease]") {
  auto store = storage::open(":memory:");
  const outbox box(
      {}, {.instance = "host-a:1:2", .lease_ms = 500, .now_ms = [] { return std::int64_t{100}; }});
  std::vector<outbound_message> rows{row("提醒", "", 0)};
  box.add(*store, rows);
  const auto stored = store->find_outbound(rows[0].id);
  REQUIRE(stored);
  CHECK(stored->leased_by == "host-a:1:2");
  CHECK(stored->lease_until_ms == 600);
  CHECK(store->claim_outbound("host-b:1:2", 599, 1'000, 10, "").empty());
}

TEST_CASE("outbox claimer claims only platforms it can send and renews only what is queued",
          "[outbox][lease]") {
  auto store = storage::open(":memory:");
  std::atomic<std::int64_t> now{1'000};
  const outbox box({},
                   {.instance = "local", .lease_ms = 500, .now_ms = [&] { return now.load(); }});
  auto unsendable = row("没有机器人", "", 0);
  unsendable.chat = {"wecom", "w1"};
  const auto waiting_id = store->insert_outbound(unsendable);
  const auto first = store->insert_outbound(row("第一条", "", 0));
  const auto second = store->insert_outbound(row("第二条", "", 0));

  handlers::dispatcher dispatcher;
  metrics stats;
  std::mutex mutex;
  std::vector<std::int64_t> claimed, queued;
  std::vector<std::int64_t> held;
  {
    ingest writer(*store, dispatcher, box, stats, 64);
    outbox_claimer claims(
        writer, box,
        [&](std::vector<outbound_message> m) {
          const std::lock_guard lock(mutex);
          for (const auto& x : m) claimed.push_back(x.id);
        },
        0, 100,
        [&](const std::vector<std::int64_t>& h, std::int64_t, std::int64_t) {
          const std::lock_guard lock(mutex);
          held = h;
        },
        [&] {
          const std::lock_guard lock(mutex);
          return outbox::claim_scope{std::vector<std::string>{"telegram"}, queued};
        });
    std::promise<void> at_start;
    claims.claim_now([&](bool, std::size_t) { at_start.set_value(); });
    at_start.get_future().get();
    {
      const std::lock_guard lock(mutex);
      CHECK(claimed == std::vector<std::int64_t>{first, second});
      queued = {first};  // the second was sent meanwhile... or lost by its sender
    }
    now = 1'400;
    std::promise<std::size_t> renewal;
    claims.claim_now([&](bool, std::size_t n) { renewal.set_value(n); });
    CHECK(renewal.get_future().get() == 0);
    {
      const std::lock_guard lock(mutex);
      CHECK(held == std::vector<std::int64_t>{first});
    }
    CHECK(store->find_outbound(first)->lease_until_ms == 1'900);
    CHECK(store->find_outbound(second)->lease_until_ms == 1'500);  // not renewed
    now = 1'600;  // the second's lease ran out: claimed again; the first is still held
    std::promise<std::size_t> after;
    claims.claim_now([&](bool, std::size_t n) { after.set_value(n); });
    CHECK(after.get_future().get() == 1);
    {
      const std::lock_guard lock(mutex);
      CHECK(claimed == std::vector<std::int64_t>{first, second, second});
    }
    claims.stop();
  }
  // The WeCom message, which this instance cannot send, was never claimed nor leased.
  CHECK(store->find_outbound(waiting_id)->leased_by.empty());
  CHECK(store->count_pending_outbound({"wecom", "w1"}) == 1);
}
