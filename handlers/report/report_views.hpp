#pragma once
// The daily report as tables, for downloads (GET /v1/chats/{chat_id}/report?format=json|csv|xlsx
// and the dashboard's 日报): one section per sheet, each the table of a feature's view.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "handlers/core/model.hpp"
#include "handlers/core/table.hpp"
#include "storage/store.hpp"

namespace linli::handlers {

struct report_section {
  std::string name;   // "requests", "by_building", "by_item", "by_category", "offers",
                      // "group_buys", "donations"
  std::string title;  // the sheet's name in the chat's language
  table rows;
};

// The requests (requests_table), the tallies by building, item and category (tally_table), the
// offers (offers_table), the group buys' order sheet (order_sheet_table) and the donors
// (donations_table).
std::vector<report_section> report_sections(storage::store& store, const chat_ref& chat);

// {"chat_id", "platform", "sections": [{"name", "title", "columns", "rows"}]}.
nlohmann::json report_json(const chat_ref& chat, const std::vector<report_section>& sections);

}  // namespace linli::handlers
