#pragma once
// A group's history as a chat exporter wrote it, read into messages for `linli import`. Each
// format is one reader; they parse only (no storage, no handlers), so a file can be checked with
// --dry-run and the readers fuzzed on their own. Times in exports are local wall-clock readings
// with no offset written: the reader turns them into instants in the zone it is given.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/core/local_time.hpp"

namespace linli::bot::imports {

// A quoted message, as the export names it: who wrote it and (the start of) its text.
struct quoted {
  std::string sender_id;  // empty when the export gives only the name
  std::string sender_name;
  std::string text;
};

struct exported_message {
  std::int64_t line = 0;  // where the message starts in the file, from 1
  std::string sender_id;  // the exporter's id of the sender (a wxid), empty when it has none
  std::string sender_name;
  std::int64_t time_ms = 0;  // the instant it was sent
  std::string text;          // media as placeholders ("[图片]"), the quote taken out
  std::string export_id;     // the message's id in the export, empty when it has none
  bool system = false;       // joins, recalls, pats: written by WeChat, not by a resident
  std::vector<quoted> quotes;
};

// A line (or record) the reader could not read, kept to be shown with its number.
struct unreadable {
  std::int64_t line = 0;
  std::string text;
  std::string reason;
};

struct history {
  std::vector<exported_message> messages;  // in the order of the file
  std::vector<unreadable> unread;
};

struct export_format {
  std::string_view name;  // what --format takes
  std::string_view what;  // a line for --help
  history (*read)(std::string_view content, const handlers::time_zone& zone);
};

// Every format linli reads, in the order --help lists them.
std::span<const export_format> export_formats();
// nullptr when no format has that name.
const export_format* find_export_format(std::string_view name);

// The readers (exports.cpp lists them).
history read_memotrace_txt(std::string_view content, const handlers::time_zone& zone);
history read_chatlog_csv(std::string_view content, const handlers::time_zone& zone);
history read_linli_jsonl(std::string_view content, const handlers::time_zone& zone);

// Shared by the readers.
// The content without a UTF-8 byte order mark.
std::string_view without_bom(std::string_view content);
// "2022-04-12 09:30:05" (local to `zone`) as an instant; -1 when it is not such a reading (or
// is before 1970).
std::int64_t read_local_time(std::string_view text, const handlers::time_zone& zone);
// Media the exporters write in their own way, as linli's platforms write them ("[图片]").
std::string media_placeholder(std::string_view kind);

}  // namespace linli::bot::imports
