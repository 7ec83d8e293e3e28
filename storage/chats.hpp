#pragma once
// Per-chat settings and the addresses residents registered in a chat.

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
};

}  // namespace linli::storage
