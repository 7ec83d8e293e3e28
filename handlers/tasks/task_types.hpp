#pragma once
// Posts and shifts (tasks), who holds them, saved day templates, volunteers' service groups.
// Times are instants (ms since the epoch) plus the local date and minutes of day the chat wrote,
// so listings never recompute a zone.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/core/model.hpp"
#include "storage/outbox.hpp"  // the outbox's message types, which used to live here

namespace linli {

enum class member_state {
  active,    // holds the place
  left,      // withdrew (退出), or a coordinator removed them
  declined,  // answered 2 to the confirmation
  dropped,   // did not confirm by the morning cutoff; the place was refilled
};

std::string_view to_string(member_state s);
member_state member_state_from(std::string_view name);

struct task_member {
  std::int64_t id = 0;  // arrival order
  std::int64_t task_id = 0;
  std::string volunteer_id;  // sender id; "<registrant>#<name>" for someone registered by another
  std::string name;
  std::string source;  // claim | assign | override | refill
  member_state state = member_state::active;
  bool confirmed = false;  // claimed it themselves, or answered 1
  bool completed = false;  // 完成: the hours count as worked
  std::int64_t added_ms = 0;
  std::int64_t changed_ms = 0;
  std::optional<std::int64_t> asked_ms;  // when asked to confirm
};

struct task {
  std::int64_t id = 0;
  chat_ref chat;
  int number = 0;  // the short id people type: T12, per chat
  std::string title;
  std::string place;  // buildings or a zone ("3号楼"), or a named post ("东门岗")
  std::optional<std::string> group;  // service group: 配送, 秩序, ...
  std::string date;                  // local, YYYY-MM-DD
  int start_minute = 0;              // local minutes of the day
  int end_minute = 0;                // > start_minute; a shift ends on its own day
  std::int64_t start_ms = 0;
  std::int64_t end_ms = 0;
  int capacity = 1;
  bool done = false;       // a coordinator closed it as finished
  bool cancelled = false;  // removed; kept for the record
  bool cutoff_done = false;
  bool reminded = false;
  std::optional<std::int64_t> next_event_ms;  // the next confirmation, cutoff or reminder due
  std::string created_by;
  std::string message_id;  // the message that created it: "+1" in reply to it claims
  std::int64_t created_ms = 0;
  std::vector<task_member> members;  // everyone who ever held it, in arrival order
};

// A saved day: lines in /task add form; "各区" as the place means once per zone.
struct task_template {
  std::string name;
  std::vector<std::string> lines;
  std::vector<std::string> zones;
};

}  // namespace linli
