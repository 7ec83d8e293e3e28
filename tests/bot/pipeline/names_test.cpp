// The name gate: messages wait for their senders' display names, each chat in its order.

#include "bot/pipeline/names.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bot/platforms/platform.hpp"

using namespace linli;
using namespace linli::bot;

namespace {

// A platform whose directory answers from a table, each answer held until the test releases it.
class directory final : public platform {
 public:
  explicit directory(bool looks_up, bool credentials = true) : credentials_(credentials) {
    caps_.looks_up_names = looks_up;
  }
  std::string_view name() const override { return "dir"; }
  const bot::capabilities& capabilities() const override { return caps_; }
  void verify(const http_request&, std::int64_t) const override {}
  bool authenticates() const override { return true; }
  inbound parse(const http_request&, std::int64_t) const override { return {}; }
  http_response acknowledge(const answer_input&) const override { return {}; }
  bool can_send() const override { return credentials_; }  // the API's credentials
  delivery send(const outbound_message&, std::string_view) const override { return {}; }

  std::optional<std::string> look_up_name(const chat_ref&,
                                          const std::string& user_id) const override {
    std::unique_lock lock(mutex_);
    ++asked_[user_id];
    open_.wait(lock, [this] { return released_; });
    if (user_id == "boom") throw std::runtime_error("no answer");
    const auto it = names.find(user_id);
    if (it == names.end()) return std::nullopt;
    return it->second;
  }

  void release() {
    const std::lock_guard lock(mutex_);
    released_ = true;
    open_.notify_all();
  }
  int asked(const std::string& user) const {
    const std::lock_guard lock(mutex_);
    const auto it = asked_.find(user);
    return it == asked_.end() ? 0 : it->second;
  }

  std::map<std::string, std::string> names;

 private:
  bot::capabilities caps_;
  bool credentials_;
  mutable std::mutex mutex_;
  mutable std::condition_variable open_;
  mutable std::map<std::string, int> asked_;
  bool released_ = false;
};

// What the gate passed on, in order.
struct passed {
  std::mutex mutex;
  std::condition_variable arrived;
  std::vector<envelope> messages;

  name_gate::pass_fn into() {
    return [this](envelope e) {
      const std::lock_guard lock(mutex);
      messages.push_back(std::move(e));
      arrived.notify_all();
    };
  }
  std::vector<envelope> wait_for(std::size_t n) {
    std::unique_lock lock(mutex);
    arrived.wait_for(lock, std::chrono::seconds(10), [&] { return messages.size() >= n; });
    return messages;
  }
  std::size_t count() {
    const std::lock_guard lock(mutex);
    return messages.size();
  }
};

envelope message(const std::string& chat, const std::string& user, const std::string& text,
                 const std::string& name = "") {
  envelope e;
  e.chat = {"dir", chat};
  e.from = {user, name.empty() ? user : name, platform_role::member};
  e.text = text;
  return e;
}

std::atomic<std::int64_t> fake_now{1'000};
std::int64_t now_ms() {
  return fake_now.load();
}

}  // namespace

TEST_CASE("names: a platform that does not look names up, or cannot, passes at once", "[names]") {
  directory plain(false);               // messages carry names
  directory unconfigured(true, false);  // no API credentials to ask with
  for (const directory* p : {&plain, &unconfigured}) {
    name_gate gate({.wait = std::chrono::hours(1)}, now_ms);
    passed out;
    gate.admit(*p, message("c1", "U1", "hello"), out.into());
    REQUIRE(out.count() == 1);
    CHECK(out.messages[0].from.name == "U1");
    CHECK(p->asked("U1") == 0);
  }
}

TEST_CASE("names: a message waits for its sender's name, and its chat waits behind it", "[names]") {
  directory dir(true);
  dir.names = {{"U1", "王阿姨"}, {"U2", "小李"}};
  name_gate gate({.wait = std::chrono::seconds(30)}, now_ms);
  passed out;
  gate.admit(dir, message("c1", "U1", "需要布洛芬"), out.into());
  // A sender with a name of its own, in the same chat, still waits for the first to go.
  gate.admit(dir, message("c1", "U3", "+1", "老张"), out.into());
  // Another chat is not held up by c1.
  gate.admit(dir, message("c2", "U9", "hi", "赵"), out.into());
  REQUIRE(out.wait_for(1).size() == 1);
  CHECK(out.messages[0].chat.chat_id == "c2");

  dir.release();
  const auto all = out.wait_for(3);
  REQUIRE(all.size() == 3);
  CHECK(all[1].text == "需要布洛芬");
  CHECK(all[1].from.name == "王阿姨");
  CHECK(all[1].from.id == "U1");
  CHECK(all[2].text == "+1");
  CHECK(all[2].from.name == "老张");

  // Known now: the next message of U1 passes at once, without asking again.
  gate.admit(dir, message("c1", "U1", "谢谢"), out.into());
  REQUIRE(out.count() == 4);
  CHECK(out.messages[3].from.name == "王阿姨");
  CHECK(dir.asked("U1") == 1);
}

TEST_CASE("names: a name a message carried is remembered for the sender's next message",
          "[names]") {
  directory dir(true);
  name_gate gate({}, now_ms);
  passed out;
  gate.admit(dir, message("c1", "U5", "/help", "陈"), out.into());
  gate.admit(dir, message("c1", "U5", "名单"), out.into());
  REQUIRE(out.count() == 2);
  CHECK(out.messages[1].from.name == "陈");
  CHECK(dir.asked("U5") == 0);
}

TEST_CASE("names: when the platform cannot tell, the id stands and is not asked again at once",
          "[names]") {
  directory dir(true);  // knows nobody
  dir.release();
  name_gate gate({.keep_failure = std::chrono::minutes(10)}, now_ms);
  passed out;
  gate.admit(dir, message("c1", "U7", "a"), out.into());
  gate.admit(dir, message("c1", "boom", "b"), out.into());  // the lookup throws
  const auto all = out.wait_for(2);
  REQUIRE(all.size() == 2);
  CHECK(all[0].from.name == "U7");
  CHECK(all[1].from.name == "boom");
  gate.admit(dir, message("c1", "U7", "c"), out.into());
  REQUIRE(out.count() == 3);
  CHECK(dir.asked("U7") == 1);

  // Once the failure is forgotten the platform is asked again.
  fake_now += 11 * 60'000;
  gate.admit(dir, message("c1", "U7", "d"), out.into());
  REQUIRE(out.wait_for(4).size() == 4);
  CHECK(dir.asked("U7") == 2);
}

TEST_CASE("names: a lookup that takes too long lets the message go with its id", "[names]") {
  directory dir(true);
  dir.names = {{"U1", "王阿姨"}};
  // A real clock for the deadline; the directory never answers until released.
  name_gate gate({.wait = std::chrono::milliseconds(50)}, [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  });
  passed out;
  gate.admit(dir, message("c1", "U1", "first"), out.into());
  gate.admit(dir, message("c1", "U2", "second", "李"), out.into());
  dir.release();  // answers only after the deadline has been seen, or before: both are right
  const auto all = out.wait_for(2);
  REQUIRE(all.size() == 2);
  CHECK(all[0].text == "first");  // order kept either way
  CHECK(all[1].text == "second");
}

TEST_CASE("names: stop passes on everything still waiting, in order, with ids", "[names]") {
  directory dir(true);
  passed out;
  {
    name_gate gate({.wait = std::chrono::hours(1)}, now_ms);
    gate.admit(dir, message("c1", "U1", "one"), out.into());
    gate.admit(dir, message("c1", "U2", "two", "李"), out.into());
    CHECK(out.count() == 0);
    std::thread unblock([&dir] {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      dir.release();  // the lookup in flight ends; stop() waits for it
    });
    gate.stop();
    unblock.join();
    REQUIRE(out.count() == 2);
    CHECK(out.messages[0].text == "one");
    CHECK(out.messages[1].text == "two");
    // After stop a message passes straight on.
    gate.admit(dir, message("c1", "U8", "three"), out.into());
    CHECK(out.count() == 3);
  }
}
