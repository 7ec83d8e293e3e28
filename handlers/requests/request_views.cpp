#include "handlers/requests/request_views.hpp"

#include <string>

#include "handlers/requests/requests.hpp"

namespace linli::handlers {

using json = nlohmann::json;

json requests_view(storage::store& store, const chat_ref& chat,
                   std::optional<request_status> only) {
  json rows = json::array();
  for (const supply_request& r : store.list_requests(chat)) {
    if (only && r.status != *only) continue;
    json items = json::array();
    for (const auto& i : r.items) {
      items.push_back({{"name", i.name},
                       {"quantity", i.quantity},
                       {"unit", i.unit ? json(*i.unit) : json(nullptr)},
                       {"amount_cents", i.amount_cents ? json(*i.amount_cents) : json(nullptr)}});
    }
    json where = nullptr;
    if (r.where) {
      where = {{"building", r.where->building},
               {"unit", r.where->unit ? json(*r.where->unit) : json(nullptr)},
               {"room", r.where->room ? json(*r.where->room) : json(nullptr)}};
    }
    const auto requested = requested_cents(r);
    rows.push_back({{"id", r.number},
                    {"requester_id", r.requester_id},
                    {"requester_name", r.requester_name},
                    {"address", where},
                    {"items", std::move(items)},
                    {"amount_cents", requested ? json(*requested) : json(nullptr)},
                    {"spent_cents", r.spent_cents ? json(*r.spent_cents) : json(nullptr)},
                    {"category", r.category},
                    {"urgent", r.urgent},
                    {"status", to_string(r.status)},
                    {"claimed_by", r.claimed_by ? json(*r.claimed_by) : json(nullptr)},
                    {"duplicate_of", r.duplicate_of ? json(*r.duplicate_of) : json(nullptr)},
                    {"message_id", r.message_id}});
  }
  return {{"requests", std::move(rows)}};
}

void flatten_row(json& row) {
  const json where = row["address"];
  row["building"] = where.is_null() ? json(nullptr) : where["building"];
  row["unit"] = where.is_null() ? json(nullptr) : where["unit"];
  row["room"] = where.is_null() ? json(nullptr) : where["room"];
  std::string items;
  for (const auto& i : row["items"]) {
    if (!items.empty()) items += "; ";
    items += i["name"].get<std::string>() + " " + std::to_string(i["quantity"].get<long long>()) +
             (i["unit"].is_null() ? std::string() : i["unit"].get<std::string>());
  }
  row["items"] = items;
}

table requests_table(const json& view) {
  table t{{"id", "requester_id", "building", "unit", "room", "items", "amount_cents", "spent_cents",
           "category", "urgent", "status", "claimed_by", "duplicate_of", "message_id"},
          view.at("requests")};
  for (auto& row : t.rows) flatten_row(row);
  return t;
}

std::optional<json> tally_view(storage::store& store, const chat_ref& chat, std::string_view by) {
  const auto t = tally(store, chat, by);
  if (!t) return std::nullopt;
  json rows = json::array();
  for (const auto& row : t->rows) {
    json r = {{"key", row.key}, {"requests", row.requests}, {"amount_cents", row.amount_cents}};
    if (by == "item") {
      r["quantity"] = row.quantity ? json(*row.quantity) : json(nullptr);
      r["unit"] = row.unit ? json(*row.unit) : json(nullptr);
    }
    rows.push_back(std::move(r));
  }
  return json{{"by", by},
              {"rows", std::move(rows)},
              {"total", {{"requests", t->requests}, {"amount_cents", t->amount_cents}}}};
}

table tally_table(const json& view) {
  table t{{"key", "requests", "amount_cents"}, view.at("rows")};
  if (view.at("by") == "item") t.columns.insert(t.columns.end(), {"quantity", "unit"});
  return t;
}

}  // namespace linli::handlers
