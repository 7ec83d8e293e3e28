#include "handlers/text/phone.hpp"

#include <optional>

namespace linli::text {
namespace {

// A digit at `at`, ASCII or full-width (０-９, U+FF10-U+FF19: EF BC 90-99): its value as an
// ASCII digit and its length in bytes.
struct digit_char {
  char value;
  std::size_t length;
};

std::optional<digit_char> digit_at(std::string_view s, std::size_t at) {
  if (at >= s.size()) return std::nullopt;
  if (s[at] >= '0' && s[at] <= '9') return digit_char{s[at], 1};
  if (at + 2 < s.size() && s[at] == '\xEF' && s[at + 1] == '\xBC' &&
      static_cast<unsigned char>(s[at + 2]) >= 0x90 &&
      static_cast<unsigned char>(s[at + 2]) <= 0x99) {
    return digit_char{static_cast<char>('0' + (static_cast<unsigned char>(s[at + 2]) - 0x90)), 3};
  }
  return std::nullopt;
}

// Whether a digit ends just before `at` (ASCII, or the last byte of a full-width one).
bool digit_before(std::string_view s, std::size_t at) {
  if (at >= 1 && digit_at(s, at - 1)) return true;
  return at >= 3 && digit_at(s, at - 3) && digit_at(s, at - 3)->length == 3;
}

// The separator at `at` that may group a number's digits: '-', ' ', full-width '－' (EF BC 8D)
// or the ideographic space (E3 80 80); its bytes, or empty.
std::string_view separator_at(std::string_view s, std::size_t at) {
  if (at >= s.size()) return {};
  if (s[at] == '-' || s[at] == ' ') return s.substr(at, 1);
  for (std::string_view wide :
       {std::string_view("\xEF\xBC\x8D"), std::string_view("\xE3\x80\x80")}) {
    if (s.substr(at, wide.size()) == wide) return wide;
  }
  return {};
}

// The length of a mobile number starting at `at` (its 11 digits and any grouping), or nullopt.
std::optional<std::size_t> mobile_at(std::string_view s, std::size_t at, std::string& digits) {
  digits.clear();
  std::size_t i = at;
  auto take = [&](std::size_t n) {
    for (std::size_t k = 0; k < n; ++k) {
      const auto d = digit_at(s, i);
      if (!d) return false;
      digits.push_back(d->value);
      i += d->length;
    }
    return true;
  };
  if (!take(3)) return std::nullopt;
  // One separator for the whole number: none, or the same one both times.
  const std::string_view sep = separator_at(s, i);
  i += sep.size();
  if (!take(4)) return std::nullopt;
  if (!sep.empty()) {
    if (s.substr(i, sep.size()) != sep) return std::nullopt;
    i += sep.size();
  }
  if (!take(4)) return std::nullopt;
  if (digit_at(s, i)) return std::nullopt;  // part of a longer number
  if (digits[0] != '1' || digits[1] < '3') return std::nullopt;
  return i - at;
}

// The length of a landline number starting at `at` ("021-62345678", "(0571)87654321",
// "02162345678"), or nullopt; `local_at` is where its local number begins. The area code is 0
// and two digits for 010 and 02X, 0 and three for the others; the local number 7 or 8 digits
// starting 2-9, not followed by another digit.
std::optional<std::size_t> landline_at(std::string_view s, std::size_t at, std::size_t& local_at,
                                       std::string& local) {
  std::size_t i = at;
  const bool paren = i < s.size() && s[i] == '(';
  if (paren) ++i;
  std::string area;
  auto take = [&] {
    const auto d = digit_at(s, i);
    if (d) {
      area.push_back(d->value);
      i += d->length;
    }
    return d.has_value();
  };
  if (!take() || area[0] != '0' || !take()) return std::nullopt;
  const std::size_t code_length = area[1] == '1' || area[1] == '2' ? 3 : 4;
  while (area.size() < code_length) {
    if (!take()) return std::nullopt;
  }
  if (paren) {
    if (i >= s.size() || s[i] != ')') return std::nullopt;
    ++i;
  }
  i += separator_at(s, i).size();
  local_at = i;
  local.clear();
  while (local.size() < 9) {
    const auto d = digit_at(s, i);
    if (!d) break;
    local.push_back(d->value);
    i += d->length;
  }
  if (local.size() < 7 || local.size() > 8 || local[0] < '2') return std::nullopt;
  return i - at;
}

}  // namespace

std::string mask_phones(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::string digits;
  for (std::size_t i = 0; i < s.size();) {
    // A number starts where no digit is just before it (a "+86"/"86" prefix is copied as is).
    const auto first = digit_at(s, i);
    const bool starts = first && !digit_before(s, i);
    if (starts && first->value == '8') {
      const auto second = digit_at(s, i + first->length);
      if (second && second->value == '6') {
        std::size_t after = i + first->length + second->length;
        const auto next = digit_at(s, after);
        const std::string_view sep = separator_at(s, after);
        if ((next && next->value == '1') || !sep.empty()) {
          if (!next) after += sep.size();
          if (const auto n = mobile_at(s, after, digits)) {
            out.append(s.substr(i, after - i));
            out += digits.substr(0, 3) + "****" + digits.substr(7);
            i = after + *n;
            continue;
          }
        }
      }
    }
    if (starts) {
      if (const auto n = mobile_at(s, i, digits)) {
        out += digits.substr(0, 3) + "****" + digits.substr(7);
        i += *n;
        continue;
      }
    }
    // A landline: its area code (and how it was written) kept, the local number but its last
    // four digits hidden, a star a digit (so masking never lengthens a text).
    if ((starts && first->value == '0') || (s[i] == '(' && !digit_before(s, i))) {
      std::size_t local_at = 0;
      if (const auto n = landline_at(s, i, local_at, digits)) {
        out.append(s.substr(i, local_at - i));
        out += std::string(digits.size() - 4, '*') + digits.substr(digits.size() - 4);
        i += *n;
        continue;
      }
    }
    out.push_back(s[i]);
    ++i;
  }
  return out;
}

}  // namespace linli::text
