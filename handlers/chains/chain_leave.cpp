// Leaving a chain: 退出 / 取消 (with an entry number: 退出 3), and a leave in words of its own
// (我退出, 取消我的报名, 不好意思 家里有事 退出接龙).

#include "handlers/chains/chain_leave.hpp"

#include <algorithm>

#include "handlers/chains/chain_entries.hpp"
#include "handlers/text/text.hpp"

namespace linli::handlers {

// The entry number in "退出 3" / "取消 三": 0 when none is given, nullopt when the words are not
// a number ("退出群聊" is chatter, "取消 #12" is for another handler).
std::optional<int> entry_number(std::string_view args) {
  if (args.empty()) return 0;
  std::string_view rest = args;
  const std::string folded = text::fold(rest);
  std::string_view f = folded;
  // No "#": "取消 #12" names a supply request, not an entry.
  for (std::string_view prefix : {"第", "no."}) {
    if (f.starts_with(prefix)) f.remove_prefix(prefix.size());
  }
  const auto n = text::read_number(f);
  if (!n || n->value < 1 || n->value > 100'000) return std::nullopt;
  f.remove_prefix(n->length);
  for (std::string_view suffix : {"位", "号", "条"}) {
    if (f.starts_with(suffix)) f.remove_prefix(suffix.size());
  }
  if (!text::trim(f).empty()) return std::nullopt;
  return static_cast<int>(n->value);
}

namespace {

// Whether a short message says its writer leaves the chain, wherever the words stand: "我退出",
// "取消我的报名", "不好意思 家里有事 退出接龙", "临时要加班 只能退出了". A question
// ("怎么退出接龙？"), leaving the group (退出群聊) or someone else leaving ("他退出了") is not.
bool says_leave(std::string_view text) {
  const std::string f = text::fold(text::trim(text));
  if (f.empty() || f.size() > 90) return false;
  for (std::string_view not_leave : {"群", "?", "吗", "怎么", "如何", "他", "她"}) {
    if (f.find(not_leave) != std::string::npos) return false;
  }
  for (std::string_view phrase : {"退出接龙", "退出报名", "取消报名", "取消我的报名",
                                  "我的报名取消", "我退出", "我不报了", "报名取消"}) {
    if (f.find(phrase) != std::string::npos) return true;
  }
  // "…退出", "…退出了!": the word closes the message.
  std::string_view end = f;
  while (!end.empty() &&
         (std::ispunct(static_cast<unsigned char>(end.back())) || end.back() == ' '))
    end.remove_suffix(1);
  if (end.ends_with("了")) end.remove_suffix(std::string_view("了").size());
  return end.ends_with("退出");
}

// The writer's own line of `c` leaves (or, when "退出 3" names one, that line, if it is theirs).
replies leave_chain(context& ctx, chain& c, int number) {
  const auto lines = roster(c);
  std::vector<const roster_line*> mine;
  for (const auto& l : lines) {
    if (l.entry->sender_id == ctx.message.from.id) mine.push_back(&l);
  }
  if (number > 0) {
    const roster_line* target = nullptr;
    for (const auto& l : lines) {
      if (l.position == number) target = &l;
    }
    if (!target) {
      return {{ctx.say("chains.leave.no_entry", {{"number", std::to_string(number)}})}};
    }
    if (target->entry->sender_id != ctx.message.from.id) {
      return {{ctx.say("chains.leave.not_yours",
                       {{"number", std::to_string(number)}, {"name", target->entry->name}})}};
    }
    return remove_entry(ctx, c, target->entry->id, false);
  }
  if (mine.empty()) {
    return {{ctx.say("chains.leave.not_on_chain", {{"title", c.title}})}};
  }
  if (mine.size() > 1) {
    std::vector<std::string> listed;
    for (const auto* l : mine)
      listed.push_back(std::to_string(l->position) + ". " + l->entry->content);
    return {{ctx.say("chains.leave.which",
                     {{"lines", text::join(listed, ctx.say("chains.separator.lines"))}})}};
  }
  return remove_entry(ctx, c, mine.front()->entry->id, false);
}

}  // namespace

std::optional<replies> on_leave(context& ctx) {
  const auto number = entry_number(ctx.args);
  if (!number) return std::nullopt;
  auto c = chain_for(ctx);
  if (!c) return std::nullopt;  // nothing to leave: ordinary chatter
  return leave_chain(ctx, *c, *number);
}

// A leave in words of its own ("我退出", "不好意思 家里有事 退出接龙"), from someone on the chain.
std::optional<replies> on_leave_words(context& ctx) {
  if (!says_leave(ctx.args)) return std::nullopt;
  auto c = chain_for(ctx);
  if (!c) return std::nullopt;
  const bool on_it = std::any_of(c->entries.begin(), c->entries.end(), [&](const chain_entry& e) {
    return e.state == entry_state::active && e.sender_id == ctx.message.from.id;
  });
  if (!on_it) return std::nullopt;  // words about someone else's plans: chatter
  return leave_chain(ctx, *c, 0);
}

}  // namespace linli::handlers
