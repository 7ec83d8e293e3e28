#include "handlers/chains/chain_entries.hpp"

#include <algorithm>

#include "handlers/chains/chain_parser.hpp"

#include "handlers/text/text.hpp"

namespace linli::handlers {
namespace {

chain_entry* entry_by_id(chain& c, std::int64_t id) {
  for (auto& e : c.entries) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

std::string names_list(const context& ctx, const std::vector<std::string>& names) {
  return text::join(names, ctx.say("chains.separator"));
}

}  // namespace

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

std::string placed(const context& ctx, const std::vector<roster_line>& lines,
                   const roster_line& l) {
  if (l.status == entry_status::confirmed) {
    return ctx.say("chains.placed",
                   {{"name", l.entry->name}, {"position", std::to_string(l.position)}});
  }
  int rank = 0;
  for (const auto& other : lines) {
    if (other.status == entry_status::waitlist) ++rank;
    if (&other == &l) break;
  }
  return ctx.say("chains.placed.waitlist",
                 {{"name", l.entry->name}, {"rank", std::to_string(rank)}});
}

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
  return reply{ctx.say("chains.promoted", {{"names", names_list(ctx, moved)}})};
}

replies signed_up(const context& ctx, const chain& c, std::vector<chain_entry>& added) {
  if (added.empty()) return {};
  const bool open = is_open(c, ctx.now_ms());
  std::vector<std::string> names;
  if (!open) {
    for (chain_entry& e : added) {
      e.state = entry_state::rejected;
      names.push_back(e.name);
    }
    if (c.deadline_ms && !c.closed) {
      return {{ctx.say("chains.rejected.deadline",
                       {{"title", c.title},
                        {"when", describe_deadline(*c.deadline_ms, ctx.now_ms(), ctx.zone())},
                        {"names", names_list(ctx, names)}})}};
    }
    return {{ctx.say("chains.rejected.closed",
                     {{"title", c.title}, {"names", names_list(ctx, names)}})}};
  }
  const auto lines = roster(c, added);
  for (const chain_entry& e : added) {
    const auto l = std::find_if(lines.begin(), lines.end(),
                                [&](const roster_line& x) { return x.entry == &e; });
    names.push_back(placed(ctx, lines, *l));
  }
  return {{ctx.say("chains.signed_up", {{"names", names_list(ctx, names)}, {"title", c.title}})}};
}

void store_entries(context& ctx, std::int64_t chain_id, std::vector<chain_entry>& added) {
  for (chain_entry& e : added) e.id = ctx.store.insert_chain_entry(chain_id, e);
}

replies add_entries(context& ctx, chain& c, std::vector<chain_entry> added) {
  replies out = signed_up(ctx, c, added);
  store_entries(ctx, c.id, added);
  for (chain_entry& e : added) c.entries.push_back(std::move(e));
  return out;
}

reply edit_entries(context& ctx, chain& c, const std::vector<chain_entry>& edited) {
  std::vector<std::string> lines;
  for (const chain_entry& changed : edited) {
    ctx.store.update_chain_entry(changed);
    if (chain_entry* e = entry_by_id(c, changed.id)) *e = changed;
    lines.push_back(changed.content);
  }
  return {ctx.say("chains.edited", {{"lines", text::join(lines, ctx.say("chains.separator.lines"))},
                                    {"title", c.title}})};
}

replies remove_entry(context& ctx, chain& c, std::int64_t id, bool by_coordinator) {
  const status_map before = statuses(c);
  chain_entry& e = *entry_by_id(c, id);
  e.state = entry_state::left;
  e.changed_ms = ctx.now_ms();
  ctx.store.update_chain_entry(e);
  replies out{{ctx.say(by_coordinator ? "chains.removed" : "chains.left",
                       {{"line", e.content}, {"title", c.title}})}};
  if (auto p = promotions(ctx, c, before)) out.push_back(std::move(*p));
  return out;
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

std::string opened_notice(const context& ctx, const chain& c) {
  // The chain's limits, each a clause of the one sentence.
  std::string limits;
  if (c.capacity) {
    limits += ctx.say("chains.opened.capacity", {{"count", std::to_string(*c.capacity)}});
  }
  for (const auto& [slot, cap] : c.slot_caps) {
    limits +=
        ctx.say("chains.opened.slot_capacity", {{"slot", slot}, {"count", std::to_string(cap)}});
  }
  if (c.deadline_ms) {
    limits += ctx.say("chains.opened.deadline",
                      {{"when", describe_deadline(*c.deadline_ms, ctx.now_ms(), ctx.zone())}});
  }
  return ctx.say("chains.opened", {{"title", c.title}, {"limits", limits}});
}

// The chain a message acts on: the one whose copy it replies to, else the chat's current chain
// (a coordinator's newest, see storage::chain_store::latest_chain). So a member who opens a
// chain of their own never redirects what others' 名单, 退出 and 帮报 do.
std::optional<chain> chain_for(context& ctx) {
  if (!ctx.message.reply_to.empty()) {
    if (const auto m = ctx.store.find_message_by_key(ctx.message.chat, ctx.message.reply_to)) {
      if (is_chain_post(m->message.text)) {
        if (const auto parsed = parse_chain(m->message.text)) {
          if (auto c = ctx.store.find_chain(ctx.message.chat, parsed->header_key)) return c;
        }
      }
    }
  }
  return ctx.store.latest_chain(ctx.message.chat);
}

std::string no_chain(const context& ctx) {
  return ctx.say("chains.no_chain");
}

}  // namespace linli::handlers
