// The SQLite writer's caches: see sqlite_caches.hpp.

#include "storage/sqlite/sqlite_caches.hpp"

#include <algorithm>

namespace linli::storage::sqlite {
namespace {

// A string's share of memory: its characters beyond the small-string buffer.
std::size_t text_bytes(const std::string& s) {
  return s.capacity() > 15 ? s.capacity() + 1 : 0;
}

}  // namespace

std::size_t chain_cache::size_of(const chain_entry& e) {
  return sizeof(chain_entry) + text_bytes(e.content) + text_bytes(e.key) + text_bytes(e.name) +
         text_bytes(e.detail) + text_bytes(e.sender_id) + text_bytes(e.sender_name) +
         (e.slot ? text_bytes(*e.slot) : 0) + (e.registered_by ? text_bytes(*e.registered_by) : 0);
}

std::size_t chain_cache::size_of(const chain& c) {
  std::size_t n = sizeof(chain) + text_bytes(c.header_key) + text_bytes(c.title) +
                  text_bytes(c.example) + c.slot_caps.size() * 64;
  for (const auto& h : c.header) n += sizeof(std::string) + text_bytes(h);
  for (const auto& t : c.tail) n += sizeof(std::string) + text_bytes(t);
  for (const auto& e : c.entries) n += size_of(e);
  return n;
}

chain_cache::chat_chains* chain_cache::touch(const std::string& chat_key, bool create) {
  auto it = by_chat_.find(chat_key);
  if (it != by_chat_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second);
    return &*it->second;
  }
  if (!create) return nullptr;
  lru_.push_front(chat_chains{chat_key, {}, false, 0, 0});
  by_chat_.emplace(chat_key, lru_.begin());
  return &lru_.front();
}

chain* chain_cache::by_id(std::int64_t chain_id) {
  auto owner = chat_of_chain_.find(chain_id);
  if (owner == chat_of_chain_.end()) return nullptr;
  auto it = by_chat_.find(owner->second);
  if (it == by_chat_.end()) return nullptr;
  for (auto& c : it->second->chains) {
    if (c->id != chain_id) continue;
    if (c.use_count() > 1) c = std::make_shared<chain>(*c);  // a holder keeps what it read
    return c.get();
  }
  return nullptr;
}

std::optional<std::shared_ptr<const chain>> chain_cache::latest(const std::string& chat_key) {
  chat_chains* n = touch(chat_key, false);
  if (n == nullptr || !n->latest_known) return std::nullopt;
  if (n->latest_id == 0) return std::shared_ptr<const chain>();
  for (const auto& c : n->chains) {
    if (c->id == n->latest_id) {
      last_chain_ = c->id;
      return c;
    }
  }
  return std::nullopt;
}

std::shared_ptr<const chain> chain_cache::find(const std::string& chat_key,
                                               const std::string& header_key) {
  chat_chains* n = touch(chat_key, false);
  if (n == nullptr) return nullptr;
  for (const auto& c : n->chains) {
    if (c->header_key == header_key) {
      last_chain_ = c->id;
      return c;
    }
  }
  return nullptr;
}

void chain_cache::store(chat_chains& n, std::shared_ptr<chain> c) {
  last_chain_ = c->id;
  for (auto& have : n.chains) {
    if (have->id == c->id) {
      have = std::move(c);
      resize(n);
      return;
    }
  }
  chat_of_chain_[c->id] = n.key;
  n.chains.push_back(std::move(c));
  resize(n);
}

void chain_cache::put_latest(const std::string& chat_key, std::shared_ptr<chain> c) {
  chat_chains* n = touch(chat_key, true);
  n->latest_known = true;
  n->latest_id = c != nullptr ? c->id : 0;
  if (c != nullptr) {
    store(*n, std::move(c));
  } else {
    resize(*n);
  }
}

void chain_cache::put(const std::string& chat_key, std::shared_ptr<chain> c) {
  store(*touch(chat_key, true), std::move(c));
}

void chain_cache::chain_inserted(const std::string& chat_key) {
  if (chat_chains* n = touch(chat_key, false)) n->latest_known = false;
}

void chain_cache::chain_updated(const chain& updated) {
  chain* c = by_id(updated.id);
  if (c == nullptr) return;
  c->capacity = updated.capacity;
  c->slot_caps = updated.slot_caps;
  c->deadline_ms = updated.deadline_ms;
  c->closed = updated.closed;
}

void chain_cache::entry_inserted(std::int64_t chain_id, const chain_entry& e) {
  chain* c = by_id(chain_id);
  if (c == nullptr) return;
  if (!c->entries.empty() && c->entries.back().id >= e.id) {  // not the newest: read it again
    clear();
    return;
  }
  c->entries.push_back(e);
  // One entry's share, not the whole chat's sizes again: a long chain grows one line at a time.
  chat_chains& owner = *by_chat_.find(chat_of_chain_[chain_id])->second;
  const std::size_t added = size_of(c->entries.back());
  owner.bytes += added;
  bytes_ += added;
  evict();
}

void chain_cache::entry_updated(const chain_entry& e) {
  auto apply = [&](chain* c) {
    if (c == nullptr) return false;
    auto at = std::lower_bound(c->entries.begin(), c->entries.end(), e.id,
                               [](const chain_entry& x, std::int64_t id) { return x.id < id; });
    if (at == c->entries.end() || at->id != e.id) return false;
    // Only what update_chain_entry writes.
    at->state = e.state;
    at->changed_ms = e.changed_ms;
    at->content = e.content;
    at->key = e.key;
    at->detail = e.detail;
    at->slot = e.slot;
    return true;
  };
  if (!apply(by_id(last_chain_))) clear();  // whose entry it is, is not known: forget them all
}

void chain_cache::resize(chat_chains& n) {
  std::size_t size = sizeof(chat_chains) + n.key.size();
  for (const auto& c : n.chains) size += size_of(*c);
  bytes_ = bytes_ - n.bytes + size;
  n.bytes = size;
  evict();
}

void chain_cache::evict() {
  // The chat just used is at the front and stays, even alone over the budget: a chain bigger
  // than the budget is then read once per message, as without a cache, and dropped next time.
  while (bytes_ > budget_ && lru_.size() > 1) erase(std::prev(lru_.end()));
}

void chain_cache::erase(node it) {
  for (const auto& c : it->chains) chat_of_chain_.erase(c->id);
  bytes_ -= it->bytes;
  by_chat_.erase(it->key);
  lru_.erase(it);
}

void chain_cache::clear() {
  lru_.clear();
  by_chat_.clear();
  chat_of_chain_.clear();
  bytes_ = 0;
  last_chain_ = 0;
}

std::optional<std::optional<group_buy>> group_buy_cache::find(const std::string& chat_key) const {
  auto it = open_.find(chat_key);
  if (it == open_.end()) return std::nullopt;
  return it->second;
}

void group_buy_cache::put(const std::string& chat_key, const std::optional<group_buy>& g) {
  if (open_.size() >= max_ && open_.find(chat_key) == open_.end()) open_.clear();
  open_[chat_key] = g;
}

}  // namespace linli::storage::sqlite
