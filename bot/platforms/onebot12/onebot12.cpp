// OneBot 12: specs/connect/communication/http-webhook.md (headers, 204 or 200 with actions),
// specs/interface/group/message-events.md (message.group, in the released layout with a nested
// "self" and the 2022 draft's top-level self_id/platform), specs/interface/message/actions.md
// (send_message).

#include "bot/platforms/onebot12/onebot12.hpp"

#include "bot/net/http_client.hpp"
#include "bot/platforms/common.hpp"
#include "bot/platforms/signature.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::bot::platforms {
namespace {

constexpr std::string_view private_prefix = "private:";
constexpr std::string_view channel_prefix = "channel:";  // "channel:<guild_id>/<channel_id>"

// The bot's own id: "self": {"platform", "user_id"} since v12, "self_id" in the drafts.
std::string self_id(const json& event) {
  const std::string nested = text_field(object_field(event, "self"), "user_id");
  return nested.empty() ? text_field(event, "self_id") : nested;
}

// Seconds; the spec's times are fractional.
std::int64_t seconds(const json& event) {
  const auto it = event.find("time");
  if (it == event.end() || !it->is_number_float()) return int_field(event, "time");
  // A double past int64's range (or NaN) has no time in it: converting it would be undefined.
  const double t = it->get<double>();
  constexpr double limit = 9.2e18;
  return t > -limit && t < limit ? static_cast<std::int64_t>(t) : 0;
}

std::string without_leading_spaces(std::string text) {
  std::size_t n = 0;
  while (n < text.size() && (text[n] == ' ' || text[n] == '\t')) ++n;
  return text.substr(n);
}

// Message segments as text: words as they are, mentions as "@id", media as placeholders. The
// bot's own mention is left out and marks the message addressed.
void render(const json& segments, const std::string& self, envelope& e) {
  for (const json& segment : segments) {
    const std::string type = text_field(segment, "type");
    const json& data = object_field(segment, "data");
    if (type == "text") {
      e.text += text_field(data, "text");
    } else if (type == "mention") {
      const std::string user = text_field(data, "user_id");
      if (!self.empty() && user == self) {
        e.addressed = true;
        continue;
      }
      e.text += "@" + user;
      e.mentions.push_back(user);
    } else if (type == "mention_all") {
      e.text += "@全体成员";
    } else if (type == "reply") {
      e.reply_to = text_field(data, "message_id");
    } else if (type == "image") {
      e.text += "[图片]";
    } else if (type == "voice" || type == "audio") {
      e.text += "[语音]";
    } else if (type == "video") {
      e.text += "[视频]";
    } else if (type == "file") {
      e.text += "[文件]";
    } else if (type == "location") {
      e.text += "[位置] " + text_field(data, "title");
    }
  }
  if (e.addressed) e.text = without_leading_spaces(std::move(e.text));
}

// send_message's params for a chat, without the message.
json target(const std::string& chat_id) {
  const std::string_view id = chat_id;
  if (id.starts_with(private_prefix)) {
    return {{"detail_type", "private"}, {"user_id", id.substr(private_prefix.size())}};
  }
  if (id.starts_with(channel_prefix)) {
    const std::string_view rest = id.substr(channel_prefix.size());
    const auto slash = rest.find('/');
    return {{"detail_type", "channel"},
            {"guild_id", rest.substr(0, slash)},
            {"channel_id", slash == std::string_view::npos ? "" : rest.substr(slash + 1)}};
  }
  return {{"detail_type", "group"}, {"group_id", chat_id}};
}

// Segments of an answer: the asker's mention first when they addressed the bot.
json segments(std::string_view text, const std::string& mention) {
  json out = json::array();
  if (!mention.empty()) {
    out.push_back({{"type", "mention"}, {"data", {{"user_id", mention}}}});
    out.push_back({{"type", "text"}, {"data", {{"text", " " + std::string(text)}}}});
  } else {
    out.push_back({{"type", "text"}, {"data", {{"text", text}}}});
  }
  return out;
}

http_response no_content() {
  http_response r;
  r.status = 204;
  r.content_type = "text/plain";
  return r;
}

class onebot12 final : public platform {
 public:
  explicit onebot12(const config::config& cfg) {
    token_ = cfg.env.get("LINLI_ONEBOT12_TOKEN");
    api_base_ = cfg.env.get("LINLI_ONEBOT12_API_BASE");
    in_webhook_ = answers_in_webhook(cfg, "onebot12");
    timeout_ = std::chrono::milliseconds(cfg.outbound.timeout_ms);
  }

  std::string_view name() const override { return "onebot12"; }

  const bot::capabilities& capabilities() const override {
    // WeChat publishes no limit for bots (there are none officially); bridges warn that fast
    // senders get accounts restricted: 20 a minute per group (3 at once), 1/s in all.
    static const bot::capabilities caps{
        .sees_all_messages = true,
        .answers_in_webhook = true,
        .limits = {{4000, false}, {{17.0 / 60.0, 3.0}}, rate{1.0, 3.0}},
        .options = {"answer"},
        .enabled_by = {"LINLI_ONEBOT12_TOKEN", "LINLI_ONEBOT12_API_BASE"},
        .verified_by = {"LINLI_ONEBOT12_TOKEN"}};
    return caps;
  }

  // Authorization: Bearer <access_token>, or ?access_token= where the header cannot be set.
  void verify(const http_request& request, std::int64_t) const override {
    if (!token_) return;
    const std::string_view header = request.header("authorization");
    std::string given;
    if (header.starts_with("Bearer ")) {
      given = std::string(header.substr(7));
    } else if (header.empty()) {
      given = query_param(request.query(), "access_token").value_or("");
    }
    if (given.empty()) throw http_error(401, "onebot12: missing access token");
    if (!constant_time_equal(given, *token_)) {
      throw http_error(401, "onebot12: access token does not match");
    }
  }

  bool authenticates() const override { return token_.has_value(); }

  inbound parse(const http_request& request, std::int64_t received_ms) const override {
    if (request.header("x-onebot-version") != "12") {
      throw http_error(400, "onebot12: X-OneBot-Version must be 12");
    }
    require_json(request);
    const json event = parse_object(request.body, "onebot12");
    // Heartbeats and status updates, notices, requests: nobody said anything.
    if (text_field(event, "type") != "message") return answer_now(no_content());
    envelope e;
    e.delivery_id = text_field(event, "id");
    if (e.delivery_id.empty()) throw http_error(400, "onebot12: event without 'id'");
    const std::string kind = text_field(event, "detail_type");
    const std::string user = text_field(event, "user_id");
    if (kind == "group") {
      e.chat = {"onebot12", text_field(event, "group_id")};
      if (e.chat.chat_id.empty())
        throw http_error(400, "onebot12: group message without 'group_id'");
    } else if (kind == "channel") {
      e.chat = {"onebot12", std::string(channel_prefix) + text_field(event, "guild_id") + "/" +
                                text_field(event, "channel_id")};
    } else {
      if (user.empty()) throw http_error(400, "onebot12: message without 'user_id'");
      e.chat = {"onebot12", std::string(private_prefix) + user};
      e.addressed = true;  // a private chat is with the bot
    }
    e.message_id = text_field(event, "message_id");
    e.from = {user, user, platform_role::member};  // events name no one; roles need an action
    e.sent_at = seconds(event);
    const auto message = event.contains("message") ? event.find("message") : event.find("messsage");
    if (message != event.end() && message->is_array()) {
      render(*message, self_id(event), e);
    } else {
      e.text = text_field(event, "alt_message");
    }
    e.received_at_ms = received_ms;
    // Whom the answers @: the asker, when they addressed the bot in a group.
    if (e.addressed && !e.chat.chat_id.starts_with(private_prefix)) e.route = user;
    inbound in{std::move(e), std::nullopt};
    in.context = in.message->route;
    return in;
  }

  std::size_t inline_replies() const override { return in_webhook_ ? 1 : 0; }

  // 204 when there is nothing to do; otherwise the quick reply: 200 with the actions to run.
  http_response acknowledge(const answer_input& in) const override {
    if (in.carried.empty()) return no_content();
    json params = target(in.chat.chat_id);
    params["message"] = segments(in.carried[0].text, std::string(in.context));
    return json_answer(json::array({{{"action", "send_message"}, {"params", std::move(params)}}}));
  }

  bool can_send() const override { return api_base_.has_value(); }

  delivery send(const outbound_message& m, std::string_view part) const override {
    json params = target(m.chat.chat_id);
    params["message"] = segments(part, m.parts_sent == 0 ? m.route : std::string());
    const json body = {{"action", "send_message"},
                       {"params", std::move(params)},
                       {"echo", std::to_string(m.id) + "." + std::to_string(m.parts_sent)}};
    header_list headers;
    if (token_) headers.emplace_back("Authorization", "Bearer " + *token_);
    const http_result r = post_json(*api_base_, dump(body), timeout_, headers);
    delivery d = delivery_of(r);
    if (d.result != delivery::outcome::sent) return d;
    // 200 {"status": "failed", "retcode": 10003, "message": "..."}: the implementation refused.
    const json answer = json::parse(r.body, nullptr, false);
    const std::int64_t retcode = int_field(answer, "retcode", 0);
    if (retcode == 0 && text_field(answer, "status") != "failed") return d;
    d.error = "send_message retcode " + std::to_string(retcode) + ": " +
              std::string(utf8::truncate(text_field(answer, "message"), 200));
    // 2xxxx: the handler failed; 33xxx: network; 36xxx: "I am tired". The rest is ours to fix.
    const bool again = (retcode >= 20000 && retcode < 30000) ||
                       (retcode >= 33000 && retcode < 34000) ||
                       (retcode >= 36000 && retcode < 37000);
    d.result = again ? delivery::outcome::retry : delivery::outcome::give_up;
    return d;
  }

  std::vector<std::string> warnings() const override {
    std::vector<std::string> out;
    if (!token_) {
      out.emplace_back(
          "LINLI_ONEBOT12_TOKEN is not set: the onebot12 webhook is not authenticated");
    }
    if (!api_base_) {
      out.emplace_back("LINLI_ONEBOT12_API_BASE is not set: onebot12 replies stay in the outbox");
    }
    return out;
  }

 private:
  std::optional<std::string> token_, api_base_;
  bool in_webhook_ = false;
  std::chrono::milliseconds timeout_{10'000};
};

}  // namespace

std::unique_ptr<platform> make_onebot12(const config::config& cfg) {
  return std::make_unique<onebot12>(cfg);
}

}  // namespace linli::bot::platforms
