#pragma once
// A group chat for the tasks tests: the real dispatcher (with the policy a test gives it) over an
// in-memory SQLite store, a clock that moves a minute per message from 2022-11-22 18:00 in
// Shanghai, and the scheduler run at a chosen local time.

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "handlers/core/dispatcher.hpp"
#include "handlers/tasks/schedule.hpp"
#include "handlers/tasks/tasks.hpp"
#include "storage/open.hpp"
#include "tests/support.hpp"

namespace linli::tasks_testing {

inline const handlers::time_zone& shanghai() {
  return handlers::time_zone::shanghai();
}

// Leads of one service group each: "lead_peisong" leads 配送, "lead_zhixu" leads 秩序.
inline handlers::policy with_leads() {
  handlers::policy p;
  p.chats["g1"].leads["配送"] = {"generic:lead_peisong"};
  p.chats["g1"].leads["秩序"] = {"generic:lead_zhixu"};
  return p;
}

struct task_chat : testing::chat_fixture {
  using chat_fixture::chat_fixture;

  // Names of who holds task `number` now, in arrival order.
  std::vector<std::string> holders(int number) {
    const auto t = store->find_task(chat, number);
    REQUIRE(t);
    std::vector<std::string> out;
    for (const auto* m : handlers::active_members(*t)) out.push_back(m->name);
    return out;
  }

  // Runs the scheduler at a local time and moves the clock there; the texts it sent.
  std::vector<std::string> run_clock(handlers::civil_date day, handlers::clock_time at) {
    const std::int64_t now = handlers::at_local(day, at, shanghai());
    storage::transaction tx(*store);
    std::vector<std::string> out;
    for (const auto& m : handlers::run_due(*store, bot.rules(), now)) out.push_back(m.text);
    tx.commit();
    clock_ms = now;
    return out;
  }
  std::string run_clock_text(handlers::civil_date day, handlers::clock_time at) {
    std::string out;
    for (const auto& text : run_clock(day, at)) out += text + "\n";
    return out;
  }

  // Switches the chat's replies to English.
  void english() {
    say("boss", "/lang en", true);
    REQUIRE(store->load_chat(chat).lang == storage::language::en);
  }
};

// A chain for tomorrow: 张三 (上午), 李四 (全天), 王五 (下午) confirmed; 赵六 on the waitlist.
inline void sign_up(task_chat& g) {
  const std::string header = "#接龙 明天志愿者\n限3人\n\n";
  g.say("zhang", header + "1. 张三 上午");
  g.say("li", header + "1. 张三 上午\n2. 李四 全天");
  g.say("wang", header + "1. 张三 上午\n2. 李四 全天\n3. 王五 下午");
  g.say("zhao", header + "1. 张三 上午\n2. 李四 全天\n3. 王五 下午\n4. 赵六");
}

}  // namespace linli::tasks_testing
