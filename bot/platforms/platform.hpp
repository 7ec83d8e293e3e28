#pragma once
// A chat platform, as linli sees it: how its webhook requests are authenticated and read, how the
// webhook is answered, and how its send API is called. Each platform lives in one file here
// (generic.cpp, telegram.cpp, onebot.cpp, slack.cpp, feishu.cpp, dingtalk.cpp); registry.cpp
// builds the enabled ones from configuration. Everything a platform turns into is an `envelope`,
// so every feature works on every platform.

#include <cstdint>
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

// What one webhook request turned out to be.
struct inbound {
  std::optional<envelope> message;      // a message to store and handle, or
  std::optional<http_response> answer;  // an answer to give at once, nothing stored (a URL
                                        // challenge, a heartbeat, our own bot's message)
};

inline inbound answer_now(http_response r) {
  return {std::nullopt, std::move(r)};
}

class platform {
 public:
  virtual ~platform() = default;

  virtual std::string_view name() const = 0;

  // Throws http_error(401) unless the request is authentic. Runs on the raw bytes before any
  // parsing; `now_ms` for replay windows. With no secret configured it lets everything through
  // (a warning at start says so).
  virtual void verify(const http_request& request, std::int64_t now_ms) const = 0;

  // Reads the request. Throws http_error(400) naming what is malformed.
  virtual inbound parse(const http_request& request, std::int64_t received_ms) const = 0;

  // How many of a message's replies go inside the webhook answer; the rest go to the outbox and
  // through the send API. 0 unless the platform answers in the webhook.
  virtual std::size_t inline_replies() const { return 0; }

  // The webhook's answer once the message is durable, carrying `inline` (the first
  // inline_replies() replies) where the platform allows.
  virtual http_response acknowledge(const chat_ref& chat, const replies& inline_answers,
                                    bool duplicate) const = 0;

  // Whether the send API can be called (its credentials are configured).
  virtual bool can_send() const = 0;
  // One send API call with one part of `m`.
  virtual delivery send(const outbound_message& m, std::string_view part) const = 0;
  virtual send_limits limits() const = 0;

  // Lines for the start-up log: what is missing or unsafe.
  virtual std::vector<std::string> warnings() const { return {}; }
};

// The enabled platforms, by name. generic is always there.
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

// Builds generic plus every platform whose credentials are in the environment.
platform_registry make_platforms(const config::config& cfg);

// The envelope's outbox rows for the replies the webhook answer does not carry.
std::vector<outbound_message> outbox_rows(const platform& p, const envelope& message,
                                          const replies& answers);

// {"ok": true} as JSON; the usual acknowledgement.
http_response empty_json();

}  // namespace linli::bot

namespace linli::bot::platforms {

// Each returns nullptr when the platform has no credentials in the environment (generic is
// always on). Settings come from cfg.platforms.<name> and cfg.env.
std::unique_ptr<platform> make_generic(const config::config& cfg);
std::unique_ptr<platform> make_telegram(const config::config& cfg);
std::unique_ptr<platform> make_onebot(const config::config& cfg);
std::unique_ptr<platform> make_slack(const config::config& cfg);
std::unique_ptr<platform> make_feishu(const config::config& cfg);
std::unique_ptr<platform> make_dingtalk(const config::config& cfg);

}  // namespace linli::bot::platforms
