#pragma once
// The rules of offers (邻里互助) as pure functions: which need an offer is matched to, and how an
// offer reads in one line.

#include <optional>
#include <string>
#include <vector>

#include "handlers/offers/offer_types.hpp"
#include "handlers/requests/request_types.hpp"
#include "storage/chats.hpp"

namespace linli::handlers {

// Whether the offer gives one of the things the need asks for (lexicon-normalised names).
bool gives_what_is_asked(const offer& o, const supply_request& r);

// The oldest need (by number) still open, not yet matched to an active offer (`matched`), not
// the offerer's own, that asks for one of the offer's items; nullptr when none.
const supply_request* need_for(const offer& o, const std::vector<supply_request>& needs,
                               const std::vector<offer>& matched);

// The oldest open offer (by number) of one of the need's items that is not the requester's own;
// nullptr when none.
const offer* offer_for(const supply_request& r, const std::vector<offer>& open);

// "蒙脱石散 2盒、口罩 10个"
std::string offer_items_text(const offer& o);

// "#3 3-2-501 张三｜蒙脱石散 2盒" (the household, or the offerer's name when no address is known)
std::string describe(const offer& o, storage::language lang);

// Who a household is in a match line: "3-2-501 张三", phones masked.
std::string party(const std::optional<address>& where, const std::string& name,
                  storage::language lang);

}  // namespace linli::handlers
