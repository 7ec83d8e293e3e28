#pragma once
// The 接龙 (signup chain) as stored: the chain's header and settings, and every entry anyone ever
// posted, in arrival order. Statuses (confirmed / 候补) are not stored: they follow from the
// order and the capacities (handlers/chains/chain.hpp), so they can never disagree with them.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "handlers/core/model.hpp"

namespace linli {

enum class entry_state {
  active,    // on the roster (confirmed or waitlisted, by position)
  left,      // its owner left, or a coordinator removed it
  rejected,  // posted after the chain closed: kept, never on the roster
};

struct chain_entry {
  std::int64_t id = 0;  // arrival order
  std::string content;  // the line as first posted, without its number
  std::string key;      // match_key(content): how copies are matched
  std::string name;     // the person's name as written on the line
  std::string detail;   // the rest of the line
  std::optional<std::string> slot;
  std::string sender_id;  // the owner: who first posted the line (or registered it)
  std::string sender_name;
  std::optional<std::string> registered_by;  // set when registered for someone else (帮报)
  entry_state state = entry_state::active;
  std::int64_t added_ms = 0;
  std::int64_t changed_ms = 0;
};

struct chain {
  std::int64_t id = 0;
  chat_ref chat;
  std::string header_key;  // identity within the chat
  std::string title;
  std::vector<std::string> header;  // header lines as first posted, tag line first
  std::string example;
  std::vector<std::string> tail;
  std::optional<int> capacity;           // confirmed places in all; none = no limit
  std::map<std::string, int> slot_caps;  // places per slot (上午, 下午, ...)
  std::optional<std::int64_t> deadline_ms;
  bool closed = false;  // closed by a coordinator (a passed deadline also closes it)
  // Opened by a coordinator: such a chain stays the chat's current one when a member opens another
  // (storage::chain_store::latest_chain), so nobody can take over a coordinator's chain.
  bool by_coordinator = false;
  std::int64_t opened_ms = 0;
  std::vector<chain_entry> entries;  // every entry, every state, in arrival order
};

}  // namespace linli
