#pragma once
// The corrections of a chat (代登记, correction_commands.hpp) as labelled records in the corpus
// format of tests/corpus/ (README there), so the community's own text can improve the readers:
//   {"id": "x<seq>", "split": "dev", "source": "linli correction in <platform>:<chat> by <name>",
//    "note": "corrected text: …" (only when it differs), "text": the message as written,
//    "label": {"kind": "need"|"offer", "address", "items": [{"name","quantity","unit"}],
//              "money_cents", "category", "urgent", "urgency_reason", "priority_group",
//              "question"}}
// The label is the need or offer as it stands now (a later 改 counts); urgency_reason,
// priority_group and question come from reading its text again (urgency_reason "协调员标记" when
// only a coordinator's 改 made it urgent). A message erased since
// (its text blank) is left out: the record would teach nothing and the resident asked to be
// forgotten.

#include <nlohmann/json.hpp>

#include "handlers/core/model.hpp"
#include "storage/store.hpp"

namespace linli::handlers {

// {"corrections": [record, …]} oldest first.
nlohmann::json corrections_view(storage::store& store, const chat_ref& chat);

}  // namespace linli::handlers
