#include "handlers/tasks/task_types.hpp"

#include <array>
#include <utility>

namespace linli {
namespace {

constexpr std::array<std::pair<member_state, std::string_view>, 4> member_names = {{
    {member_state::active, "active"},
    {member_state::left, "left"},
    {member_state::declined, "declined"},
    {member_state::dropped, "dropped"},
}};

template <class Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum e) {
  for (const auto& [value, name] : table) {
    if (value == e) return name;
  }
  return table[0].second;
}

template <class Enum, std::size_t N>
Enum value_of(const std::array<std::pair<Enum, std::string_view>, N>& table,
              std::string_view name) {
  for (const auto& [value, n] : table) {
    if (n == name) return value;
  }
  return table[0].first;
}

}  // namespace

std::string_view to_string(member_state s) {
  return name_of(member_names, s);
}

member_state member_state_from(std::string_view name) {
  return value_of(member_names, name);
}

}  // namespace linli
