#pragma once
// Internal to storage/sqlite/: what the SQLite writer keeps in memory between messages so that it
// need not read it again: each chat's chains (with their entries) and its open group buy. Never
// the source of truth: a miss reads the database, and the store clears them on any rollback and
// when another connection has written (PRAGMA data_version), so they only ever hold what this
// connection read or wrote inside transactions that committed or are still open.

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/store.hpp"

namespace linli::storage::sqlite {

// The chains of recently used chats, least recently used evicted first once their estimated size
// exceeds the budget. Per chat: the chains read so far (by find_chain or latest_chain) and which
// one latest_chain returns, once known.
//
// A chain is handed out shared, not copied (a 500-entry chain costs more to copy than to merge a
// copy into): what a caller holds never changes under it. A change to a chain someone still holds
// goes to a new copy of it (copy on write); the writer drops what it holds before it writes, so
// the usual change is made in place.
class chain_cache {
 public:
  explicit chain_cache(std::size_t budget_bytes) : budget_(budget_bytes) {}

  // latest_chain(chat) as last read: nullopt when not known; a null pointer inside when known to
  // be none.
  std::optional<std::shared_ptr<const chain>> latest(const std::string& chat_key);
  // find_chain(chat, header_key): nullptr when not cached.
  std::shared_ptr<const chain> find(const std::string& chat_key, const std::string& header_key);
  // Records what latest_chain read (`c` null: the chat has none).
  void put_latest(const std::string& chat_key, std::shared_ptr<chain> c);
  // Records what find_chain read.
  void put(const std::string& chat_key, std::shared_ptr<chain> c);

  // A chain was inserted into the chat: which is latest may have changed.
  void chain_inserted(const std::string& chat_key);
  // The chain's own fields changed (update_chain).
  void chain_updated(const chain& c);
  // An entry was added to the chain (its id is the chain's largest).
  void entry_inserted(std::int64_t chain_id, const chain_entry& e);
  // An entry changed; a chain not found by its entries is dropped with everything else.
  void entry_updated(const chain_entry& e);

  void clear();
  std::size_t bytes() const { return bytes_; }
  std::size_t chats() const { return lru_.size(); }

 private:
  struct chat_chains {
    std::string key;
    std::vector<std::shared_ptr<chain>> chains;
    bool latest_known = false;
    std::int64_t latest_id = 0;  // 0: none
    std::size_t bytes = 0;
  };
  using node = std::list<chat_chains>::iterator;

  // The chat's node, made most recently used (created when `create`).
  chat_chains* touch(const std::string& chat_key, bool create);
  // The chain to change, held by nobody else (copied first if it is).
  chain* by_id(std::int64_t chain_id);
  void store(chat_chains& n, std::shared_ptr<chain> c);
  void resize(chat_chains& n);
  void evict();
  void erase(node it);
  static std::size_t size_of(const chain& c);
  static std::size_t size_of(const chain_entry& e);

  std::size_t budget_;
  std::size_t bytes_ = 0;
  std::list<chat_chains> lru_;  // most recently used first
  std::unordered_map<std::string, node> by_chat_;
  std::unordered_map<std::int64_t, std::string> chat_of_chain_;
  std::int64_t last_chain_ = 0;  // the chain last returned: entry updates are usually to it
};

// Each chat's open group buy (or that it has none), as open_group_buy reads it; bounded by count.
class group_buy_cache {
 public:
  explicit group_buy_cache(std::size_t max_chats) : max_(max_chats) {}
  // nullopt: not known; a nullopt inside: known to have none open.
  std::optional<std::optional<group_buy>> find(const std::string& chat_key) const;
  void put(const std::string& chat_key, const std::optional<group_buy>& g);
  void erase(const std::string& chat_key) { open_.erase(chat_key); }
  void clear() { open_.clear(); }
  std::size_t size() const { return open_.size(); }

 private:
  std::size_t max_;
  std::unordered_map<std::string, std::optional<group_buy>> open_;
};

}  // namespace linli::storage::sqlite
