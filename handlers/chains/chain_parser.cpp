#include "handlers/chains/chain_parser.hpp"

#include <array>
#include <cstdint>

#include "handlers/chains/entry_line.hpp"
#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::handlers {
namespace {

using namespace std::string_view_literals;

// The first `max_lines` lines; `rest` is left with the text after them (empty if none).
std::vector<std::string_view> split_lines(std::string_view text, std::size_t max_lines,
                                          std::string_view& rest) {
  std::vector<std::string_view> lines;
  rest = {};
  while (lines.size() < max_lines) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) return lines;
    text.remove_prefix(nl + 1);
  }
  rest = text;
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

// The deadline a folded line states: "截止21:00", "截止时间：晚上9点", "21:00截止", "三点截单",
// "明早10点截单", "三点结束", "今晚9点截单". An hour from 1 to 6 with no morning word is an
// afternoon's (a group buy that ends 三点 ends at 15:00), one to 11 with 晚/下午/夜 an evening's.
std::optional<clock_time> find_deadline(std::string_view line) {
  std::size_t cut = std::string_view::npos, word = 0;
  for (std::string_view w : {"截止"sv, "截单"sv, "结束"sv}) {
    if (const auto at = line.find(w); at < cut) cut = at, word = w.size();
  }
  if (cut == std::string_view::npos) return std::nullopt;
  std::optional<clock_time> t;
  for (std::size_t at = cut + word; !t && at < line.size();) {
    t = parse_clock(line.substr(at));
    at += utf8::decode_at(line, at).length;
  }
  for (std::size_t at = 0; !t && at < cut;) {
    t = parse_clock(line.substr(at, cut - at));
    at += utf8::decode_at(line, at).length;
  }
  const bool morning = line.find("早") != std::string_view::npos ||
                       line.find("上午") != std::string_view::npos ||
                       line.find("凌晨") != std::string_view::npos;
  // 今晚9点截单, 下午五点结束: an hour of the evening or the afternoon.
  const bool later = line.find("晚") != std::string_view::npos ||
                     line.find("下午") != std::string_view::npos ||
                     line.find("夜") != std::string_view::npos;
  if (t && t->hour >= 1 && !morning && (t->hour <= 6 || (later && t->hour <= 11))) t->hour += 12;
  return t;
}

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

    if (!out.deadline) out.deadline = find_deadline(line);
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
    if (is_line_space(folded)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out.append(original);
  }
  return out;
}

void keep_over_limit(parsed_chain& out, std::string_view line) {
  ++out.over_limit_count;
  if (out.over_limit.size() < max_over_limit_kept) out.over_limit.emplace_back(line);
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
  std::string_view past_lines;
  const std::vector<std::string_view> lines = split_lines(text, max_chain_lines, past_lines);
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

  // 「…」: a quote-reply of an earlier copy opened in the header; its closing mark at the end of
  // an entry is no part of that entry.
  int open_quotes = 0;
  for (const auto& h : out.header) {
    for (std::size_t at = h.find("「"); at != std::string::npos; at = h.find("「", at + 1))
      ++open_quotes;
    for (std::size_t at = h.find("」"); at != std::string::npos; at = h.find("」", at + 1))
      --open_quotes;
  }
  bool blank_seen = false;
  bool in_tail = false;
  for (std::size_t i = entries_from; i < lines.size(); ++i) {
    std::string_view line = text::trim(lines[i]);
    if (open_quotes > 0 && line.ends_with("」")) {
      line = text::trim(line.substr(0, line.size() - std::string_view("」").size()));
      --open_quotes;
    }
    if (line.empty()) {
      blank_seen = true;
      continue;
    }
    if (const auto m = read_marker(line)) {
      const std::string_view body = text::trim(line.substr(m->length));
      blank_seen = false;
      in_tail = false;
      if (body.empty()) continue;
      if (out.entries.size() >= max_chain_entries) {
        keep_over_limit(out, body);
        continue;
      }
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
  std::string_view none_left;
  for (std::string_view line : split_lines(past_lines, SIZE_MAX, none_left)) {
    line = text::trim(line);
    if (line.empty()) continue;
    if (const auto m = read_marker(line)) line = text::trim(line.substr(m->length));
    if (!line.empty()) keep_over_limit(out, line);
  }
  // A deadline in the closing lines (大家快点接龙，三点结束) when the header states none.
  for (std::size_t i = 0; !out.deadline && i < out.tail.size(); ++i) {
    out.deadline = find_deadline(text::fold(out.tail[i]));
  }
  return out;
}

}  // namespace linli::handlers
