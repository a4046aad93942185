#include <catch2/catch.hpp>

#include <chrono>
#include <thread>
#include <vector>

#include "dns/lookup_budget.hpp"
#include "dns/resolver.hpp"

using namespace brandguard::policy::dns;
using namespace std::chrono_literals;

namespace {
std::unique_ptr<Resolver> hermetic(std::vector<std::string> records) {
  ResolverSettings s;
  s.mode = Mode::zonefile;
  s.records = std::move(records);
  s.timeout = 2000ms;
  auto r = Resolver::create(s);
  if (!r) FAIL(r.error());
  return std::move(*r);
}
}  // namespace

TEST_CASE("resolver: zonefile answers records, NODATA and NXDOMAIN", "[dns]") {
  auto r = hermetic({"brand.test. 300 IN TXT \"v=spf1 \" \"-all\"", "brand.test. 300 IN A 192.0.2.7",
                     "brand.test. 300 IN MX 10 mx.brand.test.", "7.2.0.192.in-addr.arpa. 300 IN PTR brand.test."});
  const Answer txt = r->resolve("brand.test", RrType::txt);
  REQUIRE(txt.status == Status::ok);
  REQUIRE(txt.rdata.size() == 1);
  CHECK(decode_txt(txt.rdata[0]) == "v=spf1 -all");
  CHECK_FALSE(txt.packet.empty());

  const Answer a = r->resolve("BRAND.TEST.", RrType::a);
  REQUIRE(a.status == Status::ok);
  CHECK(a.rdata[0] == std::string("\xC0\x00\x02\x07", 4));

  const Answer mx = r->resolve("brand.test", RrType::mx);
  REQUIRE(mx.status == Status::ok);
  Mx decoded;
  REQUIRE(decode_mx(mx.rdata[0], decoded));
  CHECK(decoded.preference == 10);
  CHECK(decoded.exchange == "mx.brand.test");

  const Answer ptr = r->resolve("7.2.0.192.in-addr.arpa", RrType::ptr);
  REQUIRE(ptr.status == Status::ok);
  CHECK(decode_name(ptr.rdata[0]) == "brand.test");

  CHECK(r->resolve("brand.test", RrType::aaaa).status == Status::nodata);
  CHECK(r->resolve("www.google.com", RrType::a).status == Status::nxdomain);  // hermetic: nothing leaves
}

TEST_CASE("resolver: impossible names answer nxdomain without a query", "[dns]") {
  auto r = hermetic({});
  CHECK(r->resolve("", RrType::a).status == Status::nxdomain);
  CHECK(r->resolve("a..b", RrType::a).status == Status::nxdomain);
  CHECK(r->resolve(std::string(64, 'a') + ".test", RrType::a).status == Status::nxdomain);
  CHECK(r->resolve(std::string(300, 'a'), RrType::a).status == Status::nxdomain);
  CHECK(r->resolve("bad name.test", RrType::txt).status == Status::nxdomain);
  CHECK(r->resolve(std::string("nul\0.test", 9), RrType::txt).status == Status::nxdomain);
}

TEST_CASE("resolver: injected SERVFAIL and timeout never look like answers", "[dns]") {
  auto r = hermetic({"ok.test. 300 IN TXT \"x\""});
  r->inject("ok.test", RrType::txt, Status::servfail);
  CHECK(r->resolve("OK.test.", RrType::txt).status == Status::servfail);
  r->inject("slow.test", RrType::a, Status::timeout);
  const auto t0 = std::chrono::steady_clock::now();
  auto lookup = r->start("slow.test", RrType::a);
  CHECK(lookup->wait(t0 + 100ms).status == Status::timeout);
  CHECK(std::chrono::steady_clock::now() - t0 >= 100ms);
  CHECK(r->resolve("ok.test", RrType::a).status == Status::nodata);  // other types unaffected
}

TEST_CASE("resolver: lookups started early are answered by the time they are collected", "[dns]") {
  std::vector<std::string> records;
  for (int i = 0; i < 50; ++i) records.push_back("n" + std::to_string(i) + ".test. 300 IN TXT \"v" + std::to_string(i) + "\"");
  auto r = hermetic(records);
  std::vector<std::shared_ptr<Lookup>> lookups;
  for (int i = 0; i < 50; ++i) lookups.push_back(r->start("n" + std::to_string(i) + ".test", RrType::txt));
  for (int i = 0; i < 50; ++i) {
    const Answer& a = lookups[i]->wait(std::chrono::steady_clock::now() + 2s);
    REQUIRE(a.status == Status::ok);
    CHECK(decode_txt(a.rdata[0]) == "v" + std::to_string(i));
  }
  CHECK(r->lookups_started() == 50);
}

TEST_CASE("resolver: a cancelled or dropped lookup is safe", "[dns]") {
  auto r = hermetic({"a.test. 300 IN A 192.0.2.1"});
  for (int i = 0; i < 200; ++i) {
    auto lookup = r->start("a.test", RrType::a);
    if (i % 2 == 0) lookup->cancel();
  }  // dropped while in flight
  CHECK(r->resolve("a.test", RrType::a).status == Status::ok);
}

TEST_CASE("resolver: many threads share one resolver", "[dns]") {
  auto r = hermetic({"a.test. 300 IN A 192.0.2.1"});
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) ok += r->resolve("a.test", RrType::a).status == Status::ok;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(ok == 800);
}

TEST_CASE("resolver: forward mode to a closed port fails as servfail or timeout, never data", "[dns]") {
  ResolverSettings s;
  s.mode = Mode::forward;
  s.forwarders = {"127.0.0.1@9"};
  s.timeout = 300ms;
  auto r = Resolver::create(s);
  REQUIRE(r);
  // Not .test: libunbound answers that special-use zone itself (NXDOMAIN).
  const Status st = (*r)->resolve("brand.example.net", RrType::txt).status;
  CHECK((st == Status::servfail || st == Status::timeout));
}

TEST_CASE("resolver: bad settings are refused with a message", "[dns]") {
  ResolverSettings s;
  s.mode = Mode::forward;
  CHECK_FALSE(Resolver::create(s).has_value());
  s.forwarders = {"not an address"};
  auto r = Resolver::create(s);
  REQUIRE_FALSE(r);
  CHECK(r.error().find("forwarder not an address") == 0);
}

TEST_CASE("decoders: malformed rdata yields empty results, not overreads", "[dns]") {
  CHECK(decode_txt(std::string("\x05" "abc", 4)).empty());
  CHECK(decode_txt(std::string("\x02" "ab" "\x09" "c", 5)) == "ab");
  CHECK(decode_name(std::string("\x03" "abc", 4)).empty());             // no root label
  CHECK(decode_name(std::string("\xC0\x0C", 2)).empty());               // compression pointer
  CHECK(decode_name(std::string("\x01" "a" "\x00", 3)) == "a");
  Mx mx;
  CHECK_FALSE(decode_mx(std::string("\x00", 1), mx));
}

TEST_CASE("zone file: CORPUS-FORMAT lines are validated and normalized", "[dns]") {
  auto ok = read_zone_text(
      "; comment\n"
      "ledger.com.  300 IN TXT \"v=spf1 ip4:198.51.100.0/24 -all\"\n"
      "s1._domainkey.ledger.com. 300 IN TXT \"v=DKIM1; k=rsa; \" \"p=MIIB\" ; trailing comment\n"
      "mx.ledger.com. IN A 198.51.100.10\n"
      "ledger.com. 60 mx 10 mx.ledger.com.\n"
      "\n",
      "zone.txt");
  REQUIRE(ok);
  REQUIRE(ok->size() == 4);
  CHECK((*ok)[1] == "s1._domainkey.ledger.com. 300 IN TXT \"v=DKIM1; k=rsa; \" \"p=MIIB\"");
  CHECK((*ok)[2] == "mx.ledger.com. 300 IN A 198.51.100.10");
  CHECK((*ok)[3] == "ledger.com. 60 IN MX 10 mx.ledger.com.");
  auto r = hermetic(*ok);
  CHECK(decode_txt(r->resolve("s1._domainkey.ledger.com", RrType::txt).rdata.at(0)) == "v=DKIM1; k=rsa; p=MIIB");

  CHECK(read_zone_text("relative.com 300 IN A 1.2.3.4\n", "z").error() == "z:1: owner must be an absolute domain name ending in '.'");
  CHECK(read_zone_text("\nx.com. IN A 999.1.1.1\n", "z").error() == "z:2: bad A address");
  CHECK(read_zone_text("x.com. IN TXT unquoted\n", "z").error() == "z:1: TXT data must be quoted strings");
  CHECK(read_zone_text("x.com. IN TXT \"open\n", "z").error() == "z:1: unterminated quoted string");
  CHECK(read_zone_text("x.com. IN TXT \"" + std::string(256, 'a') + "\"\n", "z").error().find("longer than 255") != std::string::npos);
  CHECK(read_zone_text("x.com. IN SRV 1 1 1 a.com.\n", "z").error() == "z:1: unsupported record type SRV");
  CHECK(read_zone_text("x.com. IN MX 70000 a.com.\n", "z").has_value() == false);
}

TEST_CASE("lookup budget: counts and refuses past the cap", "[dns]") {
  LookupBudget b(2);
  CHECK(b.take());
  CHECK(b.take());
  CHECK_FALSE(b.take());
  CHECK(b.used() == 2);
  CHECK(b.refused() == 1);
  b.reset(1);
  CHECK(b.take());
  CHECK_FALSE(b.take());
}
