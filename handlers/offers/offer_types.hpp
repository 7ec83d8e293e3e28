#pragma once
// Neighbours' offers (邻里互助) as stored: what a household has to give, and whom it was matched
// to. Plain types: storage/ keeps them, handlers/offers/ holds their rules.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/core/model.hpp"
#include "handlers/text/address_types.hpp"

namespace linli {

// open: nobody matched yet; matched: linli paired it with a need; given: the offerer handed it
// over; withdrawn: the offerer took it back.
enum class offer_status { open, matched, given, withdrawn };

// "open", "matched", ...: the names the database and the read API use.
std::string_view to_string(offer_status s);
std::optional<offer_status> offer_status_from(std::string_view name);

struct offer_item {
  std::string name;       // as written: 蒙脱石散
  std::string canonical;  // the lexicon's name, what matching compares (卷纸 -> 卫生纸)
  std::int64_t quantity = 1;
  std::optional<std::string> unit;
  friend bool operator==(const offer_item&, const offer_item&) = default;
};

struct offer {
  std::int64_t id = 0;
  chat_ref chat;
  int number = 0;  // the short id people type: 已给 #3, per chat, its own sequence
  std::string offerer_id;
  std::string offerer_name;
  std::optional<address> where;  // as written, or the offerer's registered address
  std::vector<offer_item> items;
  std::string category;  // medicine | cold_chain | food | daily | other
  offer_status status = offer_status::open;
  std::optional<int> matched_request;  // the need's number (#N of the requests) when matched
  std::string text;                    // the message as written
  std::string message_id;
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
};

}  // namespace linli
