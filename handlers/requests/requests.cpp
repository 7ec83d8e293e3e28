#include "handlers/requests/requests.hpp"

#include <algorithm>
#include <array>
#include <climits>
#include <utility>

#include "handlers/core/messages.hpp"
#include "handlers/text/address.hpp"
#include "handlers/text/money.hpp"

namespace linli::handlers {
namespace {

std::string category_label(std::string_view c, storage::language lang) {
  for (std::string_view known : {"medicine", "cold_chain", "food", "daily"}) {
    if (c == known) return message(lang, "requests.category." + std::string(known));
  }
  return message(lang, "requests.category.other");
}

std::string item_text(const request_item& i) {
  std::string out = i.name;
  if (i.quantity != 1 || i.unit) out += " " + std::to_string(i.quantity) + i.unit.value_or("");
  return out;
}

}  // namespace

std::optional<std::int64_t> requested_cents(const supply_request& r) {
  if (r.stated_total_cents) return r.stated_total_cents;
  std::optional<std::int64_t> sum;
  for (const auto& i : r.items) {
    if (i.amount_cents) sum = text::saturating_add(sum.value_or(0), *i.amount_cents);
  }
  return sum;
}

std::string format_cents(std::int64_t cents) {
  const bool negative = cents < 0;
  const std::int64_t v = negative ? -cents : cents;
  std::string fraction = std::to_string(v % 100);
  if (fraction.size() < 2) fraction.insert(0, "0");
  return (negative ? "-" : "") + std::to_string(v / 100) + "." + fraction;
}

std::string household(const std::optional<address>& a, storage::language lang) {
  if (!a) return message(lang, "requests.no_address");
  return text::to_string(*a);
}

std::string describe(const supply_request& r, storage::language lang) {
  std::string out = "#" + std::to_string(r.number) + " " + household(r.where, lang) + "｜";
  for (std::size_t i = 0; i < r.items.size(); ++i) {
    if (i > 0) out += "、";
    out += item_text(r.items[i]);
  }
  if (const auto cents = requested_cents(r)) out += "｜¥" + format_cents(*cents);
  const std::string category = category_label(r.category, lang);
  out += "｜" + (r.urgent ? message(lang, "requests.urgent", {{"category", category}}) : category);
  return out;
}

std::optional<tally_result> tally(storage::request_store& store, const chat_ref& chat,
                                  std::string_view by) {
  static constexpr std::array<std::pair<std::string_view, storage::tally_by>, 3> dimensions = {{
      {"building", storage::tally_by::building},
      {"category", storage::tally_by::category},
      {"item", storage::tally_by::item},
  }};
  const auto dimension = std::find_if(dimensions.begin(), dimensions.end(),
                                      [&](const auto& d) { return d.first == by; });
  if (dimension == dimensions.end()) return std::nullopt;
  tally_result out;
  out.by = std::string(by);
  // Every request not cancelled is in exactly one building group: the totals.
  const auto buildings = store.tally_requests(chat, storage::tally_by::building);
  for (const storage::tally_group& g : buildings) {
    out.requests = static_cast<int>(std::min<std::int64_t>(out.requests + g.requests, INT_MAX));
    out.amount_cents = text::saturating_add(out.amount_cents, g.amount_cents);
  }
  const auto groups = dimension->second == storage::tally_by::building
                          ? buildings
                          : store.tally_requests(chat, dimension->second);
  for (const storage::tally_group& g : groups) {
    tally_row row;
    // A request without an address is tallied as "unknown" (render_tally names it).
    row.key = dimension->second == storage::tally_by::building && g.key.empty() ? "unknown" : g.key;
    row.requests = static_cast<int>(std::min<std::int64_t>(g.requests, INT_MAX));
    row.amount_cents = g.amount_cents;
    if (dimension->second == storage::tally_by::item) {
      row.quantity = g.quantity;
      row.unit = g.unit;
    }
    out.rows.push_back(std::move(row));
  }
  const auto order = [](const tally_row& r) { return std::pair(r.key, r.unit.value_or("")); };
  std::sort(out.rows.begin(), out.rows.end(),
            [&](const tally_row& a, const tally_row& b) { return order(a) < order(b); });
  return out;
}

std::string render_tally(const tally_result& t, storage::language lang) {
  // tally() makes only these three.
  const std::string by = t.by == "building" || t.by == "item" ? t.by : "category";
  std::string out = message(lang, "requests.tally.title." + by);
  for (const auto& row : t.rows) {
    std::string key = row.key;
    if (t.by == "building") {
      key = row.key == "unknown"
                ? message(lang, "requests.no_address")
                : message(lang, "requests.tally.building", {{"building", row.key}});
    }
    if (t.by == "category") key = category_label(row.key, lang);
    if (row.quantity) key += " " + std::to_string(*row.quantity) + row.unit.value_or("");
    out += message(lang, "requests.tally.row",
                   {{"key", key},
                    {"requests", std::to_string(row.requests)},
                    {"amount", format_cents(row.amount_cents)}});
  }
  return out + message(lang, "requests.tally.total",
                       {{"requests", std::to_string(t.requests)},
                        {"amount", format_cents(t.amount_cents)}});
}

}  // namespace linli::handlers
