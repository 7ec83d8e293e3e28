// OneBot v11 (github.com/botuniverse/onebot-11), the protocol QQ bridges such as go-cqhttp,
// NapCat and Lagrange speak: events POSTed over HTTP, answers through send_group_msg or as a
// quick operation in the webhook's answer.

#include "bot/platforms/onebot/onebot.hpp"

#include "bot/net/http_client.hpp"
#include "bot/platforms/common.hpp"
#include "bot/platforms/signature.hpp"

namespace linli::bot::platforms {
namespace {

std::string cq_unescape(std::string_view s) {
  return unescape(s, {{"&amp;", '&'}, {"&#91;", '['}, {"&#93;", ']'}, {"&#44;", ','}});
}

// "[CQ:type,key=value,...]" starting at s[0]; its length, or 0 when it is not one.
std::size_t read_code(std::string_view s, cq_segment& out) {
  if (!s.starts_with("[CQ:")) return 0;
  // A code ends before the next '[' (inside one it is escaped, &#91;): looking no further keeps
  // a text of many unclosed "[CQ:" linear, not quadratic.
  const std::size_t end = s.find_first_of("[]", 4);
  if (end == std::string_view::npos || s[end] != ']') return 0;
  std::string_view inside = s.substr(4, end - 4);
  const std::size_t comma = inside.find(',');
  out.type = std::string(inside.substr(0, comma));
  if (out.type.empty() || out.type.find('[') != std::string::npos) return 0;
  out.data.clear();
  inside = comma == std::string_view::npos ? std::string_view() : inside.substr(comma + 1);
  while (!inside.empty()) {
    const std::size_t next = inside.find(',');
    const std::string_view pair = inside.substr(0, next);
    const std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos) {
      out.data[std::string(pair.substr(0, eq))] = cq_unescape(pair.substr(eq + 1));
    }
    inside = next == std::string_view::npos ? std::string_view() : inside.substr(next + 1);
  }
  return end + 1;
}

struct text_and_links {
  std::string text;
  std::vector<std::string> mentions;
  std::string reply_to;
  bool addressed = false;  // the bot's own @ was there (and is left out of the text)
};

// Segments to plain text: words as they are, @-mentions as "@name", the rest left out.
text_and_links render(const std::vector<cq_segment>& segments, const std::string& self) {
  text_and_links out;
  for (const cq_segment& s : segments) {
    const auto get = [&s](const char* key) {
      const auto it = s.data.find(key);
      return it == s.data.end() ? std::string() : it->second;
    };
    if (s.type == "text") {
      out.text += get("text");
    } else if (s.type == "at") {
      const std::string qq = get("qq");
      if (!self.empty() && qq == self) {
        out.addressed = true;
        continue;
      }
      const std::string name = get("name");
      out.text += "@" + (qq == "all" ? std::string("全体成员") : name.empty() ? qq : name);
      out.mentions.push_back(qq);
    } else if (s.type == "reply") {
      out.reply_to = get("id");
    }
  }
  if (out.addressed) out.text.erase(0, out.text.find_first_not_of(' '));
  return out;
}

// A segment array ([{"type": "text", "data": {"text": "..."}}, ...]) as segments.
std::vector<cq_segment> segments_of(const json& array) {
  std::vector<cq_segment> out;
  for (const json& item : array) {
    if (!item.is_object()) continue;
    cq_segment s{text_field(item, "type"), {}};
    for (const auto& [key, value] : object_field(item, "data").items()) {
      s.data[key] = value.is_string() ? value.get<std::string>() : value.dump();
    }
    out.push_back(std::move(s));
  }
  return out;
}

constexpr std::string_view private_prefix = "private:";

class onebot final : public platform {
 public:
  explicit onebot(const config::config& cfg) {
    secret_ = cfg.env.get("LINLI_ONEBOT_SECRET");
    api_base_ = cfg.env.get("LINLI_ONEBOT_API_BASE");
    access_token_ = cfg.env.get("LINLI_ONEBOT_ACCESS_TOKEN");
    in_webhook_ = answers_in_webhook(cfg, "onebot");
    timeout_ = std::chrono::milliseconds(cfg.outbound.timeout_ms);
  }

  std::string_view name() const override { return "onebot"; }

  const bot::capabilities& capabilities() const override {
    // QQ publishes no limit; bridges warn that bursts get accounts restricted.
    static const bot::capabilities caps{
        .sees_all_messages = true,
        .answers_in_webhook = true,
        .limits = {{4500, false}, {{1.0, 5.0}}, rate{5.0, 10.0}},
        .options = {"answer"},
        .enabled_by = {"LINLI_ONEBOT_SECRET", "LINLI_ONEBOT_API_BASE"},
        .verified_by = {"LINLI_ONEBOT_SECRET"}};
    return caps;
  }

  void verify(const http_request& request, std::int64_t) const override {
    if (!secret_) return;
    const std::string_view given = request.header("x-signature");
    if (given.empty()) throw http_error(401, "missing X-Signature header");
    if (!hex_signature_matches(given, "sha1=", hmac_sha1(*secret_, request.body))) {
      throw http_error(401, "X-Signature does not match the body");
    }
  }

  bool authenticates() const override { return secret_.has_value(); }

  inbound parse(const http_request& request, std::int64_t received_ms) const override {
    require_json(request);
    const json event = parse_object(request.body, "onebot");
    if (text_field(event, "post_type") != "message") {
      return answer_now(empty_json());  // heartbeats, notices, friend requests: nothing said
    }
    envelope e;
    const std::string type = text_field(event, "message_type");
    const std::string user = text_field(event, "user_id");
    const std::string group = text_field(event, "group_id");
    if (type == "group") {
      if (group.empty()) throw http_error(400, "onebot: group message without 'group_id'");
      e.chat = {"onebot", group};
    } else {
      if (user.empty()) throw http_error(400, "onebot: message without 'user_id'");
      e.chat = {"onebot", std::string(private_prefix) + user};
    }
    e.message_id = text_field(event, "message_id");
    e.sent_at = int_field(event, "time");
    // OneBot has no event id and never retries; these together name one message.
    e.delivery_id = text_field(event, "self_id") + ":" + (group.empty() ? "0" : group) + ":" +
                    user + ":" + e.message_id + ":" + std::to_string(e.sent_at);
    const json& sender = object_field(event, "sender");
    std::string name = text_field(sender, "card");
    if (name.empty()) name = text_field(sender, "nickname");
    const std::string role = text_field(sender, "role");
    e.from = {user, name.empty() ? user : name,
              role == "owner" || role == "admin" ? platform_role::admin : platform_role::member};
    // Anonymous members all post as user 80000000: each is a person of their own, by the
    // anonymous id (or flag) QQ gives them, never a coordinator.
    if (const json& anonymous = object_field(event, "anonymous"); !anonymous.empty()) {
      std::string id = text_field(anonymous, "id");
      if (id.empty()) id = text_field(anonymous, "flag");
      if (!id.empty()) {
        const std::string alias = text_field(anonymous, "name");
        e.from = {"anonymous:" + id, alias.empty() ? "匿名" : "匿名 " + alias,
                  platform_role::member};
      }
    }
    const auto message = event.find("message");
    std::vector<cq_segment> segments;
    if (message != event.end() && message->is_array()) {
      segments = segments_of(*message);
    } else if (message != event.end() && message->is_string()) {
      segments = parse_cq(message->get_ref<const std::string&>());
    } else {
      segments = parse_cq(text_field(event, "raw_message"));
    }
    text_and_links t = render(segments, text_field(event, "self_id"));
    e.addressed = t.addressed || type != "group";
    e.text = std::move(t.text);
    e.mentions = std::move(t.mentions);
    e.reply_to = std::move(t.reply_to);
    e.received_at_ms = received_ms;
    return {std::move(e), std::nullopt};
  }

  std::size_t inline_replies() const override { return in_webhook_ ? 1 : 0; }

  // The quick operation; at_sender must be false or every answer starts with an @.
  http_response acknowledge(const answer_input& in) const override {
    if (in.carried.empty()) return empty_json();
    return json_answer(
        {{"reply", in.carried[0].text}, {"auto_escape", true}, {"at_sender", false}});
  }

  bool can_send() const override { return api_base_.has_value(); }

  delivery send(const outbound_message& m, std::string_view part) const override {
    json body = {{"message", part}, {"auto_escape", true}};
    const bool private_chat = m.chat.chat_id.starts_with(private_prefix);
    const std::string action = private_chat ? "/send_private_msg" : "/send_group_msg";
    const auto id = whole_number(
        std::string_view(m.chat.chat_id).substr(private_chat ? private_prefix.size() : 0));
    if (!id) return {delivery::outcome::give_up, 0, "onebot: chat id is not a QQ number"};
    body[private_chat ? "user_id" : "group_id"] = *id;
    header_list headers;
    if (access_token_) headers.emplace_back("Authorization", "Bearer " + *access_token_);
    const http_result r = post_json(*api_base_ + action, dump(body), timeout_, headers);
    delivery d = delivery_of(r);
    if (d.result != delivery::outcome::sent) return d;
    // 200 with {"status": "failed", "retcode": 100, ...}: the bridge refused it.
    const json answer = json::parse(r.body, nullptr, false);
    const std::int64_t retcode = int_field(answer, "retcode", 0);
    if (retcode != 0 && retcode != 1) {  // 1: accepted, sent asynchronously
      d.result = delivery::outcome::give_up;
      d.error =
          action + " retcode " + std::to_string(retcode) + ": " + text_field(answer, "wording");
    }
    return d;
  }

  std::vector<std::string> warnings() const override {
    std::vector<std::string> out;
    if (!secret_)
      out.emplace_back("LINLI_ONEBOT_SECRET is not set: the onebot webhook is not authenticated");
    if (!api_base_)
      out.emplace_back("LINLI_ONEBOT_API_BASE is not set: onebot replies stay in the outbox");
    return out;
  }

 private:
  std::optional<std::string> secret_, api_base_, access_token_;
  bool in_webhook_ = false;
  std::chrono::milliseconds timeout_{10'000};
};

}  // namespace

std::vector<cq_segment> parse_cq(std::string_view message) {
  std::vector<cq_segment> out;
  std::size_t text_start = 0;
  auto flush_text = [&](std::size_t end) {
    if (end > text_start) {
      out.push_back(
          {"text", {{"text", cq_unescape(message.substr(text_start, end - text_start))}}});
    }
  };
  for (std::size_t i = 0; i < message.size();) {
    cq_segment code;
    if (message[i] == '[') {
      if (const std::size_t n = read_code(message.substr(i), code); n > 0) {
        flush_text(i);
        out.push_back(std::move(code));
        i += n;
        text_start = i;
        continue;
      }
    }
    ++i;
  }
  flush_text(message.size());
  return out;
}

std::string cq_escape(std::string_view text, bool in_parameter) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '[':
        out += "&#91;";
        break;
      case ']':
        out += "&#93;";
        break;
      case ',':
        out += in_parameter ? "&#44;" : ",";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::unique_ptr<platform> make_onebot(const config::config& cfg) {
  return std::make_unique<onebot>(cfg);
}

}  // namespace linli::bot::platforms
