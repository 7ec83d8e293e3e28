#include "handlers/core/table.hpp"

#include <string_view>

namespace linli::handlers {
namespace {

using json = nlohmann::json;

std::string csv_field(const json& value) {
  std::string text = value.is_null()     ? ""
                     : value.is_string() ? value.get<std::string>()
                                         : value.dump();
  // A text cell a spreadsheet would run as a formula (OWASP CSV injection) is written as text:
  // a leading ' and quoted. Numbers are JSON numbers, so a negative one is left as it is.
  const bool formula = value.is_string() && formula_like(text);
  if (formula) text.insert(0, "'");
  if (!formula && text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char ch : text) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return quoted + "\"";
}

}  // namespace

bool formula_like(std::string_view text) {
  return !text.empty() && std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos;
}

std::string to_csv(const table& t) {
  std::string out = "\xEF\xBB\xBF";
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    if (i > 0) out += ',';
    out += t.columns[i];
  }
  out += "\r\n";
  for (const auto& row : t.rows) {
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      if (i > 0) out += ',';
      out += csv_field(row.value(t.columns[i], json(nullptr)));
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace linli::handlers
