#pragma once
// The domain types that cross every layer: what arrived (envelope) and what linli said (reply).
// Plain structs with no platform, JSON or SQL in them.

#include <cstdint>
#include <string>
#include <string_view>

#include <vector>

namespace linli {

// What the platform says about the sender. Coordinators and group leads are derived from this plus
// configuration by the handlers, never trusted from text.
enum class platform_role { member, admin };

// "member" / "admin": the names the database and the read API use.
inline std::string_view to_string(platform_role r) {
  return r == platform_role::admin ? "admin" : "member";
}
inline platform_role platform_role_from(std::string_view name) {
  return name == "admin" ? platform_role::admin : platform_role::member;
}

struct sender {
  std::string id;
  std::string name;
  platform_role role = platform_role::member;
};

struct chat_ref {
  std::string platform;  // "generic", "telegram", "onebot", ...
  std::string chat_id;

  friend bool operator==(const chat_ref&, const chat_ref&) = default;
};

struct envelope {
  chat_ref chat;
  // The platform's own id of this delivery (generic message_id, Telegram update_id, ...). Together
  // with the chat it identifies a message: a redelivery carries the same id.
  std::string delivery_id;
  sender from;
  std::string text;
  // The platform's id of the message itself, which replies refer to (Telegram message_id, Slack
  // ts); empty when it is the delivery id (generic). See message_key().
  std::string message_id;
  // The message id of the message this one answers (a platform "reply"); empty if none.
  std::string reply_to;
  // An edit of an earlier message (same message_key): it corrects the need or chain line that
  // message made, and is otherwise stored without action (a command must not run twice).
  bool edited = false;
  // Who the message mentions (platform user ids or names), as the platform marked them.
  std::vector<std::string> mentions;
  // The message is addressed to this bot (it @-mentions it, or the chat is the bot's own); the
  // bot's mention is then no longer in `text`. Set by the platforms that can tell.
  bool addressed = false;
  // Where an answer must go when the platform says so per message (DingTalk's session webhook);
  // not stored with the message.
  std::string route;
  // The route reaches the chat itself (DingTalk's session webhook, a Telegram forum topic): it
  // is kept as the chat's route for the messages linli sends on its own (storage's robot
  // binding).
  bool route_reaches_chat = false;
  std::int64_t sent_at = 0;         // platform timestamp, seconds since the epoch; 0 if not given
  std::int64_t received_at_ms = 0;  // when linli accepted it; handlers take this as "now"

  // The id other messages use to reply to this one.
  const std::string& message_key() const { return message_id.empty() ? delivery_id : message_id; }
};

struct reply {
  std::string text;

  friend bool operator==(const reply&, const reply&) = default;
};

using replies = std::vector<reply>;

}  // namespace linli
