#pragma once
// Per-chat settings and the addresses residents registered in a chat.

#include <cstdint>
#include <optional>
#include <string>

#include "handlers/core/model.hpp"
#include "handlers/requests/request_types.hpp"

namespace linli::storage {

enum class language { zh, en };

struct chat_settings {
  language lang = language::zh;
  std::string time_zone;  // IANA name; empty = the deployment's default
};

// A chat's standing route for what linli posts on its own: WeCom's group robot webhook key
// (群机器人, bound by a coordinator), DingTalk's newest session webhook with its expiry, or the
// Telegram forum topic the chat last used (both kept from the newest such message). A secret:
// kept in a table of its own, never in the inbox, shown masked.
struct robot_binding {
  std::string key;
  std::string bound_by;  // the coordinator's sender id
  std::int64_t bound_ms = 0;
};

class chat_store {
 public:
  virtual ~chat_store() = default;

  // Defaults for a chat never seen.
  virtual chat_settings load_chat(const chat_ref& chat) = 0;
  virtual void save_chat(const chat_ref& chat, const chat_settings& settings) = 0;

  // The address a resident registered in a chat (/addr); saving again replaces it.
  virtual std::optional<address> load_address(const chat_ref& chat,
                                              const std::string& sender_id) = 0;
  virtual void save_address(const chat_ref& chat, const std::string& sender_id,
                            const address& a) = 0;

  // The chat's group robot, if one is bound; saving again replaces it, removing forgets it.
  virtual std::optional<robot_binding> load_robot(const chat_ref& chat) = 0;
  virtual void save_robot(const chat_ref& chat, const robot_binding& robot) = 0;
  virtual void remove_robot(const chat_ref& chat) = 0;
};

}  // namespace linli::storage
