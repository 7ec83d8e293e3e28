#pragma once
// 接龙 chains, each loaded with all its entries.

#include <cstdint>
#include <optional>
#include <string>

#include "handlers/chains/chain_types.hpp"
#include "handlers/core/model.hpp"

namespace linli::storage {

class chain_store {
 public:
  virtual ~chain_store() = default;

  // The chat's current chain: the newest one a coordinator opened, else the newest one. A member's
  // new chain never displaces a coordinator's (what 名单, 退出, 帮报 and the read API follow
  // when the message names no chain).
  virtual std::optional<chain> latest_chain(const chat_ref& chat) = 0;
  virtual std::optional<chain> find_chain(const chat_ref& chat, const std::string& header_key) = 0;
  // Stores a chain's header and settings (not its entries); returns its id. One chain per
  // header_key in a chat: a second one is refused with an exception.
  virtual std::int64_t insert_chain(const chain& c) = 0;
  // Saves the settings: capacity, slot caps, deadline, closed.
  virtual void update_chain(const chain& c) = 0;
  // Returns the entry's id, which orders entries by arrival.
  virtual std::int64_t insert_chain_entry(std::int64_t chain_id, const chain_entry& e) = 0;
  // Saves the entry's state, changed_ms and its text (content, key, detail, slot: an owner's edit).
  virtual void update_chain_entry(const chain_entry& e) = 0;
};

}  // namespace linli::storage
