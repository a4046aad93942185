#include <catch2/catch.hpp>

#include <chrono>

#include "auth/spf.hpp"

using namespace brandguard::policy;
using namespace std::chrono_literals;

namespace {
struct Fixture {
  std::unique_ptr<dns::Resolver> resolver;
  std::unique_ptr<auth::SpfVerifier> spf;
  explicit Fixture(std::vector<std::string> records) {
    dns::ResolverSettings s;
    s.mode = dns::Mode::zonefile;
    s.records = std::move(records);
    s.timeout = 300ms;
    resolver = std::move(*dns::Resolver::create(s));
    spf = std::move(*auth::SpfVerifier::create(*resolver, "mx.receiver.test"));
  }
  auth::SpfOutcome mail_from(std::string_view ip, std::string_view from, std::size_t budget_cap = 50) {
    dns::LookupBudget budget(budget_cap);
    return spf->check_mail_from({ip, "helo.sender.test", from}, budget, std::chrono::steady_clock::now() + 2s);
  }
};
}  // namespace

TEST_CASE("spf: pass, fail and softfail from the sender's record", "[spf]") {
  Fixture f({"sender.test. IN TXT \"v=spf1 ip4:192.0.2.0/24 ~all\"", "hard.test. IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\""});
  auto pass = f.mail_from("192.0.2.5", "a@sender.test");
  CHECK(pass.result == auth::SpfResult::pass);
  CHECK(pass.domain == "sender.test");
  CHECK(pass.identity == auth::SpfIdentity::mailfrom);
  CHECK(f.mail_from("198.51.100.1", "a@Sender.TEST").result == auth::SpfResult::softfail);
  CHECK(f.mail_from("198.51.100.1", "a@hard.test").result == auth::SpfResult::fail);
  CHECK(f.mail_from("198.51.100.1", "a@norecord.test").result == auth::SpfResult::none);
}

TEST_CASE("spf: a DNS failure is temperror, never pass or fail", "[spf]") {
  Fixture f({"sender.test. IN TXT \"v=spf1 include:inc.test -all\"", "inc.test. IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\""});
  f.resolver->inject("inc.test", dns::RrType::txt, dns::Status::servfail);
  auto out = f.mail_from("192.0.2.5", "a@sender.test");
  CHECK(out.result == auth::SpfResult::temperror);
  f.resolver->inject("sender.test", dns::RrType::txt, dns::Status::timeout);
  CHECK(f.mail_from("192.0.2.5", "a@sender.test").result == auth::SpfResult::temperror);
}

TEST_CASE("spf: a third void lookup is a permerror (RFC 7208 4.6.4)", "[spf]") {
  Fixture f({"two.test. IN TXT \"v=spf1 a:n1.test a:n2.test ip4:192.0.2.0/24 -all\"",
             "three.test. IN TXT \"v=spf1 a:n1.test a:n2.test a:n3.test ip4:192.0.2.0/24 -all\""});
  CHECK(f.mail_from("192.0.2.5", "a@two.test").result == auth::SpfResult::pass);
  auto out = f.mail_from("192.0.2.5", "a@three.test");
  CHECK(out.result == auth::SpfResult::permerror);
  CHECK(out.reason == "more than two void DNS lookups");
}

TEST_CASE("spf: the per-message lookup budget bounds DNS work", "[spf]") {
  Fixture f({"sender.test. IN TXT \"v=spf1 include:i1.test include:i2.test -all\"",
             "i1.test. IN TXT \"v=spf1 ip4:198.51.100.1 -all\"", "i2.test. IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\""});
  CHECK(f.mail_from("192.0.2.5", "a@sender.test", 3).result == auth::SpfResult::pass);
  auto out = f.mail_from("192.0.2.5", "a@sender.test", 2);
  CHECK(out.result == auth::SpfResult::temperror);
  CHECK(out.reason == "per-message DNS lookup budget spent");
}

TEST_CASE("spf: null sender checks the HELO identity", "[spf]") {
  Fixture f({"helo.sender.test. IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\""});
  auto out = f.mail_from("192.0.2.5", "");
  CHECK(out.identity == auth::SpfIdentity::helo);
  CHECK(out.domain == "helo.sender.test");
  CHECK(out.result == auth::SpfResult::pass);
  dns::LookupBudget budget(10);
  CHECK(f.spf->check_helo({"198.51.100.9", "helo.sender.test", "x@y.test"}, budget, std::chrono::steady_clock::now() + 1s).result ==
        auth::SpfResult::fail);
}

TEST_CASE("spf: unknown or odd inputs give none with a reason, never a crash", "[spf]") {
  Fixture f({});
  CHECK(f.mail_from("", "a@sender.test").reason == "client address unknown");
  CHECK(f.mail_from("not-an-ip", "a@sender.test").result == auth::SpfResult::none);
  CHECK(f.mail_from("192.0.2.5", "no-at-sign").result == auth::SpfResult::none);
  dns::LookupBudget budget(10);
  CHECK(f.spf->check_helo({"192.0.2.5", "[192.0.2.5]", ""}, budget, std::chrono::steady_clock::now() + 1s).result ==
        auth::SpfResult::none);
  CHECK(f.mail_from("2001:db8::1", "a@" + std::string(300, 'x') + ".test").result != auth::SpfResult::pass);
}

TEST_CASE("spf: an IPv4-mapped IPv6 client is checked as IPv4", "[spf]") {
  Fixture f({"sender.test. IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\""});
  CHECK(f.mail_from("::ffff:192.0.2.5", "a@sender.test").result == auth::SpfResult::pass);
}

TEST_CASE("spf: macro records of the libspf2 CVEs give RFC results, never a crash or a pass (B1)", "[spf]") {
  // CVE-2021-20314 (exp= explanation expansion), CVE-2021-33912/33913
  // (URL-encoded and reversed/split macros, huge digit transformers),
  // CVE-2023-42118 (separator handling in transformers), and expansions
  // over 253 characters. Run under ASan+UBSan in build-asan.
  const std::string big_local(60, 'l');
  Fixture f({
      "exp.cve.test. IN TXT \"v=spf1 ip4:192.0.2.0/24 -all exp=explain.cve.test\"",
      "explain.cve.test. IN TXT \"%{S}%{R}%{d2147483648}%{L}%{O}%{D}%{I}%{P}%{H}%{C}%{R}%{T}%{V}%%%_%-"
      "%{ir}.%{v}._spf.%{d2r}.%{l-}.%{s0}\"",
      "rev.cve.test. IN TXT \"v=spf1 a:%{ir}.%{v}._spf.%{d2r} include:%{d1r+-.=_}.x.cve.test -all\"",
      "url.cve.test. IN TXT \"v=spf1 exists:%{L}%{S}%{O}.%{D}.x.cve.test -all\"",
      "digits.cve.test. IN TXT \"v=spf1 exists:%{d4294967296r}.%{l99999999999999}.x.cve.test -all\"",
      "huge.cve.test. IN TXT \"v=spf1 exists:%{d2147483648}.x.cve.test -all\"",
      "sep.cve.test. IN TXT \"v=spf1 exists:%{l1r-}.%{l-}.%{o-.+,/_=}.x.cve.test -all\"",
      "long.cve.test. IN TXT \"v=spf1 exists:%{s}.%{s}.%{s}.%{s}.%{s}.%{l}.%{l}.%{l}.x.cve.test -all\"",
  });
  const auto start = std::chrono::steady_clock::now();
  // The explanation is only built for a fail; the verdict stays fail.
  CHECK(f.mail_from("198.51.100.1", "a@exp.cve.test").result == auth::SpfResult::fail);
  CHECK(f.mail_from("192.0.2.5", "a@exp.cve.test").result == auth::SpfResult::pass);
  for (const char* domain : {"rev.cve.test", "url.cve.test", "digits.cve.test", "huge.cve.test", "sep.cve.test",
                             "long.cve.test"}) {
    for (const std::string& local : {std::string("a"), std::string("-a-b-"), big_local, std::string("%{S}")}) {
      const auto out = f.mail_from("198.51.100.1", local + "@" + domain);
      INFO(domain << " local " << local << ": " << auth::to_string(out.result) << " " << out.reason);
      CHECK(out.result != auth::SpfResult::pass);
      CHECK(out.result != auth::SpfResult::none);
    }
  }
  CHECK(std::chrono::steady_clock::now() - start < 10s);
}
