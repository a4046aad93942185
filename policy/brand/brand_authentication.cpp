#include "brand/brand_authentication.hpp"

#include <fmt/format.h>

namespace brandguard::policy::brand {

namespace {

bool is_official(std::string_view domain, const BrandProfile& brand) {
  for (const auto& d : brand.official_domains) {
    if (domain_within(domain, d)) return true;
  }
  return false;
}

const AuthorizedSender* authorized_sender(std::string_view domain, const BrandProfile& brand) {
  for (const auto& s : brand.authorized_senders) {
    if (domain_within(domain, s.domain)) return &s;
  }
  return nullptr;
}

bool same_organization(std::string_view a, std::string_view b, const domain::PublicSuffixList& psl) {
  if (a == b) return true;
  const auto oa = psl.registrable_domain(a);
  const auto ob = psl.registrable_domain(b);
  return oa && ob && *oa == *ob;
}

}  // namespace

bool domain_within(std::string_view name, std::string_view parent) noexcept {
  if (parent.empty() || name.size() < parent.size()) return false;
  if (name.size() == parent.size()) return name == parent;
  return name.substr(name.size() - parent.size()) == parent && name[name.size() - parent.size() - 1] == '.';
}

BrandAuthentication authenticate_for_brand(const auth::AuthResults& auth, const BrandProfile& brand,
                                           const domain::PublicSuffixList& psl) {
  BrandAuthentication out;
  const std::string& from = auth.author_domain;
  if (from.empty()) return out;  // no single author domain: nothing to credit
  out.from_official = is_official(from, brand);

  if (out.from_official) {
    if (auth.dmarc && auth.dmarc->result == auth::DmarcResult::pass) {
      out.authenticated = true;
      out.how = fmt::format("dmarc=pass header.from={}", from);
      return out;
    }
    // A brand domain without a DMARC record still authenticates by an
    // aligned pass; with a record that failed, it does not.
    const bool no_record = !auth.dmarc || auth.dmarc->result == auth::DmarcResult::none;
    if (no_record) {
      if (auth.dkim) {
        for (const auto& sig : auth.dkim->signatures) {
          if (sig.result == auth::DkimResult::pass && same_organization(sig.domain, from, psl)) {
            out.authenticated = true;
            out.how = fmt::format("dkim=pass header.d={} aligned with {}", sig.domain, from);
            return out;
          }
        }
      }
      if (auth.spf && auth.spf->result == auth::SpfResult::pass && same_organization(auth.spf->domain, from, psl)) {
        out.authenticated = true;
        out.how = fmt::format("spf=pass smtp.mailfrom={} aligned with {}", auth.spf->domain, from);
        return out;
      }
    }
  }

  // Authorized third-party senders, under their own authenticated domain.
  const auto credit = [&](std::string_view identity, std::string_view method) {
    const AuthorizedSender* sender = authorized_sender(identity, brand);
    if (sender == nullptr) return false;
    if (!out.from_official && !domain_within(from, sender->domain)) return false;
    out.authenticated = true;
    out.how = fmt::format("{}={} (authorized sender of {})", method, identity, brand.id);
    return true;
  };
  if (auth.dkim) {
    for (const auto& sig : auth.dkim->signatures) {
      if (sig.result == auth::DkimResult::pass && credit(sig.domain, "dkim=pass header.d")) return out;
    }
  }
  if (auth.spf && auth.spf->result == auth::SpfResult::pass) credit(auth.spf->domain, "spf=pass smtp.mailfrom");
  return out;
}

}  // namespace brandguard::policy::brand
