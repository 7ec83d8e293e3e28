#pragma once
// The inbox: every message that arrived, exactly once per (chat, delivery id), with how it was
// understood and what linli answered.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "handlers/core/model.hpp"

namespace linli::storage {

// A message as kept in the inbox.
struct stored_message {
  std::int64_t seq = 0;  // order of arrival across the whole store, assigned on insert
  envelope message;
  std::string kind;  // what the handlers made of it: "command", "chatter", "failed", ...
  linli::replies answers;
};

struct message_filter {
  std::optional<std::string> kind;  // only messages of this kind
  std::int64_t before_seq = 0;      // only messages older than this; 0 = from the newest
  int limit = 100;
};

class inbox_store {
 public:
  virtual ~inbox_store() = default;

  virtual std::optional<stored_message> find_message(const chat_ref& chat,
                                                     const std::string& delivery_id) = 0;
  // The message whose message_key() is `key`: what a platform reply refers to (the newest such
  // message when a platform reuses ids).
  virtual std::optional<stored_message> find_message_by_key(const chat_ref& chat,
                                                            const std::string& key) = 0;
  // The first message (not an edit) whose message_key() is `key`: the one an edit corrects.
  virtual std::optional<stored_message> find_original_by_key(const chat_ref& chat,
                                                             const std::string& key) = 0;
  // Assigns and returns the message's seq. A second message with the same (chat, delivery id)
  // is refused with an exception and the first one kept.
  virtual std::int64_t insert_message(const stored_message& m) = 0;
  // Newest first.
  virtual std::vector<stored_message> list_messages(const chat_ref& chat,
                                                    const message_filter& filter) = 0;
  virtual std::int64_t count_messages() = 0;
  // Up to `limit` messages of every chat stored after `after_seq`, in arrival order.
  virtual std::vector<stored_message> messages_after(std::int64_t after_seq, int limit) = 0;
};

}  // namespace linli::storage
