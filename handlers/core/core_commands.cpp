#include "handlers/core/core_commands.hpp"

#include "handlers/core/dispatcher.hpp"
#include "handlers/text/text.hpp"

namespace linli::handlers {
namespace {

replies help(const dispatcher& d, context& ctx) {
  std::string out = ctx.say("core.help.title");
  for (const command& c : d.commands()) {
    out += ctx.say("core.help.line", {{"name", c.name}, {"summary", ctx.say(c.summary)}});
    if (c.need == role::coordinator) out += ctx.say("core.help.coordinators");
    if (c.need == role::lead) out += ctx.say("core.help.leads");
  }
  if (ctx.rules.mention_only.contains(ctx.message.chat.platform)) {
    out += ctx.say("core.help.mention_only");
  }
  return {{out}};
}

replies ping(context& ctx) {
  return {{ctx.say("core.ping")}};
}

replies lang(context& ctx) {
  const std::string choice = text::fold(ctx.args);
  storage::chat_settings settings = ctx.settings;
  if (choice == "en" || choice == "english" || choice == "英文" || choice == "英语") {
    settings.lang = storage::language::en;
  } else if (choice == "zh" || choice == "cn" || choice == "中文" || choice == "chinese") {
    settings.lang = storage::language::zh;
  } else {
    return {{ctx.say("core.lang.usage")}};
  }
  ctx.store.save_chat(ctx.message.chat, settings);
  ctx.settings = settings;
  return {{ctx.say("core.lang.set")}};
}

replies set_time_zone(context& ctx) {
  const std::string name{text::trim(ctx.args)};
  if (name.empty()) {
    return {{ctx.say("core.tz.show", {{"zone", ctx.zone().name()}})}};
  }
  const time_zone* zone = time_zone::find(name);
  if (!zone) {
    return {{ctx.say("core.tz.unknown", {{"name", name}})}};
  }
  storage::chat_settings settings = ctx.settings;
  settings.time_zone = zone->name();
  ctx.store.save_chat(ctx.message.chat, settings);
  ctx.settings = settings;
  ctx.chat_zone = zone;
  return {{ctx.say("core.tz.set", {{"zone", zone->name()}})}};
}

// /forget (删除我的信息): asks first; "/forget 确认" erases the sender's personal data in this
// chat (storage::audit_store::erase_sender) and records the erasure: who, when, how many rows.
replies forget(context& ctx) {
  const std::string answer = text::fold(ctx.args);
  if (answer != "确认" && answer != "confirm" && answer != "确定") {
    return {{ctx.say("core.forget.ask")}};
  }
  const erasure_counts n = ctx.store.erase_sender(ctx.message.chat, ctx.message.from.id);
  audit_entry e;
  e.chat = ctx.message.chat;
  e.actor_id = ctx.message.from.id;  // the name was part of what went
  e.action = "forget";
  e.rows = n.total();
  e.at_ms = ctx.now_ms();
  ctx.store.insert_audit(e);
  return {{ctx.say("core.forget.done", {{"messages", std::to_string(n.messages)},
                                        {"requests", std::to_string(n.requests)},
                                        {"entries", std::to_string(n.chain_entries)},
                                        {"other", std::to_string(n.other)}})}};
}

}  // namespace

void add_core_commands(dispatcher& d) {
  d.add({.name = "help",
         .aliases = {"帮助", "h", "start"},
         .summary = "core.summary.help",
         .run = [&d](context& ctx) { return help(d, ctx); }});
  d.add({.name = "ping", .summary = "core.summary.ping", .run = ping});
  d.add({.name = "lang",
         .aliases = {"语言", "language"},
         .summary = "core.summary.lang",
         .need = role::coordinator,
         .run = lang});
  d.add({.name = "tz",
         .aliases = {"时区", "timezone"},
         .summary = "core.summary.tz",
         .need = role::coordinator,
         .run = set_time_zone});
  d.add({.name = "forget",
         .aliases = {"删除我的信息", "忘记我"},
         .summary = "core.summary.forget",
         .run = forget});
  d.add(keyword{"删除我的信息", std::string(kinds::command),
                [](context& ctx) -> std::optional<replies> { return forget(ctx); },
                priority::core});
  // A bare "帮助" or "help" is somebody asking the bot; answer as /help would.
  for (const char* word : {"帮助", "help"}) {
    d.add(keyword{word, std::string(kinds::keyword),
                  [&d](context& ctx) -> std::optional<replies> {
                    if (!ctx.args.empty()) return std::nullopt;  // "help me carry this" is chatter
                    return help(d, ctx);
                  },
                  priority::core});
  }
}

}  // namespace linli::handlers
