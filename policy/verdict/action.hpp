// Action: what happens to a message once it has been judged.
//
// The ordering is the strength used when several sources propose an action
// (score thresholds, forced actions such as a DMARC policy, internal
// errors): the strongest wins. A definite reject outranks a tempfail, which
// outranks quarantine, so a temporary doubt never downgrades a certain
// verdict and never upgrades an uncertain one into a permanent bounce.
#pragma once

#include <optional>
#include <string_view>

namespace brandguard::policy {

enum class Action { accept = 0, tag = 1, quarantine = 2, tempfail = 3, reject = 4 };

std::string_view to_string(Action action) noexcept;

// Parses the config spelling ("accept", "tag", ...); nullopt if unknown.
std::optional<Action> parse_action(std::string_view text) noexcept;

constexpr Action strongest(Action a, Action b) noexcept {
  return static_cast<int>(a) >= static_cast<int>(b) ? a : b;
}

}  // namespace brandguard::policy
