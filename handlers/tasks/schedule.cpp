#include "handlers/tasks/schedule.hpp"

#include <map>

#include "handlers/core/messages.hpp"
#include "handlers/tasks/shifts.hpp"
#include "handlers/tasks/tasks.hpp"
#include "handlers/text/text.hpp"

namespace linli::handlers {
namespace {

// Lines to post, gathered per chat so each chat gets one message of each kind per run.
struct chat_news {
  storage::chat_settings settings;
  const time_zone* zone = nullptr;
  std::vector<std::string> ask, cutoff, remind;
};

std::string mention_all(const task& t, bool unconfirmed_only) {
  std::string out;
  for (const task_member* m : active_members(t)) {
    if (unconfirmed_only && (m->confirmed || m->asked_ms)) continue;
    out += " @" + m->name;
  }
  return out;
}

// Runs one task's due events and saves it with its next one.
void run_task(storage::store& store, task& t, chat_news& news, const shift_rules& rules,
              std::int64_t now_ms) {
  const storage::language lang = news.settings.lang;
  const time_zone& zone = *news.zone;
  if (!t.cutoff_done && now_ms >= cutoff_ms(t, zone, rules)) {
    std::vector<std::string> dropped;
    for (task_member& m : t.members) {
      if (m.state != member_state::active || m.confirmed) continue;
      m.state = member_state::dropped;
      m.changed_ms = now_ms;
      store.update_task_member(m);
      dropped.push_back(m.name);
    }
    t.cutoff_done = true;
    if (!dropped.empty()) {
      const std::string line = describe_task(t, lang);  // as it stands before the refill
      const auto added =
          t.start_ms > now_ms ? refill(store, t, rules, now_ms) : std::vector<std::string>{};
      const int missing = t.capacity - static_cast<int>(active_members(t).size());
      std::vector<std::string> mentions;
      for (const auto& n : added) mentions.push_back("@" + n);
      const char* key =
          added.empty() ? (missing > 0 ? "tasks.cutoff.dropped_short" : "tasks.cutoff.dropped")
                        : (missing > 0 ? "tasks.cutoff.refilled_short" : "tasks.cutoff.refilled");
      news.cutoff.push_back(message(lang, key,
                                    {{"line", line},
                                     {"dropped", text::join(dropped, " ")},
                                     {"added", text::join(mentions, " ")},
                                     {"missing", std::to_string(missing)}}));
    }
  } else if (!t.cutoff_done && now_ms >= ask_ms(t, zone, rules)) {
    const std::string who = mention_all(t, true);
    if (!who.empty()) {
      news.ask.push_back(message(lang, "tasks.ask.line",
                                 {{"who", who.substr(1)},
                                  {"task", task_label(t.number)},
                                  {"date", t.date.substr(5)},
                                  {"time", task_window(t)},
                                  {"what", task_name(t)}}));
      for (task_member& m : t.members) {
        if (m.state != member_state::active || m.confirmed || m.asked_ms) continue;
        m.asked_ms = now_ms;
        m.changed_ms = now_ms;
        store.update_task_member(m);
      }
    }
  }
  const std::int64_t remind_at = t.start_ms - rules.remind_before_minutes * 60'000LL;
  if (!t.reminded && rules.remind_before_minutes > 0 && now_ms >= remind_at) {
    t.reminded = true;
    const std::string who = mention_all(t, false);
    // A reminder that would arrive after the shift has begun helps nobody.
    if (!who.empty() && now_ms < t.start_ms) {
      news.remind.push_back(message(lang, "tasks.remind.line",
                                    {{"who", who.substr(1)},
                                     {"time", task_window(t)},
                                     {"what", task_name(t)},
                                     {"task", task_label(t.number)}}));
    }
  }
  save_task(store, t, zone, rules);
}

void enqueue(std::vector<outbound_message>& out, const chat_ref& chat, std::string text,
             std::int64_t now_ms) {
  outbound_message m;
  m.chat = chat;
  m.text = std::move(text);
  m.created_ms = now_ms;
  m.next_attempt_ms = 0;  // at once: the sender keeps its own (wall) clock for retries
  out.push_back(std::move(m));
}

std::string block(const std::string& head, const std::vector<std::string>& lines,
                  const std::string& foot) {
  std::string out = head;
  for (const auto& l : lines) out += "\n" + l;
  return out + foot;
}

}  // namespace

std::vector<outbound_message> run_due(storage::store& store, const policy& rules,
                                      std::int64_t now_ms) {
  // Before reading what is due: a run overlapping this one (another instance) waits, then finds
  // done what this one did.
  store.lock_schedule();
  std::map<std::pair<std::string, std::string>, chat_news> news;
  // Each run moves every due task's next event past now (or clears it), so this ends.
  for (int round = 0; round < 1000; ++round) {
    auto due = store.tasks_due(now_ms, 200);
    if (due.empty()) break;
    for (task& t : due) {
      auto [it, fresh] = news.try_emplace({t.chat.platform, t.chat.chat_id});
      chat_news& n = it->second;
      if (fresh) {
        n.settings = store.load_chat(t.chat);
        n.zone =
            time_zone::find(n.settings.time_zone.empty() ? rules.time_zone : n.settings.time_zone);
        if (!n.zone) n.zone = &time_zone::shanghai();
      }
      run_task(store, t, n, rules.shifts, now_ms);
    }
  }
  std::vector<outbound_message> out;
  for (const auto& [key, n] : news) {
    const chat_ref chat{key.first, key.second};
    const storage::language lang = n.settings.lang;
    const auto post = [&](const std::vector<std::string>& lines, std::string_view title,
                          std::string_view footer) {
      if (lines.empty()) return;
      enqueue(out, chat,
              block(message(lang, title), lines,
                    footer.empty() ? std::string() : message(lang, footer)),
              now_ms);
    };
    post(n.ask, "tasks.ask.title", "tasks.ask.footer");
    post(n.cutoff, "tasks.cutoff.title", "tasks.cutoff.footer");
    post(n.remind, "tasks.remind.title", "");
  }
  return out;
}

}  // namespace linli::handlers
