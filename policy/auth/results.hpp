// AuthResults: what the authentication checks established about one
// message, for later checks (brand rules need "is this aligned mail from
// the brand?") and for the Authentication-Results header.
//
// Per message; written by the authentication check at end of message,
// read by checks that run after it.
#pragma once

#include <optional>
#include <string>

#include "auth/spf.hpp"

namespace brandguard::policy::auth {

struct AuthResults {
  bool evaluated = false;       // false: skipped (trusted client) or not configured
  std::string skipped_reason;   // why, when skipped
  std::optional<SpfOutcome> spf;       // MAIL FROM identity (HELO for the null sender)
  std::optional<SpfOutcome> spf_helo;  // HELO identity, when checked separately
};

}  // namespace brandguard::policy::auth
