#pragma once
// Turns one message into state changes and replies. The dispatcher owns the tables that map slash
// commands and keywords to handler functions; it is built once and shared read-only.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "handlers/core/kinds.hpp"
#include "handlers/core/local_time.hpp"
#include "handlers/core/messages.hpp"
#include "handlers/core/model.hpp"
#include "handlers/core/policy.hpp"
#include "handlers/core/priority.hpp"
#include "storage/store.hpp"

namespace linli::handlers {

struct outcome {
  std::string kind;
  replies answers;
};

// Everything a handler function may use. The store is inside the caller's transaction.
struct context {
  const envelope& message;
  storage::store& store;
  storage::chat_settings settings;
  std::string_view args;  // the text after the command word or keyword, trimmed
  const policy& rules;
  const time_zone* chat_zone;  // see zone()

  // The catalogue's text for `key` in the chat's language (handlers/core/messages.hpp).
  std::string say(std::string_view key, std::initializer_list<arg> values = {}) const {
    return handlers::message(settings.lang, key, values);
  }
  // Coordinators: the platform's group admins and the ids the configuration names; leads: the
  // configured leads of the chat's service groups.
  role who() const;
  bool is_coordinator() const { return who() == role::coordinator; }
  // The chat's time zone: its own (/tz), else the deployment's default.
  const time_zone& zone() const { return *chat_zone; }
  // When the message was written (see message_time_ms); handlers never read the wall clock.
  std::int64_t now_ms() const;
  // Adds a line to the chat's audit trail (GET /v1/chats/{chat_id}/audit): the sender did
  // `action` to `target` now, changing `rows` rows (erasures). Inside the message's transaction.
  void audit(std::string_view action, std::string_view target, std::int64_t rows = 0) const;
};

// When a message was written: the platform's timestamp if plausible, else when it arrived.
std::int64_t message_time_ms(const envelope& message);

using handler_fn = std::function<replies(context&)>;
// For keywords and free-text parsers: nullopt means "not mine", and the next one is tried;
// a value (even empty) means the message was understood.
using text_fn = std::function<std::optional<replies>(context&)>;

struct command {
  std::string name;                  // without the slash: "help"
  std::vector<std::string> aliases;  // other names, in folded form: "帮助"
  std::string summary;               // catalogue key of its line in /help
  role need = role::resident;        // the least role that may use it
  // Its arguments are a secret (/robot KEY): the inbox keeps the message without them.
  bool secret_args = false;
  handler_fn run;
};

struct keyword {
  std::string word;  // folded form; matches when the message starts with it
  std::string kind;  // recorded in the inbox when it handles a message (handlers/core/kinds.hpp)
  text_fn run;       // ctx.args holds the text after the keyword
  handlers::priority priority = handlers::priority::core;  // who tries first (priority.hpp)
};

// Recognises a kind of free text (a chain copy, a supply request); ctx.args holds the whole text.
struct parser {
  std::string kind;
  text_fn run;
  handlers::priority priority = handlers::priority::core;
};

// Reads an edit of an earlier message (envelope::edited) as a correction of what that message
// made: a need, a chain line. nullopt leaves the edit stored without action.
struct edit_reader {
  std::string kind;
  text_fn run;
};

class dispatcher {
 public:
  // The dispatcher with every command and keyword linli knows.
  explicit dispatcher(policy rules = {});
  // Handlers hold a reference to their dispatcher (/help lists the table), so it stays put.
  dispatcher(const dispatcher&) = delete;
  dispatcher& operator=(const dispatcher&) = delete;

  // Handles one message. Throws only when the store does; odd input gets a reply or is chatter.
  outcome handle(const envelope& message, storage::store& store) const;

  // The text to keep in the inbox for a message whose command takes a secret ("/robot [已隐藏]"),
  // or nullopt to keep it as written. Depends on the text alone, so it holds when handling fails.
  std::optional<std::string> stored_text(const envelope& message) const;

  void add(command c);
  void add(keyword k);
  void add(parser p);
  void add(edit_reader e);

  const std::vector<command>& commands() const { return commands_; }
  const policy& rules() const { return rules_; }

 private:
  outcome understand(const envelope& message, storage::store& store) const;
  outcome run_command(std::string_view folded, context& ctx) const;

  policy rules_;
  const time_zone& default_zone_;
  std::vector<command> commands_;
  std::unordered_map<std::string, std::size_t> command_index_;  // name or alias -> commands_
  std::vector<keyword> keywords_;
  std::vector<parser> parsers_;
  std::vector<edit_reader> edit_readers_;
};

// Replies longer than a chat message can hold are split at line boundaries into numbered pages.
inline constexpr std::size_t page_bytes = 4000;
replies paginate(const std::string& text, std::size_t max_bytes = page_bytes);

}  // namespace linli::handlers
