#pragma once
// UTF-8 decoding and encoding for untrusted text. Invalid bytes never throw: each one decodes
// to U+FFFD, so a message with broken encoding is still stored and parsed as far as possible.

#include <cstddef>
#include <string>
#include <string_view>

namespace linli::utf8 {

inline constexpr char32_t replacement = 0xFFFD;

struct decoded {
  char32_t code_point;
  std::size_t length;  // bytes consumed, at least 1
};

// Decodes the code point starting at s[pos] (pos < s.size()).
decoded decode_at(std::string_view s, std::size_t pos);

void append(std::string& out, char32_t cp);

// Whether s is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
bool valid(std::string_view s);

// Calls f(code_point, byte_offset, byte_length) for each code point of s.
template <class F>
void for_each(std::string_view s, F&& f) {
  for (std::size_t pos = 0; pos < s.size();) {
    const decoded d = decode_at(s, pos);
    f(d.code_point, pos, d.length);
    pos += d.length;
  }
}

// Replaces each NUL byte of s by U+FFFD, in place, and says whether there was one. NUL is valid
// UTF-8 (a JSON "\u0000" decodes to it) but PostgreSQL's text cannot hold it: the intake of every
// platform passes each text of a message through this, so both backends store the same text.
bool replace_nul(std::string& s);

// The longest prefix of s of at most max_bytes that ends on a code point boundary.
std::string_view truncate(std::string_view s, std::size_t max_bytes);

}  // namespace linli::utf8
