#pragma once
// Tasks (posts and shifts) with their members, volunteers' service groups, day templates.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "handlers/core/model.hpp"
#include "handlers/tasks/task_types.hpp"

namespace linli::storage {

class task_store {
 public:
  virtual ~task_store() = default;

  // Stores the task (not its members). The store numbers it: the chat's next number, from 1,
  // assigned in the same statement as the insert. Writes the id and the number back into `t`
  // (t.number on entry is ignored); returns the id.
  virtual std::int64_t insert_task(task& t) = 0;
  // Saves what may change: title, place, group, times, capacity, flags, next_event_ms.
  virtual void update_task(const task& t) = 0;
  // Each task is loaded with all its members, in arrival order.
  virtual std::optional<task> find_task(const chat_ref& chat, int number) = 0;
  // The chat's tasks on a local date (YYYY-MM-DD), cancelled ones included, by start then number.
  virtual std::vector<task> tasks_on(const chat_ref& chat, const std::string& date) = 0;
  // The tasks a message created (a /task add or a template), by number.
  virtual std::vector<task> tasks_from_message(const chat_ref& chat,
                                               const std::string& message_id) = 0;
  // Every chat's tasks whose next_event_ms is at or before now_ms, soonest first.
  virtual std::vector<task> tasks_due(std::int64_t now_ms, int limit) = 0;
  virtual std::int64_t insert_task_member(const task_member& m) = 0;
  // Saves state, confirmed, completed, asked_ms and changed_ms.
  virtual void update_task_member(const task_member& m) = 0;

  // Volunteers' service groups (/group), per chat.
  virtual std::optional<std::string> volunteer_group(const chat_ref& chat,
                                                     const std::string& volunteer_id) = 0;
  // An empty group clears it.
  virtual void save_volunteer_group(const chat_ref& chat, const std::string& volunteer_id,
                                    const std::string& group) = 0;

  // Day templates, by name per chat; saving a name again replaces it.
  virtual void save_template(const chat_ref& chat, const task_template& t) = 0;
  virtual std::optional<task_template> find_template(const chat_ref& chat,
                                                     const std::string& name) = 0;
  // By name.
  virtual std::vector<std::string> template_names(const chat_ref& chat) = 0;
};

}  // namespace linli::storage
