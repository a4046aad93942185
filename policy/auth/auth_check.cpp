#include "auth/auth_check.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "auth/authentication_results.hpp"
#include "auth/dmarc.hpp"
#include "auth/upstream_results.hpp"
#include "dns/lookup_budget.hpp"
#include "message/address.hpp"
#include "message/ascii.hpp"
#include "message/header.hpp"

namespace brandguard::policy::auth {

std::map<std::string, double> default_auth_scores() {
  return {
      {"SPF_PASS", 0.0},       {"SPF_FAIL", 1.0},        {"SPF_SOFTFAIL", 0.5},   {"SPF_NEUTRAL", 0.0},
      {"SPF_NONE", 0.0},       {"SPF_TEMPERROR", 0.0},   {"SPF_PERMERROR", 0.5},  {"DKIM_PASS", 0.0},
      {"DKIM_FAIL", 1.0},      {"DKIM_NEUTRAL", 0.0},    {"DKIM_POLICY", 0.5},    {"DKIM_NONE", 0.0},
      {"DKIM_TEMPERROR", 0.0}, {"DKIM_PERMERROR", 0.5},  {"DMARC_PASS", 0.0},     {"DMARC_FAIL", 2.0},
      {"DMARC_NONE", 0.0},     {"DMARC_TEMPERROR", 0.0}, {"DMARC_PERMERROR", 0.5}, {"DMARC_BAD_FROM", 3.0},
  };
}

double AuthEnvironment::score(const std::string& symbol) const {
  const auto it = settings.scores.find(symbol);
  return it != settings.scores.end() ? it->second : 0.0;
}

namespace {

bool author_domain_known(AuthorStatus status) noexcept {
  return status == AuthorStatus::single || status == AuthorStatus::multiple_same_domain;
}

class AuthCheck final : public Check {
 public:
  explicit AuthCheck(std::shared_ptr<const AuthEnvironment> env)
      : env_(std::move(env)), budget_(env_->settings.max_lookups_per_message) {}

  void on_connect(const ConnectionInfo& connection) override {
    trusted_ = !connection.client_ip.empty() && net::in_any(env_->settings.trusted_networks, connection.client_ip);
  }

  void on_mail_from(MessageContext& ctx) override {
    const Envelope& envelope = ctx.message.envelope();
    skip_reason_.clear();
    if (trusted_) {
      skip_reason_ = "trusted network";
    } else if (env_->settings.skip_authenticated && !envelope.auth_user.empty()) {
      skip_reason_ = "authenticated client";
    }
    if (!skip_reason_.empty() || !env_->resolver) return;
    if (env_->settings.dkim_enabled && env_->dkim) {
      dkim_ = std::make_unique<DkimVerifier>(*env_->dkim, env_->settings.dkim, &budget_);
    }
    if (!env_->settings.spf_enabled || !env_->spf) return;
    // Walk the SPF records of the sender (and of the HELO name, checked
    // too) while the message arrives; libspf2 takes the answers from here
    // at end of message.
    spf_prefetch_ = std::make_unique<SpfPrefetch>(*env_->resolver, budget_,
                                                  ctx.connection.client_ip.find(':') != std::string::npos);
    const std::string_view domain = address_domain(envelope.mail_from);
    const std::string_view helo = ctx.connection.helo;
    // An address literal or a bare word is no domain with a policy.
    const bool helo_is_domain = !helo.empty() && helo.front() != '[' && helo.find('.') != std::string_view::npos;
    if (!domain.empty()) spf_prefetch_->start(domain);
    if (helo_is_domain && (domain.empty() || env_->settings.spf_helo)) spf_prefetch_->start(helo);
  }

  void on_header(MessageContext& ctx, const Header& header) override {
    if (spf_prefetch_) spf_prefetch_->advance();
    // libopendkim sees every field, ours to remove included: a signer
    // may have covered them.
    if (dkim_) dkim_->header(header);
    if (iequals(header.name, "Authentication-Results")) {
      on_authentication_results(ctx, header);
      return;
    }
    if (!skip_reason_.empty()) return;
    if (!from_seen_ && iequals(header.name, "From")) {
      from_seen_ = true;
      start_dmarc_discovery(header);
    }
  }

  void on_end_of_headers(MessageContext&) override {
    if (!dkim_) return;
    // libopendkim asks for the keys here; the time spent waiting comes out
    // of the message's one DNS allowance, so that a black-holed resolver
    // costs dns_deadline in all, not once here and once more at the end.
    const auto started = std::chrono::steady_clock::now();
    dkim_->end_of_headers(started + env_->settings.dns_deadline);
    dns_waited_ += std::chrono::steady_clock::now() - started;
  }

  void on_body(MessageContext&, std::string_view chunk) override {
    if (spf_prefetch_) spf_prefetch_->advance();
    if (dkim_) dkim_->body(chunk);
  }

  void on_end_of_message(MessageContext& ctx) override {
    AuthResults& results = ctx.message.auth();
    if (!skip_reason_.empty()) {
      results.skipped_reason = skip_reason_;
      if (upstream_) adopt_upstream_results(*upstream_, results);
      return;
    }
    if (!env_->resolver) return;
    results.evaluated = true;
    const auto allowance_left =
        std::max<std::chrono::steady_clock::duration>(env_->settings.dns_deadline - dns_waited_, {});
    const auto deadline = std::chrono::steady_clock::now() + allowance_left;
    const Envelope& envelope = ctx.message.envelope();
    if (env_->settings.spf_enabled && env_->spf) {
      const SpfRequest request{ctx.connection.client_ip, ctx.connection.helo, envelope.mail_from};
      // The rest of the SPF trees, level by level in parallel, before
      // libspf2 walks them one lookup at a time.
      if (spf_prefetch_) spf_prefetch_->settle(deadline);
      results.spf = env_->spf->check_mail_from(request, budget_, deadline, spf_prefetch_.get());
      emit_spf(ctx, *results.spf);
      if (env_->settings.spf_helo && results.spf->identity == SpfIdentity::mailfrom && !ctx.connection.helo.empty()) {
        results.spf_helo = env_->spf->check_helo(request, budget_, deadline, spf_prefetch_.get());
      }
    }
    if (dkim_) {
      results.dkim = dkim_->end_of_message(deadline);
      emit_dkim(ctx, *results.dkim);
    }
    if (env_->settings.dmarc_enabled) evaluate_dmarc_policy(ctx, results, deadline);
    if (budget_.refused() > 0) {
      ctx.result.add("DNS_LOOKUP_LIMIT", 0.0, fmt::format("more than {} DNS lookups; the rest not done", budget_.cap()));
    }
    ctx.result.edits().authentication_results = format_authentication_results(env_->settings.authserv_id, results);
  }

  void on_message_reset() override {
    spf_prefetch_.reset();
    dmarc_.reset();
    dkim_.reset();
    upstream_.reset();
    budget_.reset(env_->settings.max_lookups_per_message);
    dns_waited_ = {};
    skip_reason_.clear();
    from_seen_ = false;
    ar_index_ = 0;
  }

 private:
  // Every A-R field with our authserv-id is removed (RFC 8601 5): we did
  // not write it in this transaction, so it is forged or stale.
  void on_authentication_results(MessageContext& ctx, const Header& header) {
    ++ar_index_;
    const auto id = authserv_id_of(header.raw_value);
    if (!id) return;
    if (iequals(*id, env_->settings.authserv_id)) {
      ctx.result.edits().delete_authentication_results.push_back(ar_index_);
      return;
    }
    if (skip_reason_.empty() || upstream_) return;
    const auto& trusted = env_->settings.trusted_authserv_ids;
    if (std::any_of(trusted.begin(), trusted.end(), [&](const std::string& t) { return iequals(t, *id); })) {
      upstream_ = parse_authentication_results(header.raw_value);
    }
  }

  // The first From field is complete when it arrives: its domain's
  // _dmarc lookups start now and overlap the rest of the transfer.
  void start_dmarc_discovery(const Header& from) {
    if (!env_->settings.dmarc_enabled || !env_->resolver) return;
    const std::string_view value = from.raw_value;
    const AuthorResult author = parse_author(std::span<const std::string_view>(&value, 1));
    if (!author_domain_known(author.status)) return;
    if (auto domain = domain::normalize_domain(author.author_domain)) {
      dmarc_.start(*env_->resolver, *domain, *env_->psl, budget_);
    }
  }

  void evaluate_dmarc_policy(MessageContext& ctx, AuthResults& results,
                             std::chrono::steady_clock::time_point deadline) {
    const AuthorResult author = parse_author_from_headers(ctx.message.headers());
    results.author_status = author.status;
    DmarcOutcome outcome;
    std::optional<std::string> domain;
    if (author_domain_known(author.status)) domain = domain::normalize_domain(author.author_domain);
    if (!domain) {
      // Never pass: no single author domain to align with (RFC 7489
      // 6.6.1; multiple From domains are CVE-2021-34555's attack).
      outcome.result = DmarcResult::permerror;
      outcome.reason = author_domain_known(author.status) ? std::string("From domain is not a valid domain name")
                       : author.problem.empty()           ? std::string(to_string(author.status))
                                                          : author.problem;
      ctx.result.add("DMARC_BAD_FROM", env_->score("DMARC_BAD_FROM"),
                     fmt::format("{}: {}", to_string(author.status), outcome.reason));
      enforce_strictest_author_policy(ctx, author, results, deadline);
    } else {
      results.author_domain = *domain;
      if (!dmarc_.started() || dmarc_.author_domain() != *domain) {
        dmarc_.start(*env_->resolver, *domain, *env_->psl, budget_);
      }
      const DmarcPolicyLookup policy = dmarc_.finish(deadline);
      DmarcInputs inputs;
      inputs.author_domain = *domain;
      inputs.spf = results.spf;
      if (results.dkim) inputs.dkim = &results.dkim->signatures;
      outcome = evaluate_dmarc(inputs, policy, *env_->psl);
    }
    const std::string symbol = "DMARC_" + ascii_upper(to_string(outcome.result));
    ctx.result.add(symbol, env_->score(symbol),
                   outcome.author_domain.empty() ? outcome.reason
                                                 : fmt::format("{}: {}", outcome.author_domain, outcome.reason));
    apply_dmarc_policy(ctx, outcome);
    results.dmarc = std::move(outcome);
  }

  // No single author domain (two From fields, addresses in different
  // domains, a broken element beside a good address): the result stays
  // permerror, but the policy of every domain that is named still applies,
  // the strictest of those that fail (RFC 7489 6.6.1). Otherwise adding a
  // second From, or garbage after the address, would switch off a spoofed
  // domain's p=reject. Bounded: the first kMaxPolicyDomains domains.
  void enforce_strictest_author_policy(MessageContext& ctx, const AuthorResult& author, const AuthResults& results,
                                       std::chrono::steady_clock::time_point deadline) {
    static constexpr std::size_t kMaxPolicyDomains = 5;
    if (!env_->resolver) return;
    std::vector<std::string> domains;
    for (const auto& mailbox : author.mailboxes) {
      auto d = domain::normalize_domain(mailbox.domain);
      if (!d || std::find(domains.begin(), domains.end(), *d) != domains.end()) continue;
      domains.push_back(std::move(*d));
      if (domains.size() == kMaxPolicyDomains) break;
    }
    std::vector<DmarcDiscovery> discoveries(domains.size());
    for (std::size_t i = 0; i < domains.size(); ++i) {
      discoveries[i].start(*env_->resolver, domains[i], *env_->psl, budget_);
    }
    std::optional<DmarcOutcome> strictest;
    const auto rank = [](const DmarcOutcome& o) {
      if (o.result == DmarcResult::temperror) return 1;
      if (o.result != DmarcResult::fail) return 0;
      if (o.disposition == DmarcPolicy::reject) return 3;
      return o.disposition == DmarcPolicy::quarantine ? 2 : 0;
    };
    for (std::size_t i = 0; i < domains.size(); ++i) {
      const DmarcPolicyLookup policy = discoveries[i].finish(deadline);
      DmarcInputs inputs;
      inputs.author_domain = domains[i];
      inputs.spf = results.spf;
      if (results.dkim) inputs.dkim = &results.dkim->signatures;
      DmarcOutcome outcome = evaluate_dmarc(inputs, policy, *env_->psl);
      if (rank(outcome) > 0 && (!strictest || rank(outcome) > rank(*strictest))) strictest = std::move(outcome);
    }
    if (strictest) apply_dmarc_policy(ctx, *strictest);
  }

  void apply_dmarc_policy(MessageContext& ctx, const DmarcOutcome& outcome) {
    const AuthSettings& s = env_->settings;
    if (!s.dmarc_enforce) return;
    if (outcome.result == DmarcResult::temperror) {
      if (s.dmarc_temperror_action == Action::tempfail) {
        ctx.result.force(Action::tempfail, "DMARC policy could not be checked, try again later");
      }
      return;
    }
    if (outcome.result != DmarcResult::fail || outcome.disposition == DmarcPolicy::none) return;
    Action action = outcome.disposition == DmarcPolicy::reject ? s.dmarc_reject_action : s.dmarc_quarantine_action;
    if (auto it = s.dmarc_overrides.find(outcome.author_domain); it != s.dmarc_overrides.end()) {
      action = it->second;
    } else if (auto org = env_->psl->registrable_domain(outcome.author_domain)) {
      if (auto org_it = s.dmarc_overrides.find(*org); org_it != s.dmarc_overrides.end()) action = org_it->second;
    }
    if (action == Action::accept) return;
    ctx.result.force(action, fmt::format("DMARC policy of {} ({}={})", outcome.author_domain,
                                         outcome.organizational_policy ? "sp" : "p", to_string(outcome.policy)));
  }

  void emit_spf(MessageContext& ctx, const SpfOutcome& spf) {
    const std::string symbol = "SPF_" + ascii_upper(to_string(spf.result));
    std::string evidence = spf.domain.empty() ? spf.reason : fmt::format("{}: {}", spf.domain, spf.reason);
    ctx.result.add(symbol, env_->score(symbol), evidence);
  }

  void emit_dkim(MessageContext& ctx, const DkimOutcome& dkim) {
    const std::string symbol = "DKIM_" + ascii_upper(to_string(dkim.result));
    ctx.result.add(symbol, env_->score(symbol), dkim.reason);
  }

  std::shared_ptr<const AuthEnvironment> env_;
  dns::LookupBudget budget_;
  std::chrono::steady_clock::duration dns_waited_{};  // DNS waits at end of headers, this message
  std::unique_ptr<SpfPrefetch> spf_prefetch_;  // this message's SPF lookups started ahead
  std::unique_ptr<DkimVerifier> dkim_;
  DmarcDiscovery dmarc_;
  std::optional<ParsedAuthenticationResults> upstream_;
  bool trusted_ = false;
  bool from_seen_ = false;
  std::size_t ar_index_ = 0;
  std::string skip_reason_;
};

}  // namespace

std::vector<std::string> AuthCheckFactory::symbol_names() const {
  // SPF_*, DKIM_*, DMARC_* are named after their result enums; every one
  // of them has a default score, so the score table lists them all.
  std::vector<std::string> names{"DNS_LOOKUP_LIMIT"};
  for (const auto& [symbol, score] : default_auth_scores()) names.push_back(symbol);
  for (const auto& [symbol, score] : env_->settings.scores) names.push_back(symbol);
  return names;
}

std::unique_ptr<Check> AuthCheckFactory::create() const { return std::make_unique<AuthCheck>(env_); }

}  // namespace brandguard::policy::auth
