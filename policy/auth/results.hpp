// AuthResults: what the authentication checks established about one
// message, for later checks (brand rules need "is this aligned mail from
// the brand?") and for the Authentication-Results header.
//
// Per message; written by the authentication check at end of message,
// read by checks that run after it.
#pragma once

#include <optional>
#include <string>

#include "auth/dkim_verifier.hpp"
#include "auth/dmarc.hpp"
#include "auth/spf.hpp"
#include "message/address.hpp"

namespace brandguard::policy::auth {

struct AuthResults {
  bool evaluated = false;       // false: skipped (trusted client) or not configured
  std::string skipped_reason;   // why, when skipped
  std::optional<SpfOutcome> spf;       // MAIL FROM identity (HELO for the null sender)
  std::optional<SpfOutcome> spf_helo;  // HELO identity, when checked separately
  std::optional<DkimOutcome> dkim;
  std::optional<DmarcOutcome> dmarc;
  // The From field as DMARC saw it (status and the normalized author
  // domain; empty unless exactly one author domain).
  AuthorStatus author_status = AuthorStatus::missing;
  std::string author_domain;
  // Set when the results above were taken from a trusted upstream
  // Authentication-Results field instead of our own checks.
  std::string upstream_authserv_id;
};

}  // namespace brandguard::policy::auth
