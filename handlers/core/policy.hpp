#pragma once
// What a deployment decides about its chats: who coordinates and leads, the default time zone,
// and the rules of a volunteer's day. Built once from the configuration and shared read-only.

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "handlers/core/local_time.hpp"

namespace linli::handlers {

// Who may do what, from least to most.
enum class role { resident, volunteer, lead, coordinator };

// Configured sender ids are namespaced by platform ("telegram:12345"): an id on one platform
// grants nothing on another.
struct chat_roles {
  std::set<std::string> coordinators;                  // role_key()s
  std::map<std::string, std::set<std::string>> leads;  // service group -> role_key()s
};

// How a sender is named in a policy: "<platform>:<sender id>".
inline std::string role_key(std::string_view platform, std::string_view sender_id) {
  std::string key(platform);
  key += ':';
  key += sender_id;
  return key;
}

struct shift_rules {
  int max_minutes_per_day = 8 * 60;  // nobody is assigned past this
  int min_rest_minutes = 30;         // between two shifts of the same person
  clock_time confirm_ask{20, 0};     // the evening before: assigned volunteers are asked to confirm
  clock_time confirm_by{7, 0};       // that morning: unconfirmed places are refilled from 候补
  int remind_before_minutes = 30;    // a reminder this long before each shift
};

struct policy {
  std::string time_zone = "Asia/Shanghai";  // for chats that have not chosen one (/tz)
  std::set<std::string> coordinators;       // role_key()s of those who coordinate every chat
  std::map<std::string, chat_roles> chats;  // by chat id
  shift_rules shifts;
  // The bot's own user names (Telegram "@linli_bot" without '@', lower case). A command addressed
  // to another name ("/help@other_bot") is stored but not answered; empty: every name is ours.
  std::set<std::string> bot_names;
  // Platforms whose bot hears only what @-mentions it (WeCom, Feishu, DingTalk), as their
  // adapters declare: /help and reposted chains tell people to put @机器人 first.
  std::set<std::string> mention_only;
};

}  // namespace linli::handlers
