#include "handlers/text/text.hpp"

#include <opencc/SimpleConverter.hpp>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "handlers/text/utf8.hpp"

namespace linli::text {
namespace {

constexpr std::int64_t max_value = 1'000'000'000'000'000;  // 10^15

// Traditional -> simplified, one code point for one, for every CJK ideograph: OpenCC's t2s
// conversion of each character on its own (so no phrase rule can change the text's length, which
// after_folded relies on), made once. Without the t2s configuration linli cannot read traditional
// messages, so it stops with a clear error rather than reading them wrongly.
//
// Kept as one dense array over the ideograph blocks (0 = unchanged), because it is read for every
// CJK character of every message: an index instead of a hash lookup (~200 KB).
class simplified_table {
 public:
  static constexpr char32_t first = 0x3400, last = 0xFAFF;

  simplified_table() : to_(last - first + 1, 0) {
    const char* config = std::getenv("LINLI_OPENCC_T2S");
    const std::string path = config && *config ? config : "/usr/share/opencc/t2s.json";
    std::string input;
    std::vector<char32_t> chars;
    for (auto [from, to] :
         {std::pair<char32_t, char32_t>{0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xF900, 0xFAFF}}) {
      for (char32_t cp = from; cp <= to; ++cp) {
        chars.push_back(cp);
        utf8::append(input, cp);
        input += '\n';
      }
    }
    std::string output;
    try {
      output = opencc::SimpleConverter(path).Convert(input);
    } catch (const std::exception& e) {
      throw std::runtime_error("cannot load the OpenCC traditional-to-simplified configuration " +
                               path + " (install opencc-data / libopencc-dev): " + e.what());
    }
    std::size_t line = 0, start = 0;
    for (std::size_t at = output.find('\n'); at != std::string::npos && line < chars.size();
         at = output.find('\n', start), ++line) {
      const std::string_view converted = std::string_view(output).substr(start, at - start);
      start = at + 1;
      const auto d = utf8::decode_at(converted, 0);
      if (!converted.empty() && d.length == converted.size() && d.code_point != chars[line]) {
        to_[chars[line] - first] = d.code_point;
      }
    }
    if (line != chars.size()) throw std::runtime_error("OpenCC t2s returned a short conversion");
  }

  // The simplified form of cp, or cp itself.
  char32_t operator()(char32_t cp) const {
    if (cp < first || cp > last) return cp;
    const char32_t s = to_[cp - first];
    return s == 0 ? cp : s;
  }

 private:
  std::vector<char32_t> to_;
};

const simplified_table& simplified() {
  static const simplified_table table;
  return table;
}

char32_t halfwidth(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFEE0;
  if (cp == 0x3000) return U' ';
  if (cp == 0xFFE5) return 0x00A5;  // ￥ -> ¥
  return cp;
}

// Digit value of a Chinese numeral character, or -1.
int chinese_digit(char32_t cp) {
  switch (cp) {
    case U'零':
    case U'〇':
      return 0;
    case U'一':
    case U'壹':
    case U'幺':
      return 1;
    case U'二':
    case U'两':
    case U'兩':
    case U'贰':
    case U'貳':
      return 2;
    case U'三':
    case U'叁':
    case U'參':
      return 3;
    case U'四':
    case U'肆':
      return 4;
    case U'五':
    case U'伍':
      return 5;
    case U'六':
    case U'陆':
    case U'陸':
      return 6;
    case U'七':
    case U'柒':
      return 7;
    case U'八':
    case U'捌':
      return 8;
    case U'九':
    case U'玖':
      return 9;
    default:
      return -1;
  }
}

// Multiplier of a Chinese unit character, or 0.
std::int64_t chinese_unit(char32_t cp) {
  switch (cp) {
    case U'十':
    case U'拾':
      return 10;
    case U'百':
    case U'佰':
      return 100;
    case U'千':
    case U'仟':
      return 1000;
    case U'万':
    case U'萬':
      return 10'000;
    case U'亿':
    case U'億':
      return 100'000'000;
    default:
      return 0;
  }
}

bool is_space(char32_t cp) {
  return cp == U' ' || cp == U'\t' || cp == U'\n' || cp == U'\r' || cp == U'\f' || cp == U'\v' ||
         cp == 0x3000 || cp == 0x00A0;
}

// Evaluates a run of numeral characters that has at least one unit (十, 百 ...).
std::optional<std::int64_t> evaluate_with_units(std::u32string_view run) {
  std::int64_t total = 0;    // completed 万/亿 sections
  std::int64_t section = 0;  // below 万
  int digit = -1;            // pending digit, -1 when none
  std::int64_t last_unit = 0;
  bool zero_seen = false;  // 零 between units: 一百零五 is 105, while 一百五 is 150
  for (char32_t cp : run) {
    if (const int d = chinese_digit(cp); d >= 0) {
      if (d == 0) zero_seen = true;
      digit = d;
      continue;
    }
    const std::int64_t unit = chinese_unit(cp);
    if (unit >= 10'000) {
      section += digit < 0 ? 0 : digit;
      if (section == 0) section = 1;
      if (total > max_value / unit) return std::nullopt;
      total = (total + section) * unit;
      section = 0;
    } else {
      section += (digit < 0 ? 1 : digit) * unit;
    }
    last_unit = unit;
    digit = -1;
    zero_seen = false;
  }
  if (digit >= 0) {
    // Colloquial 一百五 = 150, 两千五 = 2500, 一万五 = 15000: a bare trailing digit counts in the
    // next unit down, unless a 零 said otherwise.
    const bool colloquial = !zero_seen && last_unit >= 100;
    section += colloquial ? digit * (last_unit / 10) : digit;
  }
  const std::int64_t value = total + section;
  if (value > max_value) return std::nullopt;
  return value;
}

std::optional<std::int64_t> evaluate(std::u32string_view run) {
  if (run.empty()) return std::nullopt;
  bool has_unit = false;
  for (char32_t cp : run) has_unit = has_unit || chinese_unit(cp) != 0;
  if (has_unit) return evaluate_with_units(run);
  // Digits only (三〇二): read positionally.
  if (run.size() > 15) return std::nullopt;
  std::int64_t value = 0;
  for (char32_t cp : run) value = value * 10 + chinese_digit(cp);
  return value;
}

bool is_numeral_char(char32_t cp) {
  return chinese_digit(cp) >= 0 || chinese_unit(cp) != 0;
}

}  // namespace

std::string to_halfwidth(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  utf8::for_each(s, [&](char32_t cp, std::size_t pos, std::size_t len) {
    const char32_t mapped = halfwidth(cp);
    if (mapped == cp && cp != utf8::replacement) {
      out.append(s.substr(pos, len));
    } else {
      utf8::append(out, mapped);
    }
  });
  return out;
}

std::string to_simplified(std::string_view s) {
  const simplified_table& table = simplified();
  std::string out;
  out.reserve(s.size());
  utf8::for_each(s, [&](char32_t cp, std::size_t pos, std::size_t len) {
    if (const char32_t t = table(cp); t != cp) {
      utf8::append(out, t);
    } else if (cp == utf8::replacement) {
      utf8::append(out, cp);
    } else {
      out.append(s.substr(pos, len));
    }
  });
  return out;
}

void load_simplifier() {
  (void)simplified();
}

char32_t fold_char(char32_t cp) {
  cp = halfwidth(cp);
  if (cp >= U'A' && cp <= U'Z') return cp + (U'a' - U'A');
  if (cp < 0x80) return cp;
  return simplified()(cp);
}

std::string fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  utf8::for_each(s, [&](char32_t cp, std::size_t pos, std::size_t len) {
    const char32_t folded = fold_char(cp);
    if (folded == cp && cp != utf8::replacement) {
      out.append(s.substr(pos, len));  // unchanged: its own bytes, not decoded and encoded again
    } else {
      utf8::append(out, folded);
    }
  });
  return out;
}

std::optional<std::int64_t> parse_chinese_number(std::string_view s) {
  std::u32string run;
  bool all_numeral = true;
  utf8::for_each(s, [&](char32_t cp, std::size_t, std::size_t) {
    if (!is_numeral_char(cp)) all_numeral = false;
    run.push_back(cp);
  });
  if (!all_numeral || run.size() > 32) return std::nullopt;
  return evaluate(run);
}

std::optional<number> read_number(std::string_view s) {
  std::size_t pos = 0;
  std::int64_t value = 0;
  bool arabic = false;
  // Arabic digits, ASCII or full-width, possibly mixed.
  while (pos < s.size()) {
    const utf8::decoded d = utf8::decode_at(s, pos);
    const char32_t cp = halfwidth(d.code_point);
    if (cp < U'0' || cp > U'9') break;
    if (value > (max_value - (cp - U'0')) / 10) return std::nullopt;
    value = value * 10 + (cp - U'0');
    arabic = true;
    pos += d.length;
  }
  if (arabic) return number{value, pos};

  std::u32string run;
  while (pos < s.size() && run.size() < 32) {
    const utf8::decoded d = utf8::decode_at(s, pos);
    if (!is_numeral_char(d.code_point)) break;
    run.push_back(d.code_point);
    pos += d.length;
  }
  const auto chinese = evaluate(run);
  if (!chinese) return std::nullopt;
  return number{*chinese, pos};
}

std::string_view trim(std::string_view s) {
  std::size_t begin = 0;
  while (begin < s.size()) {
    const utf8::decoded d = utf8::decode_at(s, begin);
    if (!is_space(d.code_point)) break;
    begin += d.length;
  }
  std::size_t end = s.size();
  while (end > begin) {
    std::size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    if (!is_space(utf8::decode_at(s, start).code_point)) break;
    end = start;
  }
  return s.substr(begin, end - begin);
}

std::string_view decimal_at(std::string_view s) {
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  std::size_t i = 0;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i == 0) return {};
  if (i + 1 < s.size() && s[i] == '.' && is_digit(s[i + 1])) {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
  }
  return s.substr(0, i);
}

std::string_view after_folded(std::string_view original, std::string_view folded_prefix) {
  std::size_t cps = 0;
  utf8::for_each(folded_prefix, [&](char32_t, std::size_t, std::size_t) { ++cps; });
  std::string_view rest = trim(original);
  for (; cps > 0 && !rest.empty(); --cps) rest.remove_prefix(utf8::decode_at(rest, 0).length);
  return trim(rest);
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : std::string(sep)) + p;
  return out;
}

}  // namespace linli::text
