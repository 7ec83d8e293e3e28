#pragma once
// Possible repeat requests: the rule, apart from the query that finds the candidates, so every
// storage backend shares it.

#include <cstdint>
#include <optional>
#include <vector>

#include "handlers/requests/request_types.hpp"
#include "storage/requests.hpp"

namespace linli::handlers {

// How many recent requests of each kind (same address, same requester) the check looks at: the
// newest 20 of a household in the window. Each is read and compared on the writer, so the bound
// is its cost per need (200 made a busy household's need cost twice as much at the writer).
inline constexpr int duplicate_candidates = 20;

// The number of the request `r` may repeat, among `recent` (requests of r's chat that are not
// cancelled): one from the same household (the same address; the same requester when either has
// no address) that asks for one of the same items. The newest such request (by created_ms, then
// id) of each kind, the same address and the same requester; of the two, the higher number.
std::optional<int> possible_duplicate(const supply_request& r,
                                      const std::vector<storage::request_summary>& recent);

// possible_duplicate over the chat's requests created at or after since_ms.
std::optional<int> find_possible_duplicate(storage::request_store& store, const supply_request& r,
                                           std::int64_t since_ms);

}  // namespace linli::handlers
