// The item names of a need's text: lexicon entries where they stand as names, with the dosage
// forms written after them; and the marks that bound clauses and tokens. Internal to the item
// reader (handlers/requests/item_reader.cpp).

#include "handlers/requests/item_names.hpp"

#include <algorithm>
#include <array>

#include "handlers/requests/quantity_reader.hpp"
#include "handlers/text/lexicon.hpp"
#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::handlers {

using namespace std::string_view_literals;

// Where one clause of a message ends (folded text: full-width marks are ASCII already).
bool clause_mark(char32_t cp) {
  return cp == U',' || cp == U'.' || cp == U'!' || cp == U'?' || cp == U';' || cp == U'\n' ||
         cp == U'。' || cp == U'~';
}

namespace {

bool token_mark(char32_t cp) {
  return clause_mark(cp) || cp == U' ' || cp == U'\t' || cp == U'\r' || cp == U'、' || cp == U'+' ||
         cp == U'/' || cp == U'|' || cp == U'(' || cp == U')' || cp == U':' || cp == U'【' ||
         cp == U'】' || cp == U'[' || cp == U']' || cp == U'"' || cp == U'“' || cp == U'”' ||
         cp == U'-' || cp == U'*' || cp == U'《' || cp == U'》';
}

// Dosage-form endings written after a lexicon name (叶酸 + 片), and a formula's stage (雅培 +
// 一段): part of the name as written.
constexpr std::array form_suffixes = {"缓释胶囊"sv, "缓释片"sv, "肠溶片"sv, "咀嚼片"sv, "分散片"sv,
                                      "一段"sv,     "二段"sv,   "三段"sv,   "1段"sv,    "2段"sv,
                                      "3段"sv,      "口服液"sv, "滴眼液"sv, "胶囊"sv,   "颗粒"sv,
                                      "糖浆"sv,     "软膏"sv,   "喷雾"sv,   "片"sv,     "丸"sv,
                                      "粉"sv,       "液"sv,     "膏"sv,     "栓"sv,     "贴"sv};

// What closes a question or a request after the item (一桶油吗, 油可以吗, 蒜行吗): not part of
// the token, so a one-character name before it stands whole.
bool closes_token(std::string_view rest) {
  for (std::string_view w : {"吗"sv, "呢"sv, "吧"sv, "啊"sv, "呀"sv, "么"sv, "可以"sv, "行吗"sv,
                             "就行"sv, "也行"sv, "都行"sv, "或者"sv, "或"sv}) {
    if (rest.starts_with(w)) return true;
  }
  return false;
}

// The end of the token that starts at `pos`: the next mark, space or numeral, or a closing
// particle after it.
std::size_t token_end_from(std::string_view s, std::size_t pos) {
  const std::size_t start = pos;
  while (pos < s.size()) {
    const auto d = utf8::decode_at(s, pos);
    if (token_mark(d.code_point) || is_numeral(d.code_point)) break;
    if (pos > start && closes_token(s.substr(pos))) break;
    pos += d.length;
  }
  return pos;
}

bool at_boundary(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) return true;
  const char32_t cp = utf8::decode_at(s, pos).code_point;
  return token_mark(cp) || is_numeral(cp);
}

bool emoji(char32_t cp) {
  return cp >= 0x1F000 || (cp >= 0x2190 && cp <= 0x27BF) || cp == 0xFE0F || cp == 0x200D;
}

// 儿童的退烧药, 孩子可以吃的退烧药: a generic class asked for a child is listed as the lexicon's
// child form of it (儿童退烧药) when the lexicon has one for that same item and the class is
// written by its own name; a brand (小孩用的美林) stays as written.
std::string for_a_child(std::string_view s, std::size_t begin, const text::lexicon_item& item,
                        std::string name) {
  if (name != item.name) return name;
  static constexpr std::array<std::string_view, 9> before = {"儿童的",   "小孩的",   "孩子的",
                                                             "儿童用的", "小孩用的", "孩子可以吃的",
                                                             "小孩吃的", "孩子吃的", "小孩子的"};
  const std::string_view head = s.substr(0, begin);
  const bool asked = std::any_of(before.begin(), before.end(),
                                 [&](std::string_view w) { return head.ends_with(w); });
  if (!asked) return name;
  const std::string child = "儿童" + name;
  return text::lookup_item(text::fold(child)) == &item ? child : name;
}

// 葱姜蒜, 油盐, 鱼虾: a token made only of one-character names (two to four of them), which no
// longer name covers, is a list of those items. Their starts, or empty.
std::vector<std::size_t> single_name_run(std::string_view s, std::size_t pos,
                                         std::size_t token_end) {
  std::vector<std::size_t> starts;
  for (std::size_t at = pos; at < token_end;) {
    const auto d = utf8::decode_at(s, at);
    if (starts.size() == 4 || !text::lookup_item(s.substr(at, d.length))) return {};
    starts.push_back(at);
    at += d.length;
  }
  if (starts.size() < 2) return {};
  return starts;
}

read_item lexicon_item_at(std::string_view display, std::size_t begin, std::size_t end,
                          const text::lexicon_item& found, bool by_name) {
  read_item item;
  item.begin = begin;
  item.end = end;
  item.name = by_name ? found.name : std::string(display.substr(begin, end - begin));
  item.category = found.category;
  item.canonical = found.name;
  return item;
}

}  // namespace

std::vector<read_item> lexicon_items(std::string_view s, std::string_view display,
                                     const std::vector<bool>& filler,
                                     const std::vector<bool>& quantity_end) {
  std::vector<read_item> out;
  bool after_boundary = true;
  std::size_t token_end = 0;
  for (std::size_t pos = 0; pos < s.size();) {
    const auto d = utf8::decode_at(s, pos);
    if (token_mark(d.code_point)) {
      after_boundary = true;
      pos += d.length;
      continue;
    }
    if (pos >= token_end) token_end = token_end_from(s, pos);
    // 米 10斤, 需要米, 一把葱, 多的葱: a one-character name starts a token, or follows a phrase,
    // a quantity or 的.
    const bool starts_token = after_boundary || (pos > 0 && filler[pos - 1]) || quantity_end[pos] ||
                              s.substr(0, pos).ends_with("的");
    // Names may start with a numeral (一次性手套, 84消毒液); a numeral also ends a token.
    const auto m = text::item_at(s, pos, starts_token ? token_end : std::string_view::npos);
    if (starts_token && (!m || m->end < token_end)) {
      if (const auto run = single_name_run(s, pos, token_end); !run.empty()) {
        for (std::size_t i = 0; i < run.size(); ++i) {
          const std::size_t end = i + 1 < run.size() ? run[i + 1] : token_end;
          const text::lexicon_item* found = text::lookup_item(s.substr(run[i], end - run[i]));
          out.push_back(lexicon_item_at(display, run[i], end, *found, found->help));
        }
        after_boundary = false;
        pos = token_end;
        continue;
      }
    }
    if (!m) {
      after_boundary = is_numeral(d.code_point);
      pos += d.length;
      continue;
    }
    std::size_t end = m->end;
    for (std::string_view suffix : form_suffixes) {
      if (s.substr(end).starts_with(suffix) && at_boundary(s, end + suffix.size())) {
        end += suffix.size();
        break;
      }
    }
    read_item item = lexicon_item_at(display, m->begin, end, *m->item, m->item->help || m->variant);
    item.name = for_a_child(s, m->begin, *m->item, std::move(item.name));
    out.push_back(std::move(item));
    after_boundary = false;
    pos = end;
  }
  return out;
}

// Whether only spaces, colons, emoji and filler phrases stand in [from, to).
namespace {

// The length of a size written at `at` (XL码, l码, NB码, 大号, 加大号), 0 when none: a size between
// a count and its item (两包XL码纸尿裤) is a detail of the item, not a word between.
std::size_t size_at(std::string_view s, std::size_t at) {
  for (std::string_view word : {"加大号", "大号", "中号", "小号"}) {
    if (s.substr(at).starts_with(word)) return word.size();
  }
  std::size_t i = at;
  while (i < s.size() && i - at < 4 &&
         std::string_view("smlxnbSMLXNB").find(s[i]) != std::string_view::npos)
    ++i;
  if (i > at && s.substr(i).starts_with("码")) return i - at + std::string_view("码").size();
  return 0;
}

}  // namespace

bool only_filler(std::string_view s, const std::vector<bool>& filler, std::size_t from,
                 std::size_t to) {
  for (std::size_t i = from; i < to;) {
    if (s[i] == ' ' || s[i] == ':' || filler[i]) {
      ++i;
      continue;
    }
    if (const std::size_t size = size_at(s, i); size > 0 && i + size <= to) {
      i += size;
      continue;
    }
    const auto d = utf8::decode_at(s, i);
    if (!emoji(d.code_point)) return false;
    i += d.length;
  }
  return true;
}

}  // namespace linli::handlers
