#pragma once
// Internal to storage/: the needs board's orders (board_sort, handlers/requests/request_types.hpp)
// as the text of an ORDER BY over `requests r`, the same on both backends: `urgent` DESC puts
// urgent needs first whether it is a boolean (PostgreSQL) or 0/1 (SQLite). Each order ends in the
// chat's unique number, so that a page never shares a row with the next.

#include <array>
#include <cstddef>
#include <string>

#include "handlers/requests/request_types.hpp"

#define LINLI_BOARD_BY_PRIORITY                                                         \
  "CASE r.status WHEN 'open' THEN 0 WHEN 'claimed' THEN 1 WHEN 'bought' THEN 2 "        \
  "WHEN 'delivered' THEN 3 WHEN 'cancelled' THEN 4 ELSE 5 END, r.urgent DESC, "         \
  "CASE r.category WHEN 'medicine' THEN 0 WHEN 'cold_chain' THEN 1 WHEN 'food' THEN 2 " \
  "WHEN 'daily' THEN 3 WHEN 'other' THEN 4 ELSE 5 END, r.created_ms, r.number"
#define LINLI_BOARD_BY_NEWEST "r.created_ms DESC, r.number DESC"
#define LINLI_BOARD_BY_OLDEST "r.created_ms, r.number"
#define LINLI_BOARD_BY_NUMBER "r.number"
#define LINLI_BOARD_BY_PRESSING                                                  \
  "CASE r.category WHEN 'medicine' THEN (CASE WHEN r.urgent THEN 0 ELSE 1 END) " \
  "WHEN 'cold_chain' THEN 2 ELSE 3 END, r.created_ms, r.number"

// Defines, from a backend's column list, its WHERE clause over `requests r` with the board's
// filters and its "LIMIT .. OFFSET .." text: board_page_sql, one statement per order (indexed by
// board_order_index), and board_count_sql, how many rows pass.
#define LINLI_BOARD_STATEMENT(columns, where, page, order) \
  "SELECT " columns where "ORDER BY " order " " page
#define LINLI_BOARD_STATEMENTS(columns, where, page)                         \
  constexpr std::array<const char*, 5> board_page_sql = {                    \
      LINLI_BOARD_STATEMENT(columns, where, page, LINLI_BOARD_BY_PRIORITY),  \
      LINLI_BOARD_STATEMENT(columns, where, page, LINLI_BOARD_BY_NEWEST),    \
      LINLI_BOARD_STATEMENT(columns, where, page, LINLI_BOARD_BY_OLDEST),    \
      LINLI_BOARD_STATEMENT(columns, where, page, LINLI_BOARD_BY_NUMBER),    \
      LINLI_BOARD_STATEMENT(columns, where, page, LINLI_BOARD_BY_PRESSING)}; \
  constexpr const char* board_count_sql = "SELECT count(*) " where

namespace linli::storage {

inline std::size_t board_order_index(board_sort sort) {
  static_assert(
      static_cast<int>(board_sort::priority) == 0 && static_cast<int>(board_sort::newest) == 1 &&
      static_cast<int>(board_sort::oldest) == 2 && static_cast<int>(board_sort::number) == 3 &&
      static_cast<int>(board_sort::pressing) == 4);
  return static_cast<std::size_t>(sort);
}

// The text filter's needle as both backends compare it: ASCII letters in lower case, as the SQL
// lowers the columns it searches; every other byte as it is.
inline std::string board_needle(const board_query& query) {
  std::string out = query.text;
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace linli::storage
