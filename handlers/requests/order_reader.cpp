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

// The text without emoji, trailing marks and thanks (+1 🙋, 二份 谢谢团长).
std::string plain(std::string_view s) {
  std::string out;
  utf8::for_each(s, [&](char32_t cp, std::size_t pos, std::size_t len) {
    if (!decoration(cp)) out.append(s.substr(pos, len));
  });
  for (std::string_view thanks : {"谢谢团长"sv, "谢谢"sv, "辛苦团长"sv, "辛苦了"sv}) {
    if (const auto at = out.find(thanks); at != std::string::npos) out.erase(at, thanks.size());
  }
  return out;
}

constexpr std::array order_words = {"我也要"sv, "我还要"sv, "再加"sv, "我加"sv,
                                    "我要"sv,   "加"sv,     "要"sv};

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
  if (!title.empty() && rest.starts_with(title)) rest = text::trim(rest.substr(title.size()));
  bool marked = out.where.has_value();
  for (std::string_view w : order_words) {
    if (rest.starts_with(w)) {
      rest = text::trim(rest.substr(w.size()));
      out.add = w.find("加") != std::string_view::npos;
      marked = true;
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
  if (!unit.empty() && rest.starts_with(unit)) {
    rest = text::trim(rest.substr(unit.size()));
    marked = true;
  } else if (const auto u = text::unit_at(rest)) {
    rest = text::trim(rest.substr(u->size()));
    marked = true;
  }
  // 3 alone is a confirmation or a reply, not an order; more words are no bare order.
  if (!marked || !rest.empty()) return std::nullopt;
  out.quantity = sign * n->value;
  return out;
}

}  // namespace linli::handlers
