#pragma once
// Reads a pasted 接龙 (signup chain): a tagged first line (#接龙 or #Group Note), header lines,
// an optional example line, numbered entries (any common marker; continuation lines belong to
// the entry above), and an optional tail. Numbers in a copy are hints, never identities.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/chains/entry_line.hpp"
#include "handlers/core/local_time.hpp"

namespace linli::handlers {

struct parsed_entry {
  std::optional<int> number;  // as written, if any
  std::string text;           // without the number; continuation lines joined by '\n'
};

struct parsed_chain {
  std::vector<std::string> header;  // as written, first (tagged) line included; no blank lines
  std::string title;                // the first line without its tag, or the next header line
  std::string example;              // the example line, if any
  std::vector<parsed_entry> entries;
  std::vector<std::string> tail;
  std::string header_key;  // identity of the chain: the header folded, without spaces/punctuation

  // Settings stated in the header.
  std::optional<int> capacity;           // 限20人, 上限20人, 名额20
  std::map<std::string, int> slot_caps;  // 上午限10人
  std::optional<clock_time> deadline;    // 截止21:00

  // What the limits below kept off the roster: how many non-blank lines (numbered lines past
  // max_chain_entries, every line past max_chain_lines), and the first max_over_limit_kept of
  // them as written, without their numbers.
  std::size_t over_limit_count = 0;
  std::vector<std::string> over_limit;
};

// Limits that keep hostile input cheap: lines past these are not read as entries.
inline constexpr std::size_t max_chain_lines = 5000;
inline constexpr std::size_t max_chain_entries = 2000;
inline constexpr std::size_t max_over_limit_kept = 100;

// Whether the message is a chain post: its first non-blank line carries the tag.
bool is_chain_post(std::string_view text);

// Parses a chain post; nullopt if the text is not one.
std::optional<parsed_chain> parse_chain(std::string_view text);

}  // namespace linli::handlers
