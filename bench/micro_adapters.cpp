// The adapters' micro-benchmark: see bench/micro.hpp.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench/micro.hpp"
#include "bot/platforms/platform.hpp"
#include "bot/platforms/signature.hpp"

using namespace linli;

namespace linli_bench {

// Each platform's adapter on one realistic signed group message: verify on the raw bytes, then
// parse into an envelope. The reference is parsing the same generic body as JSON and nothing else.
void adapter_benchmark() {
  const std::string text = "3号楼2单元501 需要 硝苯地平 2盒 59.9元 急，谢谢志愿者！";
  const std::int64_t now_ms = 1669000000000;
  const std::string ts = "1669000000";
  const auto form = [](std::initializer_list<std::pair<std::string, std::string>> h) {
    std::vector<std::pair<std::string, std::string>> headers(h);
    headers.emplace_back("content-type", "application/json");
    return headers;
  };
  // The request each platform is timed on, again and again; or `each`, one request per call.
  struct sample {
    std::string platform;
    bot::http_request request;
    std::vector<bot::http_request> each;
  };
  constexpr int rounds = 15;
  constexpr int per_round = 2000;
  std::vector<sample> samples;
  config::config cfg;
  cfg.env.generic_secret = "generic-secret";
  cfg.env.vars = {
      {"LINLI_GENERIC_SECRET", "generic-secret"}, {"LINLI_TELEGRAM_SECRET", "tg-secret"},
      {"LINLI_ONEBOT_SECRET", "ob-secret"},       {"LINLI_SLACK_SIGNING_SECRET", "sl"},
      {"LINLI_FEISHU_ENCRYPT_KEY", "fs-key"},     {"LINLI_FEISHU_VERIFICATION_TOKEN", "vt"},
      {"LINLI_DINGTALK_APP_SECRET", "dt"}};
  using nlohmann::json;
  {
    const std::string body = json{
        {"chat_id", "g1"},
        {"message_id", "m1"},
        {"sender", {{"id", "u1"}, {"name", "王阿姨"}}},
        {"text", text},
        {"timestamp",
         1669000000}}.dump();
    samples.push_back(
        {"generic",
         {"POST", "/",
          form({{"x-linli-signature", "sha256=" + bot::hmac_sha256_hex("generic-secret", body)}}),
          body}});
  }
  {
    const std::string body = json{
        {"update_id", 900000001},
        {"message",
         {{"message_id", 1365},
          {"date", 1669000000},
          {"chat", {{"id", -1001234567890}, {"type", "supergroup"}, {"title", "3号楼"}}},
          {"from", {{"id", 42}, {"first_name", "王"}, {"last_name", "阿姨"}}},
          {"text", text}}}}.dump();
    samples.push_back(
        {"telegram",
         {"POST", "/", form({{"x-telegram-bot-api-secret-token", "tg-secret"}}), body}});
  }
  {
    const std::string body =
        json{{"time", 1669000000},
             {"self_id", 10001},
             {"post_type", "message"},
             {"message_type", "group"},
             {"message_id", 12},
             {"group_id", 5550001},
             {"user_id", 42},
             {"message", "[CQ:at,qq=10001] " + text},
             {"sender", {{"nickname", "王阿姨"}, {"card", "3号楼 王阿姨"}, {"role", "member"}}}}
            .dump();
    samples.push_back(
        {"onebot",
         {"POST", "/",
          form({{"x-signature", "sha1=" + bot::to_hex(bot::hmac_sha1("ob-secret", body))}}),
          body}});
  }
  {
    const std::string body = json{{"type", "event_callback"},
                                  {"event_id", "Ev0123456"},
                                  {"event_time", 1669000000},
                                  {"event",
                                   {{"type", "message"},
                                    {"channel", "C0LINLI"},
                                    {"user", "U42"},
                                    {"text", text},
                                    {"ts", "1669000000.000100"}}}}
                                 .dump();
    samples.push_back({"slack",
                       {"POST", "/",
                        form({{"x-slack-request-timestamp", ts},
                              {"x-slack-signature",
                               "v0=" + bot::hmac_sha256_hex("sl", "v0:" + ts + ":" + body)}}),
                        body}});
  }
  {
    const std::string body =
        json{{"schema", "2.0"},
             {"header",
              {{"event_id", "5e3702a84e847582be8db7fb73283c02"},
               {"event_type", "im.message.receive_v1"},
               {"token", "vt"}}},
             {"event",
              {{"sender",
                {{"sender_id", {{"open_id", "ou_84aad35d084aa403a838cf73ee18467"}}},
                 {"sender_type", "user"}}},
               {"message",
                {{"message_id", "om_1"},
                 {"chat_id", "oc_1"},
                 {"chat_type", "group"},
                 {"message_type", "text"},
                 {"content", json{{"text", text}}.dump()}}}}}}
            .dump();
    samples.push_back(
        {"feishu",
         {"POST", "/",
          form({{"x-lark-request-timestamp", ts},
                {"x-lark-request-nonce", "n0nce"},
                {"x-lark-signature", bot::to_hex(bot::sha256(ts + "n0nce" + "fs-key" + body))}}),
          body}});
  }
  {
    const std::string body = json{
        {"conversationId", "cid-1"},
        {"msgId", "msg0001"},
        {"senderNick", "王阿姨"},
        {"isAdmin", false},
        {"senderStaffId", "user123"},
        {"conversationType", "2"},
        {"sessionWebhook", "https://oapi.dingtalk.com/robot/sendBySession?session=s1"},
        {"createAt", now_ms},
        {"msgtype", "text"},
        {"text",
         {{"content", text}}}}.dump();
    // DingTalk accepts each (timestamp, sign) once: every call gets a timestamp of its own.
    sample dingtalk{"dingtalk", {}, {}};
    for (int i = 0; i < rounds * per_round; ++i) {
      const std::string stamp = std::to_string(now_ms - i);
      dingtalk.each.push_back(
          {"POST", "/",
           form({{"timestamp", stamp},
                 {"sign", bot::base64_encode(bot::hmac_sha256("dt", stamp + "\n" + "dt"))}}),
           body});
    }
    samples.push_back(std::move(dingtalk));
  }

  const bot::platform_registry platforms = bot::make_platforms(cfg);
  std::size_t sink = 0;
  const double reference =
      report("adapter/reference: JSON parse only", rounds, per_round, [&](int) {
        for (int i = 0; i < per_round; ++i) sink += json::parse(samples[0].request.body).size();
      });
  for (const sample& s : samples) {
    const bot::platform* p = platforms.find(s.platform);
    if (!p) {
      std::printf("unexpected: %s not enabled\n", s.platform.c_str());
      continue;
    }
    const std::string name = "adapter/" + s.platform + " (verify + parse)";
    const double median = report(name.c_str(), rounds, per_round, [&](int round) {
      for (int i = 0; i < per_round; ++i) {
        const bot::http_request& r =
            s.each.empty() ? s.request : s.each[(round * per_round + i) % s.each.size()];
        p->verify(r, now_ms);
        sink += p->parse(r, now_ms).message->text.size();
      }
    });
    std::printf("%-44s %.1fx the reference\n", "", median / reference);
  }
  if (sink == 0) std::printf("unexpected: nothing parsed\n");
}

}  // namespace linli_bench
