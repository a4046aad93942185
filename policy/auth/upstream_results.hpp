// Results of a trusted upstream verifier (its Authentication-Results
// field) taken as our own, for clients whose mail we do not check
// ourselves (trusted networks, SMTP AUTH): an internal hop behind a border
// MTA that already verified SPF, DKIM and DMARC.
//
// Only the first (topmost, most recent) field from a configured trusted
// authserv-id is used; unknown result words become permerror/none, never
// pass.
#pragma once

#include "auth/authentication_results.hpp"
#include "auth/results.hpp"

namespace brandguard::policy::auth {

// Fills spf, dkim and dmarc of `results` from `upstream` (those it
// names) and records its authserv-id.
void adopt_upstream_results(const ParsedAuthenticationResults& upstream, AuthResults& results);

}  // namespace brandguard::policy::auth
