// Scoring for the understanding benchmark: see understanding_score.hpp.

#include "bench/understanding_score.hpp"

#include <vector>

#include "handlers/chains/chain_parser.hpp"
#include "handlers/requests/requests.hpp"

namespace understanding {
namespace {

using json = nlohmann::json;
using namespace linli;

std::string text_of(const json& v) {
  return v.is_string() ? v.get<std::string>() : std::string();
}

}  // namespace

need_score score_need(const json& label, const std::optional<supply_request>& got) {
  need_score s;
  s.detected = got.has_value();
  if (!got) {
    s.diff = "not logged as a need";
    return s;
  }
  auto field = [&](const char* name, bool ok, const std::string& detail) {
    s.fields[name] = ok;
    if (!ok) s.diff += std::string(s.diff.empty() ? "" : "; ") + name + ": " + detail;
  };
  const json& a = label["address"];
  std::string want_address =
      a.is_null() ? "none"
                  : text_of(a["building"]) + "-" + text_of(a["unit"]) + "-" + text_of(a["room"]);
  std::string got_address = !got->where
                                ? "none"
                                : got->where->building + "-" + got->where->unit.value_or("") + "-" +
                                      got->where->room.value_or("");
  field("address", want_address == got_address, "want " + want_address + ", got " + got_address);

  std::vector<std::string> want_names, got_names, want_units, got_units;
  std::vector<std::int64_t> want_qty, got_qty;
  for (const json& i : label["items"]) {
    want_names.push_back(text_of(i["name"]));
    want_qty.push_back(i.value("quantity", 1));
    want_units.push_back(text_of(i["unit"]));
  }
  for (const request_item& i : got->items) {
    got_names.push_back(i.name);
    got_qty.push_back(i.quantity);
    got_units.push_back(i.unit.value_or(""));
  }
  auto joined = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : "|") + x;
    return out;
  };
  field("items", want_names == got_names,
        "want [" + joined(want_names) + "], got [" + joined(got_names) + "]");
  field("quantities", want_qty == got_qty, "differ");
  field("units", want_units == got_units,
        "want [" + joined(want_units) + "], got [" + joined(got_units) + "]");
  // -1: no money (GCC 12 -O3 misreads a compared std::optional as maybe uninitialised).
  const std::int64_t want_money =
      label["money_cents"].is_null() ? -1 : label["money_cents"].get<std::int64_t>();
  const std::int64_t got_money = handlers::requested_cents(*got).value_or(-1);
  field("money", want_money == got_money,
        "want " + std::to_string(want_money) + ", got " + std::to_string(got_money));
  field("category", text_of(label["category"]) == got->category,
        "want " + text_of(label["category"]) + ", got " + got->category);
  field("urgent", label.value("urgent", false) == got->urgent,
        std::string("want ") + (label.value("urgent", false) ? "urgent" : "not urgent"));
  return s;
}

std::optional<std::string> chain_failure(const json& record) {
  const std::string text = record["text"];
  const json& label = record["label"];
  const bool want_chain = label.value("chain_post", true);
  if (handlers::is_chain_post(text) != want_chain) {
    return want_chain ? "not read as a chain" : "read as a chain although it is not one";
  }
  if (!want_chain) return std::nullopt;
  const auto parsed = handlers::parse_chain(text);
  if (!parsed) return "not parsed";
  const json& entries = label["entries"];
  if (parsed->entries.size() != entries.size()) {
    return "want " + std::to_string(entries.size()) + " entries, got " +
           std::to_string(parsed->entries.size());
  }
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto [name, detail] = handlers::split_name(parsed->entries[i].text);
    const std::string want_name = text_of(entries[i]["name"]);
    const std::string want_detail = text_of(entries[i]["detail"]);
    if (name != want_name) return "entry " + std::to_string(i + 1) + ": name " + name;
    if (detail != want_detail) return "entry " + std::to_string(i + 1) + ": detail " + detail;
    const std::string slot = handlers::parse_slot(parsed->entries[i].text).value_or("");
    if (slot != text_of(entries[i]["slot"])) {
      return "entry " + std::to_string(i + 1) + ": slot " + slot;
    }
  }
  const std::optional<int> want_capacity =
      label["capacity"].is_null() ? std::optional<int>() : label["capacity"].get<int>();
  if (parsed->capacity != want_capacity) return "capacity";
  const std::string deadline = parsed->deadline ? handlers::format_clock(*parsed->deadline) : "";
  if (deadline != text_of(label["deadline"])) return "deadline " + deadline;
  return std::nullopt;
}

}  // namespace understanding
