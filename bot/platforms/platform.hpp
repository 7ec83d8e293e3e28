#pragma once
// A chat platform, as linli sees it: what it allows (its capabilities), how its webhook requests
// are authenticated and read, how the webhook is answered, and how its send API is called. Each
// platform lives in a folder of its own (bot/platforms/<name>/<name>.{hpp,cpp}); registry.cpp
// holds the one table of them and builds the enabled ones from configuration. Everything a
// platform turns into is an `envelope`, so every feature works on every platform.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/net/http_types.hpp"
#include "bot/pipeline/outbound.hpp"
#include "config/config.hpp"
#include "handlers/core/model.hpp"

namespace linli::bot {

// What a platform is and allows, declared by its adapter. The registry checks the configuration
// against it at start; the outbound sender keeps its limits.
struct capabilities {
  // The bot sees every message of a group, or only those that @-mention it.
  bool sees_all_messages = true;
  // Replies may travel inside the webhook's answer (`platforms.<name>.answer: "webhook"`, or
  // always for platforms that do not take the option).
  bool answers_in_webhook = false;
  // Answers can quote or thread the message they answer.
  bool threads = false;
  // The webhook is also called with GET (a URL verification that must be answered).
  bool verifies_url_by_get = false;
  // Messages name their sender by id only, and look_up_name() asks the platform for the name.
  bool looks_up_names = false;
  // Message size limit and its unit, rate limits per chat and per bot.
  send_limits limits;
  // The keys platforms.<name> accepts ("answer", "bot_username").
  std::vector<std::string> options;
  // The environment variables that turn the platform on (any one of them).
  std::vector<std::string> enabled_by;
  // The environment variables that authenticate its webhook (any one of them). An enabled
  // platform without one stops `linli serve` at start, naming them, unless --insecure-dev.
  std::vector<std::string> verified_by;
};

// What one webhook request turned out to be.
struct inbound {
  std::optional<envelope> message;      // a message to store and handle, or
  std::optional<http_response> answer;  // an answer to give at once, nothing stored (a URL
                                        // challenge, a heartbeat, our own bot's message)
  // What the platform needs later to answer this request, kept until the answer is built
  // (WeCom: the callback's nonce; OneBot 12: whom to @ in a quick reply).
  std::string context = {};
};

// What a webhook's answer is made of, once its message is durable.
struct answer_input {
  const chat_ref& chat;
  const replies& carried;  // the first inline_replies() replies
  bool duplicate;
  // The outbox rows the message's transaction wrote (none for a duplicate), as committed.
  const std::vector<outbound_message>& outbox;
  std::string_view context;  // inbound::context
};

inline inbound answer_now(http_response r) {
  return {std::nullopt, std::move(r)};
}

class platform {
 public:
  virtual ~platform() = default;

  virtual std::string_view name() const = 0;
  virtual const bot::capabilities& capabilities() const = 0;
  send_limits limits() const { return capabilities().limits; }

  // Throws http_error(401) unless the request is authentic. Runs on the raw bytes before any
  // parsing; `now_ms` for replay windows. With no secret configured (only ever served under
  // --insecure-dev) it lets everything through.
  virtual void verify(const http_request& request, std::int64_t now_ms) const = 0;
  // Whether its secret is configured, so that every request verify() and parse() let through is
  // authentic. Only then do roles the platform states (admin, owner) count.
  virtual bool authenticates() const = 0;

  // Reads the request. Throws http_error(400) naming what is malformed.
  virtual inbound parse(const http_request& request, std::int64_t received_ms) const = 0;

  // How many of a message's replies go inside the webhook answer; the rest go to the outbox and
  // through the send API. 0 unless the platform answers in the webhook.
  virtual std::size_t inline_replies() const { return 0; }

  // The outbox rows for a new message's replies, written in its transaction (on the writer
  // thread). By default one row per reply the webhook answer does not carry, each to go through
  // the send API. A platform whose answer may carry rows writes them already sent, saying so in
  // their route (WeCom's passive reply).
  virtual std::vector<outbound_message> outbox_rows(const envelope& message,
                                                    const replies& answers) const;

  // The webhook's answer once the message is durable, carrying `in.carried` where the platform
  // allows.
  virtual http_response acknowledge(const answer_input& in) const = 0;

  // Whether the send API can be called (its credentials are configured).
  virtual bool can_send() const = 0;
  // One send API call with one part of `m`.
  virtual delivery send(const outbound_message& m, std::string_view part) const = 0;

  // The display name of `user_id`, asked of the platform's API (blocking, within the send
  // timeout), for platforms that declare looks_up_names; nullopt when the platform cannot tell
  // (no permission, unknown user, no answer). Called on the name gate's thread.
  virtual std::optional<std::string> look_up_name(const chat_ref& chat,
                                                  const std::string& user_id) const {
    (void)chat;
    (void)user_id;
    return std::nullopt;
  }

  // Called once by `linli serve` before it listens: start-up calls to the platform's API
  // (Telegram's getMe for the bot's own username). Blocking, bounded by the send timeout.
  virtual void start() {}

  // Lines for the start-up log: what is missing or unsafe.
  virtual std::vector<std::string> warnings() const { return {}; }
};

// The enabled platforms, by name.
class platform_registry {
 public:
  void add(std::unique_ptr<platform> p) { all_.push_back(std::move(p)); }

  const platform* find(std::string_view name) const {
    for (const auto& p : all_) {
      if (p->name() == name) return p.get();
    }
    return nullptr;
  }
  const std::vector<std::unique_ptr<platform>>& all() const { return all_; }

 private:
  std::vector<std::unique_ptr<platform>> all_;
};

// What a platform may look up while it sends (on its sender's thread), handed in when it is
// built. Each may be empty (tests, `linli replay`).
struct platform_services {
  // The group robot key a coordinator bound in a chat (/robot), read from the database; nullopt
  // when none is. Used by WeCom for what linli sends on its own.
  using robot_key_fn = std::function<std::optional<std::string>(const chat_ref&)>;
  robot_key_fn robot_key;
};

// One row of the platform table: its name and how to build its adapter from configuration
// (settings from cfg.platforms.<name>, credentials from cfg.env; built whether or not enabled).
struct platform_entry {
  std::string_view name;
  std::unique_ptr<platform> (*make)(const config::config& cfg, const platform_services& services);
};

// Every platform linli speaks, generic first.
const std::vector<platform_entry>& platform_table();

// A chat as an operator names it on the command line: "telegram:-100" is a chat of a platform
// linli speaks; anything else is a generic chat id. chat_text gives it back in that form.
chat_ref chat_from_text(const std::string& text);
std::string chat_text(const chat_ref& chat);

// Checks cfg.platforms against each platform's capabilities (an unknown platform, an option it
// does not take, `answer: "webhook"` where it cannot) and builds every platform whose
// credentials are in the environment; generic also when no other is (and always under
// --insecure-dev). Throws config::config_error naming the key, or naming the missing secret of
// an enabled platform unless cfg.insecure_dev.
platform_registry make_platforms(const config::config& cfg, const platform_services& services = {});

// p.outbox_rows(message, answers).
std::vector<outbound_message> outbox_rows(const platform& p, const envelope& message,
                                          const replies& answers);

// {"ok": true} as JSON; the usual acknowledgement.
http_response empty_json();

}  // namespace linli::bot
