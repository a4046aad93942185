// The authentication check through the whole pipeline (config -> Snapshot
// -> scan_message), with hermetic DNS from zone records: SPF, DMARC policy
// and actions, From edge cases, Authentication-Results insertion and forged
// copies, trusted upstream results, DNS outage.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "auth/auth_check.hpp"
#include "auth/authentication_results.hpp"
#include "config.hpp"
#include "pipeline/offline_scan.hpp"

using namespace brandguard;
using namespace brandguard::policy;

namespace {

const std::vector<std::string> kZone = {
    "brand.com. 300 IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"",
    "_dmarc.brand.com. 300 IN TXT \"v=DMARC1; p=reject; sp=quarantine\"",
    "news.brand.com. 300 IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"",
    "soft.example. 300 IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"",
    "_dmarc.soft.example. 300 IN TXT \"v=DMARC1; p=reject; pct=0\"",
    "outage.example. 300 IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"",
    "_dmarc.outage.example. 300 IN TXT \"v=DMARC1; p=reject\"",
    "twice.example. 300 IN TXT \"v=DMARC1; p=reject\"",
    "_dmarc.twice.example. 300 IN TXT \"v=DMARC1; p=reject\"",
    "_dmarc.twice.example. 300 IN TXT \"v=DMARC1; p=none\"",
    "mx.relay.example. 300 IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"",
    "_dmarc.relay.example. 300 IN TXT \"v=DMARC1; p=reject\"",
};

struct Fixture {
  std::shared_ptr<const Snapshot> snapshot;
  std::shared_ptr<dns::Resolver> resolver;

  explicit Fixture(const std::string& authentication_yaml, std::vector<std::string> extra_zone = {}) {
    config::LoadOptions options;
    dns::ResolverSettings dns;
    dns.mode = dns::Mode::zonefile;
    dns.records = kZone;
    // A distinct zone per fixture gives each its own resolver, so injected
    // failures stay in the test that made them.
    dns.records.insert(dns.records.end(), extra_zone.begin(), extra_zone.end());
    dns.timeout = std::chrono::milliseconds(500);
    options.dns = dns;
    const std::string yaml = "authentication:\n  authserv_id: mx.test\n  trusted_networks: [\"10.0.0.0/8\"]\n" +
                             authentication_yaml;
    auto loaded = config::load_from_string(yaml, "test.yaml", options);
    if (!loaded) {
      for (const auto& e : loaded.error()) FAIL(e.to_string());
    }
    snapshot = loaded->snapshot;
    for (const auto& check : snapshot->checks) {
      if (auto* auth = dynamic_cast<const auth::AuthCheckFactory*>(check.get())) resolver = auth->environment().resolver;
    }
    REQUIRE(resolver);
  }

  ScanResult scan(const std::string& headers, const std::string& mail_from = "bounce@brand.com",
                  const std::string& ip = "192.0.2.7") const {
    ScanEnvelope env;
    env.client_ip = ip;
    env.helo = "mx.relay.example";
    env.mail_from = mail_from;
    env.rcpt = {"user@example.org"};
    return scan_message(snapshot, env, headers + "\r\nbody\r\n");
  }
};

std::string ar_of(const ScanResult& r) { return r.verdict.edits.authentication_results.value_or(""); }

bool has_symbol(const ScanResult& r, const std::string& name) {
  return std::any_of(r.verdict.symbols.begin(), r.verdict.symbols.end(),
                     [&](const Symbol& s) { return s.name == name; });
}

std::string dmarc_word(const ScanResult& r) {
  const auto parsed = auth::parse_authentication_results(ar_of(r));
  REQUIRE(parsed);
  for (const auto& info : parsed->results) {
    if (info.method == "dmarc") return info.result;
  }
  return "";
}

}  // namespace

TEST_CASE("auth check: aligned SPF pass is dmarc=pass and the A-R names every method", "[auth][dmarc]") {
  Fixture f("");
  const auto r = f.scan("From: Shop <orders@brand.com>\r\nSubject: hi\r\n");
  CHECK(r.verdict.action == Action::accept);
  REQUIRE(r.auth.dmarc);
  CHECK(r.auth.dmarc->result == auth::DmarcResult::pass);
  CHECK(r.auth.dmarc->spf_aligned);
  const auto parsed = auth::parse_authentication_results(ar_of(r));
  REQUIRE(parsed);
  CHECK(parsed->authserv_id == "mx.test");
  std::vector<std::string> methods;
  for (const auto& info : parsed->results) methods.push_back(info.method + "=" + info.result);
  CHECK(methods == std::vector<std::string>{"spf=pass", "spf=pass", "dkim=none", "dmarc=pass"});
  CHECK(parsed->results.back().property("header.from") == "brand.com");
  CHECK(ar_of(r).find("orders") == std::string::npos);  // no local parts
}

TEST_CASE("auth check: p=reject failure is rejected; monitor mode and overrides change only the action",
          "[auth][dmarc]") {
  const std::string phish = "From: Shop <orders@brand.com>\r\nSubject: hi\r\n";
  {
    Fixture f("");
    const auto r = f.scan(phish, "x@attacker.example", "198.51.100.9");
    CHECK(dmarc_word(r) == "fail");
    CHECK(r.verdict.action == Action::reject);
    CHECK(r.verdict.forced);
    CHECK(r.verdict.reason.find("DMARC policy of brand.com") != std::string::npos);
    CHECK(has_symbol(r, "DMARC_FAIL"));
  }
  {
    Fixture f("  dmarc:\n    mode: monitor\n");
    const auto r = f.scan(phish, "x@attacker.example", "198.51.100.9");
    CHECK(dmarc_word(r) == "fail");
    CHECK_FALSE(r.verdict.forced);
    CHECK(r.verdict.action == Action::accept);
  }
  {
    Fixture f("  dmarc:\n    reject_action: quarantine\n");
    CHECK(f.scan(phish, "x@attacker.example", "198.51.100.9").verdict.action == Action::quarantine);
  }
  {
    Fixture f("  dmarc:\n    overrides:\n      brand.com: tag\n");
    const auto r = f.scan(phish, "x@attacker.example", "198.51.100.9");
    CHECK(r.verdict.action == Action::tag);
  }
}

TEST_CASE("auth check: a subdomain without its own record gets the organizational sp=", "[auth][dmarc]") {
  Fixture f("");
  const auto r = f.scan("From: news@mail.brand.com\r\n", "x@attacker.example", "198.51.100.9");
  REQUIRE(r.auth.dmarc);
  CHECK(r.auth.dmarc->result == auth::DmarcResult::fail);
  CHECK(r.auth.dmarc->organizational_policy);
  CHECK(r.auth.dmarc->record_domain == "brand.com");
  CHECK(r.auth.dmarc->policy == auth::DmarcPolicy::quarantine);
  CHECK(r.verdict.action == Action::quarantine);
}

TEST_CASE("auth check: relaxed SPF alignment accepts a subdomain MAIL FROM", "[auth][dmarc]") {
  Fixture f("");
  const auto r = f.scan("From: Shop <orders@brand.com>\r\n", "bounce@news.brand.com");
  REQUIRE(r.auth.dmarc);
  CHECK(r.auth.dmarc->result == auth::DmarcResult::pass);
}

TEST_CASE("auth check: pct=0 takes the message out of p=reject (quarantine instead)", "[auth][dmarc]") {
  Fixture f("");
  const auto r = f.scan("From: a@soft.example\r\n", "x@attacker.example", "198.51.100.9");
  REQUIRE(r.auth.dmarc);
  CHECK(r.auth.dmarc->result == auth::DmarcResult::fail);
  CHECK(r.auth.dmarc->sampled_out);
  CHECK(r.auth.dmarc->disposition == auth::DmarcPolicy::quarantine);
  CHECK(r.verdict.action == Action::quarantine);
}

TEST_CASE("auth check: two DMARC records are permerror, never a policy", "[auth][dmarc]") {
  Fixture f("");
  const auto r = f.scan("From: a@twice.example\r\n", "x@attacker.example", "198.51.100.9");
  CHECK(dmarc_word(r) == "permerror");
  CHECK_FALSE(r.verdict.forced);
}

TEST_CASE("auth check: a DNS outage gives temperror and the configured action, never reject", "[auth][dmarc]") {
  {
    Fixture f("", {"accept.outage.example. 300 IN A 192.0.2.1"});
    f.resolver->inject("_dmarc.outage.example", dns::RrType::txt, dns::Status::servfail);
    f.resolver->inject("outage.example", dns::RrType::txt, dns::Status::timeout);
    const auto r = f.scan("From: a@outage.example\r\n", "x@outage.example", "198.51.100.9");
    CHECK(dmarc_word(r) == "temperror");
    REQUIRE(r.auth.spf);
    CHECK(r.auth.spf->result == auth::SpfResult::temperror);
    CHECK(r.verdict.action == Action::accept);
    CHECK(has_symbol(r, "DMARC_TEMPERROR"));
  }
  {
    Fixture f("  dmarc:\n    temperror_action: tempfail\n", {"tempfail.outage.example. 300 IN A 192.0.2.1"});
    f.resolver->inject("_dmarc.outage.example", dns::RrType::txt, dns::Status::servfail);
    const auto r = f.scan("From: a@outage.example\r\n", "x@attacker.example", "198.51.100.9");
    CHECK(dmarc_word(r) == "temperror");
    CHECK(r.verdict.action == Action::tempfail);
  }
  {
    // The record is there but SPF for the aligned MAIL FROM timed out:
    // temperror too, not a p=reject failure.
    Fixture f("", {"spf.outage.example. 300 IN A 192.0.2.1"});
    f.resolver->inject("outage.example", dns::RrType::txt, dns::Status::timeout);
    const auto r = f.scan("From: a@outage.example\r\n", "x@outage.example", "198.51.100.9");
    CHECK(dmarc_word(r) == "temperror");
    CHECK(r.verdict.action == Action::accept);
  }
}

TEST_CASE("auth check: broken From fields never give dmarc=pass", "[auth][dmarc]") {
  Fixture f("");
  const std::vector<std::string> cases = {
      "From: a@brand.com\r\nFrom: b@attacker.example\r\n",  // two From fields
      "From: a@brand.com, b@attacker.example\r\n",         // two domains
      "From: a@brand.com, user2\r\n",                      // CVE-2021-34555 shape
      "Subject: no from at all\r\n",                       // missing
      "From: undisclosed-recipients:;\r\n",                // group without address
      "From:\r\n",                                         // empty
      "From: <a@brand.com\r\n",                            // unbalanced
  };
  for (const auto& headers : cases) {
    INFO(headers);
    const auto r = f.scan(headers);  // SPF passes for brand.com: alignment would pass
    REQUIRE(r.auth.dmarc);
    CHECK(r.auth.dmarc->result == auth::DmarcResult::permerror);
    CHECK(dmarc_word(r) == "permerror");
    CHECK(has_symbol(r, "DMARC_BAD_FROM"));
  }
  // Several mailboxes of one domain are one author domain.
  const auto same = f.scan("From: a@brand.com, b@BRAND.com\r\n");
  REQUIRE(same.auth.dmarc);
  CHECK(same.auth.dmarc->result == auth::DmarcResult::pass);
}

TEST_CASE("auth check: a second From domain does not switch off a spoofed domain's p=reject", "[auth][dmarc]") {
  Fixture f("");
  const std::vector<std::string> cases = {
      "From: ceo@brand.com\r\nFrom: x@attacker.example\r\n",  // two From fields
      "From: ceo@brand.com, x@attacker.example\r\n",           // two domains in one field
      "From: ceo@brand.com, user2\r\n",                        // a broken element beside the spoof
      "From: x@attacker.example, ceo@BRAND.com\r\n",           // the spoof second, in capitals
  };
  for (const auto& headers : cases) {
    INFO(headers);
    // Sent from outside brand.com's SPF: brand.com's DMARC check fails.
    const auto r = f.scan(headers, "x@attacker.example", "203.0.113.1");
    REQUIRE(r.auth.dmarc);
    CHECK(r.auth.dmarc->result == auth::DmarcResult::permerror);
    CHECK(r.verdict.action == Action::reject);
    CHECK(r.verdict.reason == "DMARC policy of brand.com (p=reject)");
  }
  // Every named domain that passes (or publishes nothing) leaves no policy to apply.
  const auto ok = f.scan("From: a@brand.com, b@attacker.example\r\n");
  CHECK(ok.verdict.action != Action::reject);
}

TEST_CASE("auth check: every Authentication-Results with our authserv-id is removed", "[auth][auth-results]") {
  Fixture f("");
  const std::string huge(200 * 1024, 'x');
  const auto r = f.scan("Authentication-Results: mx.test; dmarc=pass header.from=brand.com\r\n"
                        "Authentication-Results: other.example; spf=pass smtp.mailfrom=brand.com\r\n"
                        "authentication-results: MX.TEST;\r\n\tdkim=pass header.d=brand.com\r\n"
                        "Authentication-Results: (comment (nested)) \"mx.test\"; none\r\n"
                        "Authentication-Results: mx.test; spf=pass " + huge + "\r\n"
                        "Authentication-Results: mx.test.evil.example; dkim=pass\r\n"
                        "From: orders@brand.com\r\n");
  auto deleted = r.verdict.edits.delete_authentication_results;
  std::sort(deleted.begin(), deleted.end());
  CHECK(deleted == std::vector<std::size_t>{1, 3, 4, 5});
  CHECK(ar_of(r).rfind("mx.test;", 0) == 0);
}

TEST_CASE("auth check: trusted clients are not checked; a trusted upstream's results are used", "[auth][auth-results]") {
  Fixture f("  trusted_authserv_ids: [border.example]\n");
  const auto r = f.scan("Authentication-Results: mx.test; dmarc=pass header.from=brand.com\r\n"
                        "Authentication-Results: border.example; spf=pass smtp.mailfrom=bounce@brand.com;\r\n"
                        "\tdkim=pass header.d=brand.com header.s=s1; dmarc=pass header.from=brand.com\r\n"
                        "Authentication-Results: untrusted.example; dmarc=fail header.from=brand.com\r\n"
                        "From: orders@brand.com\r\n",
                        "bounce@brand.com", "10.1.2.3");
  CHECK_FALSE(r.auth.evaluated);
  CHECK(r.auth.skipped_reason == "trusted network");
  CHECK(r.auth.upstream_authserv_id == "border.example");
  REQUIRE(r.auth.dmarc);
  CHECK(r.auth.dmarc->result == auth::DmarcResult::pass);
  CHECK(r.auth.author_domain == "brand.com");
  REQUIRE(r.auth.dkim);
  CHECK(r.auth.dkim->result == auth::DkimResult::pass);
  REQUIRE(r.auth.spf);
  CHECK(r.auth.spf->domain == "brand.com");
  CHECK_FALSE(r.verdict.edits.authentication_results);
  CHECK(r.verdict.edits.delete_authentication_results == std::vector<std::size_t>{1});
}

TEST_CASE("auth check: the null sender is checked with the HELO identity, which may align", "[auth][dmarc]") {
  Fixture f("");
  const auto r = f.scan("From: postmaster@relay.example\r\n", "");
  REQUIRE(r.auth.spf);
  CHECK(r.auth.spf->identity == auth::SpfIdentity::helo);
  CHECK(r.auth.spf->result == auth::SpfResult::pass);
  REQUIRE(r.auth.dmarc);
  CHECK(r.auth.dmarc->result == auth::DmarcResult::pass);
  CHECK(ar_of(r).find("smtp.helo=mx.relay.example") != std::string::npos);
}

TEST_CASE("auth check: bad DMARC settings are refused with the key's path", "[auth][config]") {
  const auto errors = [](const std::string& yaml) {
    auto r = config::load_from_string("authentication:\n" + yaml, "t.yaml");
    std::string out;
    if (!r) {
      for (const auto& e : r.error()) out += e.to_string() + "\n";
    }
    return out;
  };
  CHECK(errors("  dmarc:\n    mode: maybe\n").find("authentication.dmarc.mode") != std::string::npos);
  CHECK(errors("  dmarc:\n    temperror_action: reject\n").find("expected one of: accept, tempfail") !=
        std::string::npos);
  CHECK(errors("  dmarc:\n    overrides:\n      \"bad domain\": tag\n").find("expected a domain name") !=
        std::string::npos);
  CHECK(errors("  dkim:\n    min_key_bits: 100\n").find("authentication.dkim.min_key_bits") != std::string::npos);
  CHECK(errors("  dkim:\n    colour: blue\n").find("colour") != std::string::npos);
  CHECK(errors("  dmarc:\n    mode: monitor\n    overrides:\n      Brand.COM: accept\n").empty());
}

namespace {

// A UDP socket on loopback that takes queries and never answers: the
// resolver behind it is black-holed, as when a firewall drops DNS.
class BlackHoleDns {
 public:
  BlackHoleDns() {
    fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port_ = ntohs(addr.sin_port);
  }
  ~BlackHoleDns() { ::close(fd_); }
  BlackHoleDns(const BlackHoleDns&) = delete;
  BlackHoleDns& operator=(const BlackHoleDns&) = delete;
  std::string forwarder() const { return "127.0.0.1@" + std::to_string(port_); }

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace

TEST_CASE("auth check: a black-holed resolver costs the message dns_deadline in all, not per stage",
          "[auth][dns]") {
  BlackHoleDns dns_server;
  config::LoadOptions options;
  dns::ResolverSettings dns;
  dns.mode = dns::Mode::forward;
  dns.forwarders = {dns_server.forwarder()};
  dns.timeout = std::chrono::milliseconds(2000);
  options.dns = dns;
  auto loaded = config::load_from_string(
      "authentication:\n  authserv_id: mx.test\n  dns_deadline_ms: 2000\n", "test.yaml", options);
  REQUIRE(loaded);
  ScanEnvelope env;
  env.client_ip = "198.51.100.9";
  env.helo = "mx.blackhole.example";
  env.mail_from = "x@blackhole.example";
  env.rcpt = {"user@example.org"};
  // A signature makes libopendkim ask for its key at end of headers; SPF
  // and DMARC then wait at end of message. Each stage alone would use
  // the whole 2 s.
  const std::string message =
      "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=blackhole.example; s=sel;\r\n"
      " h=from; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=dGVzdA==\r\n"
      "From: a@blackhole.example\r\n\r\nbody\r\n";
  const auto started = std::chrono::steady_clock::now();
  const auto r = scan_message(loaded->snapshot, env, message);
  const auto took = std::chrono::steady_clock::now() - started;
  REQUIRE(r.auth.dkim);
  CHECK(r.auth.dkim->result == auth::DkimResult::temperror);
  REQUIRE(r.auth.spf);
  CHECK(r.auth.spf->result == auth::SpfResult::temperror);
  CHECK(dmarc_word(r) == "temperror");
  CHECK(r.verdict.action != Action::reject);
  // About 2 s; two stages each allowed the full deadline would be 4 s.
  CHECK(took >= std::chrono::milliseconds(1900));
  CHECK(took < std::chrono::milliseconds(3200));
}
