#pragma once
// A household's address as stored: the plain type the address reader (handlers/text/address.hpp)
// produces and the requests and group buys keep.

#include <optional>
#include <string>

namespace linli {

// A household: building, and unit and room when known (Arabic digits).
struct address {
  std::string building;
  std::optional<std::string> unit;
  std::optional<std::string> room;
  friend bool operator==(const address&, const address&) = default;
};

}  // namespace linli
