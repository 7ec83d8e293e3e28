#include "bot/pipeline/peer_events.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <mutex>
#include <thread>

#include "bot/api/dash_events.hpp"
#include "storage/outbox.hpp"

using namespace linli;
using namespace linli::bot;

namespace {

envelope stored(const std::string& chat, const std::string& id) {
  envelope e;
  e.chat = {"generic", chat};
  e.delivery_id = id;
  return e;
}

}  // namespace

TEST_CASE("peer events carry each stored message to the other instances", "[peer_events]") {
  const auto payloads = event_payloads("host-a:1:2", {stored("g1", "m1"), stored("g\n2", "m\"2")});
  REQUIRE(payloads.size() == 1);
  CHECK(announced(payloads[0], "host-a:1:2").empty());  // its own: heard at its commit
  const auto heard = announced(payloads[0], "host-b:3:4");
  REQUIRE(heard.size() == 2);
  CHECK(heard[1].chat.platform == "generic");
  CHECK(heard[1].chat.chat_id == "g\n2");
  CHECK(heard[1].delivery_id == "m\"2");
  CHECK(announced("not json", "host-b:3:4").empty());
  CHECK(announced(R"({"i": "x", "m": [1, ["a"], ["p", "c", "d"]]})", "y").size() == 1);
}

TEST_CASE("peer events fit PostgreSQL's notification limit", "[peer_events]") {
  std::vector<envelope> many;
  for (int i = 0; i < 2'000; ++i) {
    many.push_back(stored("chat-" + std::to_string(i % 7), "m" + std::to_string(i)));
  }
  many.push_back(stored("g1", std::string(9'000, 'x')));  // too long for any one: left out
  const auto payloads = event_payloads("host-a:1:2", many);
  CHECK(payloads.size() > 1);
  std::size_t total = 0;
  for (const auto& p : payloads) {
    CHECK(p.size() < 8'000);
    total += announced(p, "host-b").size();
  }
  CHECK(total == 2'000);
}

namespace {

// Answers one scripted round per wait(), then nothing.
class scripted_listener final : public storage::listener {
 public:
  struct round {
    bool resumed = false;
    std::vector<storage::notification> heard;
  };
  explicit scripted_listener(std::vector<round> rounds) : rounds_(std::move(rounds)) {}
  std::vector<storage::notification> wait(int timeout_ms, bool& resumed) override {
    const std::lock_guard lock(mutex_);
    if (next_ >= rounds_.size()) {
      resumed = false;
      std::this_thread::sleep_for(std::chrono::milliseconds(std::min(timeout_ms, 10)));
      return {};
    }
    const round& r = rounds_[next_++];
    resumed = r.resumed;
    return r.heard;
  }

 private:
  std::mutex mutex_;
  std::vector<round> rounds_;
  std::size_t next_ = 0;
};

}  // namespace

TEST_CASE("the peer listener hands on others' messages, claims freed ones, resyncs after a loss",
          "[peer_events]") {
  const auto theirs = event_payloads("host-b:3:4", {stored("g1", "m1")});
  const auto mine = event_payloads("host-a:1:2", {stored("g1", "m2")});
  std::vector<scripted_listener::round> rounds = {
      {false, {{events_channel, theirs[0]}, {events_channel, mine[0]}}},
      {false, {{storage::outbox_channel, "2"}}},
      {true, {}},
  };
  std::mutex mutex;
  std::vector<std::string> heard;
  int claims = 0, resyncs = 0;
  {
    peer_listener peers(
        std::make_unique<scripted_listener>(rounds), "host-a:1:2",
        [&](const std::vector<envelope>& m) {
          const std::lock_guard lock(mutex);
          for (const auto& e : m) heard.push_back(e.delivery_id);
        },
        [&] {
          const std::lock_guard lock(mutex);
          ++claims;
        },
        [&] {
          const std::lock_guard lock(mutex);
          ++resyncs;
        });
    for (int i = 0; i < 200; ++i) {
      {
        const std::lock_guard lock(mutex);
        if (resyncs > 0) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  CHECK(heard == std::vector<std::string>{"m1"});
  CHECK(claims == 2);  // the freed messages, and what may have been freed while away
  CHECK(resyncs == 1);
}

TEST_CASE("the dashboard's events name the chats watched now", "[peer_events]") {
  dash_events live;
  CHECK(live.watched().empty());
  auto stream = live.subscribe({"telegram", "-100\n1"}, 0);
  const auto watched = live.watched();
  REQUIRE(watched.size() == 1);
  CHECK(watched[0].platform == "telegram");
  CHECK(watched[0].chat_id == "-100\n1");
  stream.reset();
  CHECK(live.watched().empty());
}
