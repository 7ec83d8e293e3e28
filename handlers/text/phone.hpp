#pragma once
// Phone numbers in what the bot says in a group: residents' personal data (个人信息保护法). The
// group sees a masked number; storage and the authenticated read API keep the full one.

#include <string>
#include <string_view>

namespace linli::text {

// `text` with every mainland mobile number masked to its first three and last four digits
// (13812345678 -> 138****5678). Recognised: 11 digits 1[3-9]…, alone or grouped 3-4-4 by '-' or
// ' ', with an optional +86 / 86 prefix (kept), not inside a longer run of digits. Landlines keep
// their area code and last four digits (021-****5678, (010)***5432, 021****5678). Everything
// else is left as it is.
std::string mask_phones(std::string_view text);

}  // namespace linli::text
