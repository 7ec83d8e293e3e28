// DingTalk outgoing robot (open.dingtalk.com, "receive messages"): a signed POST per message that
// @-mentions the robot, answered in the webhook's answer or through the message's session webhook.
// What linli sends on its own goes through the chat's newest session webhook while it is valid
// (kept in the database), else through the robot OpenAPI (robot/groupMessages/send) when the
// app's key is configured.

#include "bot/platforms/dingtalk/dingtalk.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <set>

#include "bot/net/http_client.hpp"
#include "bot/platforms/common.hpp"
#include "bot/platforms/signature.hpp"

namespace linli::bot::platforms {
namespace {

constexpr std::int64_t window_ms = 3'600'000;  // DingTalk: the timestamp is within an hour
constexpr std::int64_t future_ms = 60'000;     // clock skew allowed ahead of us
constexpr std::size_t max_seen = 65'536;       // (timestamp, sign) pairs remembered, at most
constexpr std::int64_t expiry_margin_ms =
    60'000;  // a session webhook this close to expiry is not used

// A session webhook as a route: "session:<expires_ms>:<url>" (rows written before the expiry was
// kept hold the bare URL: expiry unknown, 0).
constexpr std::string_view session_prefix = "session:";

struct session_route {
  std::string url;
  std::int64_t expires_ms = 0;  // 0: unknown
};

std::string encode_route(const std::string& url, std::int64_t expires_ms) {
  return std::string(session_prefix) + std::to_string(expires_ms) + ":" + url;
}

session_route decode_route(std::string_view route) {
  if (!route.starts_with(session_prefix)) return {std::string(route), 0};
  route.remove_prefix(session_prefix.size());
  const auto colon = route.find(':');
  if (colon == std::string_view::npos) return {};
  const auto expires = whole_number(route.substr(0, colon));
  return {std::string(route.substr(colon + 1)), expires.value_or(0)};
}

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class dingtalk final : public platform {
 public:
  dingtalk(const config::config& cfg, const platform_services& services)
      : kept_route_(services.robot_key) {
    app_secret_ = cfg.env.get("LINLI_DINGTALK_APP_SECRET");
    app_key_ = cfg.env.get("LINLI_DINGTALK_APP_KEY");
    robot_code_ = cfg.env.get("LINLI_DINGTALK_ROBOT_CODE");
    if (!robot_code_) robot_code_ = app_key_;  // an internal app's robot code is its AppKey
    api_base_ = cfg.env.get("LINLI_DINGTALK_API_BASE");
    in_webhook_ = answers_in_webhook(cfg, "dingtalk");
    timeout_ = std::chrono::milliseconds(cfg.outbound.timeout_ms);
  }

  std::string_view name() const override { return "dingtalk"; }

  const bot::capabilities& capabilities() const override {
    // At most 20 messages in any minute for the robot (3 at once, then 17 a minute).
    static const bot::capabilities caps{
        .sees_all_messages = false,  // the outgoing robot hears what @-mentions it
        .answers_in_webhook = true,
        .limits = {{6000, false}, {}, rate{17.0 / 60.0, 3.0}},
        .options = {"answer"},
        .enabled_by = {"LINLI_DINGTALK_APP_SECRET", "LINLI_DINGTALK_API_BASE"},
        .verified_by = {"LINLI_DINGTALK_APP_SECRET"}};
    return caps;
  }

  // sign = base64(HMAC-SHA256(appSecret, timestamp + "\n" + appSecret)), timestamp in ms.
  void verify(const http_request& request, std::int64_t now_ms) const override {
    if (!app_secret_) return;
    const std::string timestamp(request.header("timestamp"));
    const std::string_view sign = request.header("sign");
    if (timestamp.empty() || sign.empty()) {
      throw http_error(401, "missing 'timestamp' or 'sign' header");
    }
    const auto ts = whole_number(timestamp);
    if (!ts) throw http_error(401, "'timestamp' header is not a number");
    if (now_ms - *ts > window_ms) {
      throw http_error(401, "'timestamp' header is more than an hour old");
    }
    if (*ts - now_ms > future_ms) {
      throw http_error(401, "'timestamp' header is more than a minute in the future");
    }
    const std::string expected =
        base64_encode(hmac_sha256(*app_secret_, timestamp + "\n" + *app_secret_));
    if (!constant_time_equal(sign, expected)) throw http_error(401, "'sign' header does not match");
    accept_once(*ts, std::string(sign), now_ms);
  }

  bool authenticates() const override { return app_secret_.has_value(); }

  inbound parse(const http_request& request, std::int64_t received_ms) const override {
    require_json(request);
    const json message = parse_object(request.body, "dingtalk");
    envelope e;
    e.delivery_id = text_field(message, "msgId");
    if (e.delivery_id.empty()) throw http_error(400, "dingtalk: message without 'msgId'");
    e.chat = {"dingtalk", text_field(message, "conversationId")};
    if (e.chat.chat_id.empty()) throw http_error(400, "dingtalk: message without 'conversationId'");
    std::string id = text_field(message, "senderStaffId");
    if (id.empty()) id = text_field(message, "senderId");
    const std::string nick = text_field(message, "senderNick");
    const auto admin = message.find("isAdmin");
    e.from = {id, nick.empty() ? id : nick,
              admin != message.end() && admin->is_boolean() && admin->get<bool>()
                  ? platform_role::admin
                  : platform_role::member};
    const std::string type = text_field(message, "msgtype");
    if (type == "text") {
      e.text = text_field(object_field(message, "text"), "content");
    } else if (type == "richText") {
      const json& content = object_field(message, "content");
      if (const auto parts = content.find("richText");
          parts != content.end() && parts->is_array()) {
        for (const json& part : *parts) e.text += text_field(part, "text");
      }
    }
    if (const auto at = message.find("atUsers"); at != message.end() && at->is_array()) {
      for (const json& user : *at) e.mentions.push_back(text_field(user, "dingtalkId"));
    }
    e.sent_at = int_field(message, "createAt") / 1000;
    e.addressed = true;  // the outgoing robot hears only what @-mentions it (DingTalk drops the @)
    if (const std::string hook = text_field(message, "sessionWebhook"); !hook.empty()) {
      const std::int64_t expires = int_field(message, "sessionWebhookExpiredTime");
      e.route = encode_route(hook, expires);
      // Kept for what linli sends on its own: a DingTalk URL that is still valid.
      e.route_reaches_chat =
          !target(hook).empty() && (expires == 0 || expires > received_ms + expiry_margin_ms);
    }
    e.received_at_ms = received_ms;
    return {std::move(e), std::nullopt};
  }

  std::size_t inline_replies() const override { return in_webhook_ ? 1 : 0; }

  http_response acknowledge(const answer_input& in) const override {
    if (in.carried.empty()) return empty_json();
    return json_answer({{"msgtype", "text"}, {"text", {{"content", in.carried[0].text}}}});
  }

  // Answers go to the session webhook each message brings (or the OpenAPI), so there is always
  // a way to try.
  bool can_send() const override { return true; }

  delivery send(const outbound_message& m, std::string_view part) const override {
    const std::int64_t now = wall_ms();
    // The message's own session webhook, else the chat's newest, while valid.
    std::optional<session_route> hook;
    for (const std::string& route :
         {m.route, kept_route_ ? kept_route_(m.chat).value_or("") : std::string()}) {
      if (route.empty()) continue;
      const session_route r = decode_route(route);
      if (r.expires_ms == 0 || r.expires_ms > now + expiry_margin_ms) {
        hook = r;
        break;
      }
    }
    if (!hook) {
      if (open_api()) return send_by_open_api(m, part);
      return {delivery::outcome::retry, 60'000,
              "dingtalk: no valid session webhook for this chat (one comes with each message to "
              "the robot, valid about 90 minutes); set LINLI_DINGTALK_APP_KEY to send through the "
              "robot OpenAPI"};
    }
    const std::string url = target(hook->url);
    if (url.empty()) {
      return {delivery::outcome::give_up, 0, "dingtalk: session webhook is not a DingTalk URL"};
    }
    const json body = {{"msgtype", "text"}, {"text", {{"content", part}}}};
    const http_result r = post_json(url, dump(body), timeout_);
    delivery d = delivery_of(r);
    const json answer = json::parse(r.body, nullptr, false);
    const std::int64_t code = int_field(answer, "errcode", 0);
    if (d.result != delivery::outcome::sent || code == 0) return d;
    d.error = "dingtalk errcode " + std::to_string(code) + ": " + text_field(answer, "errmsg");
    // 130101: sending too fast; wait a minute.
    d.result = code == 130101 ? delivery::outcome::retry : delivery::outcome::give_up;
    d.retry_after_ms = code == 130101 ? 60'000 : 0;
    return d;
  }

  std::vector<std::string> warnings() const override {
    if (app_secret_) return {};
    return {"LINLI_DINGTALK_APP_SECRET is not set: the dingtalk webhook is not authenticated"};
  }

 private:
  // A session webhook is called only on DingTalk's own hosts, so a forged message cannot make
  // linli POST anywhere. LINLI_DINGTALK_API_BASE replaces the host (tests, proxies).
  std::string target(const std::string& url) const {
    for (const std::string_view host :
         {"https://oapi.dingtalk.com/", "https://api.dingtalk.com/"}) {
      if (url.starts_with(host)) {
        return api_base_ ? *api_base_ + url.substr(host.size() - 1) : url;
      }
    }
    return {};
  }

  bool open_api() const { return app_key_ && app_secret_ && robot_code_; }

  // The robot OpenAPI: an app access token (oauth2/accessToken, kept until shortly before it
  // expires), then robot/groupMessages/send to the conversation.
  delivery send_by_open_api(const outbound_message& m, std::string_view part) const {
    const std::optional<std::string> token = access_token();
    if (!token) return {delivery::outcome::retry, 0, "dingtalk: no access token from oauth2"};
    const json body = {{"msgParam", dump({{"content", part}})},
                       {"msgKey", "sampleText"},
                       {"openConversationId", m.chat.chat_id},
                       {"robotCode", *robot_code_}};
    const http_result r = post_json(open_api_base() + "/v1.0/robot/groupMessages/send", dump(body),
                                    timeout_, {{"x-acs-dingtalk-access-token", *token}});
    delivery d = delivery_of(r);
    if (d.result == delivery::outcome::sent || r.status == 0) return d;
    const json answer = json::parse(r.body, nullptr, false);
    const std::string code = text_field(answer, "code");
    d.error = "dingtalk robot/groupMessages/send " + std::to_string(r.status) + " " + code + ": " +
              text_field(answer, "message");
    if (code.find("token") != std::string::npos || r.status == 401) forget_token();
    return d;
  }

  std::string open_api_base() const { return api_base_.value_or("https://api.dingtalk.com"); }

  std::optional<std::string> access_token() const {
    return token_.get([this]() -> std::optional<expiring_token::fetched> {
      const json body = {{"appKey", *app_key_}, {"appSecret", *app_secret_}};
      const http_result r =
          post_json(open_api_base() + "/v1.0/oauth2/accessToken", dump(body), timeout_);
      if (r.status != 200) return std::nullopt;
      const json answer = json::parse(r.body, nullptr, false);
      return expiring_token::fetched{text_field(answer, "accessToken"),
                                     int_field(answer, "expireIn", 7200)};
    });
  }

  void forget_token() const { token_.forget(); }

  // A signed request is valid for an hour: each (timestamp, sign) pair is accepted once, so a
  // captured request cannot be replayed. Pairs past the window are forgotten; past max_seen the
  // oldest go first.
  void accept_once(std::int64_t ts, std::string sign, std::int64_t now_ms) const {
    const std::lock_guard lock(seen_mutex_);
    while (!seen_.empty() &&
           (seen_.size() >= max_seen || now_ms - seen_.begin()->first > window_ms)) {
      seen_.erase(seen_.begin());
    }
    if (!seen_.emplace(ts, std::move(sign)).second) {
      throw http_error(401, "this 'timestamp' and 'sign' were already used");
    }
  }

  std::optional<std::string> app_secret_, app_key_, robot_code_, api_base_;
  // The chat's newest session webhook, kept in the database by the writer.
  platform_services::robot_key_fn kept_route_;
  mutable std::mutex seen_mutex_;
  mutable std::set<std::pair<std::int64_t, std::string>> seen_;
  bool in_webhook_ = false;
  std::chrono::milliseconds timeout_{10'000};
  expiring_token token_;
};

}  // namespace

std::unique_ptr<platform> make_dingtalk(const config::config& cfg,
                                        const platform_services& services) {
  return std::make_unique<dingtalk>(cfg, services);
}

}  // namespace linli::bot::platforms
