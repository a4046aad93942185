#include <catch2/catch.hpp>

#include <chrono>

#include "auth/spf.hpp"
#include "auth/spf_prefetch.hpp"

using namespace brandguard::policy;
using namespace std::chrono_literals;

namespace {

std::unique_ptr<dns::Resolver> zone(std::vector<std::string> records) {
  dns::ResolverSettings s;
  s.mode = dns::Mode::zonefile;
  s.records = std::move(records);
  s.timeout = 300ms;
  return std::move(*dns::Resolver::create(s));
}

const std::vector<std::string> kTree = {
    "sender.test. IN TXT \"v=spf1 include:i1.test a:host.test mx -exists:%{i}.rbl.test redirect=r.test\"",
    "i1.test. IN TXT \"v=spf1 a/24 -all\"",
    "i1.test. IN A 198.51.100.7",
    "host.test. IN A 198.51.100.8",
    "sender.test. IN MX 10 mx1.sender.test.",
    "mx1.sender.test. IN A 198.51.100.9",
    "r.test. IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"",
};

}  // namespace

TEST_CASE("spf prefetch: the record tree is started level by level", "[spf]") {
  auto resolver = zone(kTree);
  dns::LookupBudget budget(50);
  auth::SpfPrefetch prefetch(*resolver, budget, false);
  prefetch.start("Sender.TEST.");
  prefetch.settle(std::chrono::steady_clock::now() + 2s);
  CHECK(prefetch.find("sender.test", dns::RrType::txt) != nullptr);
  CHECK(prefetch.find("I1.test.", dns::RrType::txt) != nullptr);   // include:
  CHECK(prefetch.find("i1.test", dns::RrType::a) != nullptr);      // its "a/24"
  CHECK(prefetch.find("host.test", dns::RrType::a) != nullptr);    // a:host
  CHECK(prefetch.find("sender.test", dns::RrType::mx) != nullptr); // mx
  CHECK(prefetch.find("mx1.sender.test", dns::RrType::a) != nullptr);  // the exchange
  CHECK(prefetch.find("r.test", dns::RrType::txt) != nullptr);     // redirect=
  CHECK(prefetch.find("host.test", dns::RrType::aaaa) == nullptr); // IPv4 client
  CHECK(prefetch.started() == 7);  // the macro name is left to libspf2
  CHECK(budget.used() == 7);
}

TEST_CASE("spf prefetch: libspf2 takes the answers instead of asking again, same result", "[spf]") {
  auto resolver = zone(kTree);
  auto spf = std::move(*auth::SpfVerifier::create(*resolver, "mx.receiver.test"));
  const auth::SpfRequest request{"198.51.100.9", "helo.sender.test", "a@sender.test"};
  dns::LookupBudget plain_budget(50);
  const auto plain = spf->check_mail_from(request, plain_budget, std::chrono::steady_clock::now() + 2s);

  dns::LookupBudget budget(50);
  auth::SpfPrefetch prefetch(*resolver, budget, false);
  prefetch.start("sender.test");
  prefetch.settle(std::chrono::steady_clock::now() + 2s);
  const auto started = resolver->lookups_started();
  const auto used = budget.used();
  const auto ahead = spf->check_mail_from(request, budget, std::chrono::steady_clock::now() + 2s, &prefetch);
  CHECK(ahead.result == plain.result);
  CHECK(ahead.result == auth::SpfResult::pass);  // via mx
  CHECK(resolver->lookups_started() == started);  // nothing asked twice
  CHECK(budget.used() == used);                   // nor counted twice
}

TEST_CASE("spf prefetch: bounded by the message's lookup budget", "[spf]") {
  auto resolver = zone(kTree);
  dns::LookupBudget budget(2);
  auth::SpfPrefetch prefetch(*resolver, budget, false);
  prefetch.start("sender.test");
  prefetch.settle(std::chrono::steady_clock::now() + 2s);
  CHECK(prefetch.started() == 2);
  CHECK(budget.used() == 2);
}

TEST_CASE("spf prefetch: a record that names itself ends", "[spf]") {
  auto resolver = zone({"loop.test. IN TXT \"v=spf1 include:loop.test redirect=loop.test a mx -all\""});
  dns::LookupBudget budget(50);
  auth::SpfPrefetch prefetch(*resolver, budget, true);
  prefetch.start("loop.test");
  prefetch.settle(std::chrono::steady_clock::now() + 2s);
  CHECK(prefetch.started() == 3);  // TXT, AAAA (IPv6 client), MX of loop.test: each once
  CHECK(prefetch.find("loop.test", dns::RrType::aaaa) != nullptr);
}
