// The PostgreSQL store: supply requests and their items.

#include <algorithm>
#include <array>
#include <string>
#include <unordered_map>
#include <utility>

#include "storage/board_sql.hpp"
#include "storage/postgres/pg_store.hpp"

namespace linli::storage::postgres {
namespace {

#define LINLI_REQUEST_COLUMNS                                                                  \
  "id, number, requester_id, requester_name, building, unit, room, category, urgent, status, " \
  "claimed_by, claimed_by_name, stated_total_cents, spent_cents, duplicate_of, text, "         \
  "message_id, created_ms, updated_ms "

constexpr const char* find_request_sql =
    "SELECT " LINLI_REQUEST_COLUMNS
    "FROM requests WHERE platform = $1 AND chat_id = $2 AND number = $3";

constexpr const char* list_requests_sql =
    "SELECT " LINLI_REQUEST_COLUMNS
    "FROM requests WHERE platform = $1 AND chat_id = $2 AND created_ms >= $3 ORDER BY id";

// The needs board: $3 status, $4 category, $5 building (each NULL for any), $6 true for urgent
// needs only, $8 true for needs not yet delivered or cancelled only, $7 the text to find, its
// ASCII letters in lower case ('' for any). translate()
// lowers ASCII letters alone, as the needle was lowered (lower() would change others too).
#define LINLI_ASCII_LOWER(column) \
  "translate(" column ", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
#define LINLI_BOARD_WHERE \
  "FROM requests r WHERE r.platform = $1 AND r.chat_id = $2 "                                     \
  "AND ($3::text IS NULL OR r.status = $3::text) AND ($4::text IS NULL OR r.category = $4::text) " \
  "AND ($5::text IS NULL OR r.building = $5::text) AND (NOT $6::boolean OR r.urgent) "            \
  "AND (NOT $8::boolean OR r.status NOT IN ('delivered', 'cancelled')) "                           \
  "AND ($7::text = '' OR strpos(" LINLI_ASCII_LOWER("r.text") ", $7::text) > 0 "                   \
  "OR strpos(" LINLI_ASCII_LOWER("r.requester_name") ", $7::text) > 0 "                            \
  "OR EXISTS (SELECT 1 FROM request_items i WHERE i.platform = r.platform AND "                  \
  "i.chat_id = r.chat_id AND i.request_id = r.id AND "                                             \
  "strpos(" LINLI_ASCII_LOWER("i.name") ", $7::text) > 0)) "
LINLI_BOARD_STATEMENTS(LINLI_REQUEST_COLUMNS, LINLI_BOARD_WHERE, "LIMIT $9 OFFSET $10");
#undef LINLI_BOARD_WHERE
#undef LINLI_ASCII_LOWER
#undef LINLI_REQUEST_COLUMNS

// The items of many requests of a chat at once ($3 their ids, an array), each request's in order.
constexpr const char* items_of_requests_sql =
    "SELECT request_id, name, quantity, unit, amount_cents FROM request_items WHERE "
    "platform = $1 AND chat_id = $2 AND request_id = ANY ($3::bigint[]) "
    "ORDER BY request_id, seq";
// Every item of a chat's requests, in one query: a range of the primary key, whatever the
// planner knows of the tables (a join with requests, planned on tables not yet analysed, can
// become a nested loop over every item for each request).
constexpr const char* chat_items_sql =
    "SELECT request_id, name, quantity, unit, amount_cents FROM request_items WHERE "
    "platform = $1 AND chat_id = $2 ORDER BY request_id, seq";

// The tally's groups (store::tally_requests), by building, category and item (tally_by's order),
// each over the chat's requests not cancelled. A request asked to spend its stated total, else
// its priced items summed, else 0. sum() of bigint is numeric, exact whatever its size: cast
// back saturated (an imported table may hold any amount).
#define LINLI_BIGINT(sum) \
  "greatest(least(" sum ", 9223372036854775807), -9223372036854775808)::bigint "
#define LINLI_TALLIED \
  "FROM requests r WHERE r.platform = $1 AND r.chat_id = $2 AND r.status <> 'cancelled' "
#define LINLI_ASKED                                                                   \
  LINLI_BIGINT(                                                                       \
      "coalesce(sum(coalesce(r.stated_total_cents, (SELECT sum(i.amount_cents) FROM " \
      "request_items i WHERE i.platform = r.platform AND i.chat_id = r.chat_id AND "  \
      "i.request_id = r.id))), 0)")
constexpr std::array<const char*, 3> tally_sql = {
    "SELECT coalesce(r.building, ''), NULL, count(*), 0, " LINLI_ASKED LINLI_TALLIED "GROUP BY 1",
    "SELECT r.category, NULL, count(*), 0, " LINLI_ASKED LINLI_TALLIED "GROUP BY 1",
    "SELECT i.name, max(i.unit), count(*), " LINLI_BIGINT("sum(i.quantity)") ", "
    LINLI_BIGINT("coalesce(sum(i.amount_cents), 0)") "FROM request_items i "
    "WHERE i.platform = $1 AND i.chat_id = $2 AND i.request_id IN (SELECT r.id " LINLI_TALLIED
    ") GROUP BY i.name, coalesce(i.unit, '')",
};
#undef LINLI_TALLIED
#undef LINLI_ASKED
#undef LINLI_BIGINT

// Numbers the request in the insert itself: the chat's counter moves on in the same statement.
constexpr const char* insert_request_sql =
    "WITH n AS (INSERT INTO chat_numbers (platform, chat_id, kind, last) "
    "VALUES ($1, $2, 'request', 1) ON CONFLICT (platform, chat_id, kind) "
    "DO UPDATE SET last = chat_numbers.last + 1 RETURNING last) "
    "INSERT INTO requests (platform, chat_id, number, requester_id, requester_name, building, "
    "unit, room, category, urgent, status, claimed_by, claimed_by_name, stated_total_cents, "
    "spent_cents, duplicate_of, text, message_id, created_ms, updated_ms) "
    "VALUES ($1, $2, (SELECT last FROM n), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
    "$15, $16, $17, $18, $19) RETURNING id, number";

constexpr const char* update_request_sql =
    "UPDATE requests SET building = $4, unit = $5, room = $6, category = $7, urgent = $8, "
    "status = $9, claimed_by = $10, claimed_by_name = $11, stated_total_cents = $12, "
    "spent_cents = $13, duplicate_of = $14, text = $15, updated_ms = $16 "
    "WHERE platform = $1 AND chat_id = $2 AND id = $3";

constexpr const char* request_items_sql =
    "SELECT name, quantity, unit, amount_cents FROM request_items WHERE platform = $1 AND "
    "chat_id = $2 AND request_id = $3 ORDER BY seq";

constexpr const char* delete_request_items_sql =
    "DELETE FROM request_items WHERE platform = $1 AND chat_id = $2 AND request_id = $3";

// A request's items go in one statement: "INSERT ... VALUES (...), (...)" with `rows` rows
// sharing $1..$3 (platform, chat, request), for 1 to max_item_rows rows (a longer list takes
// several). Built once; the text's address is the prepared statements' key.
constexpr std::size_t max_item_rows = 8;

const char* insert_request_items_sql(std::size_t rows) {
  static const std::vector<std::string> texts = [] {
    std::vector<std::string> out(max_item_rows + 1);
    for (std::size_t n = 1; n <= max_item_rows; ++n) {
      out[n] =
          "INSERT INTO request_items (platform, chat_id, request_id, seq, name, quantity, "
          "unit, amount_cents) VALUES ";
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t p = 4 + i * 5;
        out[n] += i == 0 ? "(" : ",(";
        out[n] += "$1,$2,$3";
        for (std::size_t k = 0; k < 5; ++k) out[n] += ",$" + std::to_string(p + k);
        out[n] += ")";
      }
    }
    return out;
  }();
  return texts.at(rows).c_str();
}

// The duplicate check's lookups, each through its index (requests_by_household,
// requests_by_requester, requests_unaddressed_by_requester) newest first, ending at the first
// request that asks for one of the item names ($4, a JSON array).
#define LINLI_NEWEST(where)                                                                    \
  "SELECT r.id, r.number, r.requester_id, r.building, r.unit, r.room, r.created_ms "           \
  "FROM requests r WHERE r.platform = $1 AND r.chat_id = $2 AND r.created_ms >= $3 AND " where \
  " AND r.status <> 'cancelled' AND EXISTS (SELECT 1 FROM request_items i WHERE "              \
  "i.platform = r.platform AND i.chat_id = r.chat_id AND i.request_id = r.id AND i.name IN "   \
  "(SELECT jsonb_array_elements_text($4::jsonb))) ORDER BY r.created_ms DESC, r.id DESC "      \
  "LIMIT 1"
constexpr const char* newest_at_address_sql = LINLI_NEWEST(
    "r.building = $5 AND r.unit IS NOT DISTINCT FROM $6::text AND "
    "r.room IS NOT DISTINCT FROM $7::text");
constexpr const char* newest_from_requester_sql = LINLI_NEWEST("r.requester_id = $5");
// Written out, not a parameter, so that a generic plan can use the partial index.
constexpr const char* newest_unaddressed_from_requester_sql =
    LINLI_NEWEST("r.requester_id = $5 AND r.building IS NULL");
#undef LINLI_NEWEST

supply_request read_request(const result& q, int row, const chat_ref& chat) {
  supply_request r;
  r.id = q.int64(row, 0);
  r.chat = chat;
  r.number = q.int32(row, 1);
  r.requester_id = q.text(row, 2);
  r.requester_name = q.text(row, 3);
  r.where = read_address(q, row, 4);
  r.category = q.text(row, 7);
  r.urgent = q.flag(row, 8);
  r.status = request_status_from(q.view(row, 9)).value_or(request_status::open);
  r.claimed_by = q.optional_text(row, 10);
  r.claimed_by_name = q.optional_text(row, 11);
  r.stated_total_cents = q.optional_int(row, 12);
  r.spent_cents = q.optional_int(row, 13);
  if (!q.null(row, 14)) r.duplicate_of = q.int32(row, 14);
  r.text = q.text(row, 15);
  r.message_id = q.text(row, 16);
  r.created_ms = q.int64(row, 17);
  r.updated_ms = q.int64(row, 18);
  return r;
}

// Replaces the items of each of `requests` with the rows of `q` (request_id, name, quantity, unit,
// amount_cents: items_of_requests_sql or chat_items_sql), in the order they come; rows of other
// requests are passed over.
void read_items_of(std::vector<supply_request>& requests, const result& q) {
  std::unordered_map<std::int64_t, supply_request*> by_id;
  for (supply_request& r : requests) {
    r.items.clear();
    by_id.emplace(r.id, &r);
  }
  for (int row = 0; row < q.rows(); ++row) {
    const auto it = by_id.find(q.int64(row, 0));
    if (it == by_id.end()) continue;
    it->second->items.push_back(
        {q.text(row, 1), q.int64(row, 2), q.optional_text(row, 3), q.optional_int(row, 4)});
  }
}

params newest_params(const chat_ref& chat, const std::vector<std::string>& item_names,
                     std::int64_t since_ms) {
  params p;
  p.text(chat.platform).text(chat.chat_id).integer(since_ms).text(encode_lines(item_names));
  return p;
}

std::optional<request_summary> read_summary(const result& q) {
  if (q.empty()) return std::nullopt;
  request_summary s;
  s.id = q.int64(0, 0);
  s.number = q.int32(0, 1);
  s.requester_id = q.text(0, 2);
  s.where = read_address(q, 0, 3);
  s.created_ms = q.int64(0, 6);
  return s;
}

}  // namespace

std::int64_t pg_store::insert_request(supply_request& r) {
  params p;
  p.text(r.chat.platform).text(r.chat.chat_id).text(r.requester_id).text(r.requester_name);
  add_address(p, r.where);
  p.text(r.category).flag(r.urgent).text(to_string(r.status)).text(r.claimed_by);
  p.text(r.claimed_by_name).integer(r.stated_total_cents).integer(r.spent_cents);
  p.integer(r.duplicate_of).text(r.text).text(r.message_id).integer(r.created_ms);
  p.integer(r.updated_ms);
  const auto row = db_.query(insert_request_sql, p);
  r.id = row.int64(0, 0);
  r.number = row.int32(0, 1);
  write_items(r.chat, r.id, r.items);
  return r.id;
}

std::optional<supply_request> pg_store::find_request(const chat_ref& chat, int number) {
  const auto q =
      db_.query(find_request_sql,
                params().text(chat.platform).text(chat.chat_id).integer(std::int64_t{number}));
  if (q.empty()) return std::nullopt;
  supply_request r = read_request(q, 0, chat);
  r.items = read_items(chat, r.id);
  return r;
}

void pg_store::update_request(const supply_request& r) {
  params p;
  p.text(r.chat.platform).text(r.chat.chat_id).integer(r.id);
  add_address(p, r.where);
  p.text(r.category).flag(r.urgent).text(to_string(r.status)).text(r.claimed_by);
  p.text(r.claimed_by_name).integer(r.stated_total_cents).integer(r.spent_cents);
  p.integer(r.duplicate_of).text(r.text).integer(r.updated_ms);
  db_.query(update_request_sql, p);
  db_.query(delete_request_items_sql,
            params().text(r.chat.platform).text(r.chat.chat_id).integer(r.id));
  write_items(r.chat, r.id, r.items);
}

std::vector<supply_request> pg_store::list_requests(const chat_ref& chat, std::int64_t since_ms) {
  const auto q = db_.query(list_requests_sql,
                           params().text(chat.platform).text(chat.chat_id).integer(since_ms));
  std::vector<supply_request> out;
  out.reserve(static_cast<std::size_t>(q.rows()));
  for (int row = 0; row < q.rows(); ++row) out.push_back(read_request(q, row, chat));
  if (since_ms > 0) {  // a recent few: each request's items
    for (auto& r : out) r.items = read_items(chat, r.id);
  } else if (!out.empty()) {
    read_items_of(out, db_.query(chat_items_sql, params().text(chat.platform).text(chat.chat_id)));
  }
  return out;
}

request_page pg_store::board_requests(const chat_ref& chat, const board_query& query) {
  params p;
  p.text(chat.platform).text(chat.chat_id);
  if (query.status) {
    p.text(to_string(*query.status));
  } else {
    p.null();
  }
  p.text(query.category)
      .text(query.building)
      .flag(query.urgent_only)
      .text(board_needle(query))
      .flag(query.open_only);
  request_page page;
  page.total = db_.query(board_count_sql, p).int64(0, 0);
  p.integer(std::int64_t{std::max(query.limit, 0)})
      .integer(std::int64_t{std::max(query.offset, 0)});
  const auto q = db_.query(board_page_sql[board_order_index(query.sort)], p);
  page.requests.reserve(static_cast<std::size_t>(q.rows()));
  for (int row = 0; row < q.rows(); ++row) page.requests.push_back(read_request(q, row, chat));
  if (page.requests.empty()) return page;
  std::vector<std::int64_t> ids;
  ids.reserve(page.requests.size());
  for (const supply_request& r : page.requests) ids.push_back(r.id);
  read_items_of(page.requests,
                db_.query(items_of_requests_sql,
                          params().text(chat.platform).text(chat.chat_id).integers(ids)));
  return page;
}

std::vector<tally_group> pg_store::tally_requests(const chat_ref& chat, tally_by by) {
  const auto q = db_.query(tally_sql.at(static_cast<std::size_t>(by)),
                           params().text(chat.platform).text(chat.chat_id));
  std::vector<tally_group> out;
  out.reserve(static_cast<std::size_t>(q.rows()));
  for (int row = 0; row < q.rows(); ++row) {
    out.push_back({q.text(row, 0), q.optional_text(row, 1), q.int64(row, 2), q.int64(row, 3),
                   q.int64(row, 4)});
  }
  return out;
}

std::optional<request_summary> pg_store::newest_at_address(
    const chat_ref& chat, const address& where, const std::vector<std::string>& item_names,
    std::int64_t since_ms) {
  params p = newest_params(chat, item_names, since_ms);
  add_address(p, where);
  return read_summary(db_.query(newest_at_address_sql, p));
}

std::optional<request_summary> pg_store::newest_from_requester(
    const chat_ref& chat, const std::string& requester_id, bool without_address,
    const std::vector<std::string>& item_names, std::int64_t since_ms) {
  params p = newest_params(chat, item_names, since_ms);
  p.text(requester_id);
  return read_summary(db_.query(
      without_address ? newest_unaddressed_from_requester_sql : newest_from_requester_sql, p));
}

std::vector<request_item> pg_store::read_items(const chat_ref& chat, std::int64_t request_id) {
  const auto q = db_.query(request_items_sql,
                           params().text(chat.platform).text(chat.chat_id).integer(request_id));
  std::vector<request_item> out;
  out.reserve(static_cast<std::size_t>(q.rows()));
  for (int row = 0; row < q.rows(); ++row) {
    out.push_back(
        {q.text(row, 0), q.int64(row, 1), q.optional_text(row, 2), q.optional_int(row, 3)});
  }
  return out;
}

void pg_store::write_items(const chat_ref& chat, std::int64_t request_id,
                           const std::vector<request_item>& items) {
  for (std::size_t first = 0; first < items.size(); first += max_item_rows) {
    const std::size_t rows = std::min(max_item_rows, items.size() - first);
    params p;
    p.text(chat.platform).text(chat.chat_id).integer(request_id);
    for (std::size_t i = first; i < first + rows; ++i) {
      p.integer(static_cast<std::int64_t>(i)).text(items[i].name).integer(items[i].quantity);
      p.text(items[i].unit).integer(items[i].amount_cents);
    }
    db_.query(insert_request_items_sql(rows), p);
  }
}

}  // namespace linli::storage::postgres
