#pragma once
// The missing-address follow-up: a need logged with no address, from a sender with none
// registered, is answered with a one-line ask; the sender's next message, when it is only an
// address (3-2-501, 3号楼2单元501) and comes within `address_followup_ms`, completes that need
// and registers the address for later needs. Anything else the sender writes first ends the ask.

#include <cstdint>

namespace linli::handlers {

class dispatcher;

inline constexpr std::int64_t address_followup_ms = 30 * 60'000;  // 30 minutes

void add_address_followup(dispatcher& d);

}  // namespace linli::handlers
