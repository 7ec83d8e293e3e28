#include "handlers/text/utf8.hpp"

#include <catch2/catch.hpp>

using namespace linli;

TEST_CASE("utf8 decodes ASCII and multi-byte code points", "[utf8]") {
  const std::string s = "a楼😀";
  CHECK(utf8::decode_at(s, 0).code_point == U'a');
  CHECK(utf8::decode_at(s, 1).code_point == U'楼');
  CHECK(utf8::decode_at(s, 1).length == 3);
  CHECK(utf8::decode_at(s, 4).code_point == U'😀');
  CHECK(utf8::decode_at(s, 4).length == 4);
}

TEST_CASE("utf8 turns each invalid byte into U+FFFD without throwing", "[utf8]") {
  const std::string broken =
      "\xE6\xA5"
      "x\xFF\xC0\xAF";  // truncated 楼, stray bytes, overlong '/'
  std::u32string out;
  utf8::for_each(broken, [&](char32_t cp, std::size_t, std::size_t) { out.push_back(cp); });
  CHECK(out == U"\uFFFD\uFFFDx\uFFFD\uFFFD\uFFFD");
  CHECK_FALSE(utf8::valid(broken));
  CHECK(utf8::valid("３号楼 \uFFFD"));       // a real U+FFFD is valid text
  CHECK_FALSE(utf8::valid("\xED\xA0\x80"));  // encoded surrogate
}

TEST_CASE("utf8 append round-trips and replaces surrogates", "[utf8]") {
  std::string s;
  for (char32_t cp : std::u32string(U"号A😀")) utf8::append(s, cp);
  CHECK(s == "号A😀");
  std::string bad;
  utf8::append(bad, 0xD800);
  CHECK(bad == "\uFFFD");
}

TEST_CASE("utf8 truncate never splits a code point", "[utf8]") {
  const std::string s = "楼号";  // 6 bytes
  CHECK(utf8::truncate(s, 6) == "楼号");
  CHECK(utf8::truncate(s, 5) == "楼");
  CHECK(utf8::truncate(s, 3) == "楼");
  CHECK(utf8::truncate(s, 2).empty());
}

TEST_CASE("utf8 replace_nul turns each NUL byte into U+FFFD and keeps the rest", "[utf8]") {
  std::string s(
      "\0\xE6\xA5\xBC"
      "a\0\0b\0",
      9);
  CHECK(utf8::replace_nul(s));
  CHECK(s == "\uFFFD楼a\uFFFD\uFFFDb\uFFFD");
  CHECK(utf8::valid(s));
  std::string clean = "3号楼 \uFFFD";
  CHECK_FALSE(utf8::replace_nul(clean));
  CHECK(clean == "3号楼 \uFFFD");
  std::string empty;
  CHECK_FALSE(utf8::replace_nul(empty));
  CHECK(empty.empty());
}
