#pragma once
// Sample rows for the contract tests, with every field set to something other than its default.

#include <optional>
#include <string>

#include "storage/store.hpp"

namespace linli::contract {

inline const chat_ref chat_a{"generic", "a"};
inline const chat_ref chat_b{"generic", "b"};

inline storage::stored_message sample_message(const chat_ref& chat, const std::string& id,
                                              const std::string& kind = "chatter") {
  storage::stored_message m;
  m.message.chat = chat;
  m.message.delivery_id = id;
  m.message.message_id = "mid-" + id;
  m.message.reply_to = "earlier";
  m.message.edited = true;
  m.message.from = {"u1", "张三", platform_role::admin};
  m.message.text = "3号楼 需要 硝苯地平 2盒 🙏";
  m.message.sent_at = 1669000000;
  m.message.received_at_ms = 1669000000123;
  m.kind = kind;
  m.answers = {{"好的"}, {"第二条"}};
  return m;
}

inline supply_request sample_request(const chat_ref& chat, const std::string& requester,
                                     std::optional<address> where, const std::string& item,
                                     std::int64_t at_ms) {
  supply_request r;
  r.chat = chat;
  r.requester_id = requester;
  r.requester_name = "王阿姨";
  r.where = std::move(where);
  r.items = {{item, 2, "盒", 5990}};
  r.category = "medicine";
  r.text = "需要 " + item;
  r.message_id = "m-" + requester;
  r.created_ms = r.updated_ms = at_ms;
  return r;
}

inline task sample_task(const chat_ref& chat, const std::string& date, int start_minute) {
  task t;
  t.chat = chat;
  t.title = "配送 第一波";
  t.place = "3号楼";
  t.group = "配送";
  t.date = date;
  t.start_minute = start_minute;
  t.end_minute = start_minute + 120;
  t.start_ms = 1'000'000 + start_minute * 60'000LL;
  t.end_ms = t.start_ms + 120 * 60'000LL;
  t.capacity = 2;
  t.created_by = "boss";
  t.message_id = "m1";
  t.created_ms = 5;
  return t;
}

}  // namespace linli::contract
