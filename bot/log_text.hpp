#pragma once
// Untrusted text on its way into a log line: chat ids, names, message ids, request paths, remote
// error bodies and exception messages that may quote them. Every spdlog call that formats such
// text passes it through log_text(), so no one can end a log line early and forge the next one.

#include <cstddef>
#include <string>
#include <string_view>

namespace linli::bot {

// At most this many bytes of one value reach a log line; the rest is counted, not written.
inline constexpr std::size_t log_text_max_bytes = 512;

// `text` with every control character (C0, DEL, and the C1 / Unicode line breaks U+0085,
// U+2028, U+2029) and backslash written as an escape (\n, \r, \t, \\, \xNN, \u2028), cut at
// log_text_max_bytes on a character boundary with "…(+N bytes)". Other bytes are kept as they
// are; spdlog writes them verbatim, so Chinese names stay readable.
inline std::string log_text(std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size() < log_text_max_bytes ? text.size() : log_text_max_bytes);
  std::size_t i = 0;
  for (; i < text.size() && out.size() < log_text_max_bytes; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 0xf];
    } else if (c == 0xc2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0x85) {
      out += "\\u0085";
      ++i;
    } else if (c == 0xe2 && i + 2 < text.size() && text[i + 1] == '\x80' &&
               (text[i + 2] == '\xa8' || text[i + 2] == '\xa9')) {
      out += text[i + 2] == '\xa8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      // Keep a multi-byte character whole, or stop before it.
      std::size_t len = 1;
      if (c >= 0xf0) {
        len = 4;
      } else if (c >= 0xe0) {
        len = 3;
      } else if (c >= 0xc0) {
        len = 2;
      }
      if (len > 1 && out.size() + len > log_text_max_bytes) break;
      const std::size_t n = i + len <= text.size() ? len : text.size() - i;
      out.append(text.substr(i, n));
      i += n - 1;
    }
  }
  if (i < text.size()) out += "…(+" + std::to_string(text.size() - i) + " bytes)";
  return out;
}

}  // namespace linli::bot
