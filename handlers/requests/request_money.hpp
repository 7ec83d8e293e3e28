#pragma once
// Internal to the need reader (request_parser.cpp): the money a need's text states, taken out of
// the text before its items are read.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace linli::handlers::requests_detail {

struct money_mark {
  std::size_t pos;
  std::int64_t cents;
  enum { plain, per_unit, total } kind;
};

// Blanks bytes [from, to) of `s` to spaces, so nothing is read from them and offsets hold.
void blank(std::string& s, std::size_t from, std::size_t to);

// Finds the money in the text, notes it, and blanks it out so items are not read from it. An
// amount starts where a number starts, never inside one: 999999999999元 is past the cap, not
// ¥999,999 read from its tail.
std::vector<money_mark> take_money(std::string& s);

}  // namespace linli::handlers::requests_detail
