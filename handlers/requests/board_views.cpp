#include "handlers/requests/board_views.hpp"

#include <optional>

#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "handlers/requests/request_types.hpp"
#include "handlers/requests/request_views.hpp"

namespace linli::handlers {
namespace {

using json = nlohmann::json;

constexpr std::int64_t hour_ms = 3600 * 1000;
constexpr int chart_hours = 72;

int status_order(request_status s) {
  switch (s) {
    case request_status::open:
      return 0;
    case request_status::claimed:
      return 1;
    case request_status::bought:
      return 2;
    case request_status::delivered:
      return 3;
    case request_status::cancelled:
      return 4;
  }
  return 5;
}

// Medicine and cold-chain goods go first.
int category_order(const std::string& category) {
  static const std::array<std::string_view, 5> order = {"medicine", "cold_chain", "food", "daily",
                                                        "other"};
  const auto it = std::find(order.begin(), order.end(), category);
  return static_cast<int>(it - order.begin());
}

// The board's priority order (board_sort::priority), which the stores apply in SQL
// (storage/board_sql.hpp): here for the overview's urgent list.
bool before(const supply_request& a, const supply_request& b) {
  const auto key = [](const supply_request& r) {
    return std::make_tuple(status_order(r.status), !r.urgent, category_order(r.category),
                           r.created_ms, r.number);
  };
  return key(a) < key(b);
}

std::optional<std::int64_t> requested_cents(const supply_request& r) {
  if (r.stated_total_cents) return r.stated_total_cents;
  std::optional<std::int64_t> sum;
  for (const request_item& i : r.items) {
    if (i.amount_cents) sum = sum.value_or(0) + *i.amount_cents;
  }
  return sum;
}

}  // namespace

json address_json(const std::optional<address>& where) {
  if (!where) return nullptr;
  return {{"building", where->building},
          {"unit", optional_json(where->unit)},
          {"room", optional_json(where->room)}};
}

std::optional<board_sort> board_sort_from(std::string_view name) {
  static const std::array<std::pair<std::string_view, board_sort>, 4> names = {{
      {"priority", board_sort::priority},
      {"newest", board_sort::newest},
      {"oldest", board_sort::oldest},
      {"number", board_sort::number},
  }};
  for (const auto& [n, s] : names) {
    if (n == name) return s;
  }
  return std::nullopt;
}

json board_view(storage::store& store, const chat_ref& chat, const board_query& query) {
  const storage::request_page page = store.board_requests(chat, query);
  const auto first = std::min<std::int64_t>(std::max(query.offset, 0), page.total);
  json rows = json::array();
  int rank = static_cast<int>(first);
  for (const supply_request& r : page.requests) {
    json items = json::array();
    for (const request_item& i : r.items) {
      items.push_back({{"name", i.name},
                       {"quantity", i.quantity},
                       {"unit", optional_json(i.unit)},
                       {"amount_cents", optional_json(i.amount_cents)}});
    }
    rows.push_back({{"id", r.number},
                    {"requester_name", r.requester_name},
                    {"address", address_json(r.where)},
                    {"items", std::move(items)},
                    {"amount_cents", optional_json(requested_cents(r))},
                    {"spent_cents", optional_json(r.spent_cents)},
                    {"category", r.category},
                    {"urgent", r.urgent},
                    {"status", to_string(r.status)},
                    {"claimed_by", optional_json(r.claimed_by)},
                    {"claimed_by_name", optional_json(r.claimed_by_name)},
                    {"text", r.text},
                    {"created_ms", r.created_ms},
                    {"updated_ms", r.updated_ms},
                    {"rank", rank++}});
  }
  return {{"requests", std::move(rows)},
          {"total", page.total},
          {"offset", first},
          {"limit", query.limit}};
}

bool building_before(const std::string& a, const std::string& b) {
  const auto number = [](const std::string& s) -> std::optional<std::uint64_t> {
    if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    return std::stoull(s);
  };
  if (a.empty() != b.empty()) return b.empty();
  const auto na = number(a), nb = number(b);
  if (na && nb) return *na < *nb;
  if (na.has_value() != nb.has_value()) return na.has_value();
  return a < b;
}

json overview_view(storage::store& store, const chat_ref& chat, std::int64_t now_ms) {
  const std::vector<supply_request> all = store.list_requests(chat, 0);
  json by_status = json::object();
  for (const auto s : {request_status::open, request_status::claimed, request_status::bought,
                       request_status::delivered, request_status::cancelled}) {
    by_status[std::string(to_string(s))] = 0;
  }
  std::map<std::string, int> by_category;
  struct building_counts {
    int requests = 0;
    int open = 0;
  };
  std::map<std::string, building_counts, decltype(&building_before)> by_building(&building_before);
  std::vector<const supply_request*> urgent;
  std::int64_t requested = 0;
  std::int64_t spent = 0;
  const std::int64_t chart_start = (now_ms / hour_ms - (chart_hours - 1)) * hour_ms;
  std::vector<int> per_hour(chart_hours, 0);
  for (const supply_request& r : all) {
    by_status[std::string(to_string(r.status))] =
        by_status[std::string(to_string(r.status))].get<int>() + 1;
    if (r.created_ms >= chart_start && r.created_ms < chart_start + chart_hours * hour_ms) {
      ++per_hour[static_cast<std::size_t>((r.created_ms - chart_start) / hour_ms)];
    }
    if (r.status == request_status::cancelled) continue;
    ++by_category[r.category];
    const bool open = r.status == request_status::open || r.status == request_status::claimed;
    auto& b = by_building[r.where ? r.where->building : ""];
    ++b.requests;
    if (open) ++b.open;
    if (open && r.urgent) urgent.push_back(&r);
    requested += requested_cents(r).value_or(0);
    spent += r.spent_cents.value_or(0);
  }
  std::sort(urgent.begin(), urgent.end(),
            [](const supply_request* a, const supply_request* b) { return before(*a, *b); });
  json urgent_open = json::array();
  for (const supply_request* r : urgent) {
    urgent_open.push_back(
        {{"id", r->number},
         {"text", r->text},
         {"category", r->category},
         {"building", r->where ? json(r->where->building) : json(nullptr)},
         {"age_minutes", std::max<std::int64_t>(0, now_ms - r->created_ms) / 60000}});
  }
  json buildings = json::array();
  for (const auto& [key, counts] : by_building) {
    buildings.push_back({{"key", key}, {"requests", counts.requests}, {"open", counts.open}});
  }
  json hours = json::array();
  for (int i = 0; i < chart_hours; ++i) {
    hours.push_back({{"hour_ms", chart_start + i * hour_ms},
                     {"requests", per_hour[static_cast<std::size_t>(i)]}});
  }
  return {{"by_status", std::move(by_status)},
          {"by_category", by_category},
          {"urgent_open", std::move(urgent_open)},
          {"money", {{"requested_cents", requested}, {"spent_cents", spent}}},
          {"by_building", std::move(buildings)},
          {"per_hour", std::move(hours)}};
}

json money_view(storage::store& store, const chat_ref& chat) {
  struct paid {
    std::string name;
    std::vector<int> numbers;
    std::int64_t cents = 0;
  };
  std::map<std::string, paid> by_volunteer;
  std::int64_t total = 0;
  for (const supply_request& r : store.list_requests(chat, 0)) {
    if (r.status == request_status::cancelled || !r.spent_cents || !r.claimed_by) continue;
    paid& p = by_volunteer[*r.claimed_by];
    p.name = r.claimed_by_name.value_or(*r.claimed_by);
    p.numbers.push_back(r.number);
    p.cents += *r.spent_cents;
    total += *r.spent_cents;
  }
  std::vector<std::pair<std::string, paid>> rows(by_volunteer.begin(), by_volunteer.end());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second.cents > b.second.cents; });
  json reimbursements = json::array();
  for (const auto& [id, p] : rows) {
    reimbursements.push_back({{"volunteer_id", id},
                              {"volunteer", p.name},
                              {"requests", p.numbers},
                              {"spent_cents", p.cents}});
  }
  return {{"by_building", *tally_view(store, chat, "building")},
          {"by_item", *tally_view(store, chat, "item")},
          {"by_category", *tally_view(store, chat, "category")},
          {"reimbursements", std::move(reimbursements)},
          {"spent_cents", total}};
}

}  // namespace linli::handlers
