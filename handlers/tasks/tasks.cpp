#include "handlers/tasks/tasks.hpp"

#include <algorithm>
#include <cstdio>

#include "handlers/core/messages.hpp"
#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::handlers {
namespace {

// Service groups and the words that name or imply them (folded).
struct group_words {
  const char* name;
  std::vector<std::string_view> words;
};

const std::vector<group_words>& groups() {
  static const std::vector<group_words> table = {
      {"配送", {"配送", "派送", "送货", "分拣", "快递", "物资", "distribution", "delivery"}},
      {"秩序", {"秩序", "门岗", "核酸", "检测", "抗原", "order", "gate", "testing"}},
      {"采购", {"采购", "团购", "purchasing", "shopping"}},
      {"药品", {"药品", "配药", "买药", "medicine"}},
      {"消杀", {"消杀", "消毒", "垃圾", "disinfection", "garbage"}},
  };
  return table;
}

std::vector<std::string_view> split_words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n')) ++pos;
    const std::size_t start = pos;
    while (pos < s.size() && s[pos] != ' ' && s[pos] != '\t' && s[pos] != '\n') ++pos;
    if (pos > start) out.push_back(s.substr(start, pos - start));
  }
  return out;
}

// "09:00-11:00", "9点-11点", "9:00~11:00", "9:00到11:00" as the whole word.
std::optional<std::pair<clock_time, clock_time>> read_window(std::string_view w, bool& looked) {
  for (std::string_view sep : {"-", "~", "到", "至", "—", "–"}) {
    const auto at = w.find(sep);
    if (at == std::string_view::npos || at == 0) continue;
    const std::string_view rest = w.substr(at + sep.size());
    auto start = parse_clock(w.substr(0, at));
    // "9-11点": the start borrows the end's unit.
    if (!start && rest.ends_with("点")) start = parse_clock(std::string(w.substr(0, at)) + "点");
    if (!start) continue;
    looked = true;
    const auto end = parse_clock(rest);
    if (!end) return std::nullopt;
    return std::pair{*start, *end};
  }
  return std::nullopt;
}

// "需2人", "2人", "两人", "需要3名", "x2".
std::optional<int> read_head_count(std::string_view w) {
  for (std::string_view prefix : {"需要", "需", "要"}) {
    if (w.starts_with(prefix)) {
      w.remove_prefix(prefix.size());
      break;
    }
  }
  const auto n = text::read_number(w);
  if (!n) return std::nullopt;
  const std::string_view unit = w.substr(n->length);
  if (unit != "人" && unit != "名" && unit != "位" && unit != "people" && unit != "person") {
    return std::nullopt;
  }
  if (n->value < 1 || n->value > 1000) return -1;
  return static_cast<int>(n->value);
}

}  // namespace

std::optional<std::string> canonical_group(std::string_view folded) {
  std::string_view w = folded;
  if (w.starts_with("组:")) w.remove_prefix(std::string_view("组:").size());
  if (w.ends_with("组")) w.remove_suffix(std::string_view("组").size());
  for (const auto& g : groups()) {
    if (w == g.name) return std::string(g.name);
    for (std::string_view word : g.words) {
      if (w == word) return std::string(g.name);
    }
  }
  return std::nullopt;
}

std::optional<std::string> infer_group(std::string_view folded_title) {
  for (const auto& g : groups()) {
    for (std::string_view word : g.words) {
      if (folded_title.find(word) != std::string_view::npos) return std::string(g.name);
    }
  }
  return std::nullopt;
}

spec_result parse_task_spec(std::string_view original, civil_date today) {
  spec_result out;
  task_spec spec;
  bool have_window = false, bad_window = false;
  std::vector<std::string> others;
  const std::string folded = text::fold(original);
  // Words are split on the folded text; fold keeps one code point per code point, so the
  // original words line up with the folded ones one to one.
  const auto folded_words = split_words(folded);
  const std::string half = text::to_halfwidth(original);
  const auto original_words = split_words(half);
  for (std::size_t i = 0; i < folded_words.size(); ++i) {
    const std::string_view w = folded_words[i];
    const std::string_view as_written = i < original_words.size() ? original_words[i] : w;
    bool looked = false;
    if (const auto window = read_window(w, looked)) {
      spec.start = window->first;
      spec.end = window->second;
      have_window = true;
      continue;
    }
    if (looked) {
      bad_window = true;
      continue;
    }
    if (const auto n = read_head_count(w)) {
      if (*n < 0) return {std::nullopt, spec_error::bad_capacity};
      spec.capacity = *n;
      continue;
    }
    if (const auto d = parse_day(w, today); d && d->length == w.size()) {
      spec.day = d->day;
      continue;
    }
    if (w.starts_with("组:") || (w.ends_with("组") && canonical_group(w))) {
      spec.group = canonical_group(w).value_or(std::string(
          as_written.substr(w.starts_with("组:") ? std::string_view("组:").size() : 0)));
      continue;
    }
    others.emplace_back(as_written);
  }
  if (bad_window) return {std::nullopt, spec_error::bad_window};
  if (!have_window) return {std::nullopt, spec_error::no_window};
  if (spec.end.minutes() <= spec.start.minutes()) return {std::nullopt, spec_error::bad_window};
  if (others.empty()) return {std::nullopt, spec_error::no_place};
  spec.place = others.front();
  for (std::size_t i = 1; i < others.size(); ++i) {
    spec.title += (spec.title.empty() ? "" : " ") + others[i];
  }
  if (!spec.group) spec.group = infer_group(text::fold(spec.title + " " + spec.place));
  if (spec.title.empty()) spec.title = spec.group.value_or(spec.place);
  return {std::move(spec), {}};
}

std::optional<task_ref> parse_task_ref(std::string_view s) {
  std::size_t pos = 0;
  if (s.starts_with("#")) pos = 1;
  if (pos >= s.size() || s[pos] != 't') return std::nullopt;
  ++pos;
  const std::size_t digits_at = pos;
  long long n = 0;
  while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos])) &&
         pos - digits_at < 7) {
    n = n * 10 + (s[pos++] - '0');
  }
  if (pos == digits_at || n < 1) return std::nullopt;
  // "t12abc" is not a reference; "t12 ..." and "t12，" are.
  if (pos < s.size() && std::isalnum(static_cast<unsigned char>(s[pos]))) return std::nullopt;
  return task_ref{static_cast<int>(n), pos};
}

std::string task_label(int number) {
  return "T" + std::to_string(number);
}

std::vector<const task_member*> active_members(const task& t) {
  std::vector<const task_member*> out;
  for (const auto& m : t.members) {
    if (m.state == member_state::active) out.push_back(&m);
  }
  return out;
}

task_member* active_member(task& t, const std::string& volunteer_id) {
  for (auto& m : t.members) {
    if (m.state == member_state::active && m.volunteer_id == volunteer_id) return &m;
  }
  return nullptr;
}

std::string_view task_status(const task& t) {
  if (t.done) return "done";
  return static_cast<int>(active_members(t).size()) >= t.capacity ? "full" : "open";
}

std::string task_window(const task& t) {
  return format_clock({t.start_minute / 60, t.start_minute % 60}) + "-" +
         format_clock({t.end_minute / 60, t.end_minute % 60});
}

span task_span(const task& t) {
  return {t.start_minute, t.end_minute};
}

std::string task_name(const task& t) {
  return t.title != t.place ? t.place + " " + t.title : t.place;
}

std::string describe_task(const task& t, storage::language lang, bool with_date) {
  std::string when = task_window(t);
  if (with_date && t.date.size() == 10) when = t.date.substr(5) + " " + when;
  return message(lang, "tasks.task.line",
                 {{"task", task_label(t.number)},
                  {"what", task_name(t)},
                  {"when", when},
                  {"held", std::to_string(active_members(t).size())},
                  {"capacity", std::to_string(t.capacity)}});
}

std::string volunteer_id_of(const chain_entry& e) {
  return e.registered_by ? e.sender_id + "#" + e.name : e.sender_id;
}

std::int64_t ask_ms(const task& t, const time_zone& zone, const shift_rules& rules) {
  const auto day = parse_iso_date(t.date).value_or(civil_date{});
  return at_local(add_days(day, -1), rules.confirm_ask, zone);
}

std::int64_t cutoff_ms(const task& t, const time_zone& zone, const shift_rules& rules) {
  const auto day = parse_iso_date(t.date).value_or(civil_date{});
  return std::min(at_local(day, rules.confirm_by, zone), t.start_ms);
}

std::optional<std::int64_t> next_event(const task& t, const time_zone& zone,
                                       const shift_rules& rules) {
  if (t.done || t.cancelled) return std::nullopt;
  std::optional<std::int64_t> next;
  auto consider = [&](std::int64_t at) { next = next ? std::min(*next, at) : at; };
  const auto holders = active_members(t);
  if (!t.cutoff_done) {
    bool unconfirmed = false, unasked = false;
    for (const task_member* m : holders) {
      if (m->confirmed) continue;
      unconfirmed = true;
      if (!m->asked_ms) unasked = true;
    }
    if (unasked) consider(ask_ms(t, zone, rules));
    if (unconfirmed) consider(cutoff_ms(t, zone, rules));
  }
  if (!t.reminded && rules.remind_before_minutes > 0 && !holders.empty()) {
    consider(t.start_ms - rules.remind_before_minutes * 60'000LL);
  }
  return next;
}

std::string format_hours(int minutes) {
  char out[32];
  if (minutes % 60 == 0) {
    std::snprintf(out, sizeof out, "%d", minutes / 60);
  } else if (minutes % 30 == 0) {
    std::snprintf(out, sizeof out, "%d.5", minutes / 60);
  } else {
    std::snprintf(out, sizeof out, "%.2f", minutes / 60.0);
  }
  return out;
}

}  // namespace linli::handlers
