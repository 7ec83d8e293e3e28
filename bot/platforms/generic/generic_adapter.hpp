#pragma once
// The generic webhook: our own JSON shape, for bridges and tests (see design.md, the contract).

#include <cstdint>
#include <string_view>

#include "handlers/core/model.hpp"

namespace linli::bot {

inline constexpr std::string_view generic_platform = "generic";

// Parses a generic webhook body. Throws http_error(400) naming what is wrong.
envelope parse_generic(std::string_view body, std::int64_t received_at_ms);

}  // namespace linli::bot
