#include "handlers/requests/money_views.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "handlers/requests/board_views.hpp"
#include "handlers/text/money.hpp"

namespace linli::handlers {
namespace {

using json = nlohmann::json;

// What one household, building or the whole sheet ordered of one buy.
struct line {
  std::int64_t quantity = 0;
  std::int64_t cents = 0;
  int households = 0;
};

json item_json(const group_buy& g, const line& l, bool with_households) {
  json out = {{"buy_id", g.id},
              {"title", g.title},
              {"quantity", l.quantity},
              {"unit", g.unit},
              {"amount_cents", l.cents}};
  if (with_households) out["households"] = l.households;
  return out;
}

}  // namespace

json order_sheet_view(storage::store& store, const chat_ref& chat, std::int64_t from_ms,
                      std::int64_t to_ms) {
  std::vector<group_buy> buys;
  for (group_buy& g : store.group_buys(chat, 0)) {
    if ((g.opened_ms >= from_ms && g.opened_ms < to_ms) || !g.closed) buys.push_back(std::move(g));
  }
  struct household {
    std::string name;
    std::map<std::size_t, line> items;  // by the buy's place in `buys`
    std::int64_t cents = 0;
  };
  struct building {
    std::map<std::string, household> households;
    std::map<std::size_t, line> items;
    std::int64_t cents = 0;
  };
  std::map<std::string, building> buildings;
  std::map<std::size_t, line> totals;
  std::map<std::string, bool> households_seen;  // across buildings and buys
  std::int64_t total = 0;
  for (std::size_t i = 0; i < buys.size(); ++i) {
    const group_buy& g = buys[i];
    for (const group_buy_order& o : store.group_buy_orders(g.id)) {
      if (o.quantity <= 0) continue;
      const std::int64_t cents = text::saturating_mul(o.quantity, g.unit_price_cents);
      building& b = buildings[o.where ? o.where->building : std::string()];
      household& h = b.households[o.household];
      if (h.name.empty()) h.name = o.sender_name;
      for (line* l : {&h.items[i], &b.items[i], &totals[i]}) {
        l->quantity = text::saturating_add(l->quantity, o.quantity);
        l->cents = text::saturating_add(l->cents, cents);
        l->households += 1;
      }
      h.cents = text::saturating_add(h.cents, cents);
      b.cents = text::saturating_add(b.cents, cents);
      total = text::saturating_add(total, cents);
      households_seen[o.household] = true;
    }
  }
  json buys_json = json::array();
  for (const group_buy& g : buys) {
    buys_json.push_back({{"id", g.id},
                         {"title", g.title},
                         {"unit", g.unit},
                         {"unit_price_cents", g.unit_price_cents},
                         {"closed", g.closed},
                         {"opened_ms", g.opened_ms},
                         {"deadline_ms", optional_json(g.deadline_ms)}});
  }
  std::vector<std::string> order;
  for (const auto& [name, b] : buildings) order.push_back(name);
  std::stable_sort(order.begin(), order.end(), building_before);
  json buildings_json = json::array();
  for (const std::string& name : order) {
    const building& b = buildings.at(name);
    json households = json::array();
    for (const auto& [key, h] : b.households) {
      json items = json::array();
      for (const auto& [i, l] : h.items) items.push_back(item_json(buys[i], l, false));
      households.push_back({{"household", key.starts_with("@") ? h.name : key},
                            {"name", h.name},
                            {"items", std::move(items)},
                            {"amount_cents", h.cents}});
    }
    json items = json::array();
    for (const auto& [i, l] : b.items) items.push_back(item_json(buys[i], l, true));
    buildings_json.push_back({{"building", name},
                              {"households", std::move(households)},
                              {"items", std::move(items)},
                              {"amount_cents", b.cents}});
  }
  json totals_json = json::array();
  for (const auto& [i, l] : totals) totals_json.push_back(item_json(buys[i], l, true));
  return {{"buys", std::move(buys_json)},
          {"buildings", std::move(buildings_json)},
          {"items", std::move(totals_json)},
          {"households", households_seen.size()},
          {"amount_cents", total}};
}

table order_sheet_table(const json& sheet) {
  table t{{"building", "household", "name", "items", "amount_cents"}};
  for (const json& b : sheet.at("buildings")) {
    for (const json& h : b.at("households")) {
      std::string items;
      for (const json& i : h.at("items")) {
        items += (items.empty() ? "" : "; ") + i.at("title").get<std::string>() + " " +
                 std::to_string(i.at("quantity").get<std::int64_t>()) +
                 i.at("unit").get<std::string>();
      }
      t.rows.push_back({{"building", b.at("building")},
                        {"household", h.at("household")},
                        {"name", h.at("name")},
                        {"items", items},
                        {"amount_cents", h.at("amount_cents")}});
    }
  }
  return t;
}

json donations_view(storage::store& store, const chat_ref& chat) {
  const auto drive = store.current_drive(chat);
  if (!drive) {
    return {{"drive", nullptr},
            {"donations", json::array()},
            {"donors", json::array()},
            {"total_cents", 0},
            {"goal_reached", false}};
  }
  struct donor {
    std::string name;
    std::int64_t cents = 0;
    int gifts = 0;
  };
  std::vector<std::string> order;
  std::map<std::string, donor> donors;
  json donations = json::array();
  std::int64_t total = 0;
  for (const donation& d : store.donations(drive->id)) {
    donations.push_back({{"name", d.sender_name}, {"cents", d.cents}, {"at_ms", d.at_ms}});
    auto [it, added] = donors.try_emplace(d.sender_id, donor{d.sender_name});
    if (added) order.push_back(d.sender_id);
    it->second.cents = text::saturating_add(it->second.cents, d.cents);
    it->second.gifts += 1;
    total = text::saturating_add(total, d.cents);
  }
  std::stable_sort(order.begin(), order.end(), [&donors](const auto& a, const auto& b) {
    return donors.at(a).cents > donors.at(b).cents;
  });
  json rows = json::array();
  for (const std::string& id : order) {
    const donor& d = donors.at(id);
    rows.push_back({{"donor_id", id}, {"name", d.name}, {"cents", d.cents}, {"gifts", d.gifts}});
  }
  return {{"drive",
           {{"title", drive->title},
            {"goal_cents", drive->goal_cents},
            {"opened_ms", drive->opened_ms}}},
          {"donations", std::move(donations)},
          {"donors", std::move(rows)},
          {"total_cents", total},
          {"goal_reached", drive->goal_cents > 0 && total >= drive->goal_cents}};
}

table donations_table(const json& view) {
  table t{{"name", "gifts", "amount_cents"}};
  for (const json& d : view.at("donors")) {
    t.rows.push_back(
        {{"name", d.at("name")}, {"gifts", d.at("gifts")}, {"amount_cents", d.at("cents")}});
  }
  return t;
}

}  // namespace linli::handlers
