#pragma once
// The rules of a 接龙, as pure functions over the stored chain: who is confirmed and who waits
// (候补), what a posted copy adds or drops, and the canonical text people copy next.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "handlers/chains/chain_parser.hpp"
#include "handlers/chains/chain_types.hpp"
#include "handlers/core/local_time.hpp"
#include "storage/store.hpp"

namespace linli::handlers {

enum class entry_status { confirmed, waitlist };

struct roster_line {
  const chain_entry* entry;
  entry_status status;
  int position;  // 1-based, confirmed first, then the waitlist, each in arrival order
};

// The active entries with their statuses. An entry is confirmed when, taken in arrival order, it
// still fits the chain's capacity and the capacity of each slot it covers (全天 covers 上午 and
// 下午); otherwise it waits, and moves up as soon as a place frees.
// `after`: entries not yet in the chain, counted after its own (what signing them up will do).
std::vector<roster_line> roster(const chain& c, std::span<const chain_entry> after = {});

struct merge_result {
  std::vector<chain_entry> added;           // new lines, owned by the poster; not yet stored
  std::vector<const chain_entry*> dropped;  // active entries the copy lacks (kept regardless)
  // The poster's own lines rewritten in the copy ("王强 2箱" -> "王强 2箱 有车"): the entry keeps
  // its place and takes the new text; not yet stored.
  std::vector<chain_entry> edited;
};

// Compares a posted copy with the canonical chain. Lines are matched by match_key, counting
// repeats: a line already present (active, left or rejected) is not added again, so a stale copy
// never resurrects someone who left, except the poster's own line (they are rejoining). A copy
// that lacks entries removes nothing; it only reports them as dropped. A new line of the poster's
// that names the same person as one of their active lines the copy lacks is an edit of that line.
merge_result merge_copy(const chain& canonical, const parsed_chain& copy, const sender& poster,
                        std::int64_t now_ms);

// A new entry for a line, owned by `owner`.
chain_entry make_entry(std::string_view line, const sender& owner, std::int64_t now_ms);

// The chain as people copy it: tag and header, example, numbered roster, 候补 section, tail.
std::string render_chain(const chain& c, storage::language lang);

// The confirmed entries grouped by slot ("上午（3人）：甲、乙、丙"), 全天 counted in both halves;
// empty when no entry names a slot.
std::string render_slots(const chain& c, storage::language lang);

// Whether the chain takes new entries at `now_ms` (not closed, deadline not passed).
bool is_open(const chain& c, std::int64_t now_ms);

}  // namespace linli::handlers
