// Feishu / Lark event subscriptions (open.feishu.cn, im.message.receive_v1 and the edits of
// im.message.updated_v1): optionally encrypted (AES-256-CBC) and signed events, answered through
// im/v1/messages with a tenant access token.

#include "bot/platforms/feishu/feishu.hpp"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string_view>

#include "bot/net/http_client.hpp"
#include "bot/platforms/common.hpp"
#include "bot/platforms/signature.hpp"

namespace linli::bot::platforms {
namespace {

// The text, at most this many times its own size (plus a little), after mentions are replaced.
constexpr std::size_t mention_growth = 4;
constexpr std::size_t mention_slack = 4096;
// Stands for the bot's own mention between replacing placeholders and removing it.
constexpr std::string_view bot_mark = "\x01@bot\x01";

// Each placeholder replaced by its name in one left-to-right pass: a name is written, never
// searched again, so a name holding another placeholder cannot make the text grow with each
// mention. Past the cap the rest is copied as it came.
std::string replace_mentions(std::string_view text,
                             const std::map<std::string, std::string>& names) {
  if (names.empty()) return std::string(text);
  std::set<std::size_t> lengths;
  std::set<char> firsts;
  for (const auto& [key, name] : names) {
    lengths.insert(key.size());
    firsts.insert(key.front());
  }
  const std::size_t cap = text.size() * mention_growth + mention_slack;
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::string* name = nullptr;
    std::size_t matched = 0;
    // The longest placeholder that starts here (keys share a first character, '@').
    for (auto it = lengths.rbegin(); it != lengths.rend() && !name && firsts.contains(text[i]);
         ++it) {
      if (i + *it > text.size()) continue;
      const auto found = names.find(std::string(text.substr(i, *it)));
      if (found != names.end()) {
        name = &found->second;
        matched = *it;
      }
    }
    if (name && out.size() + name->size() <= cap) {
      out += *name;
      i += matched;
    } else {
      out.push_back(text[i]);
      ++i;
    }
  }
  return out;
}

// Feishu codes that mean "try again": rate limited, internal error, an expired token.
bool retryable_code(std::int64_t code) {
  return code == 99991400 || code == 99991663 || code == 99991661 || code == 99991677 ||
         code == 230020 || code == 1000004 || code == 1000005;
}

bool token_expired(std::int64_t code) {
  return code == 99991663 || code == 99991661 || code == 99991677;
}

// Text of a "post" (rich text) message: every text and @ node, a line per paragraph.
std::string post_text(const json& content) {
  const json* post = &content;
  if (!content.contains("content")) {  // {"zh_cn": {...}} by locale: take the first
    for (const auto& [locale, body] : content.items()) {
      if (body.is_object()) {
        post = &body;
        break;
      }
    }
  }
  std::string out = text_field(*post, "title");
  const auto paragraphs = post->find("content");
  if (paragraphs == post->end() || !paragraphs->is_array()) return out;
  for (const json& line : *paragraphs) {
    if (!line.is_array()) continue;
    if (!out.empty()) out += '\n';
    for (const json& node : line) {
      const std::string tag = text_field(node, "tag");
      if (tag == "text" || tag == "a") out += text_field(node, "text");
      if (tag == "at") out += "@" + text_field(node, "user_name");
    }
  }
  return out;
}

constexpr std::int64_t window_seconds = 300;  // a signed event's timestamp, either way

}  // namespace

// Feishu drops a repeat of the same uuid within an hour, so a resend of a part after a crash is
// not shown twice. The outbox id alone would come back after a fresh database or a replay into
// one, and Feishu would then drop a new message as a repeat: the row's creation time goes in too.
std::string message_uuid(const outbound_message& m) {
  return "linli-" + std::to_string(m.id) + "-" + std::to_string(m.created_ms) + "-" +
         std::to_string(m.parts_sent);
}

namespace {

class feishu final : public platform {
 public:
  explicit feishu(const config::config& cfg) {
    app_id_ = cfg.env.get("LINLI_FEISHU_APP_ID");
    app_secret_ = cfg.env.get("LINLI_FEISHU_APP_SECRET");
    encrypt_key_ = cfg.env.get("LINLI_FEISHU_ENCRYPT_KEY");
    verification_token_ = cfg.env.get("LINLI_FEISHU_VERIFICATION_TOKEN");
    bot_open_id_ = cfg.env.get("LINLI_FEISHU_BOT_OPEN_ID");
    api_base_ = cfg.env.get("LINLI_FEISHU_API_BASE").value_or("https://open.feishu.cn");
    timeout_ = std::chrono::milliseconds(cfg.outbound.timeout_ms);
  }

  std::string_view name() const override { return "feishu"; }

  const bot::capabilities& capabilities() const override {
    // 5 messages per second in one group. In groups the bot hears what @-mentions it, unless
    // the app holds the permission to read all group messages.
    static const bot::capabilities caps{
        .sees_all_messages = false,
        .looks_up_names = true,
        .limits = {{30000, false}, {{5.0, 5.0}}, std::nullopt},
        .options = {"answer"},
        .enabled_by = {"LINLI_FEISHU_APP_ID", "LINLI_FEISHU_APP_SECRET", "LINLI_FEISHU_ENCRYPT_KEY",
                       "LINLI_FEISHU_VERIFICATION_TOKEN"},
        .verified_by = {"LINLI_FEISHU_ENCRYPT_KEY", "LINLI_FEISHU_VERIFICATION_TOKEN"}};
    return caps;
  }

  // With an encrypt key, events carry X-Lark-Signature = sha256(timestamp + nonce + key + body).
  // The URL challenge comes unsigned; parse() lets only a challenge through without a signature.
  void verify(const http_request& request, std::int64_t now_ms) const override {
    if (!encrypt_key_) return;
    const std::string_view signature = request.header("x-lark-signature");
    if (signature.empty()) return;
    const std::string base = std::string(request.header("x-lark-request-timestamp")) +
                             std::string(request.header("x-lark-request-nonce")) + *encrypt_key_ +
                             request.body;
    if (!hex_signature_matches(signature, "", sha256(base))) {
      throw http_error(401, "X-Lark-Signature does not match the body");
    }
    // A signed event is fresh: a captured one cannot be replayed past the window.
    const auto ts = whole_number(std::string(request.header("x-lark-request-timestamp")));
    if (!ts) throw http_error(401, "X-Lark-Request-Timestamp is not a number");
    if (std::abs(now_ms / 1000 - *ts) > window_seconds) {
      throw http_error(401, "X-Lark-Request-Timestamp is more than 5 minutes from now");
    }
  }

  bool authenticates() const override { return encrypt_key_ || verification_token_; }

  inbound parse(const http_request& request, std::int64_t received_ms) const override {
    require_json(request);
    json root = parse_object(request.body, "feishu");
    if (root.contains("encrypt")) root = decrypt(text_field(root, "encrypt"));
    const bool signed_request = !request.header("x-lark-signature").empty();

    if (text_field(root, "type") == "url_verification") {
      check_token(text_field(root, "token"));
      return answer_now(json_answer({{"challenge", text_field(root, "challenge")}}));
    }
    if (encrypt_key_ && !signed_request) throw http_error(401, "missing X-Lark-Signature header");
    const json& header = object_field(root, "header");
    check_token(text_field(header, "token"));
    // An edit (im.message.updated_v1: not in Feishu's published event list, but delivered to
    // apps that subscribe it, in the receive event's shape) corrects what the message made.
    const std::string event_type = text_field(header, "event_type");
    const bool edit = event_type == "im.message.updated_v1";
    if (event_type != "im.message.receive_v1" && !edit) return answer_now(empty_json());
    const json& event = object_field(root, "event");
    const json& sender = object_field(event, "sender");
    if (text_field(sender, "sender_type") != "user") return answer_now(empty_json());
    const json& message = object_field(event, "message");

    envelope e;
    e.delivery_id = text_field(header, "event_id");
    if (e.delivery_id.empty()) throw http_error(400, "feishu: event without 'header.event_id'");
    e.chat = {"feishu", text_field(message, "chat_id")};
    if (e.chat.chat_id.empty()) throw http_error(400, "feishu: message without 'chat_id'");
    e.message_id = text_field(message, "message_id");
    e.reply_to = text_field(message, "parent_id");
    e.sent_at = int_field(message, "create_time") / 1000;
    const json& ids = object_field(sender, "sender_id");
    e.from.id = text_field(ids, "open_id");
    if (e.from.id.empty()) e.from.id = text_field(ids, "user_id");
    e.from.name = e.from.id;  // events carry no display name

    // content is JSON inside a JSON string.
    const json content = json::parse(text_field(message, "content"), nullptr, false);
    const std::string type = text_field(message, "message_type");
    if (type == "text") {
      e.text = text_field(content, "text");
    } else if (type == "post" && content.is_object()) {
      e.text = post_text(content);
    }
    // "@_user_1" placeholders become the names they stand for.
    if (const auto mentions = message.find("mentions");
        mentions != message.end() && mentions->is_array()) {
      std::map<std::string, std::string> names;  // placeholder -> "@name"
      for (const json& m : *mentions) {
        const std::string key = text_field(m, "key");
        const std::string open_id = text_field(object_field(m, "id"), "open_id");
        const bool own = bot_open_id_ && open_id == *bot_open_id_;
        if (!own) e.mentions.push_back(open_id);
        if (!key.empty())
          names.emplace(key, own ? std::string(bot_mark) : "@" + text_field(m, "name"));
      }
      e.text = replace_mentions(e.text, names);
      // The bot's own mention goes, with the spaces after it.
      for (std::size_t at; (at = e.text.find(bot_mark)) != std::string::npos;) {
        e.addressed = true;
        e.text = without_mention(e.text, at, bot_mark.size());
      }
    }
    if (text_field(message, "chat_type") == "p2p") e.addressed = true;  // a chat with the bot
    e.edited = edit;
    e.received_at_ms = received_ms;
    return {std::move(e), std::nullopt};
  }

  http_response acknowledge(const answer_input&) const override { return empty_json(); }

  bool can_send() const override { return app_id_ && app_secret_; }

  delivery send(const outbound_message& m, std::string_view part) const override {
    const std::optional<std::string> token = tenant_token();
    if (!token) return {delivery::outcome::retry, 0, "feishu: no tenant access token"};
    const json body = {{"receive_id", m.chat.chat_id},
                       {"msg_type", "text"},
                       {"content", dump({{"text", part}})},
                       {"uuid", message_uuid(m)}};
    const http_result r = post_json(api_base_ + "/open-apis/im/v1/messages?receive_id_type=chat_id",
                                    dump(body), timeout_, {{"Authorization", "Bearer " + *token}});
    delivery d = delivery_of(r);
    const json answer = json::parse(r.body, nullptr, false);
    const std::int64_t code = int_field(answer, "code", r.status == 200 ? 0 : -1);
    if (r.status == 200 && code == 0) return d;
    if (token_expired(code)) forget_token();
    if (code > 0) {
      d.error = "im/v1/messages code " + std::to_string(code) + ": " + text_field(answer, "msg");
      d.result = retryable_code(code) ? delivery::outcome::retry : delivery::outcome::give_up;
    }
    return d;
  }

  // contact/v3/users (permission contact:user.base:readonly, and the user inside the app's
  // contact range): the user's name.
  std::optional<std::string> look_up_name(const chat_ref&,
                                          const std::string& user_id) const override {
    if (!can_send() || !plain_id(user_id)) return std::nullopt;
    const std::optional<std::string> token = tenant_token();
    if (!token) return std::nullopt;
    const std::string type = user_id.starts_with("ou_") ? "open_id" : "user_id";
    const auto root = answered_object(
        get_json(api_base_ + "/open-apis/contact/v3/users/" + user_id + "?user_id_type=" + type,
                 std::min(timeout_, name_lookup_timeout), {{"Authorization", "Bearer " + *token}}));
    if (!root) return std::nullopt;
    const std::int64_t code = int_field(*root, "code", -1);
    if (token_expired(code)) forget_token();
    if (code != 0) {
      if (!token_expired(code) && !warned_permission_.exchange(true)) {
        spdlog::warn(
            "feishu: contact/v3/users answered code {} ({}): grant the app the permission "
            "contact:user.base:readonly with the group's members in its contact range for "
            "display names; until then senders are shown by their ids",
            code, text_field(*root, "msg"));
      }
      return std::nullopt;
    }
    const std::string name = text_field(object_field(object_field(*root, "data"), "user"), "name");
    return name.empty() ? std::nullopt : std::optional<std::string>(name);
  }

  std::vector<std::string> warnings() const override {
    std::vector<std::string> out;
    if (!encrypt_key_ && !verification_token_) {
      out.emplace_back(
          "neither LINLI_FEISHU_ENCRYPT_KEY nor LINLI_FEISHU_VERIFICATION_TOKEN is "
          "set: the feishu webhook is not authenticated");
    }
    if (!can_send()) {
      out.emplace_back(
          "LINLI_FEISHU_APP_ID / LINLI_FEISHU_APP_SECRET are not set: feishu "
          "replies stay in the outbox");
    }
    return out;
  }

 private:
  json decrypt(const std::string& encrypted) const {
    if (!encrypt_key_) {
      throw http_error(400, "feishu: encrypted event but LINLI_FEISHU_ENCRYPT_KEY is not set");
    }
    const auto raw = base64_decode(encrypted);
    if (!raw || raw->size() < 32) throw http_error(400, "feishu: 'encrypt' is not valid base64");
    const auto plain =
        aes256_cbc_decrypt(sha256(*encrypt_key_), raw->substr(0, 16), raw->substr(16));
    if (!plain) throw http_error(401, "feishu: 'encrypt' does not decrypt with the configured key");
    return parse_object(*plain, "feishu (decrypted)");
  }

  void check_token(const std::string& token) const {
    if (verification_token_ && !constant_time_equal(token, *verification_token_)) {
      throw http_error(401, "feishu: verification token does not match");
    }
  }

  // tenant_access_token/internal, kept until shortly before it expires.
  std::optional<std::string> tenant_token() const {
    return token_.get([this]() -> std::optional<expiring_token::fetched> {
      const json body = {{"app_id", *app_id_}, {"app_secret", *app_secret_}};
      const http_result r = post_json(api_base_ + "/open-apis/auth/v3/tenant_access_token/internal",
                                      dump(body), timeout_);
      const json answer = json::parse(r.body, nullptr, false);
      if (r.status != 200 || int_field(answer, "code", -1) != 0) return std::nullopt;
      return expiring_token::fetched{text_field(answer, "tenant_access_token"),
                                     int_field(answer, "expire", 7200)};
    });
  }

  void forget_token() const { token_.forget(); }

  std::optional<std::string> app_id_, app_secret_, encrypt_key_, verification_token_,
      bot_open_id_;  // LINLI_FEISHU_BOT_OPEN_ID: which mention is the bot's
  std::string api_base_;
  std::chrono::milliseconds timeout_{10'000};
  expiring_token token_;
  mutable std::atomic<bool> warned_permission_{false};
};

}  // namespace

std::unique_ptr<platform> make_feishu(const config::config& cfg) {
  return std::make_unique<feishu>(cfg);
}

}  // namespace linli::bot::platforms
