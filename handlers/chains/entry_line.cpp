#include "handlers/chains/entry_line.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "handlers/core/local_time.hpp"
#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::handlers {
namespace {

char32_t folded_at(std::string_view s, std::size_t pos, std::size_t& length) {
  const utf8::decoded d = utf8::decode_at(s, pos);
  length = d.length;
  char32_t cp = d.code_point;
  if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
  if (cp == 0x3000) cp = U' ';
  return cp;
}

std::size_t skip_spaces(std::string_view s, std::size_t pos) {
  while (pos < s.size()) {
    std::size_t len = 0;
    if (!is_line_space(folded_at(s, pos, len))) break;
    pos += len;
  }
  return pos;
}

// Whether the digits at `at` begin an address written straight after a marker: "2.6-1-302",
// "3.12#602", "1 3-2-501", "3 7号楼1801" (digits, then - # / 号 栋 幢 座), or, with `room_alone`
// (after a dot that follows a marker of at most three digits), a room of three or four digits
// standing alone ("1.1101 阴", where "1.5斤" and "2022.11.20" are numbers).
bool address_follows(std::string_view line, std::size_t at, bool room_alone) {
  std::size_t len = 0;
  int digits = 0;
  while (at < line.size()) {
    const char32_t cp = folded_at(line, at, len);
    if (cp < U'0' || cp > U'9') break;
    at += len;
    ++digits;
  }
  if (at >= line.size()) return room_alone && digits >= 3 && digits <= 4;
  const char32_t next = folded_at(line, at, len);
  if (next == U'-' || next == U'#' || next == U'/' || next == U'号' || next == U'栋' ||
      next == U'幢' || next == U'座')
    return true;
  return room_alone && digits >= 3 && digits <= 4 && is_line_space(next);
}

}  // namespace

bool is_line_space(char32_t cp) {
  return cp == U' ' || cp == U'\t' || cp == 0x3000 || cp == 0xA0;
}

std::optional<entry_marker> read_marker(std::string_view line) {
  if (line.empty()) return std::nullopt;
  std::size_t len = 0;
  const char32_t first = folded_at(line, 0, len);
  int circled = 0;
  if (first >= 0x2460 && first <= 0x2473) circled = static_cast<int>(first - 0x2460) + 1;
  if (first >= 0x3251 && first <= 0x325F) circled = static_cast<int>(first - 0x3251) + 21;
  if (first >= 0x32B1 && first <= 0x32BF) circled = static_cast<int>(first - 0x32B1) + 36;
  if (circled > 0) {
    std::size_t pos = len;
    if (pos < line.size()) {
      const char32_t next = folded_at(line, pos, len);
      if (next == U'.' || next == U'、' || next == U')' || next == U':') pos += len;
    }
    return entry_marker{circled, skip_spaces(line, pos)};
  }

  std::size_t pos = 0;
  const bool paren = first == U'(';
  if (paren) pos += len;
  int number = 0, digits = 0;
  while (pos < line.size() && digits < 5) {
    const char32_t cp = folded_at(line, pos, len);
    if (cp < U'0' || cp > U'9') break;
    number = number * 10 + static_cast<int>(cp - U'0');
    ++digits;
    pos += len;
  }
  if (digits == 0 || digits > 4) return std::nullopt;
  if (pos >= line.size()) return std::nullopt;  // a bare number is not an entry
  const char32_t sep = folded_at(line, pos, len);
  if (paren) {
    if (sep != U')') return std::nullopt;
    return entry_marker{number, skip_spaces(line, pos + len)};
  }
  if (sep == U'.' || sep == U',' || sep == U':') {
    // "2022.11.20" and "1.5斤" are not numbered lines.
    std::size_t next_len = 0;
    const std::size_t after = pos + len;
    if (after < line.size()) {
      const char32_t next = folded_at(line, after, next_len);
      if (next >= U'0' && next <= U'9' && !address_follows(line, after, digits <= 3)) {
        return std::nullopt;
      }
    }
    return entry_marker{number, skip_spaces(line, after)};
  }
  if (sep == U'、' || sep == U')' || sep == U'。')
    return entry_marker{number, skip_spaces(line, pos + len)};
  if (is_line_space(sep) && digits <= 3) {
    const std::size_t after = skip_spaces(line, pos);
    if (after >= line.size()) return std::nullopt;
    const char32_t next = folded_at(line, after, len);
    // "3 2 501" is not an entry; "1 3-2-501 2份" is.
    if (next >= U'0' && next <= U'9' && !address_follows(line, after, false)) return std::nullopt;
    return entry_marker{number, after};
  }
  return std::nullopt;
}

std::string match_key(std::string_view line) {
  static constexpr std::u32string_view cjk_punct = U"、。，：；！？（）【】《》“”‘’·…—～「」『』";
  std::string out;
  out.reserve(line.size());
  utf8::for_each(line, [&](char32_t cp, std::size_t, std::size_t) {
    cp = text::fold_char(cp);
    if (cp < 0x80) {
      if (!std::isspace(static_cast<int>(cp)) && !std::ispunct(static_cast<int>(cp))) {
        out.push_back(static_cast<char>(cp));
      }
      return;
    }
    if (cp != 0xA0 && cjk_punct.find(cp) == std::u32string_view::npos) utf8::append(out, cp);
  });
  return out;
}

std::optional<std::string> parse_slot(std::string_view entry_text) {
  const std::string f = text::fold(entry_text);
  // 早上的酸奶, 下午的核酸: a time of day describing something else is no slot.
  auto has = [&](std::initializer_list<std::string_view> words) {
    for (auto w : words) {
      for (auto at = f.find(w); at != std::string::npos; at = f.find(w, at + w.size())) {
        if (!std::string_view(f).substr(at + w.size()).starts_with("的")) return true;
      }
    }
    return false;
  };
  if (has({"全天", "整天", "全日", "一整天"})) return "全天";
  const bool morning = has({"上午", "早上", "早班", "上半天"});
  const bool afternoon = has({"下午", "午后", "下半天"});
  if (morning && afternoon) return "全天";
  if (morning) return "上午";
  if (afternoon) return "下午";
  if (has({"晚上", "夜班", "晚班", "夜间"})) return "晚上";
  // A time range: 8:00-12:00, 8:00~12:00, 8:00至12:00
  for (std::size_t pos = 0; pos < f.size(); ++pos) {
    if (!std::isdigit(static_cast<unsigned char>(f[pos]))) continue;
    if (pos > 0 && std::isdigit(static_cast<unsigned char>(f[pos - 1]))) continue;
    const auto from = parse_clock(std::string_view(f).substr(pos));
    if (!from) continue;
    std::size_t at = f.find_first_of("-~", pos);
    const std::size_t zhi = f.find("至", pos), dao = f.find("到", pos);
    at = std::min({at, zhi, dao});
    if (at == std::string::npos || at > pos + 12) continue;
    at += (f[at] == '-' || f[at] == '~') ? 1 : 3;
    while (at < f.size() && f[at] == ' ') ++at;
    const auto to = parse_clock(std::string_view(f).substr(at));
    if (!to) continue;
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%02d:%02d-%02d:%02d", from->hour, from->minute, to->hour,
                  to->minute);
    return std::string(buffer);
  }
  return std::nullopt;
}

std::pair<std::string, std::string> split_name(std::string_view entry_text) {
  const std::string_view first_line = entry_text.substr(0, entry_text.find('\n'));
  std::size_t pos = 0;
  bool ended_at_mark = false;
  char32_t previous = 0;
  while (pos < first_line.size()) {
    std::size_t len = 0;
    const char32_t cp = folded_at(first_line, pos, len);
    if (is_line_space(cp)) break;
    if (std::u32string_view(U",，、/|:：(（").find(cp) != std::u32string_view::npos) {
      ended_at_mark = true;
      break;
    }
    // "刘洋3箱": a quantity written straight after a name (not inside an address, 9号楼1单元803).
    const bool starts_with_digit = first_line[0] >= '0' && first_line[0] <= '9';
    const bool address_part = std::u32string_view(U"楼栋幢座号区单元室").find(previous) !=
                              std::u32string_view::npos;  // 七号楼三单元302, B区3栋501
    if (cp >= U'0' && cp <= U'9' && previous >= 0x3400 && !starts_with_digit && !address_part)
      break;
    previous = cp;
    pos += len;
  }
  // Kevin涛-增肌-8 年: a tagline's figure and its unit typed apart stay in the nickname.
  if (const std::string_view head = first_line.substr(0, pos);
      !head.empty() && head.back() >= '0' && head.back() <= '9' &&
      head.find('-') != std::string_view::npos) {
    std::size_t at = pos;
    while (at < first_line.size() && first_line[at] == ' ') ++at;
    for (std::string_view unit : {"年", "天", "岁"}) {
      const std::string_view after = first_line.substr(at);
      if (at > pos && after.starts_with(unit) &&
          (after.size() == unit.size() || after[unit.size()] == ' ')) {
        pos = at + unit.size();
        break;
      }
    }
  }
  std::string name(text::trim(first_line.substr(0, pos)));
  std::string rest(text::trim(entry_text.substr(pos)));
  // Drop the separator the name ended at ("张三，3号楼" -> "3号楼"); hyphens, dots and emoji
  // stay in nicknames (刘洋-7栋, We.SNM).
  while (ended_at_mark && !rest.empty()) {
    std::size_t len = 0;
    const char32_t cp = folded_at(rest, 0, len);
    if (std::u32string_view(U",，、/|:：").find(cp) == std::u32string_view::npos) break;
    rest = std::string(text::trim(std::string_view(rest).substr(len)));
  }
  return {name, rest};
}

}  // namespace linli::handlers
