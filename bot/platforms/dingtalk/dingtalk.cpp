// DingTalk outgoing robot (open.dingtalk.com, "receive messages"): a signed POST per message that
// @-mentions the robot, answered in the webhook's answer or through the message's session webhook.

#include "bot/platforms/dingtalk/dingtalk.hpp"

#include <map>
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

class dingtalk final : public platform {
 public:
  explicit dingtalk(const config::config& cfg) {
    app_secret_ = cfg.env.get("LINLI_DINGTALK_APP_SECRET");
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
    e.route = text_field(message, "sessionWebhook");
    e.received_at_ms = received_ms;
    remember_route(e.chat.chat_id, e.route, int_field(message, "sessionWebhookExpiredTime"));
    return {std::move(e), std::nullopt};
  }

  std::size_t inline_replies() const override { return in_webhook_ ? 1 : 0; }

  http_response acknowledge(const answer_input& in) const override {
    if (in.carried.empty()) return empty_json();
    return json_answer({{"msgtype", "text"}, {"text", {{"content", in.carried[0].text}}}});
  }

  // Answers go to the session webhook each message brings, so there is always a way to send.
  bool can_send() const override { return true; }

  delivery send(const outbound_message& m, std::string_view part) const override {
    std::string url = m.route.empty() ? latest_route(m.chat.chat_id) : m.route;
    if (url.empty()) {
      return {delivery::outcome::give_up, 0,
              "dingtalk: no session webhook for this chat (it expires about 90 minutes after the "
              "chat's last message to the robot)"};
    }
    url = target(url);
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

  void remember_route(const std::string& chat, const std::string& url,
                      std::int64_t expires_ms) const {
    if (url.empty()) return;
    const std::lock_guard lock(routes_mutex_);
    routes_[chat] = {url, expires_ms};
  }

  std::string latest_route(const std::string& chat) const {
    const std::lock_guard lock(routes_mutex_);
    const auto it = routes_.find(chat);
    if (it == routes_.end()) return {};
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    return it->second.second == 0 || it->second.second > now ? it->second.first : std::string();
  }

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

  std::optional<std::string> app_secret_, api_base_;
  mutable std::mutex seen_mutex_;
  mutable std::set<std::pair<std::int64_t, std::string>> seen_;
  bool in_webhook_ = false;
  std::chrono::milliseconds timeout_{10'000};
  mutable std::mutex routes_mutex_;
  // The newest session webhook per conversation and when it expires (ms), for messages the bot
  // sends on its own; kept in memory only: they expire within hours anyway.
  mutable std::map<std::string, std::pair<std::string, std::int64_t>> routes_;
};

}  // namespace

std::unique_ptr<platform> make_dingtalk(const config::config& cfg) {
  return std::make_unique<dingtalk>(cfg);
}

}  // namespace linli::bot::platforms
