#include "handlers/requests/duplicates.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace linli::handlers {

std::optional<int> find_possible_duplicate(storage::request_store& store, const supply_request& r,
                                           std::int64_t since_ms) {
  if (r.items.empty()) return std::nullopt;
  std::vector<std::string> names;
  for (const request_item& i : r.items) names.push_back(i.name);
  std::optional<int> found;
  const auto keep = [&found](const std::optional<storage::request_summary>& s) {
    if (s) found = std::max(found.value_or(0), s->number);
  };
  if (r.where) keep(store.newest_at_address(r.chat, *r.where, names, since_ms));
  // With an address of its own, the requester's request at another address is another household.
  keep(store.newest_from_requester(r.chat, r.requester_id, r.where.has_value(), names, since_ms));
  return found;
}

}  // namespace linli::handlers
