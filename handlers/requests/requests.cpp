#include "handlers/requests/requests.hpp"

#include <algorithm>
#include <map>

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

std::optional<tally_result> tally(const std::vector<supply_request>& all, std::string_view by) {
  if (by != "building" && by != "item" && by != "category") return std::nullopt;
  tally_result out;
  out.by = std::string(by);
  std::map<std::pair<std::string, std::string>, tally_row> rows;  // (key, unit)
  for (const auto& r : all) {
    if (r.status == request_status::cancelled) continue;
    ++out.requests;
    const std::int64_t cents = requested_cents(r).value_or(0);
    out.amount_cents = text::saturating_add(out.amount_cents, cents);
    if (by == "item") {
      for (const auto& i : r.items) {
        tally_row& row = rows[{i.name, i.unit.value_or("")}];
        row.key = i.name;
        row.unit = i.unit;
        ++row.requests;
        row.quantity = text::saturating_add(row.quantity.value_or(0), i.quantity);
        // A stated total without item prices cannot be split between items.
        row.amount_cents = text::saturating_add(row.amount_cents, i.amount_cents.value_or(0));
      }
      continue;
    }
    const std::string key =
        by == "building" ? (r.where ? r.where->building : std::string("unknown")) : r.category;
    tally_row& row = rows[{key, ""}];
    row.key = key;
    ++row.requests;
    row.amount_cents = text::saturating_add(row.amount_cents, cents);
  }
  for (auto& [key, row] : rows) out.rows.push_back(std::move(row));
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
