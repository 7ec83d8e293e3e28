#pragma once
// Residents' supply and medicine requests as stored. Money is integer cents throughout.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/core/model.hpp"
#include "handlers/text/address_types.hpp"

namespace linli {

enum class request_status { open, claimed, bought, delivered, cancelled };

// "open", "claimed", ...: the names the database and the read API use.
std::string_view to_string(request_status s);
std::optional<request_status> request_status_from(std::string_view name);

struct request_item {
  std::string name;
  std::int64_t quantity = 1;
  std::optional<std::string> unit;
  std::optional<std::int64_t> amount_cents;
  friend bool operator==(const request_item&, const request_item&) = default;
};

struct supply_request {
  std::int64_t id = 0;
  chat_ref chat;
  int number = 0;  // the short id people type: #12, per chat
  std::string requester_id;
  std::string requester_name;
  std::optional<address> where;
  std::vector<request_item> items;
  std::string category;  // medicine | cold_chain | food | daily | other
  bool urgent = false;
  request_status status = request_status::open;
  std::optional<std::string> claimed_by;  // sender id of the volunteer
  std::optional<std::string> claimed_by_name;
  std::optional<std::int64_t> stated_total_cents;  // 共136元
  std::optional<std::int64_t> spent_cents;         // 实付, reported when bought
  std::optional<int> duplicate_of;                 // flagged as a possible repeat of #N
  std::string text;                                // the message as written
  std::string message_id;
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
};

// How the board is ordered: `priority` open before claimed before bought before done; urgent
// first, then medicine, cold chain, food, daily, other; oldest first. `newest` and `oldest` by
// creation, `number` by the request's number. `pressing` is the chat's own list (/requests):
// urgent medicine, medicine, cold chain, the rest; oldest first.
enum class board_sort { priority, newest, oldest, number, pressing };

// Which needs the coordinators' board (handlers/requests/board_views.hpp) shows, and which page
// of them. Every filter given must hold.
struct board_query {
  std::optional<request_status> status;
  std::optional<std::string> category;
  std::optional<std::string> building;  // the address's building, exactly ("12")
  bool urgent_only = false;
  bool open_only = false;  // only needs not yet delivered or cancelled
  // Found in the text as written, the requester's name or an item's name (ASCII letters in any
  // case); empty = every need.
  std::string text;
  board_sort sort = board_sort::priority;
  int offset = 0;
  int limit = 100;
};

// A group buy (团购) a coordinator opens: one product at one price per unit.
struct group_buy {
  std::int64_t id = 0;
  chat_ref chat;
  std::string title;  // 蔬菜包
  std::string unit;   // 份
  std::int64_t unit_price_cents = 0;
  std::optional<std::int64_t> deadline_ms;
  bool closed = false;
  std::int64_t opened_ms = 0;
};

// One household's order in a group buy.
struct group_buy_order {
  std::string household;  // "3-1-201", or the sender when no address is known
  std::optional<address> where;
  std::string sender_id;
  std::string sender_name;
  std::int64_t quantity = 0;
  std::int64_t updated_ms = 0;
};

// A donation drive with a goal; every amount given is recorded, including past the goal.
struct donation_drive {
  std::int64_t id = 0;
  chat_ref chat;
  std::string title;
  std::int64_t goal_cents = 0;
  std::int64_t opened_ms = 0;
};

struct donation {
  std::string sender_id;
  std::string sender_name;
  std::int64_t cents = 0;
  std::int64_t at_ms = 0;
  std::string message_id;
};

}  // namespace linli
