// evaluate_dmarc over given SPF/DKIM results: alignment modes, which
// identifiers count, temperror propagation and pct.
#include <catch2/catch.hpp>

#include <vector>

#include "auth/dmarc.hpp"
#include "auth/dmarc_record.hpp"

using namespace brandguard::policy;
using namespace brandguard::policy::auth;

namespace {

DmarcPolicyLookup found(const char* record_text, bool organizational = false) {
  DmarcPolicyLookup lookup;
  lookup.status = DmarcPolicyLookup::Status::found;
  auto parsed = parse_dmarc_record("brand.com", record_text);
  REQUIRE(parsed);
  lookup.record = *parsed;
  lookup.record_domain = "brand.com";
  lookup.organizational = organizational;
  return lookup;
}

DkimSignatureResult sig(const char* domain, DkimResult result, bool checked = true) {
  DkimSignatureResult s;
  s.domain = domain;
  s.result = result;
  s.checked = checked;
  return s;
}

DmarcOutcome run(const char* author, const std::vector<DkimSignatureResult>& dkim, const DmarcPolicyLookup& policy,
                 std::optional<SpfOutcome> spf = std::nullopt) {
  DmarcInputs inputs;
  inputs.author_domain = author;
  inputs.dkim = &dkim;
  inputs.spf = std::move(spf);
  return evaluate_dmarc(inputs, policy, domain::PublicSuffixList::system());
}

}  // namespace

TEST_CASE("dmarc: records parse into p, sp, alignment modes and pct", "[dmarc]") {
  auto r = parse_dmarc_record("brand.com", "v=DMARC1; p=quarantine; sp=reject; adkim=s; aspf=r; pct=30");
  REQUIRE(r);
  CHECK(r->p == DmarcPolicy::quarantine);
  CHECK(r->sp == DmarcPolicy::reject);
  CHECK(r->adkim == DmarcAlignmentMode::strict);
  CHECK(r->aspf == DmarcAlignmentMode::relaxed);
  CHECK(r->pct == 30);
  auto defaults = parse_dmarc_record("brand.com", "v=DMARC1; p=reject");
  REQUIRE(defaults);
  CHECK(defaults->sp == DmarcPolicy::reject);  // sp defaults to p
  CHECK(defaults->pct == 100);
  CHECK(defaults->adkim == DmarcAlignmentMode::relaxed);
  CHECK(parse_dmarc_record("brand.com", std::string(kMaxDmarcRecordBytes + 1, 'a')).error() == DmarcParseError::too_long);
  CHECK_FALSE(parse_dmarc_record("brand.com", std::string("v=DMARC1; p=reject\0; p=none", 27)));
}

TEST_CASE("dmarc: which TXT strings are DMARC records", "[dmarc]") {
  CHECK(looks_like_dmarc_record("v=DMARC1; p=none"));
  CHECK(looks_like_dmarc_record("v = dmarc1 ;p=none"));
  CHECK(looks_like_dmarc_record("v=DMARC1"));
  CHECK_FALSE(looks_like_dmarc_record("v=DMARC10; p=none"));
  CHECK_FALSE(looks_like_dmarc_record("v=spf1 -all"));
  CHECK_FALSE(looks_like_dmarc_record("p=none; v=DMARC1"));
  CHECK_FALSE(looks_like_dmarc_record(""));
}

TEST_CASE("dmarc: a passing DKIM signature aligns in relaxed mode, in strict mode only on the same name",
          "[dmarc]") {
  const std::vector<DkimSignatureResult> sub = {sig("mail.brand.com", DkimResult::pass)};
  CHECK(run("brand.com", sub, found("v=DMARC1; p=reject")).result == DmarcResult::pass);
  const auto strict = run("brand.com", sub, found("v=DMARC1; p=reject; adkim=s"));
  CHECK(strict.result == DmarcResult::fail);
  CHECK(strict.disposition == DmarcPolicy::reject);
  const std::vector<DkimSignatureResult> exact = {sig("BRAND.com", DkimResult::pass)};
  const auto ok = run("brand.com", exact, found("v=DMARC1; p=reject; adkim=s"));
  CHECK(ok.result == DmarcResult::pass);
  CHECK(ok.aligned_dkim_domain == "brand.com");
  CHECK(ok.disposition == DmarcPolicy::none);
}

TEST_CASE("dmarc: unaligned, failing or unchecked signatures do not pass", "[dmarc]") {
  const auto policy = found("v=DMARC1; p=reject");
  CHECK(run("brand.com", {sig("com", DkimResult::pass)}, policy).result == DmarcResult::fail);
  CHECK(run("brand.com", {sig("brand.com.evil.example", DkimResult::pass)}, policy).result == DmarcResult::fail);
  CHECK(run("brand.com", {sig("brand.com", DkimResult::fail)}, policy).result == DmarcResult::fail);
  CHECK(run("brand.com", {sig("brand.com", DkimResult::policy)}, policy).result == DmarcResult::fail);
  CHECK(run("brand.com", {sig("brand.com", DkimResult::pass, false)}, policy).result == DmarcResult::fail);
  // One aligned pass among failures is enough.
  CHECK(run("brand.com", {sig("evil.example", DkimResult::pass), sig("brand.com", DkimResult::fail),
                          sig("brand.com", DkimResult::pass)},
            policy)
            .result == DmarcResult::pass);
}

TEST_CASE("dmarc: SPF counts only when it passed for an aligned domain", "[dmarc]") {
  const auto policy = found("v=DMARC1; p=quarantine; aspf=s");
  SpfOutcome spf;
  spf.result = SpfResult::pass;
  spf.domain = "bounce.brand.com";
  CHECK(run("brand.com", {}, policy, spf).result == DmarcResult::fail);  // strict
  spf.domain = "brand.com";
  CHECK(run("brand.com", {}, policy, spf).spf_aligned);
  spf.result = SpfResult::softfail;
  const auto soft = run("brand.com", {}, policy, spf);
  CHECK(soft.result == DmarcResult::fail);
  CHECK(soft.disposition == DmarcPolicy::quarantine);
}

TEST_CASE("dmarc: a temporary error on an identifier that could align is temperror, not fail", "[dmarc]") {
  const auto policy = found("v=DMARC1; p=reject");
  CHECK(run("brand.com", {sig("brand.com", DkimResult::temperror)}, policy).result == DmarcResult::temperror);
  SpfOutcome spf;
  spf.result = SpfResult::temperror;
  spf.domain = "brand.com";
  CHECK(run("brand.com", {}, policy, spf).result == DmarcResult::temperror);
  // An unrelated domain's temporary error does not hold the verdict back.
  CHECK(run("brand.com", {sig("other.example", DkimResult::temperror)}, policy).result == DmarcResult::fail);
  // A pass still wins over a temperror.
  CHECK(run("brand.com", {sig("brand.com", DkimResult::temperror), sig("brand.com", DkimResult::pass)}, policy)
            .result == DmarcResult::pass);
}

TEST_CASE("dmarc: lookup outcomes map to none, temperror and permerror; sp= for the organizational record",
          "[dmarc]") {
  DmarcPolicyLookup lookup;
  lookup.status = DmarcPolicyLookup::Status::no_record;
  CHECK(run("brand.com", {}, lookup).result == DmarcResult::none);
  lookup.status = DmarcPolicyLookup::Status::temperror;
  CHECK(run("brand.com", {}, lookup).result == DmarcResult::temperror);
  lookup.status = DmarcPolicyLookup::Status::permerror;
  CHECK(run("brand.com", {}, lookup).result == DmarcResult::permerror);
  const auto sub = run("shop.brand.com", {}, found("v=DMARC1; p=reject; sp=none", true));
  CHECK(sub.result == DmarcResult::fail);
  CHECK(sub.organizational_policy);
  CHECK(sub.policy == DmarcPolicy::none);
  CHECK(sub.disposition == DmarcPolicy::none);
}

TEST_CASE("dmarc: pct samples the policy; outside it the next weaker policy applies", "[dmarc]") {
  const auto zero = run("brand.com", {}, found("v=DMARC1; p=reject; pct=0"));
  CHECK(zero.sampled_out);
  CHECK(zero.disposition == DmarcPolicy::quarantine);
  const auto q = run("brand.com", {}, found("v=DMARC1; p=quarantine; pct=0"));
  CHECK(q.disposition == DmarcPolicy::none);
  std::size_t applied = 0;
  for (int i = 0; i < 2000; ++i) {
    if (!run("brand.com", {}, found("v=DMARC1; p=reject; pct=50")).sampled_out) ++applied;
  }
  // Binomial(2000, 0.5): outside [850, 1150] has probability < 1e-11.
  CHECK(applied > 850);
  CHECK(applied < 1150);
}
