// Slack Events API (api.slack.com/apis/events-api): signed event callbacks, answered through
// chat.postMessage. Slash commands (form-encoded) arrive at the same URL.

#include "bot/platforms/slack/slack.hpp"

#include "bot/net/http_client.hpp"
#include "bot/platforms/common.hpp"
#include "bot/platforms/signature.hpp"

namespace linli::bot::platforms {
namespace {

constexpr std::int64_t replay_window_s = 300;

// Slack escapes &, < and > in message text; mentions look like <@U123> or <@U123|name>.
std::string unescape_slack(std::string_view s, std::vector<std::string>& mentions) {
  std::string out;
  while (!s.empty()) {
    const std::size_t at = s.find("<@");
    const std::size_t end = at == std::string_view::npos ? at : s.find('>', at);
    out += unescape(s.substr(0, end == std::string_view::npos ? s.size() : at),
                    {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}});
    if (end == std::string_view::npos) break;
    const std::string_view inside = s.substr(at + 2, end - at - 2);
    const std::size_t bar = inside.find('|');
    mentions.emplace_back(inside.substr(0, bar));
    out += "@" + std::string(bar == std::string_view::npos ? inside : inside.substr(bar + 1));
    s.remove_prefix(end + 1);
  }
  return out;
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
    api_base_ = cfg.env.get("LINLI_SLACK_API_BASE").value_or("https://slack.com/api");
    timeout_ = std::chrono::milliseconds(cfg.outbound.timeout_ms);
  }

  std::string_view name() const override { return "slack"; }

  const bot::capabilities& capabilities() const override {
    // chat.postMessage: about one message per second per channel, short bursts allowed.
    static const bot::capabilities caps{
        .sees_all_messages = true,
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
    e.text = unescape_slack(text_field(message, "text"), e.mentions);
    e.message_id = text_field(message, "ts");
    const std::string thread = text_field(message, "thread_ts");
    if (thread != e.message_id) e.reply_to = thread;
    e.sent_at = int_field(root, "event_time");
    e.edited = edit;
    e.received_at_ms = received_ms;
    return {std::move(e), std::nullopt};
  }

  http_response acknowledge(const answer_input&) const override { return empty_json(); }

  bool can_send() const override { return token_.has_value(); }

  delivery send(const outbound_message& m, std::string_view part) const override {
    const json body = {{"channel", m.chat.chat_id}, {"text", part}};
    const http_result r = post_json(api_base_ + "/chat.postMessage", dump(body), timeout_,
                                    {{"Authorization", "Bearer " + *token_}});
    delivery d = delivery_of(r);
    if (d.result != delivery::outcome::sent) return d;
    // Slack answers 200 {"ok": false, "error": "..."} for most failures.
    const json answer = json::parse(r.body, nullptr, false);
    if (answer.is_object() && answer.value("ok", false)) return d;
    const std::string error = text_field(answer, "error");
    d.error = "chat.postMessage: " + (error.empty() ? std::string("no 'ok' in the answer") : error);
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
    e.received_at_ms = received_ms;
    e.sent_at = received_ms / 1000;
    return {std::move(e), std::nullopt};
  }

  std::optional<std::string> signing_secret_, token_;
  std::string api_base_;
  std::chrono::milliseconds timeout_{10'000};
};

}  // namespace

std::unique_ptr<platform> make_slack(const config::config& cfg) {
  return std::make_unique<slack>(cfg);
}

}  // namespace linli::bot::platforms
