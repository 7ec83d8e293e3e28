#include "handlers/offers/offer_types.hpp"

#include <array>
#include <utility>

namespace linli {
namespace {

constexpr std::array<std::pair<offer_status, std::string_view>, 4> names = {{
    {offer_status::open, "open"},
    {offer_status::matched, "matched"},
    {offer_status::given, "given"},
    {offer_status::withdrawn, "withdrawn"},
}};

}  // namespace

std::string_view to_string(offer_status s) {
  for (const auto& [status, name] : names) {
    if (status == s) return name;
  }
  return "open";
}

std::optional<offer_status> offer_status_from(std::string_view name) {
  for (const auto& [status, n] : names) {
    if (n == name) return status;
  }
  return std::nullopt;
}

}  // namespace linli
