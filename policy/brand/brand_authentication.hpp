// Is this message really from the brand? The answer the brand detectors
// start from: a brand is credited only with authenticated identities.
//
// Credited when
//   - the From domain is one of the brand's official domains (or below one)
//     and DMARC passed, or, without a DMARC record, a passing DKIM
//     signature or SPF pass aligns with it (relaxed, organizational domain);
//   - or a passing DKIM d= or SPF-pass domain is an authorized sender of
//     the brand (or below one) and the From domain is official or within
//     that sender's domain ("Ledger via Global-e <noreply@global-e.com>").
// Nothing else counts: a display name, a Reply-To, an unsigned header.
//
// Pure function of the authentication results; thread safe.
#pragma once

#include <string>

#include "auth/results.hpp"
#include "brand/brand_profile.hpp"
#include "domain/domain_name.hpp"

namespace brandguard::policy::brand {

struct BrandAuthentication {
  bool authenticated = false;
  bool from_official = false;  // the From domain is the brand's own
  std::string how;             // "dmarc=pass header.from=ledger.com", "dkim=pass d=global-e.com (authorized sender)"
};

BrandAuthentication authenticate_for_brand(const auth::AuthResults& auth, const BrandProfile& brand,
                                           const domain::PublicSuffixList& psl);

// `name` equals `parent` or is below it ("shop.ledger.com" within
// "ledger.com"); both normalized.
bool domain_within(std::string_view name, std::string_view parent) noexcept;

}  // namespace brandguard::policy::brand
