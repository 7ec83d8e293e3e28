#include "bot/pipeline/outbound.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "handlers/text/utf8.hpp"

using namespace linli;
using namespace linli::bot;

TEST_CASE("split_text keeps lines whole and never cuts a character", "[outbound]") {
  CHECK(split_text("", {10, false}).empty());
  CHECK(split_text("short", {10, false}) == std::vector<std::string>{"short"});
  CHECK(split_text("aaaa\nbbbb\ncccc", {9, false}) ==
        std::vector<std::string>{"aaaa\nbbbb", "cccc"});
  // A line longer than the limit is cut between code points: 3 bytes each, 7 fit 2.
  const auto cut = split_text("一二三四五", {7, false});
  CHECK(cut == std::vector<std::string>{"一二", "三四", "五"});
  for (const auto& part :
       split_text("接龙 1. 张三 😷\n2. 李四\n" + std::string(50, 'x'), {11, false})) {
    CHECK(part.size() <= 11);
    CHECK(utf8::valid(part));
  }
  // UTF-16 units: an emoji is 2, a CJK character 1.
  CHECK(split_text("😷😷😷", {4, true}) == std::vector<std::string>{"😷😷", "😷"});
  CHECK(split_text("一二三四", {4, true}) == std::vector<std::string>{"一二三四"});
  // Every part joined back with the line ends it was split at gives the text.
  const std::string text = "第一行\n第二行比较长一些\n\n第四行";
  std::string joined;
  for (const auto& part : split_text(text, {30, false}))
    joined += (joined.empty() ? "" : "\n") + part;
  CHECK(joined == text);
}

TEST_CASE("the sender sends long texts in parts, in order, within the limits", "[outbound]") {
  std::atomic<std::int64_t> clock{0};
  std::mutex mutex;
  std::vector<std::pair<std::int64_t, std::string>> calls;  // (message id, part)
  std::vector<outbound_message> recorded;
  int refuse_next = 1;  // the first call fails once
  outbound_sender sender(
      [&](const outbound_message& m, std::string_view part) {
        const std::lock_guard lock(mutex);
        if (refuse_next-- > 0) return delivery{delivery::outcome::retry, 0, "HTTP 503"};
        calls.emplace_back(m.id, std::string(part));
        return delivery{};
      },
      [&](const outbound_message& m) {
        const std::lock_guard lock(mutex);
        recorded.push_back(m);
      },
      outbound_sender::limits{.max_attempts = 5, .first_backoff_ms = 10},
      send_limits{{6, false}, {{1.0, 1.0}}, std::nullopt}, [&] { return clock.load(); });

  outbound_message a;
  a.id = 1;
  a.chat = {"x", "g1"};
  a.text = "aaa\nbbb\nccc";  // three parts at 6 bytes
  outbound_message b = a;
  b.id = 2;
  b.text = "ddd";
  sender.enqueue({a, b});
  auto count = [&] {
    const std::lock_guard lock(mutex);
    return calls.size();
  };
  // The clock moves only here; the chat's bucket allows one call per second of it.
  for (int step = 0; step < 200 && count() < 4; ++step) {
    clock += 500;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  sender.stop();
  const std::lock_guard lock(mutex);
  REQUIRE(calls.size() == 4);
  CHECK(calls[0] == std::pair<std::int64_t, std::string>{1, "aaa"});
  CHECK(calls[1] == std::pair<std::int64_t, std::string>{1, "bbb"});
  CHECK(calls[2] == std::pair<std::int64_t, std::string>{1, "ccc"});
  CHECK(calls[3] == std::pair<std::int64_t, std::string>{2, "ddd"});
  // Progress is recorded after every part, so a restart resumes at the next one.
  REQUIRE(recorded.size() >= 5);
  CHECK(recorded[0].parts_sent == 0);
  CHECK(recorded[0].last_error == "HTTP 503");
  CHECK(recorded[1].parts_sent == 1);
  CHECK(recorded[3].state == outbound_state::sent);
  CHECK(recorded[3].parts_sent == 3);
  CHECK(recorded.back().id == 2);
  CHECK(recorded.back().state == outbound_state::sent);
}

TEST_CASE("a message with nowhere to go yet waits, counts no attempt, and lets others pass",
          "[outbound]") {
  std::atomic<std::int64_t> clock{0};
  std::atomic<bool> bound{false};
  std::mutex mutex;
  std::vector<std::int64_t> sent;
  std::vector<outbound_message> recorded;
  outbound_sender sender(
      [&](const outbound_message& m, std::string_view) {
        if (m.route.empty() && !bound) {
          return delivery{delivery::outcome::wait, 30'000, "no group robot"};
        }
        const std::lock_guard lock(mutex);
        sent.push_back(m.id);
        return delivery{};
      },
      [&](const outbound_message& m) {
        const std::lock_guard lock(mutex);
        recorded.push_back(m);
      },
      outbound_sender::limits{.max_attempts = 2}, send_limits{{100, false}, {}, std::nullopt},
      [&] { return clock.load(); });
  outbound_message own;  // sent on its own: needs the robot
  own.id = 1;
  own.chat = {"wecom", "g1"};
  own.text = "提醒";
  outbound_message reply = own;  // a later reply with a route of its own
  reply.id = 2;
  reply.route = "https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=x";
  sender.enqueue({own, reply});
  auto sent_now = [&] {
    const std::lock_guard lock(mutex);
    return sent;
  };
  for (int i = 0; i < 500 && sent_now().empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  CHECK(sent_now() == std::vector<std::int64_t>{2});
  // Far more waits than max_attempts: it is still pending, with no attempt counted.
  for (int i = 0; i < 5; ++i) {
    clock += 30'000;
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
  }
  {
    const std::lock_guard lock(mutex);
    REQUIRE_FALSE(recorded.empty());
    CHECK(recorded.front().id == 1);
    CHECK(recorded.front().state == outbound_state::pending);
    CHECK(recorded.front().attempts == 0);
    CHECK(recorded.front().last_error == "no group robot");
    CHECK(recorded.front().next_attempt_ms == 30'000);
    // Recorded once when it began to wait, not at every look.
    CHECK(recorded.size() == 2);
  }
  bound = true;  // a coordinator binds the robot: it goes at its next look
  for (int i = 0; i < 200 && sent_now().size() < 2; ++i) {
    clock += 30'000;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  sender.stop();
  CHECK(sent_now() == std::vector<std::int64_t>{2, 1});
  const std::lock_guard lock(mutex);
  CHECK(recorded.back().id == 1);
  CHECK(recorded.back().state == outbound_state::sent);
  CHECK(recorded.back().attempts == 1);
}

TEST_CASE("the sender queues a message claimed again only once", "[outbound][lease]") {
  std::mutex mutex;
  std::condition_variable changed;
  int calls = 0;
  bool hold = true;
  outbound_sender sender(
      [&](const outbound_message&, std::string_view) {
        std::unique_lock lock(mutex);
        ++calls;
        changed.notify_all();
        changed.wait(lock, [&] { return !hold; });
        return delivery{};
      },
      [](const outbound_message&) {}, outbound_sender::limits{},
      send_limits{{4000, false}, {}, std::nullopt}, [] { return std::int64_t{0}; });
  outbound_message m;
  m.id = 7;
  m.chat = {"x", "g1"};
  m.text = "一次";
  outbound_message other = m;
  other.id = 8;
  other.chat = {"x", "g2"};
  sender.enqueue({m});
  {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return calls == 1; });
  }
  sender.enqueue({m, other});  // 7 is still queued (being sent): claimed again after its lease
  {
    const std::lock_guard lock(mutex);
    hold = false;
  }
  changed.notify_all();
  for (int i = 0; i < 200; ++i) {
    {
      const std::lock_guard lock(mutex);
      if (calls >= 2) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  sender.stop();
  CHECK(calls == 2);  // 7 once, 8 once
}

TEST_CASE("the sender holds a message whose lease ends and drops one no longer its own",
          "[outbound][lease]") {
  std::atomic<std::int64_t> clock{100'000};
  std::mutex mutex;
  std::vector<std::int64_t> sent;
  outbound_sender sender(
      [&](const outbound_message& m, std::string_view) {
        const std::lock_guard lock(mutex);
        sent.push_back(m.id);
        return delivery{};
      },
      [](const outbound_message&) {}, outbound_sender::limits{},
      send_limits{{4000, false}, {}, std::nullopt}, [&] { return clock.load(); });
  auto sent_ids = [&] {
    const std::lock_guard lock(mutex);
    return sent;
  };
  auto message = [](std::int64_t id, const std::string& chat, std::int64_t lease_until_ms) {
    outbound_message m;
    m.id = id;
    m.chat = {"x", chat};
    m.text = "回复";
    m.lease_until_ms = lease_until_ms;
    return m;
  };
  // The renewals stopped (the database went away): 1's lease ends within the margin, 2's has
  // long to run, and chat g1's later message 3 keeps its place behind 1.
  sender.enqueue({message(1, "g1", 100'000 + outbound_sender::lease_margin_ms),
                  message(2, "g2", 200'000), message(3, "g1", 200'000)});
  for (int i = 0; i < 100 && sent_ids().empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(sent_ids() == std::vector<std::int64_t>{2});

  // Back after the lease ran out: another instance claimed 1; this one holds 3 only.
  sender.leases_renewed({3}, 300'000, outbound_sender::steady_ns());
  for (int i = 0; i < 100 && sent_ids().size() < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // A message queued after the round was asked for is not judged by it.
  const std::int64_t asked = outbound_sender::steady_ns();
  sender.enqueue({message(4, "g1", 300'000)});
  sender.leases_renewed({}, 300'000, asked);
  for (int i = 0; i < 100 && sent_ids().size() < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  sender.stop();
  CHECK(sent_ids() == std::vector<std::int64_t>{2, 3, 4});
}

TEST_CASE("a send linli cannot try now is retried, not given up", "[outbound]") {
  std::atomic<int> calls{0};
  std::mutex mutex;
  std::vector<outbound_message> recorded;
  outbound_sender sender(
      [&](const outbound_message&, std::string_view) -> delivery {
        if (calls++ == 0) throw send_unavailable("the chat's destination cannot be read");
        return delivery{};
      },
      [&](const outbound_message& m) {
        const std::lock_guard lock(mutex);
        recorded.push_back(m);
      },
      outbound_sender::limits{.max_attempts = 5, .first_backoff_ms = 1},
      send_limits{{4000, false}, {}, std::nullopt},
      [] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
      });
  outbound_message m;
  m.id = 7;
  m.chat = {"x", "g1"};
  m.text = "回复";
  sender.enqueue({m});
  for (int i = 0; i < 200 && calls < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  sender.stop();
  const std::lock_guard lock(mutex);
  REQUIRE(recorded.size() == 2);
  CHECK(recorded[0].state == outbound_state::pending);
  CHECK(recorded[1].state == outbound_state::sent);
}
