#include "handlers/text/lexicon.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <unordered_map>

#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::text {

struct embedded_lexicon {
  std::string_view name;
  std::string_view tsv;
};
extern const embedded_lexicon embedded_lexicon_files[];
extern const std::size_t embedded_lexicon_file_count;

namespace {

std::string_view file(std::string_view name) {
  for (std::size_t i = 0; i < embedded_lexicon_file_count; ++i) {
    if (embedded_lexicon_files[i].name == name) return embedded_lexicon_files[i].tsv;
  }
  throw std::runtime_error("lexicon " + std::string(name) + ".tsv is not embedded");
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0;;) {
    const std::size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string_view::npos ? at : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

// Calls f(columns, note, section) for every entry line; `note` is the `# ...` comment directly
// above, `section` the last `# == ... ==` heading.
template <typename F>
void each_line(std::string_view name, std::size_t columns, F f) {
  std::string_view note, section;
  for (std::string_view line : split(file(name), '\n')) {
    if (line.empty()) {
      note = {};
      continue;
    }
    if (line.starts_with("# ==")) section = line;
    if (line.starts_with("#")) {
      note = line;
      continue;
    }
    const auto cols = split(line, '\t');
    if (cols.size() != columns || cols[0].empty()) {
      throw std::runtime_error("lexicon " + std::string(name) +
                               ".tsv: bad line: " + std::string(line));
    }
    f(cols, note, section);
    note = {};
  }
}

char32_t first_code_point(std::string_view s) {
  return s.empty() ? U'\0' : utf8::decode_at(s, 0).code_point;
}

bool short_entry(std::string_view folded) {
  std::size_t points = 0;
  bool ascii = true;
  utf8::for_each(folded, [&](char32_t cp, std::size_t, std::size_t) {
    ++points;
    ascii = ascii && cp < 0x80;
  });
  return points == 1 || (ascii && points <= 3);
}

struct item_key {
  std::string text;
  const lexicon_item* item;
  bool short_form;
  bool variant;  // a typo or a looser word a coordinator writes as the item's name
};

struct items_table {
  std::vector<lexicon_item> items;
  std::unordered_map<std::string, const lexicon_item*> exact;
  std::unordered_map<char32_t, std::vector<item_key>> by_first;  // longest first
};

const items_table& items() {
  static const items_table table = [] {
    items_table t;
    struct key_of {
      std::string text;
      std::size_t index;
      bool variant;
    };
    std::vector<key_of> keys;
    each_line(
        "items", 3,
        [&](const std::vector<std::string_view>& c, std::string_view, std::string_view section) {
          // Help rather than goods (车送医院 → 送医车辆): the list names it as the coordinator
          // does.
          const bool help = section.find("help that is not goods") != std::string_view::npos;
          t.items.push_back({std::string(c[0]), std::string(c[1]), help});
          keys.push_back({fold(c[0]), t.items.size() - 1, false});
          if (!c[2].empty()) {
            for (std::string_view alias : split(c[2], ',')) {
              // =布络芬: a variant, listed by the item's name.
              const bool variant = alias.starts_with('=');
              if (variant) alias.remove_prefix(1);
              keys.push_back({fold(alias), t.items.size() - 1, variant});
            }
          }
        });
    for (const auto& [key, index, variant] : keys) {
      const lexicon_item* item = &t.items[index];
      t.exact.emplace(key, item);
      t.by_first[first_code_point(key)].push_back({key, item, short_entry(key), variant});
    }
    for (auto& [cp, list] : t.by_first) {
      std::stable_sort(list.begin(), list.end(), [](const item_key& a, const item_key& b) {
        return a.text.size() > b.text.size();
      });
    }
    return t;
  }();
  return table;
}

const std::vector<std::string>& units() {
  static const std::vector<std::string> list = [] {
    std::vector<std::string> out;
    each_line("units", 2,
              [&](const std::vector<std::string_view>& c, std::string_view, std::string_view) {
                out.push_back(fold(c[0]));
              });
    std::stable_sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
      return a.size() > b.size();
    });
    return out;
  }();
  return list;
}

// A phrase with its placeholders: literal text, {N} (a number) and {X} (a short run of text).
struct segment {
  enum { literal, number, any } type;
  std::string text;
};

struct phrase {
  std::vector<segment> parts;
  std::string kind;
  char op = 0;  // '>' (N >= limit) or '<' (N <= limit) from the note; 0 when none
  std::int64_t limit = 0;
  std::size_t weight = 0;  // literal bytes, to prefer the longer phrase
};

phrase compile(std::string_view text, std::string_view kind, std::string_view note) {
  phrase p;
  p.kind = std::string(kind);
  const std::string folded = fold(text);
  std::string_view rest = folded;
  while (!rest.empty()) {
    const std::size_t at = std::min(rest.find("{n}"), rest.find("{x}"));
    if (at != 0) {
      p.parts.push_back({segment::literal, std::string(rest.substr(0, at))});
      p.weight += std::min(at, rest.size());
      if (at == std::string_view::npos) break;
    }
    p.parts.push_back({rest[at + 1] == 'n' ? segment::number : segment::any, {}});
    rest.remove_prefix(at + 3);
  }
  for (std::string_view op : {">=", "<="}) {
    if (const auto at = note.find(std::string("N ") + std::string(op));
        at != std::string_view::npos) {
      std::string_view digits = note.substr(at + 5);
      std::from_chars(digits.data(), digits.data() + digits.size(), p.limit);
      p.op = op[0];
    }
  }
  return p;
}

struct phrase_table {
  std::vector<phrase> phrases;
  std::unordered_map<char32_t, std::vector<std::size_t>> by_first;
  std::vector<std::size_t> leading_placeholder;
};

phrase_table load_phrases(std::string_view name) {
  phrase_table t;
  each_line(name, 2,
            [&](const std::vector<std::string_view>& c, std::string_view note, std::string_view) {
              t.phrases.push_back(compile(c[0], c[1], note));
            });
  for (std::size_t i = 0; i < t.phrases.size(); ++i) {
    const auto& first = t.phrases[i].parts.front();
    if (first.type == segment::literal) {
      t.by_first[first_code_point(first.text)].push_back(i);
    } else {
      t.leading_placeholder.push_back(i);
    }
  }
  return t;
}

bool sentence_mark(char32_t cp) {
  return cp == U',' || cp == U'.' || cp == U'!' || cp == U'?' || cp == U';' || cp == U'\n' ||
         cp == U'。' || cp == U'、' || cp == U'~';
}

// Where phrase `p` ends when it starts at `pos`, or npos; `n` receives the number read.
std::size_t match_from(const phrase& p, std::size_t part, std::string_view s, std::size_t pos,
                       std::optional<std::int64_t>& n) {
  if (part == p.parts.size()) return pos;
  const segment& seg = p.parts[part];
  if (seg.type == segment::literal) {
    if (!s.substr(pos).starts_with(seg.text)) return std::string_view::npos;
    return match_from(p, part + 1, s, pos + seg.text.size(), n);
  }
  if (seg.type == segment::number) {
    const auto num = read_number(s.substr(pos));
    if (!num) return std::string_view::npos;
    std::size_t end = pos + num->length;
    bool fraction = false;
    if (end + 1 < s.size() && s[end] == '.' && s[end + 1] >= '0' && s[end + 1] <= '9') {
      ++end;
      // One step per digit whatever the fraction so far ("2.501" once hung here).
      for (; end < s.size() && s[end] >= '0' && s[end] <= '9'; ++end)
        fraction = fraction || s[end] != '0';
    }
    // N <= limit fails for 3.5 against 3: the fraction counts against an upper bound.
    n = num->value + (fraction && p.op == '<' ? 1 : 0);
    return match_from(p, part + 1, s, end, n);
  }
  std::size_t end = pos;
  for (int taken = 0; taken < 10 && end < s.size(); ++taken) {
    const auto d = utf8::decode_at(s, end);
    if (sentence_mark(d.code_point)) break;
    end += d.length;
    if (const auto m = match_from(p, part + 1, s, end, n); m != std::string_view::npos) return m;
  }
  return std::string_view::npos;
}

std::vector<phrase_match> find_phrases(const phrase_table& t, std::string_view s) {
  std::vector<phrase_match> out;
  bool inside_number = false;
  for (std::size_t pos = 0; pos < s.size();) {
    std::size_t best_end = std::string_view::npos, best_weight = 0;
    const phrase* best = nullptr;
    auto consider = [&](const phrase& p) {
      std::optional<std::int64_t> n;
      const std::size_t end = match_from(p, 0, s, pos, n);
      if (end == std::string_view::npos) return;
      if (p.op == '>' && !(n && *n >= p.limit)) return;
      if (p.op == '<' && !(n && *n <= p.limit)) return;
      if (!best || end - pos > best_end - pos ||
          (end - pos == best_end - pos && p.weight > best_weight)) {
        best = &p, best_end = end, best_weight = p.weight;
      }
    };
    const auto d = utf8::decode_at(s, pos);
    if (const auto it = t.by_first.find(d.code_point); it != t.by_first.end()) {
      for (std::size_t i : it->second) consider(t.phrases[i]);
    }
    // A number starts where a numeral starts, never inside one: read once per run, so a long run
    // of numerals costs its length, not its square.
    const bool numeral = read_number(s.substr(pos, d.length)).has_value();
    if (numeral && !inside_number && read_number(s.substr(pos))) {
      for (std::size_t i : t.leading_placeholder) consider(t.phrases[i]);
    }
    inside_number = numeral;
    if (best) {
      out.push_back({pos, best_end, best->kind});
      pos = best_end;
      inside_number = false;
    } else {
      pos += d.length;
    }
  }
  return out;
}

}  // namespace

std::optional<item_match> item_at(std::string_view folded, std::size_t pos,
                                  std::size_t whole_token_end) {
  if (pos >= folded.size()) return std::nullopt;
  const auto& t = items();
  const auto it = t.by_first.find(utf8::decode_at(folded, pos).code_point);
  if (it == t.by_first.end()) return std::nullopt;
  for (const item_key& key : it->second) {
    if (!folded.substr(pos).starts_with(key.text)) continue;
    if (key.short_form && pos + key.text.size() != whole_token_end) continue;
    return item_match{pos, pos + key.text.size(), key.item, key.variant};
  }
  return std::nullopt;
}

std::vector<item_match> find_items(std::string_view folded) {
  std::vector<item_match> out;
  for (std::size_t pos = 0; pos < folded.size();) {
    if (const auto m = item_at(folded, pos)) {
      out.push_back(*m);
      pos = m->end;
    } else {
      pos += utf8::decode_at(folded, pos).length;
    }
  }
  return out;
}

const lexicon_item* lookup_item(std::string_view folded) {
  const auto& exact = items().exact;
  const auto it = exact.find(std::string(folded));
  return it == exact.end() ? nullptr : it->second;
}

std::optional<std::string_view> unit_at(std::string_view folded) {
  for (const std::string& u : units()) {
    if (folded.starts_with(u)) return folded.substr(0, u.size());
  }
  return std::nullopt;
}

std::vector<phrase_match> find_urgency(std::string_view folded) {
  static const phrase_table table = load_phrases("urgency");
  return find_phrases(table, folded);
}

std::vector<phrase_match> find_intents(std::string_view folded) {
  static const phrase_table table = load_phrases("intents");
  return find_phrases(table, folded);
}

std::optional<phrase_match> first_of(const std::vector<phrase_match>& found,
                                     std::string_view kind) {
  for (const phrase_match& m : found) {
    if (m.kind == kind) return m;
  }
  return std::nullopt;
}

}  // namespace linli::text
