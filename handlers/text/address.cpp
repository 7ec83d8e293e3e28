#include "handlers/text/address.hpp"

#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::text {
namespace {

using namespace std::string_view_literals;

bool contains(std::string_view s, std::string_view w) {
  return s.find(w) != std::string_view::npos;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

std::string to_string(const address& a) {
  std::string out = a.building;
  if (a.unit) out += "-" + *a.unit;
  if (a.room) out += "-" + *a.room;
  return out;
}

std::optional<parsed_address> find_address(std::string_view text) {
  const std::string f = fold(text);
  const std::string_view s = f;
  // Byte offsets in the folded text map to the original only when folding kept the sizes; the
  // callers that need a range pass folded text, where they match.
  for (std::size_t pos = 0; pos < s.size(); pos += utf8::decode_at(s, pos).length) {
    if (pos > 0 && is_digit(s[pos - 1])) continue;
    const auto building = read_number(s.substr(pos));
    if (!building || building->value == 0 || building->value > 999) continue;
    std::size_t at = pos + building->length;

    // 3-2-501 and 12-602
    if (at < s.size() && s[at] == '-' && is_digit(s[pos])) {
      const std::string_view d2 = decimal_at(s.substr(at + 1));
      if (d2.empty() || contains(d2, ".")) continue;
      std::size_t end = at + 1 + d2.size();
      address a{std::to_string(building->value), std::nullopt, std::nullopt};
      if (end < s.size() && s[end] == '-') {
        const std::string_view d3 = decimal_at(s.substr(end + 1));
        if (d3.empty() || contains(d3, ".") || d2.size() > 2 || d3.size() > 5) continue;
        a.unit = std::string(d2);
        a.room = std::string(d3);
        end += 1 + d3.size();
      } else {
        if (d2.size() < 3 || d2.size() > 5) continue;  // "11-23" is a date
        a.room = std::string(d2);
      }
      if (end < s.size() && is_digit(s[end])) continue;
      return parsed_address{a, pos, end};
    }

    // 3号楼2单元501室, 12栋602, 七号楼三单元302
    std::string_view marker;
    for (std::string_view m : {"号楼"sv, "栋"sv, "幢"sv, "座"sv, "号"sv, "楼"sv}) {
      if (s.substr(at).starts_with(m)) {
        marker = m;
        break;
      }
    }
    if (marker.empty()) continue;
    at += marker.size();
    address a{std::to_string(building->value), std::nullopt, std::nullopt};
    std::size_t end = at;
    std::size_t next = at;
    while (next < s.size() && (s[next] == ' ' || s[next] == '-')) ++next;
    if (const auto second = read_number(s.substr(next)); second && second->value > 0) {
      std::size_t after = next + second->length;
      if (s.substr(after).starts_with("单元")) {
        a.unit = std::to_string(second->value);
        end = after + std::string_view("单元").size();
        next = end;
        while (next < s.size() && (s[next] == ' ' || s[next] == '-')) ++next;
        if (const auto room = read_number(s.substr(next)); room && room->value > 0) {
          a.room = std::to_string(room->value);
          end = next + room->length;
        }
      } else if (second->value >= 100 || s.substr(after).starts_with("室")) {
        a.room = std::to_string(second->value);
        end = after;
      }
    }
    if (a.room && s.substr(end).starts_with("室")) end += std::string_view("室").size();
    // A bare "3号" with nothing after is more likely a date or an id than a building.
    if (marker == "号" && !a.unit && !a.room) continue;
    if (marker == "楼" && !a.unit && !a.room) continue;
    return parsed_address{a, pos, end};
  }
  return std::nullopt;
}

}  // namespace linli::text
