// Telegram Bot API (core.telegram.org/bots/api): updates POSTed to the webhook set by setWebhook,
// answers through sendMessage, or as one method call in the webhook's answer.

#include "bot/platforms/telegram/telegram.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "bot/net/http_client.hpp"
#include "bot/platforms/common.hpp"
#include "bot/platforms/signature.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::bot::platforms {
namespace {

// The bytes of `text` that UTF-16 units [offset, offset + length) cover (entity offsets).
std::string_view utf16_slice(std::string_view text, std::int64_t offset, std::int64_t length) {
  std::int64_t unit = 0;
  std::size_t begin = std::string_view::npos, pos = 0;
  while (pos < text.size()) {
    if (unit == offset && begin == std::string_view::npos) begin = pos;
    if (unit >= offset + length) break;
    const auto d = utf8::decode_at(text, pos);
    unit += d.code_point >= 0x10000 ? 2 : 1;
    pos += d.length;
  }
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, pos - begin);
}

std::string display_name(const json& user) {
  std::string name = text_field(user, "first_name");
  const std::string last = text_field(user, "last_name");
  if (!last.empty()) name += (name.empty() ? "" : " ") + last;
  if (name.empty()) name = text_field(user, "username");
  if (name.empty()) name = text_field(user, "title");  // a chat speaking as itself
  return name;
}

// The route of an answer in a forum topic: "topic:<message_thread_id>".
constexpr std::string_view topic_prefix = "topic:";

// The topic a route names, or nullopt.
std::optional<std::int64_t> topic_of(std::string_view route) {
  if (!route.starts_with(topic_prefix)) return std::nullopt;
  return whole_number(route.substr(topic_prefix.size()));
}

// chat_id for the API: a number where it is one (ids exceed 32 bits; JSON numbers hold them).
json chat_id_value(const std::string& id) {
  if (const auto n = whole_number(id)) return *n;
  return id;
}

class telegram final : public platform {
 public:
  telegram(const config::config& cfg, const platform_services& services)
      : kept_route_(services.robot_key) {
    token_ = cfg.env.get("LINLI_TELEGRAM_TOKEN");
    secret_ = cfg.env.get("LINLI_TELEGRAM_SECRET");
    api_base_ = cfg.env.get("LINLI_TELEGRAM_API_BASE").value_or("https://api.telegram.org");
    in_webhook_ = answers_in_webhook(cfg, "telegram");
    if (const auto it = cfg.platforms.find("telegram"); it != cfg.platforms.end()) {
      bot_name_ = it->second.bot_username;
      if (bot_name_.starts_with('@')) bot_name_.erase(0, 1);
      for (char& c : bot_name_) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    timeout_ = std::chrono::milliseconds(cfg.outbound.timeout_ms);
  }

  std::string_view name() const override { return "telegram"; }

  const bot::capabilities& capabilities() const override {
    // 1 message/s per chat; at most 20 in any minute in a group (3 at once, then 17 a minute);
    // 30/s for the whole bot; 4096 UTF-16 units a message. In groups the bot sees everything
    // once its privacy mode is off.
    static const bot::capabilities caps{
        .sees_all_messages = true,
        .answers_in_webhook = true,
        .threads = true,
        .limits = {{4096, true}, {{1.0, 1.0}, {17.0 / 60.0, 3.0}}, rate{30.0, 30.0}},
        .options = {"answer", "bot_username"},
        .enabled_by = {"LINLI_TELEGRAM_TOKEN", "LINLI_TELEGRAM_SECRET"},
        .verified_by = {"LINLI_TELEGRAM_SECRET"}};
    return caps;
  }

  void verify(const http_request& request, std::int64_t) const override {
    if (!secret_) return;
    const std::string_view given = request.header("x-telegram-bot-api-secret-token");
    if (given.empty()) throw http_error(401, "missing X-Telegram-Bot-Api-Secret-Token header");
    if (!constant_time_equal(given, *secret_)) {
      throw http_error(401, "X-Telegram-Bot-Api-Secret-Token does not match");
    }
  }

  bool authenticates() const override { return secret_.has_value(); }

  // Without platforms.telegram.bot_username, getMe tells the bot's own username, so that
  // "@linli_bot 名单" is read as addressed to it.
  void start() override {
    if (!token_ || !bot_name_.empty()) return;
    const http_result r = post_json(api_base_ + "/bot" + *token_ + "/getMe", "{}",
                                    std::min(timeout_, std::chrono::milliseconds(5'000)));
    const json answer = json::parse(r.body, nullptr, false);
    std::string name = r.status == 200 && answer.is_object() && answer.value("ok", false)
                           ? text_field(object_field(answer, "result"), "username")
                           : std::string();
    if (name.empty()) {
      spdlog::warn(
          "telegram: getMe did not answer with the bot's username ({}): set "
          "platforms.telegram.bot_username, or \"@bot 名单\" is not read as addressed to the bot",
          r.status == 0 ? r.error : "HTTP " + std::to_string(r.status));
      return;
    }
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bot_name_ = name;
    spdlog::info("telegram: the bot is @{} (getMe)", bot_name_);
  }

  inbound parse(const http_request& request, std::int64_t received_ms) const override {
    require_json(request);
    const json update = parse_object(request.body, "telegram");
    const auto update_id = update.find("update_id");
    if (update_id == update.end() || !update_id->is_number_integer()) {
      throw http_error(400, "telegram: missing integer 'update_id'");
    }
    envelope e;
    e.delivery_id = update_id->dump();
    e.received_at_ms = received_ms;
    for (const char* kind : {"message", "edited_message", "channel_post", "edited_channel_post"}) {
      if (const auto it = update.find(kind); it != update.end() && it->is_object()) {
        read_message(*it, e);
        e.edited = std::string_view(kind).starts_with("edited");
        inbound in{std::move(e), std::nullopt};
        // The webhook answer goes to the topic too, and quotes the message as a sent one does:
        // "<route>\n<message_id>".
        in.context = in.message->route + "\n" + in.message->message_id;
        return in;
      }
    }
    if (const auto it = update.find("callback_query"); it != update.end() && it->is_object()) {
      read_callback(*it, e);
      return {std::move(e), std::nullopt};
    }
    // my_chat_member, poll, ...: nobody wrote anything to keep.
    return answer_now(empty_json());
  }

  std::size_t inline_replies() const override { return in_webhook_ ? 1 : 0; }

  http_response acknowledge(const answer_input& in) const override {
    if (in.carried.empty()) return empty_json();
    json call = {{"method", "sendMessage"},
                 {"chat_id", chat_id_value(in.chat.chat_id)},
                 {"text", in.carried[0].text}};
    const std::string_view context = in.context;
    const auto newline = context.find('\n');
    if (const auto topic = topic_of(context.substr(0, newline))) {
      call["message_thread_id"] = *topic;
    }
    if (newline != std::string_view::npos) {
      if (const auto answered = whole_number(context.substr(newline + 1))) {
        call["reply_parameters"] = {{"message_id", *answered},
                                    {"allow_sending_without_reply", true}};
      }
    }
    return json_answer(call);
  }

  bool can_send() const override { return token_.has_value(); }

  delivery send(const outbound_message& m, std::string_view part) const override {
    json body = {{"chat_id", chat_id_value(m.chat.chat_id)}, {"text", part}};
    // What linli sends on its own (a reminder) goes to the topic the chat last used with it.
    const std::string route =
        m.route.empty() && kept_route_ ? kept_route_(m.chat).value_or("") : m.route;
    if (const auto topic = topic_of(route)) body["message_thread_id"] = *topic;
    // An answer quotes the message it answers, so a busy group sees whose it is.
    if (const auto answered = whole_number(m.reply_to)) {
      body["reply_parameters"] = {{"message_id", *answered}, {"allow_sending_without_reply", true}};
    }
    const http_result r =
        post_json(api_base_ + "/bot" + *token_ + "/sendMessage", dump(body), timeout_);
    delivery d = delivery_of(r);
    // The token is in the URL; never in a log line.
    if (!d.error.empty()) d.error = "sendMessage: " + d.error;
    return d;
  }

  std::vector<std::string> warnings() const override {
    std::vector<std::string> out;
    if (!secret_) {
      out.emplace_back(
          "LINLI_TELEGRAM_SECRET is not set: the telegram webhook is not "
          "authenticated (setWebhook secret_token)");
    }
    if (!token_) {
      out.emplace_back("LINLI_TELEGRAM_TOKEN is not set: telegram replies stay in the outbox");
    }
    return out;
  }

 private:
  void read_message(const json& message, envelope& e) const {
    const json& chat = object_field(message, "chat");
    e.chat = {"telegram", text_field(chat, "id")};
    if (e.chat.chat_id.empty()) throw http_error(400, "telegram: message without 'chat.id'");
    e.message_id = text_field(message, "message_id");
    e.sent_at = int_field(message, "date");
    // `from` is absent in channels; an anonymous group admin speaks as the group (sender_chat).
    const json& from = object_field(message, "from");
    const json& as_chat = object_field(message, "sender_chat");
    if (!as_chat.empty()) {
      e.from = {text_field(as_chat, "id"), display_name(as_chat),
                text_field(as_chat, "id") == e.chat.chat_id ? platform_role::admin
                                                            : platform_role::member};
    } else if (!from.empty()) {
      e.from = {text_field(from, "id"), display_name(from), platform_role::member};
    } else {
      e.from = {e.chat.chat_id, display_name(chat), platform_role::member};
    }
    if (e.from.name.empty()) e.from.name = e.from.id;
    const bool captioned = !message.contains("text");
    e.text = text_field(message, captioned ? "caption" : "text");
    std::optional<std::pair<std::size_t, std::size_t>> own;  // the bot's @-mention, in bytes
    if (const auto it = message.find(captioned ? "caption_entities" : "entities");
        it != message.end() && it->is_array()) {
      for (const json& entity : *it) {
        const std::string type = text_field(entity, "type");
        if (type == "mention") {
          const std::string_view at =
              utf16_slice(e.text, int_field(entity, "offset"), int_field(entity, "length"));
          if (!own && is_bot(at)) {
            own.emplace(static_cast<std::size_t>(at.data() - e.text.data()), at.size());
          } else {
            e.mentions.emplace_back(at);
          }
        } else if (type == "text_mention") {
          e.mentions.push_back(text_field(object_field(entity, "user"), "id"));
        }
      }
    }
    // In privacy mode a group bot hears commands and what mentions it; a private chat is its own.
    e.addressed = own.has_value() || text_field(chat, "type") == "private";
    if (own) e.text = without_mention(e.text, own->first, own->second);
    const json& replied = object_field(message, "reply_to_message");
    e.reply_to = text_field(replied, "message_id");
    // In a forum topic: answers go to the topic; the topic's creation message, which every
    // message of the topic "replies" to, is not the message being answered.
    if (message.value("is_topic_message", false)) {
      const std::string thread = text_field(message, "message_thread_id");
      if (!thread.empty()) {
        e.route = std::string(topic_prefix) + thread;
        e.route_reaches_chat = true;  // the chat's topic for what linli sends on its own
      }
      if (replied.contains("forum_topic_created") || e.reply_to == thread) e.reply_to.clear();
    }
  }

  // "@Linli_Bot" is this bot (Telegram usernames ignore case).
  bool is_bot(std::string_view mention) const {
    if (bot_name_.empty() || !mention.starts_with('@')) return false;
    mention.remove_prefix(1);
    if (mention.size() != bot_name_.size()) return false;
    for (std::size_t i = 0; i < mention.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(mention[i])) != bot_name_[i]) return false;
    }
    return true;
  }

  // A button press: its data is what the person "said"; the chat is the message's, or theirs.
  static void read_callback(const json& query, envelope& e) {
    const json& from = object_field(query, "from");
    const json& message = object_field(query, "message");
    const std::string chat = text_field(object_field(message, "chat"), "id");
    e.chat = {"telegram", chat.empty() ? text_field(from, "id") : chat};
    if (e.chat.chat_id.empty()) throw http_error(400, "telegram: callback_query without a chat");
    e.from = {text_field(from, "id"), display_name(from), platform_role::member};
    if (e.from.name.empty()) e.from.name = e.from.id;
    e.message_id = "callback:" + text_field(query, "id");
    e.text = text_field(query, "data");
    e.reply_to = text_field(message, "message_id");
  }

  std::optional<std::string> token_, secret_;
  // The topic of the chat's newest message in a topic, kept in the database by the writer.
  platform_services::robot_key_fn kept_route_;
  std::string api_base_;
  // platforms.telegram.bot_username (else getMe's), lower case, without '@'; set before serving
  std::string bot_name_;
  bool in_webhook_ = false;
  std::chrono::milliseconds timeout_{10'000};
};

}  // namespace

std::unique_ptr<platform> make_telegram(const config::config& cfg,
                                        const platform_services& services) {
  return std::make_unique<telegram>(cfg, services);
}

}  // namespace linli::bot::platforms
