#pragma once
// Corrections (代登记): a coordinator turns a message linli understood as nothing into the need
// or offer it was. `/代登记 SEQ 需求|供给 [text]` (or `/correct SEQ need|offer [text]`, or
// `/代登记 需求` in reply to the message) reads the text (the message as written when none is
// given) with the same reader and rules as a resident's own message, on the resident's behalf:
// the need is theirs, dated when they wrote. Coordinators only; each message once. Kept in the
// audit trail as action "correct need" / "correct offer", target "SEQ:#N" (correction_views.hpp
// exports them).

#include <cstdint>
#include <optional>
#include <string_view>

#include "handlers/core/audit_types.hpp"
#include "storage/store.hpp"

namespace linli::handlers {

class dispatcher;

enum class correction_kind { need, offer };

// "correct need" / "correct offer", the audit actions of a correction.
std::string_view correction_action(correction_kind k);
std::optional<correction_kind> correction_kind_from_action(std::string_view action);

// The audit entry of message `seq`'s correction, if it was corrected (at most once).
std::optional<audit_entry> correction_of(storage::store& store, const chat_ref& chat,
                                         std::int64_t seq);

void add_correction_handlers(dispatcher& d);

}  // namespace linli::handlers
