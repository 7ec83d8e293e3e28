#include "handlers/requests/duplicates.hpp"

#include <algorithm>
#include <utility>

namespace linli::handlers {
namespace {

bool asks_for_one_of(const storage::request_summary& s, const supply_request& r) {
  return std::any_of(r.items.begin(), r.items.end(), [&](const request_item& i) {
    return std::find(s.item_names.begin(), s.item_names.end(), i.name) != s.item_names.end();
  });
}

bool newer(const storage::request_summary& a, const storage::request_summary& b) {
  return std::pair(a.created_ms, a.id) > std::pair(b.created_ms, b.id);
}

}  // namespace

std::optional<int> possible_duplicate(const supply_request& r,
                                      const std::vector<storage::request_summary>& recent) {
  const storage::request_summary* same_address = nullptr;
  const storage::request_summary* same_requester = nullptr;
  for (const auto& s : recent) {
    if (!asks_for_one_of(s, r)) continue;
    if (r.where && s.where == r.where && (!same_address || newer(s, *same_address))) {
      same_address = &s;
    }
    if (s.requester_id == r.requester_id && (!r.where || !s.where) &&
        (!same_requester || newer(s, *same_requester))) {
      same_requester = &s;
    }
  }
  if (!same_address && !same_requester) return std::nullopt;
  return std::max(same_address ? same_address->number : 0,
                  same_requester ? same_requester->number : 0);
}

std::optional<int> find_possible_duplicate(storage::request_store& store, const supply_request& r,
                                           std::int64_t since_ms) {
  return possible_duplicate(
      r, store.recent_requests(r.chat, r.requester_id, r.where, since_ms, duplicate_candidates));
}

}  // namespace linli::handlers
