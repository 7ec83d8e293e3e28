// WeCom 智能机器人 callbacks (path/100719 messages, path/101027 events, path/101031 passive
// replies, path/101138 response_url, path/101033 crypto). Every request is signed and encrypted
// with the bot's Token and EncodingAESKey (wecom_crypto.hpp).

#include "bot/platforms/wecom/wecom.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <limits>

#include "bot/net/http_client.hpp"
#include "bot/platforms/common.hpp"
#include "bot/platforms/signature.hpp"
#include "bot/platforms/wecom/wecom_crypto.hpp"
#include "bot/platforms/wecom/wecom_robot.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::bot::platforms {
namespace {

constexpr std::string_view official_origin = "https://qyapi.weixin.qq.com";
// WeCom waits 5 s for the callback's answer; a reply decided later than this goes through the
// response_url instead, leaving time for the commit and the answer's trip.
constexpr std::int64_t passive_budget_ms = 3'000;
constexpr std::int64_t response_url_life_ms = 3'600'000;  // valid once, for an hour
constexpr std::size_t max_reply_bytes = 20'480;           // stream and markdown content
// The outbox row of a reply carried by the callback's answer says so in its route.
constexpr std::string_view passive_route = "wecom:passive";
constexpr std::string_view private_prefix = "private:";
// How often a message waiting for a chat's group robot looks again (it binds with /robot).
constexpr std::int64_t robot_recheck_ms = 5'000;

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A query value, percent-decoded with '+' kept: base64 (echostr) has pluses of its own.
std::string query_value(const http_request& request, std::string_view name) {
  std::string_view query = request.query();
  while (!query.empty()) {
    const std::string_view pair = query.substr(0, query.find('&'));
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      return eq == std::string_view::npos ? std::string() : url_decode(pair.substr(eq + 1), false);
    }
    query.remove_prefix(std::min(query.size(), pair.size() + 1));
  }
  return {};
}

// The text a message shows: text and voice (WeCom transcribes) as words, pictures and files as
// placeholders, a mixed message item by item.
std::string message_text(const json& message) {
  const std::string type = text_field(message, "msgtype");
  if (type == "text") return text_field(object_field(message, "text"), "content");
  if (type == "voice") return text_field(object_field(message, "voice"), "content");
  if (type == "image") return "[图片]";
  if (type == "file") return "[文件]";
  if (type == "mixed") {
    std::string out;
    const json& mixed = object_field(message, "mixed");
    const auto items = mixed.find("msg_item");
    if (items == mixed.end() || !items->is_array()) return out;
    for (const json& item : *items) {
      const std::string part = message_text(item);
      if (part.empty()) continue;
      out += (out.empty() ? "" : "\n") + part;
    }
    return out;
  }
  return {};
}

std::string joined(const replies& answers) {
  std::string out;
  for (const reply& r : answers) out += (out.empty() ? "" : "\n\n") + r.text;
  return out;
}

class wecom_bot final : public platform {
 public:
  wecom_bot(const config::config& cfg, const platform_services& services)
      : robot_key_(services.robot_key) {
    token_ = cfg.env.get("LINLI_WECOM_TOKEN");
    if (const auto encoding = cfg.env.get("LINLI_WECOM_AES_KEY")) {
      key_ = bot::wecom::aes_key(*encoding);
      if (!key_) {
        throw config::config_error(
            "LINLI_WECOM_AES_KEY must be the bot's 43-character EncodingAESKey");
      }
    }
    receive_id_ = cfg.env.get("LINLI_WECOM_RECEIVE_ID").value_or("");
    webhook_base_ = cfg.env.get("LINLI_WECOM_WEBHOOK_BASE").value_or(std::string(official_origin));
    while (webhook_base_.ends_with('/')) webhook_base_.pop_back();
    if (const auto it = cfg.platforms.find("wecom"); it != cfg.platforms.end()) {
      bot_name_ = it->second.bot_username;
      if (bot_name_.starts_with('@')) bot_name_.erase(0, 1);
      // The passive reply unless told "api": then every reply takes the response_url, whose
      // answer confirms delivery.
      const auto& given = it->second.given;
      passive_ = it->second.answer == "webhook" ||
                 std::find(given.begin(), given.end(), "answer") == given.end();
    }
    timeout_ = std::chrono::milliseconds(cfg.outbound.timeout_ms);
  }

  std::string_view name() const override { return "wecom"; }

  const bot::capabilities& capabilities() const override {
    // The group robot webhook allows 20 messages a minute (3 at once, then 17 a minute: never
    // more than 20 in any minute) and 2048 bytes of text; the passive reply holds up to 20,480
    // bytes (outbox_rows). In a group the bot hears only what @-mentions it.
    static const bot::capabilities caps{
        .sees_all_messages = false,
        .answers_in_webhook = true,
        .threads = true,  // a response_url reply in a group quotes the message it answers
        .verifies_url_by_get = true,
        .limits = {{bot::wecom::robot_text_bytes, false},
                   {{(bot::wecom::robot_per_minute - 3) / 60.0, 3.0}},
                   std::nullopt},
        .options = {"answer", "bot_username"},
        .enabled_by = {"LINLI_WECOM_TOKEN", "LINLI_WECOM_AES_KEY"},
        .verified_by = {"LINLI_WECOM_TOKEN"}};
    return caps;
  }

  // msg_signature over the `encrypt` value: echostr for the GET, the body's for a POST.
  void verify(const http_request& request, std::int64_t) const override {
    const std::string encrypted = encrypted_of(request);
    if (!token_) return;
    const std::string given = query_value(request, "msg_signature");
    if (given.empty()) throw http_error(401, "wecom: missing 'msg_signature' query parameter");
    if (!bot::wecom::signature_matches(given, *token_, query_value(request, "timestamp"),
                                       query_value(request, "nonce"), encrypted)) {
      throw http_error(401, "wecom: msg_signature does not match");
    }
  }

  bool authenticates() const override { return token_.has_value(); }

  inbound parse(const http_request& request, std::int64_t received_ms) const override {
    std::string plain = open(encrypted_of(request));
    if (request.method == "GET") {  // the URL verification: answer the plain echostr
      http_response r = empty_answer();
      r.body = std::move(plain);
      return answer_now(std::move(r));
    }
    const json message = parse_object(plain, "wecom (decrypted)");
    const std::string type = text_field(message, "msgtype");
    // enter_chat, card buttons, feedback, and the refresh of a stream we already finished: no one
    // wrote anything to keep, and the empty answer is what each allows.
    if (type == "event" || type == "stream") return answer_now(empty_answer());
    envelope e;
    e.delivery_id = text_field(message, "msgid");
    if (e.delivery_id.empty()) throw http_error(400, "wecom: message without 'msgid'");
    const std::string user = text_field(object_field(message, "from"), "userid");
    if (text_field(message, "chattype") == "group") {
      e.chat = {"wecom", text_field(message, "chatid")};
      if (e.chat.chat_id.empty()) throw http_error(400, "wecom: group message without 'chatid'");
    } else {
      if (user.empty()) throw http_error(400, "wecom: message without 'from.userid'");
      e.chat = {"wecom", std::string(private_prefix) + user};
    }
    e.from = {user, user, platform_role::member};  // callbacks carry no display name
    e.addressed = true;   // a group delivers only what mentions the bot; a direct chat is its own
    std::string mention;  // the bot's own: `addressed` says it, `mentions` lists the others
    e.text = bot::wecom::strip_mention(message_text(message), bot_name_, mention);
    e.sent_at = int_field(message, "create_time");
    const std::string response_url = text_field(message, "response_url");
    if (allowed(response_url)) e.route = response_url;
    e.received_at_ms = received_ms;
    inbound in{std::move(e), std::nullopt};
    in.context = dump({{"nonce", query_value(request, "nonce")},
                       {"timestamp", query_value(request, "timestamp")},
                       {"msgid", in.message->delivery_id}});
    return in;
  }

  // Every reply is one answer: the callback's, or the response_url's (usable once).
  std::size_t inline_replies() const override { return std::numeric_limits<std::size_t>::max(); }

  // One row for all replies. Decided while WeCom still waits: the passive reply, recorded as sent;
  // later, the response_url.
  std::vector<outbound_message> outbox_rows(const envelope& message,
                                            const replies& answers) const override {
    if (answers.empty()) return {};
    outbound_message m;
    m.chat = message.chat;
    m.text = joined(answers);
    m.reply_to = message.message_key();
    m.created_ms = message.received_at_ms;
    m.route = message.route;
    const std::int64_t now = wall_ms();
    if (passive_ && key_ && token_ && now - message.received_at_ms <= passive_budget_ms &&
        m.text.size() <= max_reply_bytes) {
      m.route = std::string(passive_route);
      m.state = outbound_state::sent;
      m.sent_ms = now;
      m.parts_sent = 1;
    }
    return {std::move(m)};
  }

  http_response acknowledge(const answer_input& in) const override {
    for (const outbound_message& m : in.outbox) {
      if (m.route == passive_route) return passive(m.text, in.context);
    }
    // A redelivery gets the original replies back; a late one's went to its response_url.
    if (passive_ && in.duplicate && !in.carried.empty()) {
      return passive(joined(in.carried), in.context);
    }
    return empty_answer();
  }

  bool can_send() const override { return true; }  // response_url needs no credentials

  delivery send(const outbound_message& m, std::string_view part) const override {
    const bool fresh = wall_ms() - m.created_ms < response_url_life_ms;
    if (m.parts_sent == 0 && fresh && allowed(m.route)) {
      const json body = {{"msgtype", "markdown"}, {"markdown", {{"content", part}}}};
      return bot::wecom::checked(post_json(m.route, dump(body), timeout_), "response_url");
    }
    // What linli sends on its own (and what a used or expired response_url cannot carry) goes
    // through the chat's group robot; without one bound it waits, and /report says so.
    std::optional<std::string> key;
    try {
      if (robot_key_) key = robot_key_(m.chat);
    } catch (const std::exception& e) {
      return {delivery::outcome::retry, 0, std::string("wecom: group robot lookup: ") + e.what()};
    }
    if (!key) {
      return {delivery::outcome::wait, robot_recheck_ms,
              "wecom: waiting for a group robot webhook (a coordinator sends /robot KEY in chat " +
                  m.chat.chat_id + ")"};
    }
    return bot::wecom::checked(post_json(bot::wecom::robot_url(webhook_base_, *key),
                                         bot::wecom::robot_body(part), timeout_),
                               "group robot webhook");
  }

  std::vector<std::string> warnings() const override {
    std::vector<std::string> out;
    if (!token_) {
      out.emplace_back("LINLI_WECOM_TOKEN is not set: the wecom callback is not authenticated");
    }
    if (!key_) {
      out.emplace_back("LINLI_WECOM_AES_KEY is not set: wecom callbacks cannot be decrypted");
    }
    out.emplace_back(
        "wecom: replies go in the callback's answer or through each message's response_url; "
        "messages linli sends on its own go through the group robot a coordinator binds in each "
        "chat (/robot KEY) and wait until one is bound");
    return out;
  }

 private:
  std::string encrypted_of(const http_request& request) const {
    if (request.method == "GET") {
      std::string echo = query_value(request, "echostr");
      if (echo.empty()) throw http_error(400, "wecom: URL verification without 'echostr'");
      return echo;
    }
    const json body = parse_object(request.body, "wecom");
    const auto it = body.find("encrypt");
    if (it == body.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
      throw http_error(400, "wecom: body without an 'encrypt' string");
    }
    return it->get<std::string>();
  }

  // The decrypted text, checked to be meant for us.
  std::string open(const std::string& encrypted) const {
    if (!key_)
      throw http_error(400, "wecom: encrypted callback but LINLI_WECOM_AES_KEY is not set");
    auto plain = bot::wecom::decrypt(*key_, encrypted);
    if (!plain) throw http_error(400, "wecom: 'encrypt' does not decrypt with LINLI_WECOM_AES_KEY");
    if (!constant_time_equal(plain->receive_id, receive_id_)) {
      throw http_error(401, "wecom: the message is for another receive id");
    }
    return std::move(plain->message);
  }

  // A response_url is followed only on WeCom's own host or LINLI_WECOM_WEBHOOK_BASE's.
  bool allowed(const std::string& url) const {
    return bot::wecom::same_origin(url, official_origin) ||
           bot::wecom::same_origin(url, webhook_base_);
  }

  // The passive reply: a finished stream, encrypted and signed with the callback's nonce.
  http_response passive(const std::string& text, std::string_view context) const {
    if (!key_ || !token_) return empty_answer();
    const json noted = json::parse(context, nullptr, false);
    const std::string nonce = text_field(noted, "nonce");
    std::string timestamp = text_field(noted, "timestamp");
    if (!whole_number(timestamp)) timestamp = std::to_string(wall_ms() / 1000);
    const std::string stream_id = to_hex(sha256(text_field(noted, "msgid"))).substr(0, 32);
    const json reply = {{"msgtype", "stream"},
                        {"stream", {{"id", stream_id}, {"finish", true}, {"content", text}}}};
    const std::string sealed =
        bot::wecom::encrypt(*key_, dump(reply), receive_id_, bot::wecom::random_prefix());
    return json_answer({{"encrypt", sealed},
                        {"msgsignature", bot::wecom::signature(*token_, timestamp, nonce, sealed)},
                        {"timestamp", *whole_number(timestamp)},
                        {"nonce", nonce}});
  }

  static http_response empty_answer() {
    http_response r;
    r.content_type = "text/plain; charset=utf-8";
    return r;
  }

  platform_services::robot_key_fn robot_key_;
  std::optional<std::string> token_, key_;
  std::string receive_id_, webhook_base_, bot_name_;
  bool passive_ = true;
  std::chrono::milliseconds timeout_{10'000};
};

}  // namespace

std::unique_ptr<platform> make_wecom(const config::config& cfg, const platform_services& services) {
  return std::make_unique<wecom_bot>(cfg, services);
}

}  // namespace linli::bot::platforms
