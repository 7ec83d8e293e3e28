#include "handlers/requests/item_reader.hpp"

#include "handlers/requests/item_names.hpp"
#include "handlers/requests/quantity_reader.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>

#include "handlers/text/lexicon.hpp"
#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::handlers {
namespace {

using namespace std::string_view_literals;

std::vector<std::size_t> clause_starts(std::string_view s) {
  std::vector<std::size_t> out{0};
  utf8::for_each(s, [&](char32_t cp, std::size_t pos, std::size_t len) {
    if (clause_mark(cp)) out.push_back(pos + len);
  });
  return out;
}

std::size_t clause_of(const std::vector<std::size_t>& starts, std::size_t pos) {
  return static_cast<std::size_t>(std::upper_bound(starts.begin(), starts.end(), pos) -
                                  starts.begin()) -
         1;
}

// Context, not the need, when the message names another item: what is left at home (只剩两个
// 土豆), the dish the goods are for (想蒸馒头), a variant that would do (面条 2斤 挂面就行).
constexpr std::array leftover_words = {"只剩"sv, "还剩"sv, "就剩"sv, "剩下"sv};
constexpr std::array cooking_verbs = {U'蒸', U'煮', U'做', U'炒', U'炖', U'熬',
                                      U'烙', U'腌', U'煎', U'烤', U'拌', U'卤'};
constexpr std::array did_not_help = {"不好使"sv, "不管用"sv, "没用"sv, "没效果"sv, "不见效"sv};
// Who else a clause asks (谁家有剩下的…).
constexpr std::array asked_of_others = {"谁"sv, "哪"sv, "有没有"sv, "有人"sv};
constexpr std::array will_do = {"就行"sv, "就好"sv, "也行"sv, "就可以"sv, "都行"sv, "都可以"sv};

// 我有… / 我家有…: the sender names what they have, not what they need.
constexpr std::array possession = {
    "我现在有"sv, "我这里还有"sv, "我这里有"sv, "我这还有"sv, "我这有"sv,   "我家也有"sv,
    "我家有"sv,   "我也有"sv,     "我有"sv,     "我手上有"sv, "家里囤了"sv, "我家还有"sv,
    "我提供"sv,   "我这边有"sv,   "我这儿有"sv, "我们这有"sv, "家里还有"sv};

// Gives items their quantities; returns which quantities were taken.
std::vector<bool> assign_quantities(std::string_view s, const std::vector<bool>& filler,
                                    std::vector<read_item>& items,
                                    const std::vector<quantity_mark>& qs,
                                    const std::vector<std::size_t>& clauses) {
  std::vector<bool> used(qs.size(), false);
  std::vector<bool> vague(items.size(), false);  // the item's quantity was 几个 or 半瓶
  auto take = [&](read_item& item, std::size_t q) {
    item.quantity = qs[q].value;
    item.unit = qs[q].unit;
    item.has_quantity = true;
    vague[static_cast<std::size_t>(&item - items.data())] = qs[q].vague;
    used[q] = true;
  };
  // A quantity written straight before a name (两盒布洛芬) is that item's, unless it also
  // follows the previous item straight (大米10斤鸡蛋30个).
  std::vector<std::optional<std::size_t>> before(items.size());
  std::vector<bool> reserved(qs.size(), false);
  std::unordered_map<std::size_t, std::size_t> ending_at;
  for (std::size_t q = 0; q < qs.size(); ++q) ending_at[qs[q].end] = q;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto it = ending_at.find(items[i].begin);
    if (it == ending_at.end() || qs[it->second].each) continue;
    if (i > 0 && items[i - 1].end == qs[it->second].begin) continue;
    before[i] = it->second;
    reserved[it->second] = true;
  }
  // Quantities and items are both in text order: one pointer walks the quantities.
  std::size_t next_q = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    read_item& item = items[i];
    const std::size_t limit = i + 1 < items.size() ? items[i + 1].begin : s.size();
    while (next_q < qs.size() && qs[next_q].begin < item.end) ++next_q;
    // 布洛芬2盒, 布洛芬 两盒, 300粒维C 一瓶: what follows wins over a size written before.
    std::optional<std::size_t> after;
    if (next_q < qs.size()) {
      const std::size_t q = next_q;
      if (qs[q].begin <= limit && !used[q] && !reserved[q] && !qs[q].each &&
          only_filler(s, filler, item.end, qs[q].begin))
        after = q;
    }
    if (after) {
      take(item, *after);
      if (before[i]) reserved[*before[i]] = false;
    } else if (before[i]) {
      take(item, *before[i]);
    }
  }
  for (std::size_t q = 0; q < qs.size(); ++q) {
    if (used[q] || reserved[q]) continue;
    // The first item at or after the quantity's end.
    const auto first_after = static_cast<std::size_t>(
        std::lower_bound(items.begin(), items.end(), qs[q].end,
                         [](const read_item& item, std::size_t at) { return item.begin < at; }) -
        items.begin());
    if (qs[q].each) {
      // 前列地尔 和 甲钴胺 各两盒: every item of the clause before it still without one.
      const std::size_t clause = clause_of(clauses, qs[q].begin);
      for (std::size_t i = first_after; i-- > 0;) {
        if (items[i].has_quantity || clause_of(clauses, items[i].begin) != clause) break;
        take(items[i], q);
      }
      continue;
    }
    // 需要 两盒 布洛芬: a quantity before the name, with only words like 需要 between.
    if (first_after < items.size() && !items[first_after].has_quantity &&
        only_filler(s, filler, qs[q].end, items[first_after].begin)) {
      take(items[first_after], q);
      continue;
    }
    // 布洛芬,想买一盒 / 婴儿尿不湿 L码 2包: a quantity that names no item of its own clause is
    // the one of the item before it, in its clause or the one before.
    const std::size_t clause = clause_of(clauses, qs[q].begin);
    // 匀几个?两三个就行: a figure written after a vague one is the one meant.
    if (first_after > 0) {
      read_item& item = items[first_after - 1];
      const bool open = !item.has_quantity || (vague[first_after - 1] && !qs[q].vague);
      // Two clauses back when the one between holds only a size or a remark (纸尿裤？L码，两三片).
      if (open && clause - clause_of(clauses, item.begin) <= 2) take(item, q);
    }
  }
  return used;
}

// Whether two items are listed side by side with "and" between them (退烧药和快测, 退燒藥同快測,
// 碘伏、胶带): each is an item of its own, never a class and its member.
bool listed_with_and(std::string_view s, const read_item& a, const read_item& b) {
  const read_item& first = a.begin < b.begin ? a : b;
  const read_item& second = a.begin < b.begin ? b : a;
  if (first.end > second.begin) return false;
  const std::string_view between = text::trim(s.substr(first.end, second.begin - first.end));
  for (std::string_view word :
       {"和"sv, "同"sv, "跟"sv, "与"sv, "及"sv, "以及"sv, "还有"sv, "、"sv, "+"sv, "加"sv}) {
    if (between == word) return true;
  }
  return false;
}

// 就剩最后一卷了, 只剩两片: what is left, not how much is asked for.
bool left_over(std::string_view s, const quantity_mark& q) {
  std::string_view before = s.substr(0, q.begin);
  while (before.ends_with(' ')) before.remove_suffix(1);
  for (std::string_view w : {"剩"sv, "剩下"sv, "最后"sv}) {
    if (before.ends_with(w)) return true;
  }
  return false;
}

// A class of goods (降压药, 蔬菜, 水果) named beside the item itself (氨氯地平, 青菜).
bool class_word(const read_item& item) {
  if (item.canonical == "膏药") return false;
  return item.name.ends_with("药") || item.name.ends_with("药水") || item.canonical == "蔬菜" ||
         item.canonical == "水果" || item.canonical == "水" || item.canonical == "冻肉";
}

// One item per lexicon entry: 卫生纸快用完了 需要卷纸一提 is one need, 卷纸 1提; the longer
// name wins when it holds the other (奶粉 ... 特配奶粉), the quantity comes from whichever has one.
void merge_same(std::vector<read_item>& items) {
  std::vector<read_item> out;
  std::unordered_map<std::string, std::size_t> seen;
  for (read_item& item : items) {
    const auto it = seen.find(item.canonical);
    // Two different aliases of one entry (生抽, 老抽 of 酱油) are two items.
    const bool same = it != seen.end() &&
                      (item.name == item.canonical || out[it->second].name == item.canonical ||
                       item.name.find(out[it->second].name) != std::string::npos ||
                       out[it->second].name.find(item.name) != std::string::npos);
    if (!same) {
      seen.emplace(item.canonical, out.size());
      out.push_back(std::move(item));
      continue;
    }
    read_item& kept = out[it->second];
    const bool longer =
        item.name.size() > kept.name.size() && item.name.find(kept.name) != std::string::npos;
    const bool better = longer || (!kept.has_quantity && item.has_quantity &&
                                   kept.name.find(item.name) == std::string::npos);
    if (better) {
      if (!item.has_quantity && kept.has_quantity) {
        item.quantity = kept.quantity, item.unit = kept.unit, item.has_quantity = true;
      }
      kept = std::move(item);
    } else if (!kept.has_quantity && item.has_quantity) {
      kept.quantity = item.quantity, kept.unit = item.unit, kept.has_quantity = true;
    }
  }
  items = std::move(out);
}

// 胰岛素笔芯 诺和锐 2支, 特殊奶粉 纽康特: a product then, after spaces only, a brand or variant
// (an alias) of its category is one item (诺和锐胰岛素笔芯); not after a class word (降压药
// 氨氯地平 is the drug) nor a product with its own quantity.
void merge_brands(std::string_view s, std::vector<read_item>& items) {
  std::vector<read_item> out;
  for (read_item& item : items) {
    if (!out.empty()) {
      read_item& product = out.back();
      const bool adjacent =
          product.end < item.begin &&
          s.substr(product.end, item.begin - product.end).find_first_not_of(' ') ==
              std::string_view::npos;
      if (adjacent && !product.has_quantity && !class_word(product) &&
          product.category == item.category && item.name != item.canonical &&
          item.name.find(product.name) == std::string::npos &&
          product.name.find(item.name) == std::string::npos) {
        item.name += product.name;
        item.begin = product.begin;
        product = std::move(item);
        continue;
      }
    }
    out.push_back(std::move(item));
  }
  items = std::move(out);
}

}  // namespace

item_reading read_items(std::string_view s, std::string_view display,
                        const std::vector<bool>& filler, const std::vector<bool>& quiet) {
  item_reading out;
  std::vector<quantity_mark> qs = find_quantities(s);
  std::erase_if(qs, [&](const quantity_mark& q) { return quiet[q.begin] || left_over(s, q); });
  std::vector<bool> quantity_end(s.size() + 1, false);
  for (const quantity_mark& q : qs) quantity_end[q.end] = true;
  std::vector<read_item> items = lexicon_items(s, display, filler, quantity_end);
  const std::vector<std::size_t> clauses = clause_starts(s);
  const std::vector<bool> used = assign_quantities(s, filler, items, qs, clauses);
  for (std::size_t q = 0; q < qs.size(); ++q) {
    if (!used[q]) out.unused.push_back(qs[q]);
  }
  for (const read_item& item : items) out.named.emplace_back(item.begin, item.end);

  // Per clause, once: where the sender first says they have something (我有…), and where 换 and
  // 用 first stand.
  constexpr std::size_t none = std::string_view::npos;
  std::vector<std::size_t> owns(clauses.size(), none), swaps(clauses.size(), none),
      uses(clauses.size(), none), leftover(clauses.size(), none);
  std::vector<bool> others_give(clauses.size(), false);
  for (std::size_t c = 0; c < clauses.size(); ++c) {
    const std::size_t clause_end = c + 1 < clauses.size() ? clauses[c + 1] : s.size();
    const std::string_view clause = s.substr(clauses[c], clause_end - clauses[c]);
    for (std::string_view w : possession) {
      if (const auto at = clause.find(w); at != none) owns[c] = std::min(owns[c], clauses[c] + at);
    }
    for (std::string_view w : leftover_words) {
      const auto at = clause.find(w);
      // 谁家有剩下的泰诺林: what someone else has left is what is asked for.
      const bool others =
          std::any_of(asked_of_others.begin(), asked_of_others.end(), [&](std::string_view o) {
            const auto who = clause.find(o);
            return who != none && at != none && who < at;
          });
      if (at != none && !others) leftover[c] = std::min(leftover[c], clauses[c] + at);
    }
    if (const auto at = clause.find("换"); at != none) swaps[c] = clauses[c] + at;
    if (const auto at = clause.find("用"); at != none) uses[c] = clauses[c] + at;
    // 有人愿意用洋葱换咖啡吗: another gives the first and gets the second, so the sender asks
    // for what comes before 换.
    if (uses[c] != none && swaps[c] != none && uses[c] < swaps[c]) {
      for (std::string_view w : {"有人"sv, "谁"sv, "哪位"sv, "哪家"sv, "邻居"sv}) {
        if (const auto at = clause.find(w); at != none && clauses[c] + at < uses[c]) {
          others_give[c] = true;
        }
      }
    }
  }
  std::vector<bool> drop(items.size(), false), aside(items.size(), false);
  std::size_t dropped_as_own = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    read_item& item = items[i];
    const std::size_t c = clause_of(clauses, item.begin);
    // 我现在有连花清瘟和布洛芬: what the sender has is no need.
    if (owns[c] != none && owns[c] < item.begin) {
      drop[i] = true;
      ++dropped_as_own;
      out.owned.push_back(item);
      continue;
    }
    // 用一条鲈鱼换两盒纸巾, 可乐换葱: what is given in exchange is no need.
    if (swaps[c] != none && swaps[c] >= item.end) {
      if (!others_give[c] && (uses[c] == none || uses[c] < item.begin)) drop[i] = true;
      continue;
    }
    if (others_give[c] && swaps[c] != none && swaps[c] < item.begin) {
      drop[i] = true;  // what the other would get
      continue;
    }
    if (leftover[c] != none && leftover[c] < item.begin) aside[i] = true;
    if (item.begin >= 3) {
      const auto before = utf8::decode_at(s, item.begin - 3);
      if (before.length == 3 && std::find(cooking_verbs.begin(), cooking_verbs.end(),
                                          before.code_point) != cooking_verbs.end())
        aside[i] = true;
    }
    // 用完酒精擦干净就还: what the borrowed thing is cleaned with, after use; 吃美林不好使: what
    // was tried and did not help.
    if (s.substr(0, item.begin).ends_with("用完")) aside[i] = true;
    if (std::any_of(did_not_help.begin(), did_not_help.end(),
                    [&](std::string_view w) { return s.substr(item.end).starts_with(w); }))
      aside[i] = true;
    if (i > 0 && !item.has_quantity) {
      const std::string_view after = s.substr(item.end);
      if (std::any_of(will_do.begin(), will_do.end(),
                      [&](std::string_view w) { return after.starts_with(w); }))
        aside[i] = true;
    }
    if (i + 1 < items.size()) {
      read_item& next = items[i + 1];
      // 左甲状腺素钠片(优甲乐)1瓶: the brand in brackets is the same item.
      if (next.begin == item.end + 1 && s[item.end] == '(') {
        drop[i + 1] = true;
        if (!item.has_quantity && next.has_quantity) {
          item.quantity = next.quantity, item.unit = next.unit, item.has_quantity = true;
        }
      }
      // 美林退烧药: the drug, then what it is for.
      if (next.begin == item.end && !next.has_quantity && class_word(next)) drop[i + 1] = true;
    }
  }
  // Context (what is left, the dish, a variant that would do) goes only when something else is
  // asked for.
  bool asked_too = false;
  for (std::size_t i = 0; i < items.size(); ++i) asked_too = asked_too || (!drop[i] && !aside[i]);
  std::vector<read_item> kept;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!drop[i] && !(aside[i] && asked_too)) kept.push_back(std::move(items[i]));
  }
  merge_brands(s, kept);
  merge_same(kept);
  // 降压药 … 厄贝沙坦 两盒, 冻肉 需冷藏 五花肉: the class is dropped when the item itself is
  // named too.
  for (std::size_t i = 0; i < kept.size(); ++i) {
    const read_item& item = kept[i];
    const bool named_too =
        class_word(item) && !item.has_quantity &&
        std::any_of(kept.begin(), kept.end(), [&](const read_item& other) {
          return &other != &item && !class_word(other) && !listed_with_and(s, item, other) &&
                 (other.category == item.category ||
                  (other.begin >= item.end && only_filler(s, filler, item.end, other.begin)));
        });
    if (!(named_too && !item.has_quantity && class_word(item))) out.items.push_back(item);
  }
  out.offered = out.items.empty() && dropped_as_own > 0;
  return out;
}

}  // namespace linli::handlers
