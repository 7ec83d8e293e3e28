// Untrusted text in logs cannot forge a line (issue 15, item 10).

#include "bot/log_text.hpp"

#include <catch2/catch.hpp>

using linli::bot::log_text;

TEST_CASE("log_text escapes what could end or fake a log line", "[log_text]") {
  CHECK(log_text("g1") == "g1");
  CHECK(log_text("3号楼 王阿姨") == "3号楼 王阿姨");
  CHECK(log_text("x\n[2026-12-01 00:00:00] [info] forged") ==
        "x\\n[2026-12-01 00:00:00] [info] forged");
  CHECK(log_text("a\rb\tc\\d") == "a\\rb\\tc\\\\d");
  CHECK(log_text(std::string("\x1b[31mred\x7f\0", 10)) == "\\x1b[31mred\\x7f\\x00");
  CHECK(log_text("a\u2028b\u2029c\u0085d") == "a\\u2028b\\u2029c\\u0085d");
  for (const char c : log_text("\x01\x02\n\r\x1f\x7f"))
    CHECK(static_cast<unsigned char>(c) >= 0x20);
}

TEST_CASE("log_text cuts a long value on a character boundary", "[log_text]") {
  const std::string body(2000, 'a');
  const std::string cut = log_text(body);
  CHECK(cut.starts_with(std::string(linli::bot::log_text_max_bytes, 'a')));
  CHECK(cut.ends_with("…(+1488 bytes)"));
  std::string chinese;
  for (int i = 0; i < 400; ++i) chinese += "楼";  // 3 bytes each
  const std::string c = log_text(chinese);
  CHECK(c.starts_with("楼"));
  const std::string kept = c.substr(0, c.find("…"));
  CHECK(kept.size() % 3 == 0);
  CHECK(kept.size() <= linli::bot::log_text_max_bytes);
}
