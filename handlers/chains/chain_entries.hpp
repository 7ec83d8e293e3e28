#pragma once
// What the chain handlers share: storing new entries and marking entries as left, with the
// replies that say where people stand ("张三（第5位）", "候补递补：…"), and opening a chain.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "handlers/chains/chain.hpp"
#include "handlers/core/dispatcher.hpp"

namespace linli::handlers {

// Each active entry's status, by entry id: compared before and after a change to announce who
// moved up from the waitlist.
using status_map = std::map<std::int64_t, entry_status>;
status_map statuses(const chain& c);

// The roster line of entry `id`; nullptr when it is not on the roster.
const roster_line* line_of(const std::vector<roster_line>& lines, std::int64_t id);

// "张三（第5位）" or "张三（候补第2位）".
std::string placed(const context& ctx, const std::vector<roster_line>& lines, const roster_line& l);

// Announces the entries that moved from the waitlist to a confirmed place since `before`.
std::optional<reply> promotions(const context& ctx, const chain& c, const status_map& before);

// Stores new entries (as rejected when the chain is closed), adds them to `c` and answers in one
// line: signed_up, then store_entries.
replies add_entries(context& ctx, chain& c, std::vector<chain_entry> added);

// What signing up `added` to `c` answers, counting them after its entries; marks them rejected
// when the chain is closed. Neither `c` nor the store changes, so `c` may be the store's shared
// copy.
replies signed_up(const context& ctx, const chain& c, std::vector<chain_entry>& added);

// Stores `added` in the chain, setting their ids.
void store_entries(context& ctx, std::int64_t chain_id, std::vector<chain_entry>& added);

// Stores the poster's rewritten lines in place (each keeps its position) and answers in one line.
reply edit_entries(context& ctx, chain& c, const std::vector<chain_entry>& edited);

// Marks an entry as left and answers, announcing anyone who moves up.
replies remove_entry(context& ctx, chain& c, std::int64_t id, bool by_coordinator);

// A new chain from a parsed post, its deadline the next such time in the chat's zone. Not stored.
chain new_chain(const context& ctx, const parsed_chain& p);

// "📋 新接龙「…」，限20人，截止 21:00。…": what a new chain's first reply says.
std::string opened_notice(const context& ctx, const chain& c);

// The chain a message acts on: the one whose copy it replies to, else the chat's current chain
// (a coordinator's newest, see storage::chain_store::latest_chain). So a member who opens a
// chain of their own never redirects what others' 名单, 退出 and 帮报 do.
std::optional<chain> chain_for(context& ctx);

// The answer when the chat has no chain.
std::string no_chain(const context& ctx);

}  // namespace linli::handlers
