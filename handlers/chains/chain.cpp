#include "handlers/chains/chain.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory_resource>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "handlers/core/messages.hpp"

namespace linli::handlers {
namespace {

// The slots an entry takes a place in, among those that have a cap.
std::vector<std::string> capped_slots(const chain& c, const chain_entry& e) {
  std::vector<std::string> out;
  if (!e.slot) return out;
  auto add = [&](const std::string& s) {
    if (c.slot_caps.contains(s)) out.push_back(s);
  };
  add(*e.slot);
  if (*e.slot == "全天") {
    add("上午");
    add("下午");
  }
  return out;
}

// The copy almost everyone posts: every active entry of the chain, in its order, as written, then
// the new lines at the end. Then nothing was dropped and nothing edited (every one of the poster's
// lines is there), and only the new lines need a key; nullopt for any other copy. Gives what the
// general merge below gives.
std::optional<merge_result> merge_appended(const chain& canonical, const parsed_chain& copy,
                                           const sender& poster, std::int64_t now_ms) {
  std::size_t line = 0;
  for (const chain_entry& e : canonical.entries) {
    if (e.state != entry_state::active) continue;
    if (line >= copy.entries.size() || copy.entries[line].text != e.content) return std::nullopt;
    ++line;
  }
  // The tallies of the new lines' keys only (few: one in the usual copy).
  struct tally {
    std::string key;
    int known = 0, counted = 0;
    bool poster_active = false;
  };
  std::vector<tally> tallies;
  merge_result out;
  for (; line < copy.entries.size(); ++line) {
    const std::string& text = copy.entries[line].text;
    std::string key = match_key(text);
    if (key.empty()) continue;
    auto t =
        std::find_if(tallies.begin(), tallies.end(), [&](const tally& x) { return x.key == key; });
    if (t == tallies.end()) {
      tally fresh{key};
      for (const chain_entry& e : canonical.entries) {
        if (e.key != key) continue;
        if (e.state == entry_state::active) {
          ++fresh.counted;  // its line is in the copy's first part
          if (e.sender_id == poster.id) fresh.poster_active = true;
        }
        if (e.state != entry_state::left || e.sender_id != poster.id) ++fresh.known;
      }
      tallies.push_back(std::move(fresh));
      t = std::prev(tallies.end());
    }
    if (++t->counted <= t->known || t->poster_active) continue;
    out.added.push_back(make_entry(text, poster, now_ms));
    t->poster_active = true;
    ++t->known;
  }
  return out;
}

}  // namespace

std::vector<roster_line> roster(const chain& c, std::span<const chain_entry> after) {
  std::vector<const chain_entry*> confirmed, waiting;
  std::map<std::string, int> taken;
  const auto count = [&](const chain_entry& e) {
    if (e.state != entry_state::active) return;
    bool fits = !c.capacity || static_cast<int>(confirmed.size()) < *c.capacity;
    const auto slots = capped_slots(c, e);
    for (const auto& s : slots) fits = fits && taken[s] < c.slot_caps.at(s);
    if (fits) {
      confirmed.push_back(&e);
      for (const auto& s : slots) ++taken[s];
    } else {
      waiting.push_back(&e);
    }
  };
  for (const chain_entry& e : c.entries) count(e);
  for (const chain_entry& e : after) count(e);
  std::vector<roster_line> out;
  int position = 0;
  for (const auto* e : confirmed) out.push_back({e, entry_status::confirmed, ++position});
  for (const auto* e : waiting) out.push_back({e, entry_status::waitlist, ++position});
  return out;
}

chain_entry make_entry(std::string_view line, const sender& owner, std::int64_t now_ms) {
  chain_entry e;
  e.content = std::string(line);
  e.key = match_key(line);
  auto [name, detail] = split_name(line);
  e.name = std::move(name);
  e.detail = std::move(detail);
  e.slot = parse_slot(line);
  e.sender_id = owner.id;
  e.sender_name = owner.name;
  e.added_ms = e.changed_ms = now_ms;
  return e;
}

merge_result merge_copy(const chain& canonical, const parsed_chain& copy, const sender& poster,
                        std::int64_t now_ms) {
  if (auto appended = merge_appended(canonical, copy, poster, now_ms)) return std::move(*appended);
  // What the canonical chain and the copy hold of each line (by match_key), in one table.
  struct tally {
    int known = 0;    // entries that account for the line (not the poster's departed ones)
    int active = 0;   // active entries
    int seen = 0;     // lines of the copy
    int counted = 0;  // lines of the copy looked at so far
    int missing = 0;  // active entries beyond what the copy holds
    bool poster_active = false;
  };
  // Every line is looked up once: each entry and each line of the copy keeps its tally's address
  // (stable: the table's nodes never move), and the nodes come from one arena.
  std::pmr::monotonic_buffer_resource arena;
  std::pmr::unordered_map<std::string_view, tally> lines(&arena);
  lines.reserve(canonical.entries.size() + copy.entries.size());
  std::vector<tally*> entry_tally;
  entry_tally.reserve(canonical.entries.size());
  for (const chain_entry& e : canonical.entries) {
    tally& t = lines[e.key];
    entry_tally.push_back(&t);
    if (e.state == entry_state::active) {
      ++t.active;
      if (e.sender_id == poster.id) t.poster_active = true;
    }
    // The poster's own departed line does not count: copying it back means rejoining.
    if (e.state != entry_state::left || e.sender_id != poster.id) ++t.known;
  }

  // Each line's key, computed once. Most lines of a copy are written exactly as an entry of the
  // canonical chain, usually in its order, and then have that entry's key: only new or changed
  // lines are folded.
  std::unordered_map<std::string_view, std::string_view> key_of_text;  // built on first need
  std::vector<std::string> computed;
  computed.reserve(copy.entries.size());  // never reallocated: `keys` points into it
  std::vector<std::string_view> keys;
  keys.reserve(copy.entries.size());
  std::vector<tally*> line_tally;
  line_tally.reserve(copy.entries.size());
  std::size_t next = 0;  // the canonical entry the next line of the copy is most likely to be
  for (const parsed_entry& line : copy.entries) {
    while (next < canonical.entries.size() && canonical.entries[next].state != entry_state::active)
      ++next;
    if (next < canonical.entries.size() && canonical.entries[next].content == line.text) {
      keys.push_back(canonical.entries[next++].key);
    } else {
      if (key_of_text.empty()) {
        key_of_text.reserve(canonical.entries.size());
        for (const chain_entry& e : canonical.entries) key_of_text.emplace(e.content, e.key);
      }
      if (const auto it = key_of_text.find(line.text); it != key_of_text.end()) {
        keys.push_back(it->second);
      } else {
        keys.push_back(computed.emplace_back(match_key(line.text)));
      }
    }
    line_tally.push_back(&lines[keys.back()]);
    ++line_tally.back()->seen;
  }

  merge_result out;
  // The poster's active lines the copy lacks altogether: the candidates for an edit.
  std::vector<const chain_entry*> editable;
  for (std::size_t i = 0; i < canonical.entries.size(); ++i) {
    const chain_entry& e = canonical.entries[i];
    if (e.state == entry_state::active && e.sender_id == poster.id && entry_tally[i]->seen == 0)
      editable.push_back(&e);
  }
  std::unordered_set<std::int64_t> edited_ids;
  for (std::size_t i = 0; i < copy.entries.size(); ++i) {
    if (keys[i].empty()) continue;
    tally& t = *line_tally[i];
    if (++t.counted <= t.known) continue;
    // The same person's identical line is never duplicated.
    if (t.poster_active) continue;
    chain_entry fresh = make_entry(copy.entries[i].text, poster, now_ms);
    const auto same_person = std::find_if(editable.begin(), editable.end(), [&](auto* e) {
      return !fresh.name.empty() && e->name == fresh.name && !edited_ids.contains(e->id);
    });
    if (same_person != editable.end()) {
      chain_entry changed = **same_person;
      changed.content = fresh.content;
      changed.key = fresh.key;
      changed.detail = fresh.detail;
      changed.slot = fresh.slot;
      changed.changed_ms = now_ms;
      edited_ids.insert(changed.id);
      out.edited.push_back(std::move(changed));
    } else {
      out.added.push_back(std::move(fresh));
    }
    t.poster_active = true;
    ++t.known;
  }

  // Active entries the copy lacks: for each line, the latest ones beyond what the copy holds.
  for (auto& [key, t] : lines) t.missing = std::max(0, t.active - t.seen);
  for (std::size_t i = canonical.entries.size(); i-- > 0;) {
    const chain_entry& e = canonical.entries[i];
    if (e.state != entry_state::active || edited_ids.contains(e.id)) continue;
    tally& t = *entry_tally[i];
    if (t.missing == 0) continue;
    out.dropped.push_back(&e);
    --t.missing;
  }
  std::reverse(out.dropped.begin(), out.dropped.end());
  return out;
}

std::string render_chain(const chain& c, storage::language lang) {
  std::string out;
  for (const auto& line : c.header) out += line + "\n";
  if (!c.example.empty()) out += c.example + "\n";
  out += "\n";
  bool waitlist_started = false;
  for (const roster_line& line : roster(c)) {
    if (line.status == entry_status::waitlist && !waitlist_started) {
      out += message(lang, "chains.render.waitlist") + "\n";
      waitlist_started = true;
    }
    out += std::to_string(line.position) + ". " + line.entry->content + "\n";
  }
  if (!c.tail.empty()) {
    out += "\n";
    for (const auto& line : c.tail) out += line + "\n";
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string render_slots(const chain& c, storage::language lang) {
  std::vector<std::string> order = {"上午", "下午", "晚上", "全天"};
  std::map<std::string, std::vector<std::string>> groups;
  bool any_slot = false;
  for (const roster_line& line : roster(c)) {
    if (line.status != entry_status::confirmed) continue;
    const chain_entry& e = *line.entry;
    const std::string slot = e.slot.value_or(message(lang, "chains.slots.none"));
    any_slot = any_slot || e.slot.has_value();
    if (std::find(order.begin(), order.end(), slot) == order.end()) order.push_back(slot);
    groups[slot].push_back(e.name);
    if (slot == "全天") {
      const std::string all_day = message(lang, "chains.slots.all_day", {{"name", e.name}});
      groups["上午"].push_back(all_day);
      groups["下午"].push_back(all_day);
    }
  }
  if (!any_slot) return {};
  std::string out = message(lang, "chains.slots.title");
  for (const auto& slot : order) {
    const auto it = groups.find(slot);
    if (it == groups.end()) continue;
    // Not text::join, which drops the separator after an empty first name.
    std::string names;
    for (std::size_t i = 0; i < it->second.size(); ++i) {
      if (i > 0) names += message(lang, "chains.separator");
      names += it->second[i];
    }
    out +=
        message(lang, "chains.slots.line",
                {{"slot", slot}, {"count", std::to_string(it->second.size())}, {"names", names}});
  }
  return out;
}

bool is_open(const chain& c, std::int64_t now_ms) {
  return !c.closed && (!c.deadline_ms || now_ms < *c.deadline_ms);
}

}  // namespace linli::handlers
