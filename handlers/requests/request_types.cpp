#include "handlers/requests/request_types.hpp"

#include <array>
#include <utility>

namespace linli {
namespace {

constexpr std::array<std::pair<request_status, std::string_view>, 5> names = {{
    {request_status::open, "open"},
    {request_status::claimed, "claimed"},
    {request_status::bought, "bought"},
    {request_status::delivered, "delivered"},
    {request_status::cancelled, "cancelled"},
}};

}  // namespace

std::string_view to_string(request_status s) {
  for (const auto& [status, name] : names) {
    if (status == s) return name;
  }
  return "open";
}

std::optional<request_status> request_status_from(std::string_view name) {
  for (const auto& [status, n] : names) {
    if (n == name) return status;
  }
  return std::nullopt;
}

}  // namespace linli
