#include "verdict/action.hpp"

#include <array>
#include <utility>

namespace brandguard::policy {

namespace {
constexpr std::array<std::pair<Action, std::string_view>, 5> kNames{{
    {Action::accept, "accept"},
    {Action::tag, "tag"},
    {Action::quarantine, "quarantine"},
    {Action::tempfail, "tempfail"},
    {Action::reject, "reject"},
}};
}  // namespace

std::string_view to_string(Action action) noexcept {
  for (const auto& [value, name] : kNames) {
    if (value == action) return name;
  }
  return "unknown";
}

std::optional<Action> parse_action(std::string_view text) noexcept {
  for (const auto& [value, name] : kNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

}  // namespace brandguard::policy
