#include "handlers/offers/offer_views.hpp"

#include <string>

#include "handlers/requests/request_views.hpp"

namespace linli::handlers {

using json = nlohmann::json;

json offers_view(storage::store& store, const chat_ref& chat, std::optional<offer_status> only) {
  json rows = json::array();
  for (const offer& o : store.list_offers(chat)) {
    if (only && o.status != *only) continue;
    json items = json::array();
    for (const auto& i : o.items) {
      items.push_back({{"name", i.name},
                       {"quantity", i.quantity},
                       {"unit", i.unit ? json(*i.unit) : json(nullptr)}});
    }
    json where = nullptr;
    if (o.where) {
      where = {{"building", o.where->building},
               {"unit", o.where->unit ? json(*o.where->unit) : json(nullptr)},
               {"room", o.where->room ? json(*o.where->room) : json(nullptr)}};
    }
    rows.push_back(
        {{"id", o.number},
         {"offerer_id", o.offerer_id},
         {"address", where},
         {"items", std::move(items)},
         {"category", o.category},
         {"status", to_string(o.status)},
         {"matched_request", o.matched_request ? json(*o.matched_request) : json(nullptr)},
         {"message_id", o.message_id}});
  }
  return {{"offers", std::move(rows)}};
}

table offers_table(const json& view) {
  table t{{"id", "offerer_id", "building", "unit", "room", "items", "category", "status",
           "matched_request", "message_id"},
          view.at("offers")};
  for (auto& row : t.rows) flatten_row(row);
  return t;
}

}  // namespace linli::handlers
