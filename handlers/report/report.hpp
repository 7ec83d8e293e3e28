#pragma once
// The daily summary for the street office (每日汇总上报): requests by status and category, the
// medicine list, money requested and spent, urgent needs still open, neighbours' offers, group
// buys and donations.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "handlers/core/local_time.hpp"
#include "handlers/offers/offer_types.hpp"
#include "handlers/requests/request_types.hpp"
#include "handlers/tasks/task_types.hpp"
#include "storage/store.hpp"

namespace linli::handlers {

class dispatcher;

struct report_data {
  std::int64_t day_start_ms = 0;                     // local midnight of the reported day
  const time_zone* zone = &time_zone::shanghai();    // the chat's
  std::vector<supply_request> requests;              // every request of the chat
  std::vector<group_buy> group_buys;                 // opened that day
  std::vector<std::vector<group_buy_order>> orders;  // per group buy
  std::optional<donation_drive> drive;
  std::vector<donation> donations;
  std::vector<task> tasks;    // the day's
  std::vector<offer> offers;  // every offer of the chat
};

// Renders the report; requests count for the day they were created, urgent ones still open are
// listed whatever their day.
std::string render_report(const report_data& data, storage::language lang);

void add_report_handlers(dispatcher& d);

}  // namespace linli::handlers
