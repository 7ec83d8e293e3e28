#pragma once
// The rules of supply requests as pure functions: priority, money, tallies, and how a request
// reads in one line.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/requests/request_types.hpp"
#include "storage/store.hpp"

namespace linli::handlers {

// What the resident asked to spend: the stated total, else the sum of the priced items.
std::optional<std::int64_t> requested_cents(const supply_request& r);

// "59.90"
std::string format_cents(std::int64_t cents);

// "3-2-501" (or "未知地址" / "no address")
std::string household(const std::optional<address>& a, storage::language lang);

// "#12 3-2-501｜硝苯地平 2盒｜¥59.90｜药品·急"
std::string describe(const supply_request& r, storage::language lang);

struct tally_row {
  std::string key;
  int requests = 0;
  std::int64_t amount_cents = 0;
  std::optional<std::int64_t> quantity;  // by item only
  std::optional<std::string> unit;       // by item only
};

struct tally_result {
  std::string by;
  std::vector<tally_row> rows;  // sorted by key
  int requests = 0;
  std::int64_t amount_cents = 0;
};

// Totals of the chat's non-cancelled requests by "building", "item" or "category"; nullopt for any
// other dimension. By item, a row is one item name and unit, with the quantity summed. Summed by
// the store (request_store::tally_requests): one row read per group, however many needs.
std::optional<tally_result> tally(storage::request_store& store, const chat_ref& chat,
                                  std::string_view by);

std::string render_tally(const tally_result& t, storage::language lang);

}  // namespace linli::handlers
