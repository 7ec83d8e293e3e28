#include "handlers/chains/chain_commands.hpp"

#include <algorithm>
#include <set>

#include "handlers/chains/chain_entries.hpp"
#include "handlers/chains/chain_leave.hpp"
#include "handlers/core/dispatcher.hpp"
#include "handlers/core/subcommands.hpp"
#include "handlers/offers/offer_commands.hpp"
#include "handlers/text/text.hpp"

namespace linli::handlers {
namespace {

// Where the bot hears only what @-mentions it, a plain copy of the chain never reaches it: the
// chain it reposts is followed by a line saying to put @机器人 first.
void add_copy_hint(const context& ctx, replies& out) {
  if (ctx.rules.mention_only.contains(ctx.message.chat.platform)) {
    out.push_back({ctx.say("chains.copy_with_mention")});
  }
}

// The chain a message names by its title ("名单 周六值班"); nullopt when none has that title.
std::optional<chain> named_chain(context& ctx, std::string_view title) {
  const auto parsed = parse_chain("#接龙 " + std::string(title));
  if (!parsed) return std::nullopt;
  return ctx.store.find_chain(ctx.message.chat, parsed->header_key);
}

// Whether the chain collects what neighbours can spare (共享药箱, 闲置物品, 有多余，同分享): each
// line of it gives something.
bool sharing_chain(const chain& c) {
  std::string words = c.title;
  for (const auto& h : c.header) words += "\n" + h;
  const std::string f = text::fold(words);
  for (std::string_view w : {"共享", "药箱", "闲置", "有多余", "可分享", "同分享"}) {
    if (f.find(w) != std::string::npos) return true;
  }
  return false;
}

// The lines of a copy past the parser's limits: new ones are kept as rejected entries (the
// inbox keeps the whole copy besides), and the poster is told none of them is on the roster.
std::optional<reply> over_limit(context& ctx, chain& c, const parsed_chain& copy) {
  if (copy.over_limit_count == 0) return std::nullopt;
  std::set<std::string> known;
  for (const auto& e : c.entries) known.insert(e.key);
  for (const std::string& line : copy.over_limit) {
    chain_entry e = make_entry(line, ctx.message.from, ctx.now_ms());
    if (!known.insert(e.key).second) continue;
    e.state = entry_state::rejected;
    e.id = ctx.store.insert_chain_entry(c.id, e);
    c.entries.push_back(std::move(e));
  }
  return reply{ctx.say("chains.limits.over", {{"entries", std::to_string(max_chain_entries)},
                                              {"lines", std::to_string(max_chain_lines)},
                                              {"count", std::to_string(copy.over_limit_count)}})};
}

// The lines of a sharing chain's new entries, logged as offers (共享药箱: 新康泰克,1盒10粒).
void log_shared(context& ctx, bool sharing, const std::vector<chain_entry>& added, replies& out) {
  if (!sharing) return;
  for (const chain_entry& e : added) {
    if (std::string line = log_shared_line(ctx, e.content); !line.empty()) {
      out.push_back({std::move(line)});
    }
  }
}

// A posted copy of a chain (or a new chain). An edited post (report_dropped false) is an old copy
// by nature: the lines others added since are not reported as dropped.
std::optional<replies> read_copy(context& ctx, bool report_dropped) {
  if (!is_chain_post(ctx.args)) return std::nullopt;
  const auto parsed = parse_chain(ctx.args);
  if (!parsed) return std::nullopt;

  replies out;
  // The store's own chain, read without copying it: the usual copy only adds lines, and those
  // are stored without changing what is read here.
  auto shared = ctx.store.find_chain_shared(ctx.message.chat, parsed->header_key);
  std::optional<chain> owned;  // a new chain, or a copy of the read one that this message changes
  if (!shared) {
    owned = new_chain(ctx, *parsed);
    // A member's chain is theirs to fill; it does not become the chat's current chain while a
    // coordinator's exists.
    owned->by_coordinator = ctx.is_coordinator();
    owned->id = ctx.store.insert_chain(*owned);
    out.push_back({opened_notice(ctx, *owned)});
  }
  const chain& read = owned ? *owned : *shared;
  merge_result merged = merge_copy(read, *parsed, ctx.message.from, ctx.now_ms());
  const bool sharing = sharing_chain(read) && is_open(read, ctx.now_ms());
  report_dropped = report_dropped && !merged.dropped.empty();

  // Name the dropped lines before the new entries change the positions.
  std::vector<std::string> dropped;
  if (report_dropped) {
    const auto lines = roster(read);
    for (const chain_entry* e : merged.dropped) {
      const roster_line* l = line_of(lines, e->id);
      dropped.push_back(std::to_string(l->position) + ". " + e->content);
    }
  }
  merged.dropped.clear();  // pointers into `read`

  if (!owned && merged.edited.empty() && parsed->over_limit_count == 0 && !report_dropped) {
    // Only new lines: answered from the chain as read, which is then let go before the lines are
    // stored, so that the store changes its chain in place rather than a copy of it.
    const std::int64_t id = read.id;
    for (reply& r : signed_up(ctx, read, merged.added)) out.push_back(std::move(r));
    shared.reset();  // `read` is not used past here
    store_entries(ctx, id, merged.added);
    log_shared(ctx, sharing, merged.added, out);
    return out;
  }

  if (!owned) {
    owned = *shared;
    shared.reset();  // the store then changes its own chain in place, not another copy of it
  }
  chain& c = *owned;
  if (!merged.edited.empty()) out.push_back(edit_entries(ctx, c, merged.edited));
  for (reply& r : add_entries(ctx, c, merged.added)) out.push_back(std::move(r));
  log_shared(ctx, sharing, merged.added, out);
  if (auto r = over_limit(ctx, c, *parsed)) out.push_back(std::move(*r));
  if (report_dropped) {
    out.push_back({ctx.say(dropped.size() == 1 ? "chains.dropped.one" : "chains.dropped.many",
                           {{"count", std::to_string(dropped.size())},
                            {"lines", text::join(dropped, ctx.say("chains.separator.lines"))}})});
    out.push_back({render_chain(c, ctx.settings.lang)});
    add_copy_hint(ctx, out);
  }
  return out;
}

std::optional<replies> on_copy(context& ctx) {
  return read_copy(ctx, true);
}

// An edit of a chain post: the edited text merges like a copy from its author, so a rewritten line
// updates their entry and a line they added signs up.
std::optional<replies> on_edited_copy(context& ctx) {
  const auto original = ctx.store.find_original_by_key(ctx.message.chat, ctx.message.message_key());
  if (!original || original->kind != kinds::chain_post) return std::nullopt;
  return read_copy(ctx, false);
}

std::optional<replies> on_proxy(context& ctx) {
  if (ctx.args.empty()) {
    return replies{{ctx.say("chains.proxy.usage")}};
  }
  auto c = chain_for(ctx);
  if (!c) return replies{{no_chain(ctx)}};
  chain_entry e = make_entry(ctx.args, ctx.message.from, ctx.now_ms());
  // The note is part of the stored line, so copies of the rendered chain match it: the same
  // words in every chat language, hence not in the message catalogue.
  e.content += "（" + ctx.message.from.name + "帮报）";
  e.key = match_key(e.content);
  e.registered_by = ctx.message.from.name;
  // Already there, whoever registered them: compare the lines without the notes.
  const std::string plain_key = match_key(ctx.args);
  const auto lines = roster(*c);
  for (const auto& l : lines) {
    if (match_key(l.entry->name + l.entry->detail) == plain_key) {
      return replies{{ctx.say("chains.proxy.already",
                              {{"name", l.entry->name}, {"placed", placed(ctx, lines, l)}})}};
    }
  }
  return add_entries(ctx, *c, {std::move(e)});
}

// 名单 / /roster, with a chain's title after it for that chain.
replies show_roster(context& ctx) {
  std::optional<chain> c;
  if (!ctx.args.empty()) {
    c = named_chain(ctx, ctx.args);
    if (!c) return {{ctx.say("chains.roster.no_such", {{"title", std::string(ctx.args)}})}};
  } else {
    c = chain_for(ctx);
  }
  if (!c) return {{no_chain(ctx)}};
  const auto lines = roster(*c);
  int confirmed = 0;
  for (const auto& l : lines) confirmed += l.status == entry_status::confirmed;
  const std::size_t waiting = lines.size() - static_cast<std::size_t>(confirmed);
  const std::string summary = ctx.say(
      "chains.roster.summary",
      {{"title", c->title},
       {"count", std::to_string(confirmed)},
       {"capacity", c->capacity ? ctx.say("chains.roster.capacity",
                                          {{"capacity", std::to_string(*c->capacity)}})
                                : ""},
       {"waitlist",
        waiting > 0 ? ctx.say("chains.roster.waitlist", {{"count", std::to_string(waiting)}}) : ""},
       {"closed", is_open(*c, ctx.now_ms()) ? "" : ctx.say("chains.roster.closed")}});
  replies out{{summary}, {render_chain(*c, ctx.settings.lang)}};
  add_copy_hint(ctx, out);
  if (std::string slots = render_slots(*c, ctx.settings.lang); !slots.empty()) {
    out.push_back({std::move(slots)});
  }
  return out;
}

std::string chain_usage(const context& ctx) {
  return ctx.say("chains.usage");
}

// /chain new 标题: opens a chain with that header.
replies chain_new(context& ctx, std::string_view rest) {
  if (rest.empty()) return {{chain_usage(ctx)}};
  const auto parsed = parse_chain("#接龙 " + std::string(rest));
  if (ctx.store.find_chain(ctx.message.chat, parsed->header_key)) {
    return {{ctx.say("chains.exists", {{"title", parsed->title}})}};
  }
  chain c = new_chain(ctx, *parsed);
  c.by_coordinator = true;
  c.id = ctx.store.insert_chain(c);
  replies out{{opened_notice(ctx, c)}, {render_chain(c, ctx.settings.lang)}};
  add_copy_hint(ctx, out);
  return out;
}

// A change to the chat's current chain: applies `edit`, which answers in `out` (or returns the
// whole answer when the subcommand's words are unclear), saves the chain and announces who moved
// up from 候补.
using chain_edit =
    std::function<std::optional<replies>(context&, chain&, std::string_view, replies& out)>;
subcommand_fn change(chain_edit edit) {
  return [edit = std::move(edit)](context& ctx, std::string_view rest) -> replies {
    auto c = chain_for(ctx);
    if (!c) return {{no_chain(ctx)}};
    const status_map before = statuses(*c);
    replies out;
    if (auto answer = edit(ctx, *c, rest, out)) return std::move(*answer);
    ctx.store.update_chain(*c);
    if (auto p = promotions(ctx, *c, before)) out.push_back(std::move(*p));
    return out;
  };
}

std::optional<replies> chain_close(context& ctx, chain& c, std::string_view, replies& out) {
  // Nothing changes, and the coordinator is told so (the dashboard then announces nothing).
  if (c.closed) return replies{{ctx.say("chains.closed.already", {{"title", c.title}})}};
  c.closed = true;
  out.push_back({ctx.say("chains.closed", {{"title", c.title}})});
  return std::nullopt;
}

std::optional<replies> chain_open(context& ctx, chain& c, std::string_view, replies& out) {
  if (is_open(c, ctx.now_ms()))
    return replies{{ctx.say("chains.reopened.already", {{"title", c.title}})}};
  c.closed = false;
  c.deadline_ms.reset();
  out.push_back({ctx.say("chains.reopened", {{"title", c.title}})});
  return std::nullopt;
}

// cap 20 | cap 上午 10 | cap none
std::optional<replies> chain_cap(context& ctx, chain& c, std::string_view rest, replies& out) {
  const std::string f = text::fold(rest);
  std::string_view r = f;
  std::optional<std::string> slot;
  for (std::string_view w : {"上午", "下午", "全天", "晚上"}) {
    if (r.starts_with(w)) slot = std::string(w), r = text::trim(r.substr(w.size()));
  }
  const auto n = text::read_number(r);
  const bool none = r == "none" || r == "无" || r == "不限";
  if (!none && (!n || n->value < 1 || n->value > 10'000)) return replies{{chain_usage(ctx)}};
  if (slot) {
    if (none) {
      c.slot_caps.erase(*slot);
    } else {
      c.slot_caps[*slot] = static_cast<int>(n->value);
    }
  } else if (none) {
    c.capacity.reset();
  } else {
    c.capacity = static_cast<int>(n->value);
  }
  const std::string places = none ? ctx.say("chains.no_limit") : std::to_string(n->value);
  out.push_back({slot ? ctx.say("chains.places.slot", {{"slot", *slot}, {"places", places}})
                      : ctx.say("chains.places", {{"places", places}})});
  return std::nullopt;
}

// deadline 21:00
std::optional<replies> chain_deadline(context& ctx, chain& c, std::string_view rest, replies& out) {
  const auto t = parse_clock(text::fold(rest));
  if (!t) return replies{{chain_usage(ctx)}};
  c.deadline_ms = next_local_time(*t, ctx.now_ms(), ctx.zone());
  c.closed = false;
  out.push_back({ctx.say("chains.deadline",
                         {{"when", describe_deadline(*c.deadline_ms, ctx.now_ms(), ctx.zone())}})});
  return std::nullopt;
}

// remove 3: the entry at that position leaves (removing saves the chain itself).
replies chain_remove(context& ctx, std::string_view rest) {
  const auto number = entry_number(rest);
  if (!number || *number == 0) return {{chain_usage(ctx)}};
  auto c = chain_for(ctx);
  if (!c) return {{no_chain(ctx)}};
  for (const auto& l : roster(*c)) {
    if (l.position == *number) return remove_entry(ctx, *c, l.entry->id, true);
  }
  return {{ctx.say("chains.no_entry", {{"number", std::to_string(*number)}})}};
}

// The coordinators' /chain command.
subcommands chain_table() {
  return subcommands{"chain",
                     {{{"new", "开始", "新建"}, role::coordinator, chain_new},
                      {{"close", "截止", "关闭"}, role::coordinator, change(chain_close)},
                      {{"open", "开放", "重开"}, role::coordinator, change(chain_open)},
                      {{"cap", "限", "名额"}, role::coordinator, change(chain_cap)},
                      {{"deadline", "截止时间"}, role::coordinator, change(chain_deadline)},
                      {{"remove", "删除", "移除"}, role::coordinator, chain_remove}},
                     [](context& ctx, std::string_view) { return replies{{chain_usage(ctx)}}; }};
}

}  // namespace

void add_chain_handlers(dispatcher& d) {
  d.add({.name = "roster",
         .aliases = {"名单", "list"},
         .summary = "chains.summary.roster",
         .run = show_roster});
  d.add({.name = "chain",
         .aliases = {"接龙"},
         .summary = "chains.summary.chain",
         .need = role::coordinator,
         .run = chain_table()});
  d.add(keyword{"名单", std::string(kinds::command),
                [](context& ctx) -> std::optional<replies> {
                  // "名单 周六值班" names a chain; other words after 名单 are chatter.
                  if (!ctx.args.empty() && !named_chain(ctx, ctx.args)) return std::nullopt;
                  return show_roster(ctx);
                },
                priority::chains});
  for (const char* word : {"退出", "取消", "leave", "cancel"}) {
    d.add(keyword{word, std::string(kinds::chain_leave), on_leave, priority::chains});
  }
  d.add(keyword{"帮报", std::string(kinds::chain_proxy), on_proxy, priority::chains});
  d.add(parser{std::string(kinds::chain_post), on_copy, priority::chains});
  d.add(parser{std::string(kinds::chain_leave), on_leave_words, priority::chains});
  d.add(edit_reader{std::string(kinds::chain_post), on_edited_copy});
}

}  // namespace linli::handlers
