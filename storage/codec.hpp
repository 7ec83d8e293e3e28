#pragma once
// Internal to storage/: how every backend writes the values that have no column type of their
// own (lists of lines, replies, slot caps as JSON text; an entry's state as its name), so a
// database moved from one backend to another reads the same.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/chains/chain_types.hpp"
#include "handlers/core/model.hpp"

namespace linli::storage::codec {

// A JSON array of strings; text that is not one reads as no lines.
std::string encode_lines(const std::vector<std::string>& lines);
std::vector<std::string> decode_lines(const std::string& text);

// Reply texts as a JSON array of strings.
std::string encode_replies(const replies& rs);
replies decode_replies(const std::string& text);

// A chain's slot caps as a JSON object of integers; anything else is left out.
std::string encode_caps(const std::map<std::string, int>& caps);
std::map<std::string, int> decode_caps(const std::string& text);

// "active", "left", "rejected"; active for a name it does not know.
std::string_view state_name(entry_state s);
entry_state state_from(std::string_view name);

}  // namespace linli::storage::codec
