#include "handlers/text/address.hpp"

#include <array>

#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::text {
namespace {

using namespace std::string_view_literals;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_letter(char c) {
  return c >= 'a' && c <= 'z';
}

std::size_t skip_gap(std::string_view s, std::size_t at) {
  while (at < s.size() && (s[at] == ' ' || s[at] == '-')) ++at;
  return at;
}

// 东区, 南区, a区 (folded): an area a coordinator files households by, kept in the building.
std::size_t zone_length(std::string_view s, std::size_t pos) {
  const std::string_view rest = s.substr(pos);
  if (!rest.empty() && is_letter(rest[0]) && rest.substr(1).starts_with("区") &&
      (pos == 0 || !is_letter(s[pos - 1])))
    return 1 + "区"sv.size();
  for (std::string_view z : {"东区"sv, "南区"sv, "西区"sv, "北区"sv, "中区"sv}) {
    if (rest.starts_with(z)) return z.size();
  }
  return 0;
}

std::string zone_text(std::string_view zone) {
  std::string out(zone);
  if (!out.empty() && is_letter(out[0])) out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

constexpr std::array building_marks = {"号楼"sv, "栋"sv, "幢"sv, "座"sv, "#"sv, "号"sv, "楼"sv};

// A room written apart from its building (楼上102的爷爷 … 3号楼, 4号楼 … 5楼 502): a run of 3
// or 4 digits standing on its own, not a quantity, an amount, a year or an id.
std::optional<parsed_address> lone_room(std::string_view s, std::size_t skip_begin,
                                        std::size_t skip_end) {
  for (std::size_t pos = 0; pos < s.size();) {
    if (!is_digit(s[pos])) {
      ++pos;
      continue;
    }
    std::size_t end = pos;
    while (end < s.size() && is_digit(s[end])) ++end;
    const std::size_t length = end - pos;
    const bool inside = pos < skip_end && end > skip_begin;
    const char before = pos > 0 ? s[pos - 1] : ' ';
    const bool free_before =
        !(is_letter(before) || before == '#' || before == '.' || before == '-' || before == '/' ||
          before == '+' || before == '*' || before == 'x');
    const std::string_view after = s.substr(end);
    const bool free_after = after.empty() || after[0] == ' ' || after[0] == ',' ||
                            after[0] == '!' || after[0] == '?' || after[0] == '\n' ||
                            after.starts_with("的") || after.starts_with("室") ||
                            after.starts_with("。") || after.starts_with("、");
    if (!inside && length >= 3 && length <= 4 && s[pos] != '0' && free_before && free_after) {
      std::size_t stop = end;
      if (after.starts_with("室")) stop += "室"sv.size();
      return parsed_address{{"", std::nullopt, std::string(s.substr(pos, length))}, pos, stop};
    }
    pos = end;
  }
  return std::nullopt;
}

// 3-2-501, 12-602, 3--501, 3/2/501, 3.2.501: parts joined by one separator; `at` is just after
// the building number.
std::optional<parsed_address> joined_form(std::string_view s, std::size_t pos, std::size_t at,
                                          std::string building) {
  const char sep = s[at];
  if (sep == '-' && at + 1 < s.size() && s[at + 1] == '-') {  // 3--501: no unit written
    const std::string_view room = decimal_at(s.substr(at + 2));
    if (room.size() < 3 || room.size() > 5 || room.find('.') != std::string_view::npos)
      return std::nullopt;
    const std::size_t end = at + 2 + room.size();
    if (end < s.size() && is_digit(s[end])) return std::nullopt;
    return parsed_address{{std::move(building), std::nullopt, std::string(room)}, pos, end};
  }
  std::size_t d2_end = at + 1;
  while (d2_end < s.size() && is_digit(s[d2_end])) ++d2_end;
  const std::string_view d2 = s.substr(at + 1, d2_end - at - 1);
  if (d2.empty()) return std::nullopt;
  address a{std::move(building), std::nullopt, std::nullopt};
  std::size_t end = d2_end;
  if (end < s.size() && s[end] == sep) {
    std::size_t d3_end = end + 1;
    while (d3_end < s.size() && is_digit(s[d3_end])) ++d3_end;
    const std::string_view d3 = s.substr(end + 1, d3_end - end - 1);
    if (d3.empty() || d2.size() > 2 || d3.size() > 5) return std::nullopt;
    // 3.2.501 and 3/2/501 only with a room of three digits or more (not 2022/4/15 nor 1.2.3).
    if (sep != '-' && d3.size() < 3) return std::nullopt;
    a.unit = std::string(d2);
    a.room = std::string(d3);
    end = d3_end;
  } else {
    // Two parts only with a dash: 12-602 (11-23 is a date; 3.5 and 1/2 are numbers).
    if (sep != '-' || d2.size() < 3 || d2.size() > 5) return std::nullopt;
    a.room = std::string(d2);
  }
  if (end < s.size() && (is_digit(s[end]) || s[end] == '.' || s[end] == sep)) return std::nullopt;
  return parsed_address{a, pos, end};
}

// After a building marker: 2单元501, 602, 1802室, 一单元五〇二.
std::size_t read_rest(std::string_view s, std::size_t at, address& a) {
  std::size_t end = at;
  std::size_t next = skip_gap(s, at);
  if (const auto second = read_number(s.substr(next)); second && second->value > 0) {
    const std::size_t after = next + second->length;
    if (s.substr(after).starts_with("单元")) {
      a.unit = std::to_string(second->value);
      end = after + "单元"sv.size();
      next = skip_gap(s, end);
      if (const auto room = read_number(s.substr(next)); room && room->value > 0) {
        a.room = std::to_string(room->value);
        end = next + room->length;
      }
    } else if (second->value >= 100 || s.substr(after).starts_with("室")) {
      a.room = std::to_string(second->value);
      end = after;
    }
  }
  if (a.room && s.substr(end).starts_with("室")) end += "室"sv.size();
  return end;
}

// 1单元502 and 302室: a household written without its building.
std::optional<parsed_address> partial_form(std::string_view s, std::size_t pos, const number& n) {
  const std::size_t at = pos + n.length;
  if (s.substr(at).starts_with("单元")) {
    address a{"", std::to_string(n.value), std::nullopt};
    const std::size_t end = read_rest(s, at + "单元"sv.size(), a);
    if (!a.room) return std::nullopt;
    return parsed_address{a, pos, end};
  }
  if (s.substr(at).starts_with("室") && n.value >= 100 && n.value <= 99999) {
    return parsed_address{{"", std::nullopt, std::to_string(n.value)}, pos, at + "室"sv.size()};
  }
  return std::nullopt;
}

}  // namespace

std::string to_string(const address& a) {
  if (a.building.empty()) {  // 1单元502, 302室: no building written
    std::string out = a.unit ? *a.unit + "单元" : "";
    if (a.room) out += *a.room + (a.unit ? "" : "室");
    return out;
  }
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
  std::optional<parsed_address> partial;  // 1单元502, 302室: taken when no building is written
  for (std::size_t pos = 0; pos < s.size(); pos += utf8::decode_at(s, pos).length) {
    if (pos > 0 && is_digit(s[pos - 1])) continue;
    std::size_t start = pos;
    std::string zone;
    if (const std::size_t z = zone_length(s, pos); z > 0) {
      zone = zone_text(s.substr(pos, z));
      start = pos + z;
      while (start < s.size() && s[start] == ' ') ++start;
    }
    const auto building = read_number(s.substr(start));
    // Up to 999; a street number up to 9999 only as "1020号1608室" (a building named by its
    // number on the road, its room after).
    if (!building || building->value == 0 || building->value > 9999) continue;
    std::size_t at = start + building->length;
    std::string name = zone + std::to_string(building->value);
    const bool arabic = is_digit(s[start]);

    if (at < s.size() && arabic && (s[at] == '-' || s[at] == '/' || s[at] == '.')) {
      if (auto a = joined_form(s, pos, at, name)) return a;
      continue;
    }
    std::string_view marker;
    for (std::string_view m : building_marks) {
      if (s.substr(at).starts_with(m)) {
        marker = m;
        break;
      }
    }
    if (marker.empty() || (marker == "#" && !arabic)) {
      if (!partial && zone.empty()) partial = partial_form(s, pos, *building);
      continue;
    }
    at += marker.size();
    address a{name, std::nullopt, std::nullopt};
    const std::size_t end = read_rest(s, at, a);
    // A bare "3号" with nothing after is more likely a date or an id than a building, "3楼" a
    // floor, "12#" a count.
    if ((marker == "号" || marker == "楼" || marker == "#") && !a.unit && !a.room) continue;
    if (building->value > 999 && (marker != "号" || !a.room)) continue;
    parsed_address found{a, pos, end};
    if (!a.room) {
      // 替楼上102的爷爷发 … 3号楼: the room written elsewhere in the message.
      if (const auto room = lone_room(s, pos, end)) {
        found.value.room = room->value.room;
        found.also_begin = room->begin;
        found.also_end = room->end;
      }
    }
    return found;
  }
  return partial;
}

}  // namespace linli::text
