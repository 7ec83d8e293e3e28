#include "storage/outbox.hpp"

namespace linli {

std::string_view to_string(outbound_state s) {
  switch (s) {
    case outbound_state::pending:
      return "pending";
    case outbound_state::sent:
      return "sent";
    case outbound_state::failed:
      return "failed";
  }
  return "pending";
}

outbound_state outbound_state_from(std::string_view name) {
  if (name == "sent") return outbound_state::sent;
  if (name == "failed") return outbound_state::failed;
  return outbound_state::pending;
}

}  // namespace linli
