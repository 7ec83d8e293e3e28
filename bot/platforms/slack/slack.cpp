// Slack Events API (api.slack.com/apis/events-api): signed event callbacks, answered through
// chat.postMessage. Slash commands (form-encoded) arrive at the same URL.

#include "bot/platforms/slack/slack.hpp"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <atomic>
#include <chrono>

#include "bot/net/http_client.hpp"
#include "bot/platforms/common.hpp"
#include "bot/platforms/signature.hpp"

namespace linli::bot::platforms {
namespace {

constexpr std::int64_t replay_window_s = 300;
// Routes of an answer: in a thread, or a slash command's response_url.
constexpr std::string_view thread_prefix = "thread:";
constexpr std::string_view response_prefix = "response_url:";
// A response_url is followed only on Slack's own host, and while it is valid.
constexpr std::string_view slack_hooks = "https://hooks.slack.com/";
constexpr std::int64_t response_url_life_ms = 30 * 60'000;

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Slack escapes &, < and > in message text; mentions look like <@U123> or <@U123|name>. The
// bot's own (`bot_user`) is left out, with the spaces after it, and sets `addressed`.
std::string unescape_slack(std::string_view s, std::string_view bot_user,
                           std::vector<std::string>& mentions, bool& addressed) {
  std::string out;
  while (!s.empty()) {
    const std::size_t at = s.find("<@");
    const std::size_t end = at == std::string_view::npos ? at : s.find('>', at);
    out += unescape(s.substr(0, end == std::string_view::npos ? s.size() : at),
                    {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}});
    if (end == std::string_view::npos) break;
    const std::string_view inside = s.substr(at + 2, end - at - 2);
    const std::size_t bar = inside.find('|');
    const std::string_view id = inside.substr(0, bar);
    s.remove_prefix(end + 1);
    if (!bot_user.empty() && id == bot_user) {  // left out, with the spaces after it
      addressed = true;
      while (s.starts_with(' ')) s.remove_prefix(1);
      if (!out.empty() && !out.ends_with(' ') && !out.ends_with('\n') && !s.empty() &&
          !s.starts_with('\n')) {
        out += ' ';
      }
      continue;
    }
    mentions.emplace_back(id);
    out += "@" + std::string(bar == std::string_view::npos ? inside : inside.substr(bar + 1));
  }
  return out;
}

// The bot's user id: configured, else the event's own authorizations (Slack sends them with
// every event_callback), else unknown.
std::string bot_user_of(const json& root, const std::optional<std::string>& configured) {
  if (configured) return *configured;
  if (const auto it = root.find("authorizations"); it != root.end() && it->is_array()) {
    for (const json& a : *it) {
      if (a.is_object() && a.value("is_bot", false)) return text_field(a, "user_id");
    }
  }
  return {};
}

// application/x-www-form-urlencoded fields.
std::string form_field(std::string_view body, std::string_view name) {
  const auto v = query_param(body, name);
  return v ? *v : std::string();
}

class slack final : public platform {
 public:
  explicit slack(const config::config& cfg) {
    signing_secret_ = cfg.env.get("LINLI_SLACK_SIGNING_SECRET");
    token_ = cfg.env.get("LINLI_SLACK_BOT_TOKEN");
    bot_user_ = cfg.env.get("LINLI_SLACK_BOT_USER_ID");
    api_base_ = cfg.env.get("LINLI_SLACK_API_BASE").value_or("https://slack.com/api");
    timeout_ = std::chrono::milliseconds(cfg.outbound.timeout_ms);
  }

  std::string_view name() const override { return "slack"; }

  const bot::capabilities& capabilities() const override {
    // chat.postMessage: about one message per second per channel, short bursts allowed.
    static const bot::capabilities caps{
        .sees_all_messages = true,
        .looks_up_names = true,
        .limits = {{4000, false}, {{1.0, 3.0}}, std::nullopt},
        .options = {"answer"},
        .enabled_by = {"LINLI_SLACK_SIGNING_SECRET", "LINLI_SLACK_BOT_TOKEN"},
        .verified_by = {"LINLI_SLACK_SIGNING_SECRET"}};
    return caps;
  }

  void verify(const http_request& request, std::int64_t now_ms) const override {
    if (!signing_secret_) return;
    const std::string timestamp(request.header("x-slack-request-timestamp"));
    const std::string_view signature = request.header("x-slack-signature");
    if (timestamp.empty() || signature.empty()) {
      throw http_error(401, "missing X-Slack-Request-Timestamp or X-Slack-Signature header");
    }
    const auto ts = whole_number(timestamp);
    if (!ts) throw http_error(401, "X-Slack-Request-Timestamp is not a number");
    if (std::abs(now_ms / 1000 - *ts) > replay_window_s) {
      throw http_error(401, "X-Slack-Request-Timestamp is more than 5 minutes from now");
    }
    const std::string base = "v0:" + timestamp + ":" + request.body;
    if (!hex_signature_matches(signature, "v0=", hmac_sha256(*signing_secret_, base))) {
      throw http_error(401, "X-Slack-Signature does not match the body");
    }
  }

  bool authenticates() const override { return signing_secret_.has_value(); }

  inbound parse(const http_request& request, std::int64_t received_ms) const override {
    if (request.header("content-type").starts_with("application/x-www-form-urlencoded")) {
      return slash_command(request.body, received_ms);
    }
    require_json(request);
    const json root = parse_object(request.body, "slack");
    const std::string type = text_field(root, "type");
    if (type == "url_verification") {
      return answer_now(json_answer({{"challenge", text_field(root, "challenge")}}));
    }
    if (type != "event_callback") return answer_now(empty_json());
    const json& event = object_field(root, "event");
    if (text_field(event, "type") != "message") return answer_now(empty_json());
    // Our own (and every other bot's) messages, joins, deletions: nobody wrote anything to keep.
    const std::string subtype = text_field(event, "subtype");
    const bool edit = subtype == "message_changed";
    if (!subtype.empty() && !edit && subtype != "thread_broadcast" && subtype != "file_share" &&
        subtype != "me_message") {
      return answer_now(empty_json());
    }
    const json& message = edit ? object_field(event, "message") : event;
    if (message.contains("bot_id") || text_field(message, "user").empty()) {
      return answer_now(empty_json());
    }
    envelope e;
    e.delivery_id = text_field(root, "event_id");
    if (e.delivery_id.empty()) throw http_error(400, "slack: event_callback without 'event_id'");
    e.chat = {"slack", text_field(event, "channel")};
    if (e.chat.chat_id.empty()) throw http_error(400, "slack: message event without 'channel'");
    const std::string user = text_field(message, "user");
    const json& profile = object_field(message, "user_profile");
    std::string name = text_field(profile, "display_name");
    if (name.empty()) name = text_field(profile, "real_name");
    e.from = {user, name.empty() ? user : name, platform_role::member};
    e.text = unescape_slack(text_field(message, "text"), bot_user_of(root, bot_user_), e.mentions,
                            e.addressed);
    // A direct message (channel type "im") is with the bot.
    if (text_field(event, "channel_type") == "im") e.addressed = true;
    e.message_id = text_field(message, "ts");
    const std::string thread = text_field(message, "thread_ts");
    if (thread != e.message_id) e.reply_to = thread;
    // A message in a thread is answered in that thread.
    if (!thread.empty()) e.route = std::string(thread_prefix) + thread;
    e.sent_at = int_field(root, "event_time");
    e.edited = edit;
    e.received_at_ms = received_ms;
    return {std::move(e), std::nullopt};
  }

  http_response acknowledge(const answer_input&) const override { return empty_json(); }

  // users.info (scope users:read): the profile's display name, else the real name.
  std::optional<std::string> look_up_name(const chat_ref&,
                                          const std::string& user_id) const override {
    if (!token_ || !plain_id(user_id)) return std::nullopt;
    const auto root = answered_object(get_json(api_base_ + "/users.info?user=" + user_id,
                                               std::min(timeout_, name_lookup_timeout),
                                               {{"Authorization", "Bearer " + *token_}}));
    if (!root) return std::nullopt;
    if (!root->value("ok", false)) {
      if (text_field(*root, "error") == "missing_scope" && !warned_scope_.exchange(true)) {
        spdlog::warn(
            "slack: users.info refused (missing_scope): add the bot scope users:read "
            "for display names; until then senders are shown by their ids");
      }
      return std::nullopt;
    }
    const json& user = object_field(*root, "user");
    const json& profile = object_field(user, "profile");
    for (const std::string& name :
         {text_field(profile, "display_name"), text_field(profile, "real_name"),
          text_field(user, "real_name"), text_field(user, "name")}) {
      if (!name.empty()) return name;
    }
    return std::nullopt;
  }

  bool can_send() const override { return token_.has_value(); }

  delivery send(const outbound_message& m, std::string_view part) const override {
    json body = {{"channel", m.chat.chat_id}, {"text", part}};
    if (m.route.starts_with(thread_prefix))
      body["thread_ts"] = m.route.substr(thread_prefix.size());
    const http_result r = post_json(api_base_ + "/chat.postMessage", dump(body), timeout_,
                                    {{"Authorization", "Bearer " + *token_}});
    delivery d = delivery_of(r);
    if (d.result != delivery::outcome::sent) return d;
    d = answered(r, "chat.postMessage");
    // Not a member of the channel: a slash command's answer may still go to its response_url
    // (valid for 30 minutes, 5 answers).
    if (d.error.ends_with("not_in_channel")) {
      if (!m.route.starts_with(response_prefix) ||
          m.created_ms + response_url_life_ms < wall_ms()) {
        d.error += " (invite the bot to the channel: /invite @bot)";
        return d;
      }
      const json reply = {{"response_type", "in_channel"}, {"text", part}};
      const http_result via =
          post_json(m.route.substr(response_prefix.size()), dump(reply), timeout_);
      delivery again = delivery_of(via);
      if (again.result != delivery::outcome::sent) {
        again.error = "response_url after not_in_channel: " + again.error;
      }
      return again;
    }
    return d;
  }

  // Slack answers 200 {"ok": false, "error": "..."} for most failures.
  static delivery answered(const http_result& r, std::string_view what) {
    delivery d;
    const json answer = json::parse(r.body, nullptr, false);
    if (answer.is_object() && answer.value("ok", false)) return d;
    const std::string error = text_field(answer, "error");
    d.error =
        std::string(what) + ": " + (error.empty() ? std::string("no 'ok' in the answer") : error);
    d.result = error == "ratelimited" || error == "internal_error" || error == "fatal_error"
                   ? delivery::outcome::retry
                   : delivery::outcome::give_up;
    return d;
  }

  std::vector<std::string> warnings() const override {
    std::vector<std::string> out;
    if (!signing_secret_) {
      out.emplace_back(
          "LINLI_SLACK_SIGNING_SECRET is not set: the slack webhook is not authenticated");
    }
    if (!token_)
      out.emplace_back("LINLI_SLACK_BOT_TOKEN is not set: slack replies stay in the outbox");
    return out;
  }

 private:
  // "/linli task add ..." or a command of its own ("/task add ..."): the words linli reads.
  static inbound slash_command(std::string_view body, std::int64_t received_ms) {
    envelope e;
    e.chat = {"slack", form_field(body, "channel_id")};
    const std::string user = form_field(body, "user_id");
    if (e.chat.chat_id.empty() || user.empty()) {
      throw http_error(400, "slack: slash command without 'channel_id' or 'user_id'");
    }
    const std::string trigger = form_field(body, "trigger_id");
    if (trigger.empty()) throw http_error(400, "slack: slash command without 'trigger_id'");
    e.delivery_id = "command:" + trigger;
    const std::string command = form_field(body, "command");
    const std::string text = form_field(body, "text");
    e.text = command == "/linli" ? (text.starts_with('/') ? text : "/" + text)
                                 : command + (text.empty() ? "" : " " + text);
    const std::string name = form_field(body, "user_name");
    e.from = {user, name.empty() ? user : name, platform_role::member};
    // Kept for an answer chat.postMessage cannot give (the bot is not in the channel).
    const std::string response_url = form_field(body, "response_url");
    if (response_url.starts_with(slack_hooks))
      e.route = std::string(response_prefix) + response_url;
    e.received_at_ms = received_ms;
    e.sent_at = received_ms / 1000;
    return {std::move(e), std::nullopt};
  }

  std::optional<std::string> signing_secret_, token_, bot_user_;
  std::string api_base_;
  std::chrono::milliseconds timeout_{10'000};
  mutable std::atomic<bool> warned_scope_{false};
};

}  // namespace

std::unique_ptr<platform> make_slack(const config::config& cfg) {
  return std::make_unique<slack>(cfg);
}

}  // namespace linli::bot::platforms
