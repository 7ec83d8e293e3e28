#pragma once
// Internal to storage/: an offer's items as both backends keep them, one JSON array of
// {"name", "canonical", "quantity", "unit"} beside the offer (written once with it, read whole).

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "handlers/offers/offer_types.hpp"

namespace linli::storage::codec {

inline std::string encode_offer_items(const std::vector<offer_item>& items) {
  nlohmann::json out = nlohmann::json::array();
  for (const offer_item& i : items) {
    out.push_back({{"name", i.name},
                   {"canonical", i.canonical},
                   {"quantity", i.quantity},
                   {"unit", i.unit ? nlohmann::json(*i.unit) : nlohmann::json(nullptr)}});
  }
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// An unreadable value reads as no items rather than failing the whole offer.
inline std::vector<offer_item> decode_offer_items(const std::string& text) {
  std::vector<offer_item> out;
  const auto doc = nlohmann::json::parse(text, nullptr, false);
  if (!doc.is_array()) return out;
  for (const auto& i : doc) {
    if (!i.is_object()) continue;
    offer_item item;
    item.name = i.value("name", "");
    item.canonical = i.value("canonical", "");
    item.quantity = i.value("quantity", std::int64_t{1});
    if (i.contains("unit") && i["unit"].is_string()) item.unit = i["unit"].get<std::string>();
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace linli::storage::codec
