// DMARC evaluation. libopendmarc is used only to parse records
// (dmarc_record.cpp): its alignment accepts public suffixes and drops
// one-character labels, and it ignores pct (DEPENDENCIES.md 2c).
#include "auth/dmarc.hpp"

#include <random>

#include <fmt/format.h>

namespace brandguard::policy::auth {

std::string_view to_string(DmarcResult result) noexcept {
  switch (result) {
    case DmarcResult::none: return "none";
    case DmarcResult::pass: return "pass";
    case DmarcResult::fail: return "fail";
    case DmarcResult::temperror: return "temperror";
    case DmarcResult::permerror: return "permerror";
  }
  return "none";
}

bool dmarc_aligned(std::string_view identifier, std::string_view author, DmarcAlignmentMode mode,
                   const domain::PublicSuffixList& psl) {
  if (identifier.empty() || author.empty()) return false;
  if (mode == DmarcAlignmentMode::strict) return identifier == author;
  const auto a = psl.registrable_domain(identifier);
  const auto b = psl.registrable_domain(author);
  return a && b && *a == *b;
}

namespace {

std::string dmarc_name(std::string_view domain) { return fmt::format("_dmarc.{}", domain); }

// One _dmarc answer: the DMARC record among its TXT records.
DmarcPolicyLookup read_answer(const dns::Answer& answer, std::string_view domain) {
  DmarcPolicyLookup out;
  out.record_domain = std::string(domain);
  switch (answer.status) {
    case dns::Status::timeout:
      out.status = DmarcPolicyLookup::Status::temperror;
      out.reason = fmt::format("_dmarc.{} lookup timed out", domain);
      return out;
    case dns::Status::servfail:
      out.status = DmarcPolicyLookup::Status::temperror;
      out.reason = fmt::format("_dmarc.{} lookup failed (SERVFAIL)", domain);
      return out;
    case dns::Status::nxdomain:
    case dns::Status::nodata:
      out.status = DmarcPolicyLookup::Status::no_record;
      out.reason = fmt::format("no DMARC record at _dmarc.{}", domain);
      return out;
    case dns::Status::ok:
      break;
  }
  std::vector<std::string> records;
  for (const auto& rdata : answer.rdata) {
    std::string txt = dns::decode_txt(rdata);
    if (looks_like_dmarc_record(txt)) records.push_back(std::move(txt));
    if (records.size() > 1) break;
  }
  if (records.empty()) {
    out.status = DmarcPolicyLookup::Status::no_record;
    out.reason = fmt::format("no DMARC record at _dmarc.{}", domain);
    return out;
  }
  if (records.size() > 1) {
    // RFC 7489 6.6.3: several records end policy discovery. Reported as
    // permerror so the admin sees the publisher's mistake.
    out.status = DmarcPolicyLookup::Status::permerror;
    out.reason = fmt::format("more than one DMARC record at _dmarc.{}", domain);
    return out;
  }
  auto parsed = parse_dmarc_record(domain, records.front());
  if (!parsed) {
    out.status = DmarcPolicyLookup::Status::permerror;
    out.reason = fmt::format("bad DMARC record at _dmarc.{}: {}", domain, to_string(parsed.error()));
    return out;
  }
  out.status = DmarcPolicyLookup::Status::found;
  out.record = *parsed;
  out.reason = fmt::format("record at _dmarc.{}", domain);
  return out;
}

DmarcPolicyLookup refused(std::string_view domain) {
  DmarcPolicyLookup out;
  out.status = DmarcPolicyLookup::Status::temperror;
  out.record_domain = std::string(domain);
  out.reason = fmt::format("_dmarc.{} not looked up: DNS lookup budget spent", domain);
  return out;
}

bool sampled_in(int pct) {
  if (pct >= 100) return true;
  if (pct <= 0) return false;
  thread_local std::minstd_rand generator{std::random_device{}()};
  return std::uniform_int_distribution<int>(0, 99)(generator) < pct;
}

DmarcPolicy weaker(DmarcPolicy policy) noexcept {
  // RFC 7489 6.6.4: a message outside pct gets the next policy down.
  switch (policy) {
    case DmarcPolicy::reject: return DmarcPolicy::quarantine;
    case DmarcPolicy::quarantine:
    case DmarcPolicy::none: return DmarcPolicy::none;
  }
  return DmarcPolicy::none;
}

}  // namespace

void DmarcDiscovery::start(dns::Resolver& resolver, std::string author_domain, const domain::PublicSuffixList& psl,
                           dns::LookupBudget& budget) {
  reset();
  author_domain_ = std::move(author_domain);
  if (author_domain_.empty()) return;
  if (budget.take()) {
    at_author_ = resolver.start(dmarc_name(author_domain_), dns::RrType::txt);
  } else {
    author_refused_ = true;
  }
  const auto org = psl.registrable_domain(author_domain_);
  if (org && *org != author_domain_) {
    org_domain_ = *org;
    if (budget.take()) {
      at_org_ = resolver.start(dmarc_name(org_domain_), dns::RrType::txt);
    } else {
      org_refused_ = true;
    }
  }
}

DmarcPolicyLookup DmarcDiscovery::finish(std::chrono::steady_clock::time_point deadline) {
  if (author_refused_) return refused(author_domain_);
  if (!at_author_) {
    DmarcPolicyLookup none;
    none.reason = "no author domain";
    return none;
  }
  DmarcPolicyLookup at_author = read_answer(at_author_->wait(deadline), author_domain_);
  if (at_author.status != DmarcPolicyLookup::Status::no_record || org_domain_.empty()) return at_author;
  if (org_refused_) return refused(org_domain_);
  DmarcPolicyLookup at_org = read_answer(at_org_->wait(deadline), org_domain_);
  at_org.organizational = at_org.status == DmarcPolicyLookup::Status::found;
  return at_org;
}

void DmarcDiscovery::reset() noexcept {
  author_domain_.clear();
  org_domain_.clear();
  if (at_author_) at_author_->cancel();
  if (at_org_) at_org_->cancel();
  at_author_.reset();
  at_org_.reset();
  author_refused_ = false;
  org_refused_ = false;
}

DmarcOutcome evaluate_dmarc(const DmarcInputs& inputs, const DmarcPolicyLookup& policy,
                            const domain::PublicSuffixList& psl) {
  DmarcOutcome out;
  out.author_domain = inputs.author_domain;
  out.record_domain = policy.record_domain;
  switch (policy.status) {
    case DmarcPolicyLookup::Status::no_record:
      out.result = DmarcResult::none;
      out.reason = policy.reason;
      return out;
    case DmarcPolicyLookup::Status::temperror:
      out.result = DmarcResult::temperror;
      out.reason = policy.reason;
      return out;
    case DmarcPolicyLookup::Status::permerror:
      out.result = DmarcResult::permerror;
      out.reason = policy.reason;
      return out;
    case DmarcPolicyLookup::Status::found:
      break;
  }
  const DmarcRecord& record = policy.record;
  out.organizational_policy = policy.organizational;
  out.policy = policy.organizational ? record.sp : record.p;

  bool possible_temperror = false;
  if (inputs.spf) {
    const bool could_align = dmarc_aligned(inputs.spf->domain, inputs.author_domain, record.aspf, psl);
    out.spf_aligned = could_align && inputs.spf->result == SpfResult::pass;
    possible_temperror = could_align && inputs.spf->result == SpfResult::temperror;
  }
  if (inputs.dkim != nullptr) {
    for (const auto& sig : *inputs.dkim) {
      if (!sig.checked) continue;
      const auto d = domain::normalize_domain(sig.domain);
      if (!d || !dmarc_aligned(*d, inputs.author_domain, record.adkim, psl)) continue;
      if (sig.result == DkimResult::pass) {
        out.dkim_aligned = true;
        if (out.aligned_dkim_domain.empty()) out.aligned_dkim_domain = *d;
      } else if (sig.result == DkimResult::temperror) {
        possible_temperror = true;
      }
    }
  }
  if (out.spf_aligned || out.dkim_aligned) {
    out.result = DmarcResult::pass;
    out.disposition = DmarcPolicy::none;
    out.reason = out.dkim_aligned ? fmt::format("aligned DKIM pass (d={})", out.aligned_dkim_domain)
                                  : fmt::format("aligned SPF pass ({})", inputs.spf->domain);
    return out;
  }
  if (possible_temperror) {
    out.result = DmarcResult::temperror;
    out.reason = "an identifier that could align had a temporary error";
    return out;
  }
  out.result = DmarcResult::fail;
  out.disposition = out.policy;
  if (!sampled_in(record.pct)) {
    out.sampled_out = true;
    out.disposition = weaker(out.policy);
  }
  out.reason = fmt::format("no aligned SPF or DKIM pass; {}={}{}", policy.organizational ? "sp" : "p",
                           to_string(out.policy), out.sampled_out ? fmt::format(" (outside pct={})", record.pct) : "");
  return out;
}

}  // namespace brandguard::policy::auth
