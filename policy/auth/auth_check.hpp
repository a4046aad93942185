// AuthCheck: the "sending infrastructure" signals as one pipeline check:
// SPF now; DKIM and DMARC plug into the same stages.
//
// Stages: connect decides whether the client is trusted (trusted_networks)
// and skips the checks for it, as OpenDKIM/OpenDMARC admins expect; MAIL
// FROM skips SMTP-AUTH clients when configured and starts the sender's SPF
// record lookup so it overlaps the transfer; end of message evaluates,
// stores AuthResults on the message for later checks, emits symbols and
// writes the Authentication-Results header edit.
//
// Shared state (AuthEnvironment: resolver, SPF verifier, settings) is
// immutable and owned by the Snapshot; one AuthCheck per connection.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "auth/spf.hpp"
#include "dns/resolver.hpp"
#include "net/ip_network.hpp"
#include "pipeline/check.hpp"

namespace brandguard::policy::auth {

struct AuthSettings {
  std::string authserv_id = "localhost";
  std::vector<net::IpNetwork> trusted_networks;
  bool skip_authenticated = true;
  bool spf_enabled = true;
  bool spf_helo = true;  // also check the HELO identity (RFC 7208 2.3)
  std::chrono::milliseconds dns_deadline{8000};  // per message, from end of message
  std::size_t max_lookups_per_message = 50;
  // Symbol scores; see default_auth_scores().
  std::map<std::string, double> scores;
};

// The built-in scores of the authentication symbols.
std::map<std::string, double> default_auth_scores();

struct AuthEnvironment {
  AuthSettings settings;
  std::shared_ptr<dns::Resolver> resolver;
  std::unique_ptr<SpfVerifier> spf;
  double score(const std::string& symbol) const;
};

class AuthCheckFactory final : public CheckFactory {
 public:
  explicit AuthCheckFactory(std::shared_ptr<const AuthEnvironment> env) : env_(std::move(env)) {}
  std::string_view name() const noexcept override { return "authentication"; }
  std::unique_ptr<Check> create() const override;
  const AuthEnvironment& environment() const noexcept { return *env_; }

 private:
  std::shared_ptr<const AuthEnvironment> env_;
};

}  // namespace brandguard::policy::auth
