#pragma once
// The neutral shape of a read view's spreadsheet form: named columns over rows of JSON objects.
// The read API serves it as CSV (?format=csv); a dashboard can show the same rows as a table.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace linli::handlers {

struct table {
  std::vector<std::string> columns;               // in order; the header line
  nlohmann::json rows = nlohmann::json::array();  // objects; a missing key or null is empty
};

// RFC 4180 text with a header line and CRLF line ends; a field is quoted when it holds a comma,
// quote or line break; strings are written as they are, other values as JSON. Starts with a UTF-8
// byte order mark so spreadsheet programs read Chinese correctly. A string beginning with =, +, -,
// @, tab or CR is prefixed with ' and quoted so no spreadsheet runs it as a formula.
std::string to_csv(const table& t);

// Whether a text cell would run as a formula in a spreadsheet (it begins with =, +, -, @, tab or
// CR: OWASP's CSV injection); such text is written with a leading ' (to_csv, the xlsx download).
bool formula_like(std::string_view text);

}  // namespace linli::handlers
