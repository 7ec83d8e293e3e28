#include "handlers/chains/chain_parser.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::handlers {
namespace {

std::vector<std::string_view> split_lines(std::string_view text, std::size_t max_lines) {
  std::vector<std::string_view> lines;
  while (lines.size() < max_lines) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

bool is_blank(std::string_view line) {
  return text::trim(line).empty();
}

bool has_tag(std::string_view line) {
  const std::string f = text::fold(line);
  return f.find("#接龙") != std::string::npos || f.find("#group note") != std::string::npos ||
         f.find("#groupnote") != std::string::npos;
}

bool is_space_cp(char32_t cp) {
  return cp == U' ' || cp == U'\t' || cp == 0x3000 || cp == 0xA0;
}

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
    if (!is_space_cp(folded_at(s, pos, len))) break;
    pos += len;
  }
  return pos;
}

struct marker {
  int number;
  std::size_t length;  // bytes up to the entry text
};

// The entry number at the start of a line: "1." "1、" "1)" "1．" "１." "(1)" "①" "1 " ...
std::optional<marker> read_marker(std::string_view line) {
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
    return marker{circled, skip_spaces(line, pos)};
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
    return marker{number, skip_spaces(line, pos + len)};
  }
  if (sep == U'.' || sep == U',' || sep == U':') {
    // "2022.11.20" and "1.5斤" are not numbered lines.
    std::size_t next_len = 0;
    const std::size_t after = pos + len;
    if (after < line.size()) {
      const char32_t next = folded_at(line, after, next_len);
      if (next >= U'0' && next <= U'9') return std::nullopt;
    }
    return marker{number, skip_spaces(line, after)};
  }
  if (sep == U'、' || sep == U')' || sep == U'。')
    return marker{number, skip_spaces(line, pos + len)};
  if (is_space_cp(sep) && digits <= 3) {
    const std::size_t after = skip_spaces(line, pos);
    if (after >= line.size()) return std::nullopt;
    const char32_t next = folded_at(line, after, len);
    if (next >= U'0' && next <= U'9') return std::nullopt;  // "3 2 501" is not an entry
    return marker{number, after};
  }
  return std::nullopt;
}

bool is_example(std::string_view line) {
  const std::string f = text::fold(text::trim(line));
  for (std::string_view prefix : {"例", "示例", "格式", "eg", "e.g.", "example"}) {
    if (f.starts_with(prefix)) return true;
  }
  return false;
}

// "候补：", "候补名单" (and the English the bot renders): section lines, not entries.
bool is_section_line(std::string_view line) {
  const std::string f = text::fold(text::trim(line));
  return (f.starts_with("候补") && f.size() <= 18) || f == "waitlist:" || f == "waitlist";
}

constexpr std::array<std::string_view, 4> slot_words = {"上午", "下午", "全天", "晚上"};

// Reads the settings a header states: capacities and a deadline.
void read_settings(const std::vector<std::string>& header, parsed_chain& out) {
  struct keyword {
    std::string_view word;
    bool needs_unit;  // "限时" is not a limit: 限 needs a count of people after it
  };
  static constexpr std::array<keyword, 6> keywords = {{{"上限", false},
                                                       {"限额", false},
                                                       {"名额", false},
                                                       {"招募", true},
                                                       {"限", true},
                                                       {"需", true}}};
  for (const std::string& raw : header) {
    const std::string line = text::fold(raw);
    for (std::size_t pos = 0; pos < line.size();) {
      const keyword* hit = nullptr;
      for (const keyword& k : keywords) {
        if (std::string_view(line).substr(pos).starts_with(k.word)) {
          hit = &k;
          break;
        }
      }
      if (!hit) {
        pos += utf8::decode_at(line, pos).length;
        continue;
      }
      std::size_t at = pos + hit->word.size();
      while (at < line.size() && (line[at] == ':' || line[at] == ' ')) ++at;
      const auto n = text::read_number(std::string_view(line).substr(at));
      if (!n || n->value < 1 || n->value > 10'000) {
        pos += hit->word.size();
        continue;
      }
      const std::string_view unit = std::string_view(line).substr(at + n->length);
      const bool has_unit =
          unit.starts_with("人") || unit.starts_with("名") || unit.starts_with("位");
      if (hit->needs_unit && !has_unit) {
        pos = at + n->length;
        continue;
      }
      const std::string_view before = std::string_view(line).substr(0, pos);
      std::optional<std::string> slot;
      for (std::string_view w : slot_words) {
        if (before.ends_with(w)) slot = std::string(w);
      }
      if (slot) {
        out.slot_caps[*slot] = static_cast<int>(n->value);
      } else if (!out.capacity) {
        out.capacity = static_cast<int>(n->value);
      }
      pos = at + n->length;
    }

    if (out.deadline) continue;
    const auto cut = line.find("截止");
    if (cut == std::string::npos) continue;
    // "截止21:00", "截止时间：晚上9点", or "21:00截止": the first time in the line.
    for (std::size_t at = cut + std::string_view("截止").size(); at < line.size();) {
      if (auto t = parse_clock(std::string_view(line).substr(at))) {
        out.deadline = t;
        break;
      }
      at += utf8::decode_at(line, at).length;
    }
    for (std::size_t at = 0; !out.deadline && at < cut;) {
      out.deadline = parse_clock(std::string_view(line).substr(at, cut - at));
      at += utf8::decode_at(line, at).length;
    }
  }
}

// The line as written, minus its tag, with the spaces the tag leaves collapsed.
std::string without_tag(std::string_view line) {
  std::vector<std::pair<char32_t, std::string_view>> cps;  // folded code point, original bytes
  utf8::for_each(line, [&](char32_t, std::size_t pos, std::size_t len) {
    const std::string folded = text::fold(line.substr(pos, len));
    cps.emplace_back(utf8::decode_at(folded, 0).code_point, line.substr(pos, len));
  });
  for (std::u32string_view tag : {U"#接龙", U"#group note", U"#groupnote"}) {
    for (std::size_t i = 0; i + tag.size() <= cps.size(); ++i) {
      bool match = true;
      for (std::size_t j = 0; j < tag.size() && match; ++j) match = cps[i + j].first == tag[j];
      if (match) {
        cps.erase(cps.begin() + static_cast<std::ptrdiff_t>(i),
                  cps.begin() + static_cast<std::ptrdiff_t>(i + tag.size()));
        break;
      }
    }
  }
  std::string out;
  bool space = false;
  for (const auto& [folded, original] : cps) {
    if (is_space_cp(folded)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out.append(original);
  }
  return out;
}

}  // namespace

bool is_chain_post(std::string_view text) {
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    if (!is_blank(line)) return has_tag(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return false;
}

std::optional<parsed_chain> parse_chain(std::string_view text) {
  const std::vector<std::string_view> lines = split_lines(text, max_chain_lines);
  std::size_t first = 0;
  while (first < lines.size() && is_blank(lines[first])) ++first;
  if (first == lines.size() || !has_tag(lines[first])) return std::nullopt;

  // Where the entries begin: after the example line if there is one, else at the first line
  // numbered 1 (or the first numbered line when no line says 1).
  std::optional<std::size_t> example_at, start;
  for (std::size_t i = first + 1; i < lines.size() && !example_at; ++i) {
    if (read_marker(text::trim(lines[i]))) break;
    if (is_example(lines[i])) example_at = i;
  }
  std::optional<std::size_t> first_numbered;
  for (std::size_t i = (example_at ? *example_at : first) + 1; i < lines.size(); ++i) {
    const auto m = read_marker(text::trim(lines[i]));
    if (!m) continue;
    if (!first_numbered) first_numbered = i;
    if (m->number == 1 || example_at) {
      start = i;
      break;
    }
  }
  if (!start) start = first_numbered;
  const std::size_t entries_from = start ? *start : lines.size();

  parsed_chain out;
  for (std::size_t i = first; i < entries_from; ++i) {
    const std::string_view line = text::trim(lines[i]);
    if (line.empty()) continue;
    if (example_at && i == *example_at) {
      out.example = std::string(line);
    } else {
      out.header.emplace_back(line);
    }
  }
  // The title: the tagged line without its tag, or else the next header line.
  out.title = without_tag(out.header.front());
  if (out.title.empty() && out.header.size() > 1) out.title = out.header[1];
  if (out.title.empty()) out.title = "接龙";

  std::string joined;
  for (const auto& h : out.header) joined += h + "\n";
  out.header_key = match_key(joined);
  read_settings(out.header, out);

  bool blank_seen = false;
  bool in_tail = false;
  for (std::size_t i = entries_from; i < lines.size(); ++i) {
    const std::string_view line = text::trim(lines[i]);
    if (line.empty()) {
      blank_seen = true;
      continue;
    }
    if (const auto m = read_marker(line)) {
      const std::string_view body = text::trim(line.substr(m->length));
      blank_seen = false;
      in_tail = false;
      if (body.empty() || out.entries.size() >= max_chain_entries) continue;
      out.entries.push_back({m->number, std::string(body)});
      continue;
    }
    if (is_section_line(line)) {
      blank_seen = false;
      continue;
    }
    if (!blank_seen && !in_tail && !out.entries.empty()) {
      // A continuation of the entry above.
      out.entries.back().text.append("\n").append(line);
      continue;
    }
    in_tail = true;
    out.tail.emplace_back(line);
  }
  return out;
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
  auto has = [&](std::initializer_list<std::string_view> words) {
    for (auto w : words) {
      if (f.find(w) != std::string::npos) return true;
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
  while (pos < first_line.size()) {
    std::size_t len = 0;
    const char32_t cp = folded_at(first_line, pos, len);
    if (is_space_cp(cp) ||
        std::u32string_view(U",，、/|:：(（-").find(cp) != std::u32string_view::npos) {
      break;
    }
    pos += len;
  }
  std::string name(text::trim(first_line.substr(0, pos)));
  std::string rest(text::trim(entry_text.substr(pos)));
  // Drop the separator the name ended at ("张三，3号楼" -> "3号楼").
  while (!rest.empty()) {
    std::size_t len = 0;
    const char32_t cp = folded_at(rest, 0, len);
    if (std::u32string_view(U",，、/|:：-").find(cp) == std::u32string_view::npos) break;
    rest = std::string(text::trim(std::string_view(rest).substr(len)));
  }
  return {name, rest};
}

}  // namespace linli::handlers
