// DMARC (RFC 7489) for one message: policy discovery through our Resolver,
// identifier alignment computed with the Public Suffix List, pct applied
// by us.
//
// Calling stages: DmarcDiscovery::start() as soon as the From field has
// arrived (header stage), so the _dmarc lookups overlap the rest of the
// transfer; DmarcDiscovery::finish() and evaluate_dmarc() at end of
// message, once SPF and DKIM results exist.
//
// Discovery starts _dmarc.<author domain> and, when the author domain is
// below its organizational domain, _dmarc.<organizational domain> at the
// same moment (one extra lookup buys one round trip less); the second is
// used only when the first has no DMARC record.
//
// Results: pass when an aligned SPF or DKIM identifier passed; fail when
// none did; temperror when the record lookup failed, or when nothing
// aligned passed but an identifier that could have aligned had a
// temporary error (a DNS outage must not turn into a reject); permerror
// for an unparsable or duplicated record; none when the domain publishes
// no record. Malformed From fields are handled by the caller (AuthCheck)
// before discovery: never pass.
//
// Thread safety: DmarcDiscovery is per message, one thread at a time.
// evaluate_dmarc is a pure function apart from the pct sample (a
// thread_local generator).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/dkim_verifier.hpp"
#include "auth/dmarc_record.hpp"
#include "auth/spf.hpp"
#include "dns/lookup_budget.hpp"
#include "dns/resolver.hpp"
#include "domain/domain_name.hpp"

namespace brandguard::policy::auth {

enum class DmarcResult { none, pass, fail, temperror, permerror };

std::string_view to_string(DmarcResult result) noexcept;

// Identifier alignment of two normalized domains (RFC 7489 3.1): strict
// means equal; relaxed means the same registrable domain (so a public
// suffix such as "com" or "co.uk" never aligns).
bool dmarc_aligned(std::string_view identifier, std::string_view author, DmarcAlignmentMode mode,
                   const domain::PublicSuffixList& psl);

// Where the policy came from.
struct DmarcPolicyLookup {
  enum class Status { found, no_record, temperror, permerror };
  Status status = Status::no_record;
  DmarcRecord record;
  std::string record_domain;  // the domain whose _dmarc record applies
  bool organizational = false;  // found at the organizational domain (sp= applies)
  std::string reason;           // short, safe to log
};

class DmarcDiscovery {
 public:
  // `author_domain` normalized (domain::normalize_domain). Lookups the
  // budget refuses are not started; finish() then reports temperror.
  void start(dns::Resolver& resolver, std::string author_domain, const domain::PublicSuffixList& psl,
             dns::LookupBudget& budget);
  bool started() const noexcept { return !author_domain_.empty(); }
  const std::string& author_domain() const noexcept { return author_domain_; }
  DmarcPolicyLookup finish(std::chrono::steady_clock::time_point deadline);
  void reset() noexcept;

 private:
  std::string author_domain_;
  std::string org_domain_;
  std::shared_ptr<dns::Lookup> at_author_;
  std::shared_ptr<dns::Lookup> at_org_;
  bool author_refused_ = false;
  bool org_refused_ = false;
};

struct DmarcInputs {
  std::string author_domain;  // normalized
  std::optional<SpfOutcome> spf;  // the SPF-authenticated identity (MAIL FROM, or HELO for <>)
  const std::vector<DkimSignatureResult>* dkim = nullptr;
};

struct DmarcOutcome {
  DmarcResult result = DmarcResult::none;
  std::string author_domain;  // header.from
  std::string record_domain;
  DmarcPolicy policy = DmarcPolicy::none;       // p= or sp= as published
  DmarcPolicy disposition = DmarcPolicy::none;  // what to do: none on pass, after pct sampling
  bool sampled_out = false;                     // pct excluded this message from the policy
  bool organizational_policy = false;           // sp= applied
  bool spf_aligned = false;
  bool dkim_aligned = false;
  std::string aligned_dkim_domain;  // the d= that aligned and passed, if any
  std::string reason;               // short, safe to log
};

DmarcOutcome evaluate_dmarc(const DmarcInputs& inputs, const DmarcPolicyLookup& policy,
                            const domain::PublicSuffixList& psl);

}  // namespace brandguard::policy::auth
