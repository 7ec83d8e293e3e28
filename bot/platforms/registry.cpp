#include "bot/platforms/platform.hpp"

namespace linli::bot {

platform_registry make_platforms(const config::config& cfg) {
  platform_registry registry;
  for (auto make : {platforms::make_generic, platforms::make_telegram, platforms::make_onebot,
                    platforms::make_slack, platforms::make_feishu, platforms::make_dingtalk}) {
    if (auto p = make(cfg)) registry.add(std::move(p));
  }
  return registry;
}

}  // namespace linli::bot
