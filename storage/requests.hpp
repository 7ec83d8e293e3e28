#pragma once
// Residents' supply requests with their items, group buys with their orders, donation drives
// with their donations. Money is integer cents.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "handlers/core/model.hpp"
#include "handlers/requests/request_types.hpp"

namespace linli::storage {

// A recent request as the duplicate check sees it (handlers/requests/duplicates.hpp).
struct request_summary {
  std::int64_t id = 0;
  int number = 0;
  std::string requester_id;
  std::optional<address> where;
  std::int64_t created_ms = 0;
};

// One page of the needs board: its requests with their items, and how many passed the filters.
struct request_page {
  std::vector<supply_request> requests;
  std::int64_t total = 0;
};

// The sums a tally shows (handlers/requests/requests.hpp), by one dimension, over the chat's
// requests that are not cancelled.
enum class tally_by { building, category, item };
struct tally_group {
  std::string key;                  // the building ("" for none), the category or the item's name
  std::optional<std::string> unit;  // by item: the items' unit (absent and "" are one group)
  std::int64_t requests = 0;        // by item: how many items of that name and unit
  std::int64_t quantity = 0;        // by item: their quantities summed
  // By item, the items' prices summed; else what the requests asked to spend: each one's stated
  // total, else the sum of its priced items, else 0.
  std::int64_t amount_cents = 0;
};

class request_store {
 public:
  virtual ~request_store() = default;

  // Stores a new request with its items. The store numbers it: the chat's next number, from 1,
  // assigned in the same statement as the insert, so concurrent writers never share a number.
  // Writes the id and the number back into `r` (r.number on entry is ignored); returns the id.
  virtual std::int64_t insert_request(supply_request& r) = 0;
  // Loaded with its items.
  virtual std::optional<supply_request> find_request(const chat_ref& chat, int number) = 0;
  // Saves everything that may change: status, claim, money, address, items, category, text.
  virtual void update_request(const supply_request& r) = 0;
  // The chat's requests created at or after since_ms (0 = all), oldest first, with items.
  virtual std::vector<supply_request> list_requests(const chat_ref& chat,
                                                    std::int64_t since_ms = 0) = 0;
  // The needs board (handlers/requests/board_views.hpp): the chat's requests that pass every
  // filter of `query`, in its order, from query.offset (none past the end) and at most
  // query.limit of them (a negative offset or limit counts as 0), with their items; and `total`,
  // how many passed. The text filter compares ASCII letters in any case and every other byte
  // exactly.
  virtual request_page board_requests(const chat_ref& chat, const board_query& query) = 0;
  // The tally's groups, in no order: summed by the database, so a chat with thousands of needs
  // reads one row per group, not every need.
  virtual std::vector<tally_group> tally_requests(const chat_ref& chat, tally_by by) = 0;
  // The duplicate check's two lookups (handlers/requests/duplicates.hpp), each the newest (by
  // created_ms, then id) of the chat's requests created at or after since_ms that are not
  // cancelled and ask for at least one of `item_names` (names compared exactly):
  // - at the address `where` (building, unit and room equal; an absent unit or room matches only
  //   an absent one);
  virtual std::optional<request_summary> newest_at_address(
      const chat_ref& chat, const address& where, const std::vector<std::string>& item_names,
      std::int64_t since_ms) = 0;
  // - from `requester_id`, and only among requests without an address when `without_address`.
  virtual std::optional<request_summary> newest_from_requester(
      const chat_ref& chat, const std::string& requester_id, bool without_address,
      const std::vector<std::string>& item_names, std::int64_t since_ms) = 0;

  // Group buys: at most one open per chat (the newest open one is the open one).
  virtual std::optional<group_buy> open_group_buy(const chat_ref& chat) = 0;
  virtual std::int64_t insert_group_buy(const group_buy& g) = 0;
  virtual void close_group_buy(std::int64_t id) = 0;
  // Group buys opened at or after since_ms, oldest first.
  virtual std::vector<group_buy> group_buys(const chat_ref& chat, std::int64_t since_ms) = 0;
  // Creates or replaces the household's order.
  virtual void save_group_buy_order(std::int64_t buy_id, const group_buy_order& o) = 0;
  // By household.
  virtual std::vector<group_buy_order> group_buy_orders(std::int64_t buy_id) = 0;

  // Donation drives: the latest one in a chat is the current one.
  virtual std::optional<donation_drive> current_drive(const chat_ref& chat) = 0;
  virtual std::int64_t insert_drive(const donation_drive& d) = 0;
  virtual void add_donation(std::int64_t drive_id, const donation& d) = 0;
  // In the order given.
  virtual std::vector<donation> donations(std::int64_t drive_id) = 0;
};

}  // namespace linli::storage
