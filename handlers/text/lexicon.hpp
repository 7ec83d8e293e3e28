#pragma once
// The item, unit, urgency and intent lexicons (handlers/text/lexicons/*.tsv, described in their
// README), embedded at build time and loaded once. Every lookup takes folded text (text::fold);
// the lexicon's own strings are folded the same way when they are loaded.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace linli::text {

struct lexicon_item {
  std::string name;      // canonical, as a coordinator writes it
  std::string category;  // medicine, cold_chain, food, daily, other
  // Help rather than goods (a ride to hospital, an errand): written by its name, not as the
  // resident phrased it (车送医院 is 送医车辆 on the list).
  bool help = false;
};

struct item_match {
  std::size_t begin = 0, end = 0;  // bytes of the folded text
  const lexicon_item* item = nullptr;
  // Matched a variant (a typo such as 布络芬, or 温度计): listed by the item's name.
  bool variant = false;
};

// The longest item name or alias starting at byte `pos` of `folded`. Single-character and short
// ASCII entries (盐, 糖, VC) sit inside other words (糖尿病, 单元), so they count only when
// `whole_token_end` says where the token ends and the entry fills it.
std::optional<item_match> item_at(std::string_view folded, std::size_t pos,
                                  std::size_t whole_token_end = std::string_view::npos);

// The items named in `folded`, leftmost-longest, not overlapping.
std::vector<item_match> find_items(std::string_view folded);

// The item whose name or alias is exactly `folded`, or null.
const lexicon_item* lookup_item(std::string_view folded);

// The longest unit at the start of `folded` (公斤 before 斤, 人份 before 份).
std::optional<std::string_view> unit_at(std::string_view folded);

struct phrase_match {
  std::size_t begin = 0, end = 0;
  std::string_view kind;  // urgent, elderly, ... / need, offer, question_need, ...
};

// Urgency (urgency.tsv) or intent (intents.tsv) phrases in `folded`, leftmost-longest, with the
// `{N}` / `{X}` placeholders read and their noted conditions (N >= 39, N <= 3) checked.
std::vector<phrase_match> find_urgency(std::string_view folded);
std::vector<phrase_match> find_intents(std::string_view folded);

// The first phrase of the given kind, or nullopt.
std::optional<phrase_match> first_of(const std::vector<phrase_match>& found, std::string_view kind);

}  // namespace linli::text
