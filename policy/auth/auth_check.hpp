// AuthCheck: the "sending infrastructure" signals as one pipeline check:
// SPF, DKIM, DMARC and the Authentication-Results header.
//
// Stages, each starting its DNS as soon as its input exists so the waits
// overlap the DATA transfer:
//  - connect: a client in trusted_networks is not checked (as
//    OpenDKIM/OpenDMARC admins expect);
//  - MAIL FROM: SMTP-AUTH clients are skipped when configured; the
//    sender's SPF record lookup starts;
//  - each header: DKIM-Signature starts its key lookup (DkimVerifier),
//    the first From starts the _dmarc lookups, every incoming
//    Authentication-Results with our authserv-id is marked for removal
//    (also for skipped clients: a forged one never survives), and one from
//    a trusted upstream authserv-id is kept for skipped clients;
//  - end of headers: libopendkim fetches keys (already on their way);
//  - body: DKIM hashing;
//  - end of message: SPF, DKIM, DMARC results; AuthResults stored on the
//    message for later checks; symbols; the DMARC policy as a forced action
//    (unless monitoring); our Authentication-Results at the top.
//
// Shared state (AuthEnvironment: resolver, SPF verifier, settings) is
// immutable and owned by the Snapshot; one AuthCheck per connection.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "auth/dkim_library.hpp"
#include "auth/dkim_verifier.hpp"
#include "auth/spf.hpp"
#include "dns/resolver.hpp"
#include "domain/domain_name.hpp"
#include "net/ip_network.hpp"
#include "pipeline/check.hpp"
#include "verdict/action.hpp"

namespace brandguard::policy::auth {

struct AuthSettings {
  std::string authserv_id = "localhost";
  std::vector<net::IpNetwork> trusted_networks;
  bool skip_authenticated = true;
  bool spf_enabled = true;
  bool spf_helo = true;  // also check the HELO identity (RFC 7208 2.3)
  // Upstream Authentication-Results consumed for skipped (trusted) clients.
  std::vector<std::string> trusted_authserv_ids;

  bool dkim_enabled = true;
  DkimLibrarySettings dkim_library;
  DkimSettings dkim;

  bool dmarc_enabled = true;
  bool dmarc_enforce = true;  // false: monitor mode, results and symbols only
  Action dmarc_reject_action = Action::reject;          // failing mail under p=reject
  Action dmarc_quarantine_action = Action::quarantine;  // failing mail under p=quarantine
  Action dmarc_temperror_action = Action::accept;       // accept or tempfail
  // Per author domain (or its organizational domain): the action for a
  // DMARC failure there instead of the published policy; accept = monitor.
  std::map<std::string, Action> dmarc_overrides;
  std::chrono::milliseconds dns_deadline{8000};  // per message: the DNS waits at end of headers and end of message together
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
  std::unique_ptr<DkimLibrary> dkim;
  const domain::PublicSuffixList* psl = &domain::PublicSuffixList::system();
  double score(const std::string& symbol) const;
};

class AuthCheckFactory final : public CheckFactory {
 public:
  explicit AuthCheckFactory(std::shared_ptr<const AuthEnvironment> env) : env_(std::move(env)) {}
  std::string_view name() const noexcept override { return "authentication"; }
  std::unique_ptr<Check> create() const override;
  std::vector<std::string> symbol_names() const override;
  const AuthEnvironment& environment() const noexcept { return *env_; }

 private:
  std::shared_ptr<const AuthEnvironment> env_;
};

}  // namespace brandguard::policy::auth
