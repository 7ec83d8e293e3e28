#include "handlers/core/core_commands.hpp"

#include "handlers/core/dispatcher.hpp"
#include "handlers/text/text.hpp"

namespace linli::handlers {
namespace {

replies help(const dispatcher& d, context& ctx) {
  std::string out = ctx.tr("邻里助手可用命令：", "linli commands:");
  for (const command& c : d.commands()) {
    out += "\n/" + c.name + "  " + ctx.tr(c.summary_zh, c.summary_en);
    if (c.need == role::coordinator) out += ctx.tr("（协调员）", " (coordinators)");
    if (c.need == role::lead) out += ctx.tr("（组长、协调员）", " (leads, coordinators)");
  }
  return {{out}};
}

replies ping(context& ctx) {
  return {{ctx.tr("在线 ✅", "pong ✅")}};
}

replies lang(context& ctx) {
  const std::string choice = text::fold(ctx.args);
  storage::chat_settings settings = ctx.settings;
  if (choice == "en" || choice == "english" || choice == "英文" || choice == "英语") {
    settings.lang = storage::language::en;
  } else if (choice == "zh" || choice == "cn" || choice == "中文" || choice == "chinese") {
    settings.lang = storage::language::zh;
  } else {
    return {{ctx.tr("用法：/lang zh（中文）或 /lang en（English）",
                    "Usage: /lang zh (中文) or /lang en (English)")}};
  }
  ctx.store.save_chat(ctx.message.chat, settings);
  ctx.settings = settings;
  return {{ctx.tr("本群已切换为中文回复。", "This chat now gets replies in English.")}};
}

replies set_time_zone(context& ctx) {
  const std::string name{text::trim(ctx.args)};
  if (name.empty()) {
    return {{ctx.tr("本群时区：", "This chat's time zone: ") + ctx.zone().name() +
             ctx.tr("。修改：/tz Asia/Shanghai", ". To change it: /tz Europe/Berlin")}};
  }
  const time_zone* zone = time_zone::find(name);
  if (!zone) {
    return {{ctx.tr("不认识时区「", "Unknown time zone \"") + name +
             ctx.tr("」，请用 IANA 名称，如 Asia/Shanghai。",
                    "\"; use an IANA name such as Asia/Shanghai.")}};
  }
  storage::chat_settings settings = ctx.settings;
  settings.time_zone = zone->name();
  ctx.store.save_chat(ctx.message.chat, settings);
  ctx.settings = settings;
  ctx.chat_zone = zone;
  return {{ctx.tr("本群时区已设为 ", "This chat's time zone is now ") + zone->name() +
           ctx.tr("，日期和时间按此计算。", "; dates and times follow it.")}};
}

}  // namespace

void add_core_commands(dispatcher& d) {
  d.add({.name = "help",
         .aliases = {"帮助", "h", "start"},
         .summary_zh = "查看命令列表",
         .summary_en = "list the commands",
         .run = [&d](context& ctx) { return help(d, ctx); }});
  d.add({.name = "ping",
         .summary_zh = "检查机器人是否在线",
         .summary_en = "check that the bot is up",
         .run = ping});
  d.add({.name = "lang",
         .aliases = {"语言", "language"},
         .summary_zh = "切换回复语言：/lang zh 或 /lang en",
         .summary_en = "reply language: /lang zh or /lang en",
         .need = role::coordinator,
         .run = lang});
  d.add({.name = "tz",
         .aliases = {"时区", "timezone"},
         .summary_zh = "本群时区：/tz Asia/Shanghai",
         .summary_en = "the chat's time zone: /tz Asia/Shanghai",
         .need = role::coordinator,
         .run = set_time_zone});
  // A bare "帮助" or "help" is somebody asking the bot; answer as /help would.
  for (const char* word : {"帮助", "help"}) {
    d.add(keyword{word, std::string(kinds::keyword), [&d](context& ctx) -> std::optional<replies> {
                    if (!ctx.args.empty()) return std::nullopt;  // "help me carry this" is chatter
                    return help(d, ctx);
                  }});
  }
}

}  // namespace linli::handlers
