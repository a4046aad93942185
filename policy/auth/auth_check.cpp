#include "auth/auth_check.hpp"

#include <fmt/format.h>

#include "dns/lookup_budget.hpp"
#include "message/ascii.hpp"

namespace brandguard::policy::auth {

std::map<std::string, double> default_auth_scores() {
  return {
      {"SPF_PASS", 0.0},      {"SPF_FAIL", 1.0},      {"SPF_SOFTFAIL", 0.5}, {"SPF_NEUTRAL", 0.0},
      {"SPF_NONE", 0.0},      {"SPF_TEMPERROR", 0.0}, {"SPF_PERMERROR", 0.5},
  };
}

double AuthEnvironment::score(const std::string& symbol) const {
  const auto it = settings.scores.find(symbol);
  return it != settings.scores.end() ? it->second : 0.0;
}

namespace {

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
    if (!skip_reason_.empty() || !env_->settings.spf_enabled || !env_->resolver) return;
    // Start the sender's SPF record lookup now; libspf2 finds it answered
    // (in libunbound's cache) at end of message.
    const std::string_view domain = address_domain(envelope.mail_from);
    if (!domain.empty() && budget_.take()) {
      prefetch_.push_back(env_->resolver->start(domain, dns::RrType::txt));
    }
  }

  void on_end_of_message(MessageContext& ctx) override {
    AuthResults& results = ctx.message.auth();
    if (!skip_reason_.empty()) {
      results.skipped_reason = skip_reason_;
      return;
    }
    results.evaluated = true;
    const auto deadline = std::chrono::steady_clock::now() + env_->settings.dns_deadline;
    const Envelope& envelope = ctx.message.envelope();
    if (env_->settings.spf_enabled && env_->spf) {
      const SpfRequest request{ctx.connection.client_ip, ctx.connection.helo, envelope.mail_from};
      results.spf = env_->spf->check_mail_from(request, budget_, deadline);
      emit_spf(ctx, *results.spf);
      if (env_->settings.spf_helo && results.spf->identity == SpfIdentity::mailfrom && !ctx.connection.helo.empty()) {
        results.spf_helo = env_->spf->check_helo(request, budget_, deadline);
      }
    }
    if (budget_.refused() > 0) {
      ctx.result.add("DNS_LOOKUP_LIMIT", 0.0, fmt::format("more than {} DNS lookups; the rest not done", budget_.cap()));
    }
  }

  void on_message_reset() override {
    prefetch_.clear();
    budget_.reset(env_->settings.max_lookups_per_message);
    skip_reason_.clear();
  }

 private:
  void emit_spf(MessageContext& ctx, const SpfOutcome& spf) {
    const std::string symbol = "SPF_" + ascii_upper(to_string(spf.result));
    std::string evidence = spf.domain.empty() ? spf.reason : fmt::format("{}: {}", spf.domain, spf.reason);
    ctx.result.add(symbol, env_->score(symbol), evidence);
  }

  std::shared_ptr<const AuthEnvironment> env_;
  dns::LookupBudget budget_;
  std::vector<std::shared_ptr<dns::Lookup>> prefetch_;
  bool trusted_ = false;
  std::string skip_reason_;
};

}  // namespace

std::unique_ptr<Check> AuthCheckFactory::create() const { return std::make_unique<AuthCheck>(env_); }

}  // namespace brandguard::policy::auth
