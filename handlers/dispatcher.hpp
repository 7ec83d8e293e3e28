#pragma once
// Turns one message into state changes and replies. The dispatcher owns the tables that map slash
// commands and keywords to handler functions; it is built once and shared read-only.

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/model.hpp"
#include "storage/store.hpp"

namespace linli::handlers {

// What the handlers made of a message; kept in the inbox beside it.
namespace kinds {
inline constexpr std::string_view command = "command";
inline constexpr std::string_view unknown_command = "unknown_command";
inline constexpr std::string_view denied = "denied";
inline constexpr std::string_view keyword = "keyword";
inline constexpr std::string_view chatter =
    "chatter";                                        // parsed as nothing; listed for coordinators
inline constexpr std::string_view failed = "failed";  // handling threw; the message is kept
}  // namespace kinds

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

  // The reply text in the chat's language.
  std::string tr(std::string_view zh, std::string_view en) const {
    return std::string(settings.lang == storage::language::en ? en : zh);
  }
  bool is_coordinator() const { return message.from.role == platform_role::admin; }
};

using handler_fn = std::function<replies(context&)>;

struct command {
  std::string name;                  // without the slash: "help"
  std::vector<std::string> aliases;  // other names, in folded form: "帮助"
  std::string summary_zh;
  std::string summary_en;
  bool coordinator_only = false;
  handler_fn run;
};

struct keyword {
  std::string word;  // folded form; matches when the message starts with it
  handler_fn run;
};

class dispatcher {
 public:
  // The dispatcher with every command and keyword linli knows.
  dispatcher();
  // Handlers hold a reference to their dispatcher (/help lists the table), so it stays put.
  dispatcher(const dispatcher&) = delete;
  dispatcher& operator=(const dispatcher&) = delete;

  // Handles one message. Throws only when the store does; odd input gets a reply or is chatter.
  outcome handle(const envelope& message, storage::store& store) const;

  void add(command c);
  void add(keyword k);

  const std::vector<command>& commands() const { return commands_; }

 private:
  outcome run_command(std::string_view folded, context& ctx) const;

  std::vector<command> commands_;
  std::unordered_map<std::string, std::size_t> command_index_;  // name or alias -> commands_
  std::vector<keyword> keywords_;
};

}  // namespace linli::handlers
