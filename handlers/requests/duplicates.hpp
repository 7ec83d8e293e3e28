#pragma once
// Possible repeat requests: the rule, apart from the two lookups that find the candidates
// (storage/requests.hpp), so every storage backend shares it.

#include <cstdint>
#include <optional>

#include "handlers/requests/request_types.hpp"
#include "storage/requests.hpp"

namespace linli::handlers {

// The number of the request `r` may repeat among the chat's requests created at or after
// since_ms that are not cancelled: one from the same household that asks for one of the same
// items. The same household is the same address, or the same requester when either request has
// no address. The newest such request (by created_ms, then id) of each kind, the same address
// and the same requester; of the two, the higher number.
std::optional<int> find_possible_duplicate(storage::request_store& store, const supply_request& r,
                                           std::int64_t since_ms);

}  // namespace linli::handlers
