// SPF (RFC 7208) with libspf2 over our Resolver.
//
// SpfVerifier owns one SPF_server_t whose DNS layer is ours: every lookup
// goes through the shared Resolver with the message's deadline and lookup
// budget, and counts void lookups (RFC 7208 4.6.4), a limit libspf2 lacks.
// libspf2's INVALID result carries both DNS failures and syntax errors; we
// map them to temperror and permerror. Its explanation strings are never
// surfaced (their expansion is broken, DEPENDENCIES.md 2a).
//
// Thread safety: one SpfVerifier is shared by all connections of a
// Snapshot; check() may run on many threads at once (the per-request
// state lives on the calling thread, libspf2's server is read-only).
// check() blocks the calling thread for the DNS it needs, bounded by the
// deadline.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "auth/spf_prefetch.hpp"
#include "dns/lookup_budget.hpp"
#include "dns/resolver.hpp"

namespace brandguard::policy::auth {

enum class SpfResult { none, neutral, pass, fail, softfail, temperror, permerror };

std::string_view to_string(SpfResult result) noexcept;

enum class SpfIdentity { mailfrom, helo };

struct SpfOutcome {
  SpfResult result = SpfResult::none;
  SpfIdentity identity = SpfIdentity::mailfrom;
  std::string domain;  // the domain whose policy was checked (lowercase)
  std::string reason;  // short, ours, safe to log
  unsigned void_lookups = 0;
};

struct SpfRequest {
  std::string_view client_ip;  // textual IPv4/IPv6; empty: unknown -> none
  std::string_view helo;
  std::string_view mail_from;  // without brackets; empty = null sender
};

class SpfVerifier {
 public:
  // `receiver` names this host in libspf2's messages (%{r}).
  static tl::expected<std::unique_ptr<SpfVerifier>, std::string> create(dns::Resolver& resolver,
                                                                       std::string_view receiver);
  ~SpfVerifier();
  SpfVerifier(const SpfVerifier&) = delete;
  SpfVerifier& operator=(const SpfVerifier&) = delete;

  // The MAIL FROM identity; with a null sender, the HELO identity as
  // postmaster@HELO (RFC 7208 2.4).
  // `prefetch`, when given, holds lookups started ahead for this check:
  // its answers are used instead of asking again.
  SpfOutcome check_mail_from(const SpfRequest& request, dns::LookupBudget& budget,
                             std::chrono::steady_clock::time_point deadline,
                             const SpfPrefetch* prefetch = nullptr) const;
  // The HELO identity alone (RFC 7208 2.3).
  SpfOutcome check_helo(const SpfRequest& request, dns::LookupBudget& budget,
                        std::chrono::steady_clock::time_point deadline, const SpfPrefetch* prefetch = nullptr) const;

  static constexpr unsigned kMaxVoidLookups = 2;

 private:
  struct Impl;
  explicit SpfVerifier(std::unique_ptr<Impl> impl);
  SpfOutcome run(const SpfRequest& request, SpfIdentity identity, dns::LookupBudget& budget,
                 std::chrono::steady_clock::time_point deadline, const SpfPrefetch* prefetch) const;
  std::unique_ptr<Impl> impl_;
};

}  // namespace brandguard::policy::auth
