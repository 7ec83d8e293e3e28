#pragma once
// Donations: a coordinator sets a goal (/donate 5000 防疫物资); residents post 捐 200 or
// 捐款200元; linli keeps the running total and donor count, says clearly when the goal is
// reached, and records every later amount transparently.

namespace linli::handlers {

class dispatcher;

void add_donation_handlers(dispatcher& d);

}  // namespace linli::handlers
