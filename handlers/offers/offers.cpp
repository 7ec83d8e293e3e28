#include "handlers/offers/offers.hpp"

#include <algorithm>

#include "handlers/offers/offer_reader.hpp"
#include "handlers/requests/requests.hpp"
#include "handlers/text/phone.hpp"

namespace linli::handlers {

bool gives_what_is_asked(const offer& o, const supply_request& r) {
  for (const request_item& asked : r.items) {
    const std::string want = canonical_item(asked.name);
    for (const offer_item& given : o.items) {
      if (given.canonical == want || canonical_item(given.name) == want) return true;
    }
  }
  return false;
}

const supply_request* need_for(const offer& o, const std::vector<supply_request>& needs,
                               const std::vector<offer>& matched) {
  const supply_request* best = nullptr;
  for (const supply_request& r : needs) {
    if (r.status != request_status::open || r.requester_id == o.offerer_id) continue;
    const bool taken = std::any_of(matched.begin(), matched.end(), [&](const offer& m) {
      return m.id != o.id && m.matched_request == r.number;
    });
    if (taken || !gives_what_is_asked(o, r)) continue;
    if (!best || r.number < best->number) best = &r;
  }
  return best;
}

const offer* offer_for(const supply_request& r, const std::vector<offer>& open) {
  const offer* best = nullptr;
  for (const offer& o : open) {
    if (o.status != offer_status::open || o.offerer_id == r.requester_id) continue;
    if (!gives_what_is_asked(o, r)) continue;
    if (!best || o.number < best->number) best = &o;
  }
  return best;
}

std::string offer_items_text(const offer& o) {
  std::string out;
  for (const offer_item& i : o.items) {
    if (!out.empty()) out += "、";
    out += i.name;
    if (i.quantity != 1 || i.unit) out += " " + std::to_string(i.quantity) + i.unit.value_or("");
  }
  return out;
}

std::string party(const std::optional<address>& where, const std::string& name,
                  storage::language lang) {
  std::string out = where ? household(where, lang) + " " + name : name;
  return text::mask_phones(out);
}

std::string describe(const offer& o, storage::language lang) {
  return "#" + std::to_string(o.number) + " " + party(o.where, o.offerer_name, lang) + "｜" +
         offer_items_text(o);
}

}  // namespace linli::handlers
