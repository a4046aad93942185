// DKIM verification (DkimLibrary + DkimVerifier) against messages signed
// here with libopendkim's signer and the test keys of tests/data/dkim/,
// with the public keys served by the Resolver in zonefile mode.
#include <catch2/catch.hpp>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

#include <sys/types.h>

#define _Bool bool
#include <opendkim/dkim.h>
#undef _Bool

#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "auth/dkim_library.hpp"
#include "auth/dkim_verifier.hpp"
#include "dns/lookup_budget.hpp"
#include "dns/resolver.hpp"

using namespace brandguard::policy;
using namespace std::chrono_literals;
using auth::DkimResult;

namespace {

std::string read_data(const std::string& name) {
  std::ifstream in(std::string(BRANDGUARD_SOURCE_DIR) + "/tests/data/dkim/" + name, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// "name. IN TXT" with the value split into <= 255-byte strings.
std::string txt_record(const std::string& name, const std::string& value) {
  std::string line = name + ". 300 IN TXT";
  for (std::size_t i = 0; i < value.size() || i == 0; i += 255) {
    line += " \"" + value.substr(i, 255) + "\"";
    if (value.empty()) break;
  }
  return line;
}

struct Key {
  std::string pem;
  std::string selector;
  std::string domain;
  int algorithm = DKIM_SIGN_RSASHA256;
};

Key key(const std::string& file, const std::string& selector, const std::string& domain,
        int algorithm = DKIM_SIGN_RSASHA256) {
  return Key{read_data(file + ".pem"), selector, domain, algorithm};
}

std::string record_for(const std::string& file, const std::string& selector, const std::string& domain) {
  return txt_record(selector + "._domainkey." + domain, read_data(file + ".txt"));
}

// A message as the milter delivers it: header values after the colon with
// Postfix's LF-joined folding, body in CRLF.
struct Mail {
  std::vector<Header> headers;
  std::string body;
};

Mail basic_mail() {
  Mail m;
  m.headers = {{"From", " Brand Support <support@brand.test>"},
               {"To", " alice@example.net"},
               {"Subject", " Your account"},
               {"Date", " Mon, 01 Jan 2024 10:00:00 +0000"},
               {"Message-ID", " <1@brand.test>"}};
  m.body = "Hello Alice,\r\n\r\nAll is well.\r\n";
  return m;
}

// Signs `mail` (its current headers, as the CRLF bytes the MTA received)
// and returns the DKIM-Signature header as the milter would deliver it.
#if defined(__SANITIZE_ADDRESS__)
struct LeakCheckPause {
  LeakCheckPause() { __lsan_disable(); }
  ~LeakCheckPause() { __lsan_enable(); }
};
#else
struct LeakCheckPause {};
#endif

Header sign(const Mail& mail, const Key& k, int header_canon = DKIM_CANON_RELAXED,
            int body_canon = DKIM_CANON_RELAXED) {
  // libopendkim 2.11.0 never frees the EVP_PKEY dkim_privkey_load() makes
  // for an Ed25519 signing key. Only this test signer loads private keys
  // (the daemon verifies), so its allocations are kept out of leak reports.
  [[maybe_unused]] const LeakCheckPause pause;
  DKIM_LIB* lib = dkim_init(nullptr, nullptr);
  REQUIRE(lib != nullptr);
  u_int min_bits = 512;  // the signer must accept the small test key
  REQUIRE(dkim_options(lib, DKIM_OP_SETOPT, DKIM_OPTS_MINKEYBITS, &min_bits, sizeof min_bits) == DKIM_STAT_OK);
  std::string secret = k.pem;
  DKIM_STAT st = DKIM_STAT_OK;
  DKIM* d = dkim_sign(lib, reinterpret_cast<const unsigned char*>("test"), nullptr,
                      reinterpret_cast<unsigned char*>(secret.data()),
                      reinterpret_cast<const unsigned char*>(k.selector.c_str()),
                      reinterpret_cast<const unsigned char*>(k.domain.c_str()), header_canon, body_canon,
                      k.algorithm, -1, &st);
  REQUIRE(d != nullptr);
  for (const auto& h : mail.headers) {
    std::string field = auth::DkimVerifier::field_for_dkim(h);
    REQUIRE(dkim_header(d, reinterpret_cast<u_char*>(field.data()), field.size()) == DKIM_STAT_OK);
  }
  REQUIRE(dkim_eoh(d) == DKIM_STAT_OK);
  std::string body = mail.body;
  REQUIRE(dkim_body(d, reinterpret_cast<u_char*>(body.data()), body.size()) == DKIM_STAT_OK);
  REQUIRE(dkim_eom(d, nullptr) == DKIM_STAT_OK);
  u_char* value = nullptr;
  size_t len = 0;
  REQUIRE(dkim_getsighdr_d(d, std::strlen("DKIM-Signature: "), &value, &len) == DKIM_STAT_OK);
  std::string folded(reinterpret_cast<const char*>(value), len);
  dkim_free(d);
  dkim_close(lib);
  // Postfix joins folded lines with a bare LF.
  std::string raw = " ";
  for (char c : folded) {
    if (c != '\r') raw.push_back(c);
  }
  return Header{"DKIM-Signature", raw};
}

Mail signed_with(Mail mail, const Header& signature) {
  mail.headers.insert(mail.headers.begin(), signature);
  return mail;
}

struct Fixture {
  std::unique_ptr<dns::Resolver> resolver;
  std::unique_ptr<auth::DkimLibrary> library;

  explicit Fixture(std::vector<std::string> records, auth::DkimLibrarySettings lib_settings = {}) {
    dns::ResolverSettings s;
    s.mode = dns::Mode::zonefile;
    s.records = std::move(records);
    s.timeout = 2s;
    auto r = dns::Resolver::create(s);
    REQUIRE(r);
    resolver = std::move(*r);
    auto l = auth::DkimLibrary::create(*resolver, lib_settings);
    REQUIRE(l);
    library = std::move(*l);
  }

  auth::DkimOutcome verify(const Mail& mail, const auth::DkimSettings& settings = {},
                           dns::LookupBudget* budget = nullptr,
                           std::chrono::milliseconds deadline = 2000ms, std::size_t chunk = 7) {
    auth::DkimVerifier v(*library, settings, budget);
    for (const auto& h : mail.headers) v.header(h);
    const auto until = std::chrono::steady_clock::now() + deadline;
    v.end_of_headers(until);
    for (std::size_t i = 0; i < mail.body.size(); i += chunk) v.body(std::string_view(mail.body).substr(i, chunk));
    return v.end_of_message(until);
  }
};

const std::string kDomain = "brand.test";

}  // namespace

TEST_CASE("dkim: a header field is rebuilt with CRLF line breaks", "[dkim]") {
  CHECK(auth::DkimVerifier::field_for_dkim({"Subject", " first\n\tsecond"}) == "Subject: first\r\n\tsecond");
  CHECK(auth::DkimVerifier::field_for_dkim({"X", " a\r\n b\n c"}) == "X: a\r\n b\r\n c");
  CHECK(auth::DkimVerifier::field_for_dkim({"X", ""}) == "X:");
}

TEST_CASE("dkim: relaxed/relaxed RSA-SHA256 signature passes", "[dkim]") {
  Fixture f({record_for("rsa2048", "s2048", kDomain)});
  Mail mail = basic_mail();
  mail = signed_with(mail, sign(mail, key("rsa2048", "s2048", kDomain)));
  const auto out = f.verify(mail);
  CHECK(out.result == DkimResult::pass);
  REQUIRE(out.signatures.size() == 1);
  const auto& sig = out.signatures[0];
  CHECK(sig.result == DkimResult::pass);
  CHECK(sig.domain == "brand.test");
  CHECK(sig.selector == "s2048");
  CHECK(sig.algorithm == "rsa-sha256");
  CHECK(sig.key_bits == 2048);
  CHECK(sig.checked);
  CHECK(sig.b_prefix.size() == 8);
  CHECK(out.lookups == 1);
}

TEST_CASE("dkim: simple/simple signature passes", "[dkim]") {
  Fixture f({record_for("rsa2048", "s2048", kDomain)});
  Mail mail = basic_mail();
  mail = signed_with(mail, sign(mail, key("rsa2048", "s2048", kDomain), DKIM_CANON_SIMPLE, DKIM_CANON_SIMPLE));
  const auto out = f.verify(mail, {}, nullptr, 2000ms, 1);
  CHECK(out.result == DkimResult::pass);
  CHECK(out.signatures.at(0).reason == "signature verified");
}

TEST_CASE("dkim: LF-folded headers as Postfix sends them verify under simple canonicalization", "[dkim]") {
  Fixture f({record_for("rsa2048", "s2048", kDomain)});
  Mail mail = basic_mail();
  mail.headers[2] = Header{"Subject", " Your account\n\tneeds   attention\n  today"};
  mail.headers.push_back(Header{"X-Long", "\n\tstarts on the next line"});
  mail = signed_with(mail, sign(mail, key("rsa2048", "s2048", kDomain), DKIM_CANON_SIMPLE, DKIM_CANON_SIMPLE));
  // The signature header itself arrives LF-folded too.
  REQUIRE(mail.headers[0].raw_value.find('\n') != std::string::npos);
  REQUIRE(mail.headers[0].raw_value.find('\r') == std::string::npos);
  CHECK(f.verify(mail).result == DkimResult::pass);

  // Refolding a simple-canonicalized header breaks the signature.
  Mail refolded = mail;
  refolded.headers[3] = Header{"Subject", " Your account needs   attention\n  today"};
  CHECK(f.verify(refolded).result == DkimResult::fail);
}

TEST_CASE("dkim: tampered body fails", "[dkim]") {
  Fixture f({record_for("rsa2048", "s2048", kDomain)});
  Mail mail = basic_mail();
  mail = signed_with(mail, sign(mail, key("rsa2048", "s2048", kDomain)));
  mail.body = "Hello Alice,\r\n\r\nPlease send your recovery phrase.\r\n";
  const auto out = f.verify(mail);
  CHECK(out.result == DkimResult::fail);
  CHECK(out.signatures.at(0).result == DkimResult::fail);
  CHECK(out.signatures.at(0).reason == "body hash mismatch");
}

TEST_CASE("dkim: tampered header fails", "[dkim]") {
  Fixture f({record_for("rsa2048", "s2048", kDomain)});
  Mail mail = basic_mail();
  mail = signed_with(mail, sign(mail, key("rsa2048", "s2048", kDomain)));
  mail.headers[3].raw_value = " Your account is locked";
  const auto out = f.verify(mail);
  CHECK(out.result == DkimResult::fail);
  CHECK(out.signatures.at(0).reason == "signature did not verify");
}

TEST_CASE("dkim: missing key (NXDOMAIN) is permerror", "[dkim]") {
  Fixture f({});
  Mail mail = basic_mail();
  mail = signed_with(mail, sign(mail, key("rsa2048", "s2048", kDomain)));
  const auto out = f.verify(mail);
  CHECK(out.result == DkimResult::permerror);
  CHECK(out.signatures.at(0).reason == "no key record (NXDOMAIN)");
}

TEST_CASE("dkim: DNS SERVFAIL and timeout are temperror, within the deadline", "[dkim]") {
  Fixture f({record_for("rsa2048", "s2048", kDomain)});
  Mail mail = basic_mail();
  mail = signed_with(mail, sign(mail, key("rsa2048", "s2048", kDomain)));

  f.resolver->inject("s2048._domainkey.brand.test", dns::RrType::txt, dns::Status::servfail);
  auto out = f.verify(mail);
  CHECK(out.result == DkimResult::temperror);
  CHECK(out.signatures.at(0).reason == "key lookup failed (SERVFAIL)");

  f.resolver->inject("s2048._domainkey.brand.test", dns::RrType::txt, dns::Status::timeout);
  const auto start = std::chrono::steady_clock::now();
  out = f.verify(mail, {}, nullptr, 300ms);
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(out.result == DkimResult::temperror);
  CHECK(out.signatures.at(0).reason == "key lookup timed out");
  CHECK(took < 1500ms);
}

TEST_CASE("dkim: key below the minimum size is policy, not pass", "[dkim]") {
  Mail mail = basic_mail();
  mail = signed_with(mail, sign(mail, key("rsa512", "s512", kDomain)));
  {
    Fixture f({record_for("rsa512", "s512", kDomain)});
    const auto out = f.verify(mail);
    CHECK(out.result == DkimResult::policy);
    CHECK(out.signatures.at(0).key_bits == 512);
    CHECK(out.signatures.at(0).reason == "key too small (512 bits, minimum 1024)");
  }
  {
    auth::DkimLibrarySettings lenient;
    lenient.min_key_bits = 512;
    Fixture f({record_for("rsa512", "s512", kDomain)}, lenient);
    CHECK(f.verify(mail).result == DkimResult::pass);
  }
  {
    // A small key does not hide a failure.
    Fixture f({record_for("rsa512", "s512", kDomain)});
    Mail tampered = mail;
    tampered.body += "P.S.\r\n";
    CHECK(f.verify(tampered).result == DkimResult::fail);
  }
}

TEST_CASE("dkim: rsa-sha1 is policy unless allowed", "[dkim]") {
  Fixture f({record_for("rsa2048", "s2048", kDomain)});
  Mail mail = basic_mail();
  mail = signed_with(mail, sign(mail, key("rsa2048", "s2048", kDomain, DKIM_SIGN_RSASHA1)));
  auto out = f.verify(mail);
  CHECK(out.signatures.at(0).algorithm == "rsa-sha1");
  CHECK(out.result == DkimResult::policy);
  CHECK(out.signatures.at(0).reason == "rsa-sha1 not accepted (RFC 8301)");
  auth::DkimSettings allow;
  allow.allow_rsa_sha1 = true;
  CHECK(f.verify(mail, allow).result == DkimResult::pass);
}

TEST_CASE("dkim: Ed25519-SHA256 signature passes (RFC 8463)", "[dkim]") {
  Fixture f({record_for("ed25519", "ed", kDomain)});
  if (!f.library->supports_ed25519()) {
    WARN("libopendkim without Ed25519");
    return;
  }
  Mail mail = basic_mail();
  mail = signed_with(mail, sign(mail, key("ed25519", "ed", kDomain, DKIM_SIGN_ED25519SHA256)));
  const auto out = f.verify(mail);
  CHECK(out.result == DkimResult::pass);
  CHECK(out.signatures.at(0).algorithm == "ed25519-sha256");
  CHECK(out.signatures.at(0).key_bits == 256);
  Mail tampered = mail;
  tampered.body = "changed\r\n";
  CHECK(f.verify(tampered).result == DkimResult::fail);
}

TEST_CASE("dkim: multiple signatures with one good pass, each judged on its own", "[dkim]") {
  Fixture f({record_for("rsa2048", "s2048", kDomain), record_for("rsa1024", "s1024", "relay.test")});
  Mail mail = basic_mail();
  const Header good = sign(mail, key("rsa2048", "s2048", kDomain));
  const Header relay = sign(mail, key("rsa1024", "s1024", "relay.test"));
  const Header nokey = sign(mail, key("rsa1024", "gone", "relay.test"));
  mail = signed_with(mail, good);
  mail = signed_with(mail, relay);
  mail = signed_with(mail, nokey);
  // Header order: nokey, relay, good.
  const auto out = f.verify(mail);
  CHECK(out.result == DkimResult::pass);
  REQUIRE(out.signatures.size() == 3);
  CHECK(out.signatures[0].result == DkimResult::permerror);
  CHECK(out.signatures[0].selector == "gone");
  CHECK(out.signatures[1].result == DkimResult::pass);
  CHECK(out.signatures[1].domain == "relay.test");
  CHECK(out.signatures[1].key_bits == 1024);
  CHECK(out.signatures[2].result == DkimResult::pass);
  CHECK(out.signatures[2].domain == "brand.test");
  CHECK(out.reason == "2 of 3 checked signatures pass");

  // With the body changed every signature fails.
  mail.body = "x\r\n";
  const auto bad = f.verify(mail);
  CHECK(bad.result == DkimResult::fail);
  CHECK(bad.signatures[1].result == DkimResult::fail);
  CHECK(bad.signatures[2].result == DkimResult::fail);
}

TEST_CASE("dkim: signatures over the limit are reported as not checked; From-aligned ones first", "[dkim]") {
  std::vector<std::string> records = {record_for("rsa2048", "s2048", kDomain)};
  Mail mail = basic_mail();
  const Header author = sign(mail, key("rsa2048", "s2048", kDomain));
  std::vector<Header> others;
  for (int i = 0; i < 6; ++i) {
    const std::string domain = "hop" + std::to_string(i) + ".test";
    records.push_back(record_for("rsa1024", "s", domain));
    others.push_back(sign(mail, key("rsa1024", "s", domain)));
  }
  mail = signed_with(mail, author);  // the author's signature is the lowest
  for (const auto& h : others) mail = signed_with(mail, h);
  Fixture f(records);
  const auto out = f.verify(mail);
  REQUIRE(out.signatures.size() == 7);
  std::size_t checked = 0;
  for (const auto& s : out.signatures) {
    if (s.checked) {
      ++checked;
      CHECK(s.result == DkimResult::pass);
    } else {
      CHECK(s.result == DkimResult::none);
      CHECK(s.reason == "not checked: over the limit of 5 signatures");
    }
  }
  CHECK(checked == 5);
  CHECK(out.signatures.back().domain == "brand.test");
  CHECK(out.signatures.back().checked);  // aligned with From: verified although last
  CHECK(out.result == DkimResult::pass);
  CHECK(out.lookups <= auth::DkimSettings{}.max_lookups);
}

TEST_CASE("dkim: the key lookup starts when the DKIM-Signature header arrives", "[dkim]") {
  Fixture f({record_for("rsa2048", "s2048", kDomain)});
  Mail mail = basic_mail();
  mail = signed_with(mail, sign(mail, key("rsa2048", "s2048", kDomain)));
  auth::DkimVerifier v(*f.library, {});
  const auto before = f.resolver->lookups_started();
  v.header(mail.headers[0]);
  CHECK(f.resolver->lookups_started() == before + 1);
  for (std::size_t i = 1; i < mail.headers.size(); ++i) v.header(mail.headers[i]);
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  v.end_of_headers(deadline);
  CHECK(f.resolver->lookups_started() == before + 1);  // libopendkim reused the prefetched lookup
  v.body(mail.body);
  const auto& out = v.end_of_message(deadline);
  CHECK(out.result == DkimResult::pass);
  CHECK(&v.end_of_message(deadline) == &out);  // idempotent
}

TEST_CASE("dkim: the DNS lookup budget bounds key lookups", "[dkim]") {
  Fixture f({record_for("rsa2048", "s2048", kDomain)});
  Mail mail = basic_mail();
  mail = signed_with(mail, sign(mail, key("rsa2048", "s2048", kDomain)));
  dns::LookupBudget spent(0);
  const auto out = f.verify(mail, {}, &spent);
  CHECK(out.result == DkimResult::temperror);
  CHECK(out.signatures.at(0).reason == "DNS lookup budget spent");
  CHECK(out.lookups == 0);
  dns::LookupBudget one(1);
  CHECK(f.verify(mail, {}, &one).result == DkimResult::pass);
  CHECK(one.used() == 1);
}

TEST_CASE("dkim: unsigned message is none", "[dkim]") {
  Fixture f({});
  const auto out = f.verify(basic_mail());
  CHECK(out.result == DkimResult::none);
  CHECK(out.signatures.empty());
  CHECK(out.reason == "no DKIM-Signature field");
  CHECK(out.lookups == 0);
}

TEST_CASE("dkim: malformed signature fields are permerror without a lookup", "[dkim]") {
  Fixture f({});
  for (const char* value : {" synerr", " v=1; a=rsa-sha256; s=sel; b=abc; bh=abc; h=from",
                            " v=1; d=brand.test; d=evil.test; s=sel; a=rsa-sha256; b=a; bh=a; h=from",
                            " v=1; d=bad..domain; s=sel; a=rsa-sha256; b=a; bh=a; h=from", " ", ";;;",
                            " a=rsa-sha256; d=brand.test; s=sel; b=a; bh=a; h=from"}) {
    Mail mail = signed_with(basic_mail(), Header{"DKIM-Signature", value});
    const auto out = f.verify(mail);
    INFO(value);
    CHECK(out.result == DkimResult::permerror);
    REQUIRE(out.signatures.size() == 1);
    CHECK(out.signatures[0].result == DkimResult::permerror);
    CHECK(out.lookups == 0);
  }
  const auto synerr = f.verify(signed_with(basic_mail(), Header{"DKIM-Signature", " synerr"}));
  CHECK(synerr.reason == "malformed tag-list");
  const auto no_v = f.verify(signed_with(basic_mail(), Header{"DKIM-Signature", " a=rsa-sha256; d=brand.test; s=sel; b=a; bh=a; h=from"}));
  CHECK(no_v.signatures.at(0).reason == "v= missing");
}

TEST_CASE("dkim: a message without From is permerror", "[dkim]") {
  Fixture f({record_for("rsa2048", "s2048", kDomain)});
  Mail mail = basic_mail();
  mail.headers.erase(mail.headers.begin());
  mail = signed_with(mail, sign(basic_mail(), key("rsa2048", "s2048", kDomain)));
  const auto out = f.verify(mail);
  CHECK(out.result == DkimResult::permerror);
  CHECK(out.signatures.at(0).reason == "message has no From field");
}

TEST_CASE("dkim: hostile signature fields are bounded", "[dkim]") {
  Fixture f({record_for("rsa2048", "s2048", kDomain)});
  Mail base = basic_mail();
  const Header good = sign(base, key("rsa2048", "s2048", kDomain));

  SECTION("z= over 32 KiB") {
    std::string z = " v=1; a=rsa-sha256; d=brand.test; s=s2048; c=relaxed/relaxed; h=from; bh=AAAA; b=AAAA; z=";
    for (int i = 0; i < 3000; ++i) z += "From:=20evil|";
    REQUIRE(z.size() > 32 * 1024);
    Mail mail = signed_with(signed_with(base, good), Header{"DKIM-Signature", z});
    const auto start = std::chrono::steady_clock::now();
    const auto out = f.verify(mail);
    CHECK(std::chrono::steady_clock::now() - start < 2s);
    REQUIRE(out.signatures.size() == 2);
    CHECK(out.signatures[0].result != DkimResult::pass);
    CHECK(out.signatures[1].result == DkimResult::pass);
    CHECK(out.result == DkimResult::pass);
  }
  SECTION("h= listing From 100 times, and 300 times (over the cap of 128)") {
    std::string h = "from";
    for (int i = 1; i < 100; ++i) h += ":from";
    Mail mail = signed_with(signed_with(base, good),
                            Header{"DKIM-Signature", " v=1; a=rsa-sha256; d=brand.test; s=s2048; h=" + h + "; bh=AAAA; b=AAAA"});
    std::string h300 = h;
    for (int i = 0; i < 200; ++i) h300 += ":from";
    mail = signed_with(mail, Header{"DKIM-Signature", " v=1; a=rsa-sha256; d=brand.test; s=s2048; h=" + h300 + "; bh=AAAA; b=AAAA"});
    const auto out = f.verify(mail);
    REQUIRE(out.signatures.size() == 3);
    CHECK(out.signatures[0].result == DkimResult::permerror);
    CHECK(out.signatures[0].reason == "h= names more than 128 header fields");
    CHECK(out.signatures[1].result == DkimResult::fail);
    CHECK(out.signatures[2].result == DkimResult::pass);
  }
  SECTION("50 signatures, and 200") {
    for (const int count : {50, 200}) {
      Mail mail = base;
      for (int i = 0; i < count; ++i) mail = signed_with(mail, good);
      const auto start = std::chrono::steady_clock::now();
      const auto out = f.verify(mail);
      const auto took = std::chrono::steady_clock::now() - start;
      INFO(count << " signatures took " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms");
      CHECK(took < 2s);
      CHECK(out.result == DkimResult::pass);
      CHECK(out.signatures.size() == std::min<std::size_t>(count, auth::DkimVerifier::kMaxSignatureFields));
      std::size_t checked = 0;
      for (const auto& s : out.signatures) checked += s.checked ? 1 : 0;
      CHECK(checked == 5);
      CHECK(out.lookups == 1);
    }
  }
  SECTION("700 junk signatures with 128-entry h= over 1700 header fields") {
    Mail mail = base;
    for (int i = 0; i < 1000; ++i) mail.headers.push_back(Header{"Received", " from hop" + std::to_string(i)});
    mail = signed_with(mail, sign(mail, key("rsa2048", "s2048", kDomain)));
    std::string h = "from";
    for (int i = 1; i < 128; ++i) h += ":received";
    for (int i = 0; i < 700; ++i) {
      mail = signed_with(mail, Header{"DKIM-Signature", " v=1; a=rsa-sha256; d=brand.test; s=s2048; h=" + h +
                                                            "; bh=AAAA; b=AAA" + std::to_string(i)});
    }
    auth::DkimSettings roomy;
    roomy.max_header_bytes = 8 << 20;
    const auto start = std::chrono::steady_clock::now();
    const auto out = f.verify(mail, roomy);
    CHECK(std::chrono::steady_clock::now() - start < 1s);
    CHECK(out.signatures.size() == auth::DkimVerifier::kMaxSignatureFields);
    CHECK(out.result == DkimResult::fail);  // the good signature is beyond the fields examined
    CHECK(out.lookups == 1);
  }
  SECTION("header section over the byte limit") {
    Mail mail = signed_with(base, good);
    auth::DkimSettings small;
    small.max_header_bytes = 200;
    const auto out = f.verify(mail, small);
    CHECK(out.result == DkimResult::policy);
    CHECK(out.signatures.at(0).reason == "header section over 200 bytes, not verified");
  }
}
