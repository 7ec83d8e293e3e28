#include "handlers/chains/chain_commands.hpp"

#include <map>

#include "handlers/chains/chain.hpp"
#include "handlers/core/dispatcher.hpp"
#include "handlers/text/text.hpp"

namespace linli::handlers {
namespace {

using status_map = std::map<std::int64_t, entry_status>;

status_map statuses(const chain& c) {
  status_map out;
  for (const roster_line& l : roster(c)) out[l.entry->id] = l.status;
  return out;
}

const roster_line* line_of(const std::vector<roster_line>& lines, std::int64_t id) {
  for (const auto& l : lines) {
    if (l.entry->id == id) return &l;
  }
  return nullptr;
}

chain_entry* entry_by_id(chain& c, std::int64_t id) {
  for (auto& e : c.entries) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

// "张三（第5位）" or "张三（候补第2位）".
std::string placed(const context& ctx, const std::vector<roster_line>& lines,
                   const roster_line& l) {
  if (l.status == entry_status::confirmed) {
    return l.entry->name + ctx.tr("（第", " (#") + std::to_string(l.position) + ctx.tr("位）", ")");
  }
  int rank = 0;
  for (const auto& other : lines) {
    if (other.status == entry_status::waitlist) ++rank;
    if (&other == &l) break;
  }
  return l.entry->name + ctx.tr("（候补第", " (waitlist #") + std::to_string(rank) +
         ctx.tr("位）", ")");
}

// Announces entries that moved from the waitlist to a confirmed place since `before`.
std::optional<reply> promotions(const context& ctx, const chain& c, const status_map& before) {
  const auto lines = roster(c);
  std::vector<std::string> moved;
  for (const auto& l : lines) {
    const auto it = before.find(l.entry->id);
    if (l.status == entry_status::confirmed && it != before.end() &&
        it->second == entry_status::waitlist) {
      moved.push_back(placed(ctx, lines, l));
    }
  }
  if (moved.empty()) return std::nullopt;
  return reply{ctx.tr("🎉 候补递补：", "🎉 Moved up from the waitlist: ") +
               text::join(moved, ctx.tr("、", ", ")) +
               ctx.tr("。请准时到岗。", ". Please be on time.")};
}

std::string closed_notice(const context& ctx, const chain& c) {
  const std::string start = ctx.tr("抱歉，接龙「", "Sorry, the chain \"") + c.title;
  if (c.deadline_ms && !c.closed) {
    const std::string when = describe_deadline(*c.deadline_ms, ctx.now_ms(), ctx.zone());
    return start + ctx.tr("」已于 " + when + " 截止，", "\" closed at " + when + "; ");
  }
  return start + ctx.tr("」已截止，", "\" is closed; ");
}

// Stores new entries (rejected if the chain is closed) and answers in one line.
replies add_entries(context& ctx, chain& c, std::vector<chain_entry> added) {
  if (added.empty()) return {};
  const bool open = is_open(c, ctx.now_ms());
  std::vector<std::int64_t> ids;
  for (chain_entry& e : added) {
    if (!open) e.state = entry_state::rejected;
    e.id = ctx.store.insert_chain_entry(c.id, e);
    ids.push_back(e.id);
    c.entries.push_back(std::move(e));
  }
  std::vector<std::string> names;
  if (!open) {
    for (auto id : ids) names.push_back(entry_by_id(c, id)->name);
    return {{closed_notice(ctx, c) +
             ctx.tr("以下报名未计入（已记录，协调员可见）：",
                    "these were not added (kept for the "
                    "coordinators): ") +
             text::join(names, ctx.tr("、", ", "))}};
  }
  const auto lines = roster(c);
  for (auto id : ids) names.push_back(placed(ctx, lines, *line_of(lines, id)));
  return {{ctx.tr("✅ 已登记：", "✅ Signed up: ") + text::join(names, ctx.tr("、", ", "))}};
}

std::string opened_notice(const context& ctx, const chain& c) {
  std::string out = ctx.tr("📋 新接龙「", "📋 New chain \"") + c.title + ctx.tr("」", "\"");
  if (c.capacity)
    out += ctx.tr("，限", ", ") + std::to_string(*c.capacity) + ctx.tr("人", " places");
  for (const auto& [slot, cap] : c.slot_caps) {
    out += ctx.tr("，", ", ") + slot + ctx.tr("限", " ") + std::to_string(cap) +
           ctx.tr("人", " places");
  }
  if (c.deadline_ms) {
    out += ctx.tr("，截止 ", ", closes at ") +
           describe_deadline(*c.deadline_ms, ctx.now_ms(), ctx.zone());
  }
  return out + ctx.tr("。复制全文，在末尾加上自己的一行即可报名。",
                      ". Copy the whole text and add your line at the end to sign up.");
}

chain new_chain(const context& ctx, const parsed_chain& p) {
  chain c;
  c.chat = ctx.message.chat;
  c.header_key = p.header_key;
  c.title = p.title;
  c.header = p.header;
  c.example = p.example;
  c.tail = p.tail;
  c.capacity = p.capacity;
  c.slot_caps = p.slot_caps;
  if (p.deadline) c.deadline_ms = next_local_time(*p.deadline, ctx.now_ms(), ctx.zone());
  c.opened_ms = ctx.now_ms();
  return c;
}

// A posted copy of a chain (or a new chain).
std::optional<replies> on_copy(context& ctx) {
  if (!is_chain_post(ctx.args)) return std::nullopt;
  const auto parsed = parse_chain(ctx.args);
  if (!parsed) return std::nullopt;

  replies out;
  auto found = ctx.store.find_chain(ctx.message.chat, parsed->header_key);
  if (!found) {
    found = new_chain(ctx, *parsed);
    found->id = ctx.store.insert_chain(*found);
    out.push_back({opened_notice(ctx, *found)});
  }
  chain& c = *found;
  const merge_result merged = merge_copy(c, *parsed, ctx.message.from, ctx.now_ms());

  // Name the dropped lines before the new entries change the positions.
  std::vector<std::string> dropped;
  if (!merged.dropped.empty()) {
    const auto lines = roster(c);
    for (const chain_entry* e : merged.dropped) {
      const roster_line* l = line_of(lines, e->id);
      dropped.push_back(std::to_string(l->position) + ". " + e->content);
    }
  }
  for (reply& r : add_entries(ctx, c, merged.added)) out.push_back(std::move(r));
  if (!dropped.empty()) {
    out.push_back(
        {ctx.tr("⚠️ 这份接龙漏掉了 ", "⚠️ This copy dropped ") +
         std::to_string(dropped.size()) +
         ctx.tr(" 人（他们仍在名单中）：", dropped.size() == 1
                                               ? " entry (it is still on the list): "
                                               : " entries (they are still on the list): ") +
         text::join(dropped, ctx.tr("；", "; ")) +
         ctx.tr("。请复制下面这份完整接龙继续：", ". Please copy this full chain next:")});
    out.push_back({render_chain(c, ctx.settings.lang)});
  }
  return out;
}

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

// Marks an entry as left and answers, announcing anyone who moves up.
replies remove_entry(context& ctx, chain& c, std::int64_t id, bool by_coordinator) {
  const status_map before = statuses(c);
  chain_entry& e = *entry_by_id(c, id);
  e.state = entry_state::left;
  e.changed_ms = ctx.now_ms();
  ctx.store.update_chain_entry(e);
  replies out{{(by_coordinator ? ctx.tr("已移除：", "Removed: ") : ctx.tr("已退出：", "Left: ")) +
               e.content + ctx.tr("。", ".")}};
  if (auto p = promotions(ctx, c, before)) out.push_back(std::move(*p));
  return out;
}

std::string no_chain(const context& ctx) {
  return ctx.tr("现在没有进行中的接龙。", "There is no signup chain in this chat yet.");
}

std::optional<replies> on_leave(context& ctx) {
  const auto number = entry_number(ctx.args);
  if (!number) return std::nullopt;
  auto c = ctx.store.latest_chain(ctx.message.chat);
  if (!c) return std::nullopt;  // nothing to leave: ordinary chatter
  const auto lines = roster(*c);
  std::vector<const roster_line*> mine;
  for (const auto& l : lines) {
    if (l.entry->sender_id == ctx.message.from.id) mine.push_back(&l);
  }
  if (*number > 0) {
    const roster_line* target = nullptr;
    for (const auto& l : lines) {
      if (l.position == *number) target = &l;
    }
    if (!target) {
      return replies{{ctx.tr("名单里没有第 ", "There is no entry #") + std::to_string(*number) +
                      ctx.tr(" 位。发送「名单」查看当前名单。", ". Send 名单 to see the list.")}};
    }
    if (target->entry->sender_id != ctx.message.from.id) {
      return replies{{ctx.tr("第 ", "Entry #") + std::to_string(*number) + ctx.tr(" 位（", " (") +
                      target->entry->name +
                      ctx.tr("）不是您登记的，不能替别人退出；请联系协调员。",
                             ") was not signed up by you; ask a coordinator to remove it.")}};
    }
    return remove_entry(ctx, *c, target->entry->id, false);
  }
  if (mine.empty()) {
    return replies{{ctx.tr("您不在接龙「", "You are not on the chain \"") + c->title +
                    ctx.tr("」的名单中。", "\".")}};
  }
  if (mine.size() > 1) {
    std::vector<std::string> listed;
    for (const auto* l : mine)
      listed.push_back(std::to_string(l->position) + ". " + l->entry->content);
    return replies{{ctx.tr("您登记了多条：", "You signed up several entries: ") +
                    text::join(listed, ctx.tr("；", "; ")) +
                    ctx.tr("。请发送「退出 编号」指明哪一条。",
                           ". Send 退出 followed by the number to say which.")}};
  }
  return remove_entry(ctx, *c, mine.front()->entry->id, false);
}

std::optional<replies> on_proxy(context& ctx) {
  if (ctx.args.empty()) {
    return replies{{ctx.tr("用法：帮报 姓名 楼栋 时段，例如「帮报 张阿姨 3号楼 上午」",
                           "Usage: 帮报 name building slot, e.g. 帮报 张阿姨 3号楼 上午")}};
  }
  auto c = ctx.store.latest_chain(ctx.message.chat);
  if (!c) return replies{{no_chain(ctx)}};
  chain_entry e = make_entry(ctx.args, ctx.message.from, ctx.now_ms());
  // The note is part of the line, so copies of the rendered chain match it.
  e.content += "（" + ctx.message.from.name + "帮报）";
  e.key = match_key(e.content);
  e.registered_by = ctx.message.from.name;
  // Already there, whoever registered them: compare the lines without the notes.
  const std::string plain_key = match_key(ctx.args);
  const auto lines = roster(*c);
  for (const auto& l : lines) {
    if (match_key(l.entry->name + l.entry->detail) == plain_key) {
      return replies{{l.entry->name + ctx.tr(" 已在名单中：", " is already on the list: ") +
                      placed(ctx, lines, l)}};
    }
  }
  return add_entries(ctx, *c, {std::move(e)});
}

replies show_roster(context& ctx) {
  const auto c = ctx.store.latest_chain(ctx.message.chat);
  if (!c) return {{no_chain(ctx)}};
  const auto lines = roster(*c);
  int confirmed = 0;
  for (const auto& l : lines) confirmed += l.status == entry_status::confirmed;
  std::string summary = ctx.tr("接龙「", "Chain \"") + c->title + ctx.tr("」：", "\": ") +
                        std::to_string(confirmed) + ctx.tr(" 人", " signed up");
  if (c->capacity) summary += " / " + std::to_string(*c->capacity);
  if (lines.size() > static_cast<std::size_t>(confirmed)) {
    summary += ctx.tr("，候补 ", ", waitlist ") + std::to_string(lines.size() - confirmed);
  }
  if (!is_open(*c, ctx.now_ms())) summary += ctx.tr("（已截止）", " (closed)");
  replies out{{summary}, {render_chain(*c, ctx.settings.lang)}};
  if (std::string slots = render_slots(*c, ctx.settings.lang); !slots.empty()) {
    out.push_back({std::move(slots)});
  }
  return out;
}

std::string chain_usage(const context& ctx) {
  return ctx.tr(
      "用法：/chain new 标题 | close | open | cap 20 | cap 上午 10 | cap none | deadline 21:00 | "
      "remove 编号",
      "Usage: /chain new TITLE | close | open | cap 20 | cap 上午 10 | cap none | deadline 21:00 | "
      "remove N");
}

// The coordinators' /chain command.
replies chain_command(context& ctx) {
  const std::string_view args = ctx.args;
  const auto space = args.find(' ');
  const std::string verb = text::fold(args.substr(0, space));
  const std::string_view rest =
      space == std::string_view::npos ? std::string_view{} : text::trim(args.substr(space));

  if (verb == "new" || verb == "开始" || verb == "新建") {
    if (rest.empty()) return {{chain_usage(ctx)}};
    const auto parsed = parse_chain("#接龙 " + std::string(rest));
    if (ctx.store.find_chain(ctx.message.chat, parsed->header_key)) {
      return {{ctx.tr("已有同名接龙「", "A chain named \"") + parsed->title +
               ctx.tr("」。", "\" exists already.")}};
    }
    chain c = new_chain(ctx, *parsed);
    c.id = ctx.store.insert_chain(c);
    return {{opened_notice(ctx, c)}, {render_chain(c, ctx.settings.lang)}};
  }

  auto c = ctx.store.latest_chain(ctx.message.chat);
  if (!c) return {{no_chain(ctx)}};
  const status_map before = statuses(*c);
  replies out;
  if (verb == "close" || verb == "截止" || verb == "关闭") {
    c->closed = true;
    out.push_back(
        {ctx.tr("接龙「", "Chain \"") + c->title + ctx.tr("」已截止。", "\" is closed.")});
  } else if (verb == "open" || verb == "开放" || verb == "重开") {
    c->closed = false;
    c->deadline_ms.reset();
    out.push_back({ctx.tr("接龙「", "Chain \"") + c->title +
                   ctx.tr("」重新开放报名。", "\" is open again.")});
  } else if (verb == "cap" || verb == "限" || verb == "名额") {
    const std::string f = text::fold(rest);
    std::string_view r = f;
    std::optional<std::string> slot;
    for (std::string_view w : {"上午", "下午", "全天", "晚上"}) {
      if (r.starts_with(w)) slot = std::string(w), r = text::trim(r.substr(w.size()));
    }
    const auto n = text::read_number(r);
    const bool none = r == "none" || r == "无" || r == "不限";
    if (!none && (!n || n->value < 1 || n->value > 10'000)) return {{chain_usage(ctx)}};
    if (slot) {
      if (none) {
        c->slot_caps.erase(*slot);
      } else {
        c->slot_caps[*slot] = static_cast<int>(n->value);
      }
    } else if (none) {
      c->capacity.reset();
    } else {
      c->capacity = static_cast<int>(n->value);
    }
    out.push_back({ctx.tr("名额已更新：", "Places updated: ") + (slot ? *slot + " " : "") +
                   (none ? ctx.tr("不限", "no limit") : std::to_string(n->value))});
  } else if (verb == "deadline" || verb == "截止时间") {
    const auto t = parse_clock(text::fold(rest));
    if (!t) return {{chain_usage(ctx)}};
    c->deadline_ms = next_local_time(*t, ctx.now_ms(), ctx.zone());
    c->closed = false;
    out.push_back({ctx.tr("截止时间：", "Closes at ") +
                   describe_deadline(*c->deadline_ms, ctx.now_ms(), ctx.zone())});
  } else if (verb == "remove" || verb == "删除" || verb == "移除") {
    const auto number = entry_number(rest);
    if (!number || *number == 0) return {{chain_usage(ctx)}};
    for (const auto& l : roster(*c)) {
      if (l.position == *number) return remove_entry(ctx, *c, l.entry->id, true);
    }
    return {{ctx.tr("名单里没有第 ", "There is no entry #") + std::to_string(*number) +
             ctx.tr(" 位。", ".")}};
  } else {
    return {{chain_usage(ctx)}};
  }
  ctx.store.update_chain(*c);
  if (auto p = promotions(ctx, *c, before)) out.push_back(std::move(*p));
  return out;
}

}  // namespace

void add_chain_handlers(dispatcher& d) {
  d.add({.name = "roster",
         .aliases = {"名单", "list"},
         .summary_zh = "查看当前接龙名单",
         .summary_en = "show the current signup chain",
         .run = show_roster});
  d.add({.name = "chain",
         .aliases = {"接龙"},
         .summary_zh = "管理接龙：new 标题 / close / open / cap 20 / deadline 21:00 / remove 编号",
         .summary_en = "manage the chain: new TITLE / close / open / cap 20 / deadline 21:00 / "
                       "remove N",
         .need = role::coordinator,
         .run = chain_command});
  d.add(keyword{"名单", std::string(kinds::command),
                [](context& ctx) -> std::optional<replies> {
                  if (!ctx.args.empty()) return std::nullopt;
                  return show_roster(ctx);
                },
                priority::chains});
  for (const char* word : {"退出", "取消", "leave", "cancel"}) {
    d.add(keyword{word, std::string(kinds::chain_leave), on_leave, priority::chains});
  }
  d.add(keyword{"帮报", std::string(kinds::chain_proxy), on_proxy, priority::chains});
  d.add(parser{std::string(kinds::chain_post), on_copy, priority::chains});
}

}  // namespace linli::handlers
