#include "handlers/report/report_views.hpp"

#include "handlers/core/messages.hpp"
#include "handlers/offers/offer_views.hpp"
#include "handlers/requests/money_views.hpp"
#include "handlers/requests/request_views.hpp"

#include <cstdint>

namespace linli::handlers {

std::vector<report_section> report_sections(storage::store& store, const chat_ref& chat) {
  const storage::language lang = store.load_chat(chat).lang;
  const auto title = [lang](const std::string& name) {
    return message(lang, "report.sheet." + name);
  };
  std::vector<report_section> out;
  out.push_back({"requests", title("requests"), requests_table(requests_view(store, chat))});
  for (const char* by : {"building", "item", "category"}) {
    out.push_back({std::string("by_") + by, title(std::string("by_") + by),
                   tally_table(*tally_view(store, chat, by))});
  }
  out.push_back({"offers", title("offers"), offers_table(offers_view(store, chat))});
  // Every group buy of the chat, merged per household as the dashboard's order sheet.
  out.push_back({"group_buys", title("group_buys"),
                 order_sheet_table(order_sheet_view(store, chat, 0, INT64_MAX))});
  out.push_back({"donations", title("donations"), donations_table(donations_view(store, chat))});
  return out;
}

nlohmann::json report_json(const chat_ref& chat, const std::vector<report_section>& sections) {
  nlohmann::json list = nlohmann::json::array();
  for (const report_section& s : sections) {
    list.push_back(
        {{"name", s.name}, {"title", s.title}, {"columns", s.rows.columns}, {"rows", s.rows.rows}});
  }
  return {{"chat_id", chat.chat_id}, {"platform", chat.platform}, {"sections", std::move(list)}};
}

}  // namespace linli::handlers
