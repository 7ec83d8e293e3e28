#include "bot/import/exports.hpp"

#include <array>
#include <charconv>

namespace linli::bot::imports {

namespace {

constexpr std::array formats = {
    export_format{"memotrace-txt",
                  "WeChatMsg / MemoTrace (留痕) TXT: a \"YYYY-MM-DD HH:MM:SS name\" line, then the "
                  "message, records apart by a blank line",
                  read_memotrace_txt},
    export_format{"chatlog-csv",
                  "sjzar/chatlog CSV: Time,SenderName,Sender,TalkerName,Talker,Content",
                  read_chatlog_csv},
    export_format{"linli-jsonl",
                  "linli's own: one generic webhook body per line (message_id, sender, text, "
                  "timestamp)",
                  read_linli_jsonl},
};

// The digits of text[at, at + n) as a number; -1 unless all are ASCII digits.
int digits(std::string_view text, std::size_t at, std::size_t n) {
  int value = 0;
  const char* first = text.data() + at;
  const auto [end, ec] = std::from_chars(first, first + n, value);
  return ec == std::errc{} && end == first + n ? value : -1;
}

}  // namespace

std::span<const export_format> export_formats() {
  return formats;
}

const export_format* find_export_format(std::string_view name) {
  for (const export_format& f : formats) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::string_view without_bom(std::string_view content) {
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  return content;
}

std::int64_t read_local_time(std::string_view text, const handlers::time_zone& zone) {
  // 2022-04-12 09:30:05
  // 0123456789012345678
  if (text.size() != 19 || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' ||
      text[16] != ':') {
    return -1;
  }
  const auto day = handlers::parse_iso_date(text.substr(0, 10));
  const int hour = digits(text, 11, 2);
  const int minute = digits(text, 14, 2);
  const int second = digits(text, 17, 2);
  if (!day || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return -1;
  }
  const std::int64_t ms =
      handlers::at_local(*day, {hour, minute}, zone) + std::int64_t{second} * 1000;
  return ms >= 0 ? ms : -1;  // before 1970: not a time a chat export holds
}

std::string media_placeholder(std::string_view kind) {
  return "[" + std::string(kind) + "]";
}

}  // namespace linli::bot::imports
