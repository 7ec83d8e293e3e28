#pragma once
// How the understanding benchmark (bench/understanding.cpp) scores one labelled record against
// what linli read: a need field by field, a chain entry by entry.

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "handlers/requests/request_types.hpp"

namespace understanding {

// What linli's read of one need got right, field by field.
struct need_score {
  bool detected = false;
  std::map<std::string, bool> fields;  // address, items, quantities, units, money, category, urgent
  std::string diff;                    // what was wrong, for the failure list
  bool fully_right() const {
    if (!detected) return false;
    for (const auto& [name, ok] : fields) {
      if (!ok) return false;
    }
    return true;
  }
};

// What linli's logged need `got` (none when it logged none) gets right of the label.
need_score score_need(const nlohmann::json& label, const std::optional<linli::supply_request>& got);

// One chain record: nullopt when linli takes it as a chain (or not, as labelled) with every entry
// (name, detail, slot), the capacity and the deadline the label says; else what is wrong.
std::optional<std::string> chain_failure(const nlohmann::json& record);

}  // namespace understanding
