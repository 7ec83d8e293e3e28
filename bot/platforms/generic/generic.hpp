#pragma once
// The generic platform: linli's own JSON (design.md, the contract).

#include <memory>

#include "bot/platforms/platform.hpp"

namespace linli::bot::platforms {

std::unique_ptr<platform> make_generic(const config::config& cfg);

}  // namespace linli::bot::platforms
