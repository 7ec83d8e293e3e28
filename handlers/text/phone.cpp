#include "handlers/text/phone.hpp"

#include <optional>

namespace linli::text {
namespace {

bool digit(char c) {
  return c >= '0' && c <= '9';
}

// The length of a mobile number starting at `at` (its 11 digits and any grouping), or nullopt.
std::optional<std::size_t> mobile_at(std::string_view s, std::size_t at, std::string& digits) {
  digits.clear();
  std::size_t i = at;
  auto take = [&](std::size_t n) {
    for (std::size_t k = 0; k < n; ++k, ++i) {
      if (i >= s.size() || !digit(s[i])) return false;
      digits.push_back(s[i]);
    }
    return true;
  };
  if (!take(3)) return std::nullopt;
  // One separator style for the whole number: none, '-' or ' '.
  const char sep = i < s.size() && (s[i] == '-' || s[i] == ' ') ? s[i] : '\0';
  if (sep) ++i;
  if (!take(4)) return std::nullopt;
  if (sep) {
    if (i >= s.size() || s[i] != sep) return std::nullopt;
    ++i;
  }
  if (!take(4)) return std::nullopt;
  if (i < s.size() && digit(s[i])) return std::nullopt;  // part of a longer number
  if (digits[0] != '1' || digits[1] < '3') return std::nullopt;
  return i - at;
}

}  // namespace

std::string mask_phones(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::string digits;
  for (std::size_t i = 0; i < s.size();) {
    // A number starts where no digit is just before it (a "+86"/"86" prefix is copied as is).
    const bool starts = digit(s[i]) && (i == 0 || !digit(s[i - 1]));
    if (starts && s.substr(i, 2) == "86" && i + 2 < s.size() &&
        (s[i + 2] == '-' || s[i + 2] == ' ' || s[i + 2] == '1')) {
      const std::size_t after = i + 2 + (s[i + 2] == '1' ? 0 : 1);
      if (const auto n = mobile_at(s, after, digits)) {
        out.append(s.substr(i, after - i));
        out += digits.substr(0, 3) + "****" + digits.substr(7);
        i = after + *n;
        continue;
      }
    }
    if (starts) {
      if (const auto n = mobile_at(s, i, digits)) {
        out += digits.substr(0, 3) + "****" + digits.substr(7);
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
