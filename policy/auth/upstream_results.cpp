#include "auth/upstream_results.hpp"

#include "domain/domain_name.hpp"
#include "message/ascii.hpp"

namespace brandguard::policy::auth {

namespace {

SpfResult spf_result(std::string_view word) {
  if (word == "pass") return SpfResult::pass;
  if (word == "fail") return SpfResult::fail;
  if (word == "softfail") return SpfResult::softfail;
  if (word == "neutral") return SpfResult::neutral;
  if (word == "none") return SpfResult::none;
  if (word == "temperror") return SpfResult::temperror;
  return SpfResult::permerror;
}

DkimResult dkim_result(std::string_view word) {
  if (word == "pass") return DkimResult::pass;
  if (word == "fail") return DkimResult::fail;
  if (word == "neutral") return DkimResult::neutral;
  if (word == "none") return DkimResult::none;
  if (word == "policy") return DkimResult::policy;
  if (word == "temperror") return DkimResult::temperror;
  return DkimResult::permerror;
}

DmarcResult dmarc_result(std::string_view word) {
  if (word == "pass") return DmarcResult::pass;
  if (word == "fail") return DmarcResult::fail;
  if (word == "none") return DmarcResult::none;
  if (word == "temperror") return DmarcResult::temperror;
  return DmarcResult::permerror;
}

// The domain of a property value that may be an address ("user@d").
std::string domain_of(std::string_view value) {
  const std::string_view after_at = address_domain(value);
  return domain::normalize_domain(after_at.empty() ? value : after_at).value_or("");
}

}  // namespace

void adopt_upstream_results(const ParsedAuthenticationResults& upstream, AuthResults& results) {
  results.upstream_authserv_id = upstream.authserv_id;
  for (const ResultInfo& info : upstream.results) {
    const std::string reason = "from " + upstream.authserv_id;
    if (info.method == "spf" && !results.spf) {
      SpfOutcome spf;
      spf.result = spf_result(info.result);
      std::string mailfrom = info.property("smtp.mailfrom");
      if (mailfrom.empty()) {
        spf.identity = SpfIdentity::helo;
        spf.domain = domain_of(info.property("smtp.helo"));
      } else {
        spf.domain = domain_of(mailfrom);
      }
      spf.reason = reason;
      results.spf = std::move(spf);
    } else if (info.method == "dkim") {
      if (!results.dkim) results.dkim.emplace();
      DkimSignatureResult sig;
      sig.result = dkim_result(info.result);
      sig.domain = domain_of(info.property("header.d"));
      if (sig.domain.empty()) sig.domain = domain_of(info.property("header.i"));
      sig.selector = info.property("header.s");
      sig.reason = reason;
      results.dkim->signatures.push_back(std::move(sig));
      const DkimResult r = results.dkim->signatures.back().result;
      if (results.dkim->signatures.size() == 1 || r == DkimResult::pass) results.dkim->result = r;
    } else if (info.method == "dmarc" && !results.dmarc) {
      DmarcOutcome dmarc;
      dmarc.result = dmarc_result(info.result);
      dmarc.author_domain = domain_of(info.property("header.from"));
      dmarc.reason = reason;
      results.author_domain = dmarc.author_domain;
      results.dmarc = std::move(dmarc);
    }
  }
}

}  // namespace brandguard::policy::auth
