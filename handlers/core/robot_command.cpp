#include "handlers/core/robot_command.hpp"

#include <algorithm>
#include <cctype>

#include "handlers/core/dispatcher.hpp"
#include "handlers/text/text.hpp"

namespace linli::handlers {
namespace {

constexpr std::size_t min_key = 8, max_key = 128;

bool key_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

replies robot(context& ctx) {
  if (ctx.message.chat.platform != robot_platform) return {{ctx.say("core.robot.not_needed")}};
  const std::string_view args = text::trim(ctx.args);
  const std::string folded = text::fold(args);
  if (args.empty()) {
    const auto bound = ctx.store.load_robot(ctx.message.chat);
    if (!bound) return {{ctx.say("core.robot.none")}};
    return {{ctx.say("core.robot.show", {{"key", mask_key(bound->key)}})}};
  }
  if (folded == "off" || folded == "解绑" || folded == "取消") {
    ctx.store.remove_robot(ctx.message.chat);
    return {{ctx.say("core.robot.removed")}};
  }
  const auto key = robot_key_of(args);
  if (!key) return {{ctx.say("core.robot.usage")}};
  ctx.store.save_robot(ctx.message.chat, {*key, ctx.message.from.id, ctx.now_ms()});
  return {{ctx.say("core.robot.bound", {{"key", mask_key(*key)}})}};
}

}  // namespace

std::optional<std::string> robot_key_of(std::string_view given) {
  given = text::trim(given);
  // A webhook URL: the value of its key= parameter (the host is not kept: linli posts to
  // LINLI_WECOM_WEBHOOK_BASE, so a pasted URL cannot send messages anywhere else).
  if (const auto at = given.find("key="); at != std::string_view::npos && given.find("://") < at) {
    given = given.substr(at + 4);
    given = given.substr(0, std::min(given.find('&'), given.find('#')));
  }
  if (given.size() < min_key || given.size() > max_key) return std::nullopt;
  if (!std::all_of(given.begin(), given.end(), key_char)) return std::nullopt;
  return std::string(given);
}

std::string mask_key(std::string_view key) {
  if (key.size() < 12) return "****";
  return std::string(key.substr(0, 4)) + "****" + std::string(key.substr(key.size() - 4));
}

nlohmann::json robot_view(storage::store& store, const chat_ref& chat) {
  const auto waiting = store.count_pending_outbound(chat);
  nlohmann::json out = {{"platform", chat.platform},
                        {"chat_id", chat.chat_id},
                        {"needed", chat.platform == robot_platform},
                        {"waiting", waiting}};
  const auto bound = store.load_robot(chat);
  out["bound"] = bound.has_value();
  if (bound) {
    out["key"] = mask_key(bound->key);
    out["bound_by"] = bound->bound_by;
    out["bound_at_ms"] = bound->bound_ms;
  }
  return out;
}

void add_robot_commands(dispatcher& d) {
  d.add({.name = "robot",
         .aliases = {"绑定机器人", "机器人", "webhook"},
         .summary = "core.summary.robot",
         .need = role::coordinator,
         .secret_args = true,
         .run = robot});
}

}  // namespace linli::handlers
