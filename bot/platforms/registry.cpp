// The one table of platforms. A new platform is its folder, one line here, its lines in
// CMakeLists.txt and its test.

#include <algorithm>

#include "bot/platforms/dingtalk/dingtalk.hpp"
#include "bot/platforms/feishu/feishu.hpp"
#include "bot/platforms/generic/generic.hpp"
#include "bot/platforms/onebot/onebot.hpp"
#include "bot/platforms/onebot12/onebot12.hpp"
#include "bot/platforms/platform.hpp"
#include "bot/platforms/slack/slack.hpp"
#include "bot/platforms/telegram/telegram.hpp"
#include "bot/platforms/wecom/wecom.hpp"

namespace linli::bot {
namespace {

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::string joined(const std::vector<std::string>& list) {
  std::string out;
  for (const std::string& s : list) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "none" : out;
}

// platforms.<name>: the options it takes, with values it can honour.
void check_options(const std::string& name, const config::platform_config& settings,
                   const capabilities& caps) {
  const std::string path = "platforms." + name;
  for (const std::string& key : settings.given) {
    if (!has(caps.options, key)) {
      throw config::config_error("'" + path + "." + key + "' is not an option of " + name +
                                 " (its options: " + joined(caps.options) + ")");
    }
  }
  if (settings.answer == "webhook" && !caps.answers_in_webhook) {
    throw config::config_error(path + ".answer: \"webhook\" is not supported by " + name +
                               " (it answers through its API only)");
  }
}

bool enabled(const capabilities& caps, const config::config& cfg) {
  return std::any_of(caps.enabled_by.begin(), caps.enabled_by.end(),
                     [&cfg](const std::string& var) { return cfg.env.get(var).has_value(); });
}

std::string any_of(const std::vector<std::string>& vars) {
  std::string out;
  for (std::size_t i = 0; i < vars.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == vars.size() ? " or " : ", ") + vars[i];
  }
  return out;
}

// Fail closed: an enabled webhook that cannot tell a forged request from a real one is refused.
void require_secret(const platform& p, const config::config& cfg) {
  if (p.authenticates() || cfg.insecure_dev) return;
  const capabilities& caps = p.capabilities();
  std::vector<std::string> set;
  for (const std::string& var : caps.enabled_by) {
    if (cfg.env.get(var)) set.push_back(var);
  }
  const std::string name(p.name());
  throw config::config_error(
      "the " + name + " webhook is enabled" + (set.empty() ? "" : " (by " + any_of(set) + ")") +
      " but " + any_of(caps.verified_by) +
      " is not set: set it to authenticate the webhook (deploy/README.md), or start with "
      "--insecure-dev for development only");
}

// A platform that looks nothing up while it sends (all but WeCom, DingTalk and Telegram).
template <std::unique_ptr<platform> (*make)(const config::config&)>
std::unique_ptr<platform> built_alone(const config::config& cfg, const platform_services&) {
  return make(cfg);
}

}  // namespace

const std::vector<platform_entry>& platform_table() {
  static const std::vector<platform_entry> table = {
      {"generic", built_alone<platforms::make_generic>},
      {"telegram", platforms::make_telegram},
      {"onebot", built_alone<platforms::make_onebot>},
      {"slack", built_alone<platforms::make_slack>},
      {"feishu", built_alone<platforms::make_feishu>},
      {"dingtalk", platforms::make_dingtalk},
      {"wecom", platforms::make_wecom},
      {"onebot12", built_alone<platforms::make_onebot12>},
  };
  return table;
}

platform_registry make_platforms(const config::config& cfg, const platform_services& services) {
  std::vector<std::unique_ptr<platform>> built;
  std::vector<std::string> names;
  for (const platform_entry& entry : platform_table()) {
    built.push_back(entry.make(cfg, services));
    names.emplace_back(entry.name);
  }
  for (const auto& [name, settings] : cfg.platforms) {
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      throw config::config_error("unknown configuration key 'platforms." + name +
                                 "' (platforms: " + joined(names) + ")");
    }
    check_options(name, settings,
                  built[static_cast<std::size_t>(it - names.begin())]->capabilities());
  }
  // generic comes first in the table: on when its own variables are set, when nothing else is
  // (a bare `linli serve` then names LINLI_GENERIC_SECRET), and always for development.
  std::vector<bool> on;
  for (const auto& p : built) on.push_back(enabled(p->capabilities(), cfg));
  if (cfg.insecure_dev || std::none_of(on.begin(), on.end(), [](bool b) { return b; })) {
    on.front() = true;
  }
  platform_registry registry;
  for (std::size_t i = 0; i < built.size(); ++i) {
    if (!on[i]) continue;
    require_secret(*built[i], cfg);
    registry.add(std::move(built[i]));
  }
  return registry;
}

chat_ref chat_from_text(const std::string& text) {
  const auto colon = text.find(':');
  if (colon != std::string::npos) {
    const std::string_view prefix(text.data(), colon);
    for (const platform_entry& p : platform_table()) {
      if (p.name == prefix) return {std::string(prefix), text.substr(colon + 1)};
    }
  }
  return {"generic", text};
}

std::string chat_text(const chat_ref& chat) {
  return chat.platform == "generic" ? chat.chat_id : chat.platform + ":" + chat.chat_id;
}

}  // namespace linli::bot
