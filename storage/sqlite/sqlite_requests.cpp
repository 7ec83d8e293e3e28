// The SQLite store: supply requests and their items.

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <utility>

#include "storage/board_sql.hpp"
#include "storage/sqlite/sqlite_plans.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace linli::storage::sqlite {
namespace {

#define LINLI_REQUEST_COLUMNS                                                                  \
  "id, number, requester_id, requester_name, building, unit, room, category, urgent, status, " \
  "claimed_by, claimed_by_name, stated_total_cents, spent_cents, duplicate_of, text, "         \
  "message_id, created_ms, updated_ms "

constexpr const char* find_request_sql =
    "SELECT " LINLI_REQUEST_COLUMNS "FROM requests WHERE chat = " LINLI_CHAT_REF_ID
    " AND number = ?3";

constexpr const char* list_requests_sql =
    "SELECT " LINLI_REQUEST_COLUMNS "FROM requests WHERE chat = " LINLI_CHAT_REF_ID
    " AND created_ms >= ?3 ORDER BY id";

// The needs board: ?3 status, ?4 category, ?5 building (each NULL for any), ?6 1 for urgent needs
// only, ?8 1 for needs not yet delivered or cancelled only, ?7 the text to find, its ASCII letters
// in lower case ('' for any); lower() changes ASCII letters alone (SQLite without ICU), as the
// needle was lowered.
#define LINLI_BOARD_WHERE                                                                     \
  "FROM requests r WHERE r.chat = " LINLI_CHAT_REF_ID                                         \
  " AND (?3 IS NULL OR r.status = ?3) "                                                       \
  "AND (?4 IS NULL OR r.category = ?4) AND (?5 IS NULL OR r.building = ?5) "                  \
  "AND (?6 = 0 OR r.urgent != 0) AND (?8 = 0 OR r.status NOT IN ('delivered', 'cancelled')) " \
  "AND (?7 = '' OR instr(lower(r.text), ?7) > 0 "                                             \
  "OR instr(lower(r.requester_name), ?7) > 0 OR EXISTS (SELECT 1 FROM request_items i "       \
  "WHERE i.request_id = r.id AND instr(lower(i.name), ?7) > 0)) "
LINLI_BOARD_STATEMENTS(LINLI_REQUEST_COLUMNS, LINLI_BOARD_WHERE, "LIMIT ?9 OFFSET ?10");
#undef LINLI_BOARD_WHERE
#undef LINLI_REQUEST_COLUMNS

// The tally's groups (store::tally_requests), by building, category and item (tally_by's order),
// each over the chat's requests not cancelled (through requests_by_time). A request asked to
// spend its stated total, else its priced items summed, else 0. Sums are total()'s, a double:
// sum() would stop the statement with an error past 64 bits (an imported table may hold any
// amount), where a double is exact to the cent below 2^53 cents and read back saturated.
#define LINLI_TALLIED \
  "FROM requests r WHERE r.chat = " LINLI_CHAT_REF_ID " AND r.status != 'cancelled' "
#define LINLI_ASKED                                                                        \
  "total(coalesce(r.stated_total_cents, (SELECT total(i.amount_cents) FROM request_items " \
  "i WHERE i.request_id = r.id))) "
constexpr std::array<const char*, 3> tally_sql = {
    "SELECT coalesce(r.building, ''), NULL, count(*), 0, " LINLI_ASKED LINLI_TALLIED "GROUP BY 1",
    "SELECT r.category, NULL, count(*), 0, " LINLI_ASKED LINLI_TALLIED "GROUP BY 1",
    "SELECT i.name, max(i.unit), count(*), total(i.quantity), total(i.amount_cents) "
    "FROM requests r JOIN request_items i ON i.request_id = r.id "
    "WHERE r.chat = " LINLI_CHAT_REF_ID
    " AND r.status != 'cancelled' GROUP BY i.name, coalesce(i.unit, '')",
};
#undef LINLI_TALLIED
#undef LINLI_ASKED

// The items of many requests at once (?1 their ids, a JSON array), each request's in order.
constexpr const char* items_of_requests_sql =
    "SELECT request_id, name, quantity, unit, amount_cents FROM request_items WHERE request_id "
    "IN (SELECT value FROM json_each(?1)) ORDER BY request_id, seq";
// The items of list_requests_sql's requests, in one query.
constexpr const char* list_items_sql =
    "SELECT i.request_id, i.name, i.quantity, i.unit, i.amount_cents FROM requests r "
    "JOIN request_items i ON i.request_id = r.id WHERE r.chat = " LINLI_CHAT_REF_ID
    " AND r.created_ms >= ?3 ORDER BY i.request_id, i.seq";

// Numbers the request in the insert itself: the chat's highest number plus one, found newest
// first through the (chat, number) index (one seek, not a scan). One statement, so no other
// writer can take the number between reading and inserting it. ?1 is the chat's chat_refs id.
constexpr const char* insert_request_sql =
    "INSERT INTO requests (chat, number, requester_id, requester_name, building, unit, room, "
    "category, urgent, status, claimed_by, claimed_by_name, stated_total_cents, spent_cents, "
    "duplicate_of, text, message_id, created_ms, updated_ms) "
    "VALUES (?1, coalesce((SELECT number + 1 FROM requests WHERE chat = ?1 ORDER BY number DESC "
    "LIMIT 1), 1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) "
    "RETURNING id, number";

constexpr const char* update_request_sql =
    "UPDATE requests SET building = ?, unit = ?, room = ?, category = ?, urgent = ?, status = ?, "
    "claimed_by = ?, claimed_by_name = ?, stated_total_cents = ?, spent_cents = ?, "
    "duplicate_of = ?, text = ?, updated_ms = ? WHERE id = ?";

constexpr const char* request_items_sql =
    "SELECT name, quantity, unit, amount_cents FROM request_items WHERE request_id = ? "
    "ORDER BY seq";

constexpr const char* delete_request_items_sql = "DELETE FROM request_items WHERE request_id = ?";

// A request's items go in one statement: "INSERT ... VALUES (...), (...)" with `rows` rows, for
// 1 to max_item_rows rows (a longer list takes several). Built once; the text's address is the
// statement cache's key.
constexpr std::size_t max_item_rows = 8;

const char* insert_request_items_sql(std::size_t rows) {
  static const std::vector<std::string> texts = [] {
    std::vector<std::string> out(max_item_rows + 1);
    for (std::size_t n = 1; n <= max_item_rows; ++n) {
      out[n] =
          "INSERT INTO request_items (request_id, seq, name, quantity, unit, amount_cents) "
          "VALUES ";
      for (std::size_t i = 0; i < n; ++i) out[n] += i == 0 ? "(?,?,?,?,?,?)" : ",(?,?,?,?,?,?)";
    }
    return out;
  }();
  return texts.at(rows).c_str();
}

// The duplicate check's lookups, each through its index (requests_by_household,
// requests_by_requester, or requests_unaddressed_by_requester) newest first: the order follows the
// index (its rowid comes after created_ms), so the first request that asks for one of the items
// ends the search, with no temporary b-tree. ?4 is the new request's item names as a JSON array;
// they are joined, not matched with IN (SELECT ...), which builds and frees a temporary table on
// every run.
#define LINLI_NEWEST_COLUMNS                                                                       \
  "SELECT r.id, r.number, r.requester_id, r.building, r.unit, r.room, r.created_ms FROM requests " \
  "r "
#define LINLI_ASKS_FOR_ONE_OF                                                           \
  "r.status != 'cancelled' AND EXISTS (SELECT 1 FROM request_items i, json_each(?4) j " \
  "WHERE i.request_id = r.id AND i.name = j.value) ORDER BY r.created_ms DESC, r.id DESC LIMIT 1"
constexpr const char* newest_at_address_sql =
    LINLI_NEWEST_COLUMNS "WHERE r.chat = " LINLI_CHAT_REF_ID
                         " AND r.created_ms >= ?3 AND r.building = ?5 AND "
                         "r.unit IS ?6 AND r.room IS ?7 AND " LINLI_ASKS_FOR_ONE_OF;
constexpr const char* newest_from_requester_sql =
    LINLI_NEWEST_COLUMNS "WHERE r.chat = " LINLI_CHAT_REF_ID
                         " AND r.created_ms >= ?3 AND r.requester_id = ?5 "
                         "AND " LINLI_ASKS_FOR_ONE_OF;
// The condition is written out, not bound, so that the planner can use the partial index.
constexpr const char* newest_unaddressed_from_requester_sql =
    LINLI_NEWEST_COLUMNS "WHERE r.chat = " LINLI_CHAT_REF_ID
                         " AND r.created_ms >= ?3 AND r.requester_id = ?5 "
                         "AND r.building IS NULL AND " LINLI_ASKS_FOR_ONE_OF;
#undef LINLI_NEWEST_COLUMNS
#undef LINLI_ASKS_FOR_ONE_OF

// A sum total() made, as the 64-bit integer nearest it (the limit past either end).
std::int64_t saturated(double sum) {
  constexpr double past_max = 9223372036854775808.0;  // 2^63
  if (!(sum < past_max)) return std::numeric_limits<std::int64_t>::max();
  if (sum < -past_max) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(std::llround(sum));
}

supply_request read_request(query& q, const chat_ref& chat) {
  supply_request r;
  r.id = q.getColumn(0).getInt64();
  r.chat = chat;
  r.number = q.getColumn(1).getInt();
  r.requester_id = q.getColumn(2).getString();
  r.requester_name = q.getColumn(3).getString();
  r.where = read_address(q, 4);
  r.category = q.getColumn(7).getString();
  r.urgent = q.getColumn(8).getInt() != 0;
  r.status = request_status_from(q.getColumn(9).getString()).value_or(request_status::open);
  r.claimed_by = optional_text(q.getColumn(10));
  r.claimed_by_name = optional_text(q.getColumn(11));
  r.stated_total_cents = optional_int(q.getColumn(12));
  r.spent_cents = optional_int(q.getColumn(13));
  if (!q.getColumn(14).isNull()) r.duplicate_of = q.getColumn(14).getInt();
  r.text = q.getColumn(15).getString();
  r.message_id = q.getColumn(16).getString();
  r.created_ms = q.getColumn(17).getInt64();
  r.updated_ms = q.getColumn(18).getInt64();
  return r;
}

// Replaces the items of each of `requests` with the rows of `q` (request_id, name, quantity, unit,
// amount_cents: items_of_requests_sql or list_items_sql), in the order they come.
void read_items_of(std::vector<supply_request>& requests, query& q) {
  std::unordered_map<std::int64_t, supply_request*> by_id;
  for (supply_request& r : requests) {
    r.items.clear();
    by_id.emplace(r.id, &r);
  }
  while (q.executeStep()) {
    by_id.at(q.getColumn(0).getInt64())
        ->items.push_back({q.getColumn(1).getString(), q.getColumn(2).getInt64(),
                           optional_text(q.getColumn(3)), optional_int(q.getColumn(4))});
  }
}

// Reads the rows of a recent-requests query until `limit` requests are read.
// Binds what both duplicate lookups share and reads the request they found, if any.
std::optional<request_summary> newest(query& q, const chat_ref& chat,
                                      const std::vector<std::string>& item_names,
                                      std::int64_t since_ms) {
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, static_cast<int64_t>(since_ms));
  q.bind(4,
         nlohmann::json(item_names).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  if (!q.executeStep()) return std::nullopt;
  request_summary s;
  s.id = q.getColumn(0).getInt64();
  s.number = q.getColumn(1).getInt();
  s.requester_id = q.getColumn(2).getString();
  s.where = read_address(q, 3);
  s.created_ms = q.getColumn(6).getInt64();
  return s;
}

// The fields insert and update both write, building to text, from parameter `first` on (the
// column order of insert_request_sql and update_request_sql).
void bind_request_fields(query& q, int first, const supply_request& r) {
  bind_address(q, first, r.where);  // building, unit, room
  int i = first + 3;
  q.bind(i++, r.category);
  q.bind(i++, r.urgent ? 1 : 0);
  q.bind(i++, std::string(to_string(r.status)));
  bind_optional(q, i++, r.claimed_by);
  bind_optional(q, i++, r.claimed_by_name);
  bind_optional<int64_t>(q, i++, r.stated_total_cents);
  bind_optional<int64_t>(q, i++, r.spent_cents);
  bind_optional(q, i++, r.duplicate_of);
  q.bind(i, r.text);
}

}  // namespace

namespace plans {
const char* const insert_request = insert_request_sql;
const char* const newest_at_address = newest_at_address_sql;
const char* const newest_from_requester = newest_from_requester_sql;
const char* const newest_unaddressed_from_requester = newest_unaddressed_from_requester_sql;
}  // namespace plans

std::int64_t sqlite_store::insert_request(supply_request& r) {
  const std::int64_t chat = chat_ref_id(r.chat);
  auto q = statement(insert_request_sql);
  q.bind(1, static_cast<int64_t>(chat));
  q.bind(2, r.requester_id);
  q.bind(3, r.requester_name);
  bind_request_fields(q, 4, r);
  q.bind(16, r.message_id);
  q.bind(17, static_cast<int64_t>(r.created_ms));
  q.bind(18, static_cast<int64_t>(r.updated_ms));
  q.executeStep();  // the insert happens on this first step; RETURNING gives its row
  r.id = q.getColumn(0).getInt64();
  r.number = q.getColumn(1).getInt();
  q.reset();
  write_items(r.id, r.items);
  return r.id;
}

std::optional<supply_request> sqlite_store::find_request(const chat_ref& chat, int number) {
  auto q = statement(find_request_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, number);
  if (!q.executeStep()) return std::nullopt;
  supply_request r = read_request(q, chat);
  q.reset();
  r.items = read_items(r.id);
  return r;
}

void sqlite_store::update_request(const supply_request& r) {
  auto q = statement(update_request_sql);
  bind_request_fields(q, 1, r);
  q.bind(13, static_cast<int64_t>(r.updated_ms));
  q.bind(14, static_cast<int64_t>(r.id));
  q.exec();
  auto del = statement(delete_request_items_sql);
  del.bind(1, static_cast<int64_t>(r.id));
  del.exec();
  write_items(r.id, r.items);
}

std::vector<supply_request> sqlite_store::list_requests(const chat_ref& chat,
                                                        std::int64_t since_ms) {
  auto q = statement(list_requests_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, static_cast<int64_t>(since_ms));
  std::vector<supply_request> out;
  while (q.executeStep()) out.push_back(read_request(q, chat));
  q.reset();
  auto items = statement(list_items_sql);
  items.bind(1, chat.platform);
  items.bind(2, chat.chat_id);
  items.bind(3, static_cast<int64_t>(since_ms));
  read_items_of(out, items);
  return out;
}

request_page sqlite_store::board_requests(const chat_ref& chat, const board_query& query) {
  const std::string needle = board_needle(query);
  const auto bind_filters = [&](auto& q) {
    q.bind(1, chat.platform);
    q.bind(2, chat.chat_id);
    if (query.status) {
      q.bind(3, std::string(to_string(*query.status)));
    } else {
      q.bind(3);
    }
    bind_optional(q, 4, query.category);
    bind_optional(q, 5, query.building);
    q.bind(6, query.urgent_only ? 1 : 0);
    q.bind(7, needle);
    q.bind(8, query.open_only ? 1 : 0);
  };
  request_page page;
  {
    auto count = statement(board_count_sql);
    bind_filters(count);
    count.executeStep();
    page.total = count.getColumn(0).getInt64();
  }
  auto q = statement(board_page_sql[board_order_index(query.sort)]);
  bind_filters(q);
  q.bind(9, std::max(query.limit, 0));
  q.bind(10, std::max(query.offset, 0));
  while (q.executeStep()) page.requests.push_back(read_request(q, chat));
  q.reset();
  if (page.requests.empty()) return page;
  nlohmann::json ids = nlohmann::json::array();
  for (const supply_request& r : page.requests) ids.push_back(r.id);
  auto items = statement(items_of_requests_sql);
  items.bind(1, ids.dump());
  read_items_of(page.requests, items);
  return page;
}

std::vector<tally_group> sqlite_store::tally_requests(const chat_ref& chat, tally_by by) {
  auto q = statement(tally_sql.at(static_cast<std::size_t>(by)));
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  std::vector<tally_group> out;
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getString(), optional_text(q.getColumn(1)),
                   q.getColumn(2).getInt64(), saturated(q.getColumn(3).getDouble()),
                   saturated(q.getColumn(4).getDouble())});
  }
  return out;
}

std::optional<request_summary> sqlite_store::newest_at_address(
    const chat_ref& chat, const address& where, const std::vector<std::string>& item_names,
    std::int64_t since_ms) {
  auto q = statement(newest_at_address_sql);
  bind_address(q, 5, where);
  return newest(q, chat, item_names, since_ms);
}

std::optional<request_summary> sqlite_store::newest_from_requester(
    const chat_ref& chat, const std::string& requester_id, bool without_address,
    const std::vector<std::string>& item_names, std::int64_t since_ms) {
  auto q = statement(without_address ? newest_unaddressed_from_requester_sql
                                     : newest_from_requester_sql);
  q.bind(5, requester_id);
  return newest(q, chat, item_names, since_ms);
}

std::vector<request_item> sqlite_store::read_items(std::int64_t request_id) {
  auto q = statement(request_items_sql);
  q.bind(1, static_cast<int64_t>(request_id));
  std::vector<request_item> out;
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getString(), q.getColumn(1).getInt64(),
                   optional_text(q.getColumn(2)), optional_int(q.getColumn(3))});
  }
  return out;
}

void sqlite_store::write_items(std::int64_t request_id, const std::vector<request_item>& items) {
  for (std::size_t first = 0; first < items.size(); first += max_item_rows) {
    const std::size_t rows = std::min(max_item_rows, items.size() - first);
    auto q = statement(insert_request_items_sql(rows));
    for (std::size_t r = 0; r < rows; ++r) {
      const std::size_t i = first + r;
      const int at = static_cast<int>(r * 6);
      q.bind(at + 1, static_cast<int64_t>(request_id));
      q.bind(at + 2, static_cast<int>(i));
      q.bind(at + 3, items[i].name);
      q.bind(at + 4, static_cast<int64_t>(items[i].quantity));
      bind_optional(q, at + 5, items[i].unit);
      bind_optional<int64_t>(q, at + 6, items[i].amount_cents);
    }
    q.exec();
  }
}

}  // namespace linli::storage::sqlite
