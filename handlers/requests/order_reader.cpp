#include "handlers/requests/order_reader.hpp"

#include <array>
#include <string>

#include "handlers/text/lexicon.hpp"
#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::handlers {
namespace {

using namespace std::string_view_literals;

bool decoration(char32_t cp) {
  return cp >= 0x1F000 || (cp >= 0x2600 && cp <= 0x27BF) || cp == 0xFE0F || cp == 0x200D ||
         cp == U'!' || cp == U'~' || cp == U'。' || cp == U',';
}

// The text without emoji, trailing marks, a note in brackets and thanks (+1 🙋, 二份 谢谢团长,
// +5(帮楼上带)): the bracket's words are the buyer's note, not the order.
std::string plain(std::string_view s) {
  std::string out;
  int depth = 0;
  utf8::for_each(s, [&](char32_t cp, std::size_t pos, std::size_t len) {
    if (cp == U'(' || cp == U'[' || cp == U'【') {
      ++depth;
    } else if ((cp == U')' || cp == U']' || cp == U'】') && depth > 0) {
      --depth;
    } else if (depth == 0 && !decoration(cp)) {
      out.append(s.substr(pos, len));
    }
  });
  for (std::string_view thanks :
       {"谢谢团长"sv, "谢谢啦"sv, "谢谢"sv, "辛苦团长"sv, "辛苦了"sv, "感谢"sv, "麻烦了"sv}) {
    if (const auto at = out.find(thanks); at != std::string::npos) out.erase(at, thanks.size());
  }
  return out;
}

// Words before the count; 改成 replaces the sender's earlier order, the 加 words add to it.
constexpr std::array order_words = {"我也要"sv, "我还要"sv, "我再要"sv, "再要"sv,     "我想要"sv,
                                    "想要"sv,   "再加"sv,   "我家要"sv, "我家也要"sv, "家里要"sv,
                                    "我们要"sv, "我加"sv,   "我要"sv,   "我也来"sv,   "给我来"sv,
                                    "我来"sv,   "来"sv,     "给我"sv,   "我订"sv,     "订"sv,
                                    "改成"sv,   "改为"sv,   "改"sv,     "加"sv,       "要"sv};

// Particles after the count that say nothing more (2份就行, 一份吧), and where to leave it
// (2箱 放门口).
constexpr std::array closing_words = {"就好"sv,       "就行"sv, "即可"sv,     "吧"sv,    "哈"sv,
                                      "呀"sv,         "啊"sv,   "哦"sv,       "呢"sv,    "放门口"sv,
                                      "放门口就行"sv, "送到"sv, "送到门口"sv, "送上门"sv};

}  // namespace

std::optional<order_reading> read_order(std::string_view folded, std::string_view title,
                                        std::string_view unit) {
  if (folded.empty() || folded.size() > 200) return std::nullopt;
  order_reading out;
  std::string s(folded);
  if (const auto a = text::find_address(s)) {
    out.where = a->value;
    s.replace(a->begin, a->end - a->begin, " ");
  }
  s = plain(s);
  std::string_view rest = text::trim(s);
  // 团长我要两份, @团长 +1: the buy's organiser addressed first; 地址 6号楼1单元302 4份: the
  // address's label, the address itself taken above.
  for (std::string_view lead : {"@团长"sv, "团长"sv, "地址:"sv, "地址"sv}) {
    if (rest.starts_with(lead)) {
      rest = text::trim(rest.substr(lead.size()));
      break;
    }
  }
  if (!title.empty() && rest.starts_with(title)) rest = text::trim(rest.substr(title.size()));
  bool marked = out.where.has_value();
  bool unit_needed = false;  // 我来 5 claims need #5; 我来一份 orders one
  for (std::string_view w : order_words) {
    if (rest.starts_with(w)) {
      rest = text::trim(rest.substr(w.size()));
      out.add = w.find("加") != std::string_view::npos;
      out.replace = w.starts_with("改");
      unit_needed = w.find("来") != std::string_view::npos;
      marked = !unit_needed;
      break;
    }
  }
  if (!title.empty() && rest.starts_with(title)) rest = text::trim(rest.substr(title.size()));
  int sign = 1;
  if (rest.starts_with("+") || rest.starts_with("-")) {
    sign = rest.starts_with("-") ? -1 : 1;
    rest = text::trim(rest.substr(1));
    out.add = marked = true;
  }
  const auto n = text::read_number(rest);
  if (!n || n->value < 1 || n->value > 10'000) return std::nullopt;
  rest = text::trim(rest.substr(n->length));
  bool has_unit = false;
  if (!unit.empty() && rest.starts_with(unit)) {
    rest = text::trim(rest.substr(unit.size()));
    has_unit = true;
  } else if (const auto u = text::unit_at(rest)) {
    rest = text::trim(rest.substr(u->size()));
    has_unit = true;
  }
  marked = marked || has_unit;
  if (unit_needed && !has_unit) return std::nullopt;
  // 我家要一份蔬菜包: the buy's name after the count.
  if (!title.empty() && rest.starts_with(title)) rest = text::trim(rest.substr(title.size()));
  for (std::string_view w : closing_words) {
    if (rest == w) rest = {};
  }
  // 3 alone is a confirmation or a reply, not an order; more words are no bare order.
  if (!marked || !rest.empty()) return std::nullopt;
  out.quantity = sign * n->value;
  return out;
}

}  // namespace linli::handlers
