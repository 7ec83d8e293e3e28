#pragma once
// 接龙 chains, each loaded with all its entries.

#include <cstdint>
#include <memory>
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
  // find_chain shared rather than copied, for a reader that changes the chain only through the
  // store: what it holds stays as it was read, whatever is written after. A store that keeps
  // chains in memory hands out its own (a 500-entry copy costs more than merging a copy into it).
  virtual std::shared_ptr<const chain> find_chain_shared(const chat_ref& chat,
                                                         const std::string& header_key) {
    auto c = find_chain(chat, header_key);
    return c ? std::make_shared<const chain>(std::move(*c)) : nullptr;
  }
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
