#include <catch2/catch.hpp>

#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "brand/confusables.hpp"
#include "brand/lookalike.hpp"

using namespace brandguard::policy::brand;

namespace {

std::vector<std::string> default_free_hosting() {
  return {std::begin(kDefaultFreeHostingSuffixes), std::end(kDefaultFreeHostingSuffixes)};
}

BrandDomains ledger_brand() {
  return BrandDomains{"ledger",
                      {"ledger.com", "ledgerwallet.com", "ledger.fr", "shop.ledger.com"},
                      {"ledger"},
                      {"Ledger Live", "Ledger Nano"}};
}

BrandDomains metamask_brand() { return BrandDomains{"metamask", {"metamask.io"}, {"metamask"}, {}}; }

// Ledger first, MetaMask second: configuration order matters for ties.
const LookalikeEngine& engine() {
  static const std::shared_ptr<const LookalikeEngine> e = [] {
    auto created = LookalikeEngine::create({ledger_brand(), metamask_brand()}, default_free_hosting());
    if (!created) FAIL("create: " << created.error());
    return *created;
  }();
  return *e;
}

LookalikeKind kind_of(std::string_view host) { return engine().classify(host).kind; }

std::string create_error(std::vector<BrandDomains> brands, std::vector<std::string> free_hosting = {}) {
  auto created = LookalikeEngine::create(std::move(brands), std::move(free_hosting));
  if (created) return std::string();
  return created.error();
}

bool names_ledger(std::string_view text, bool* obfuscated) {
  const auto found = engine().brands_named_in(text, obfuscated);
  return found == std::vector<std::string>{"ledger"};
}

}  // namespace

// ------------------------------------------------------------------ create

TEST_CASE("lookalike: create accepts the Ledger and MetaMask brands", "[lookalike]") {
  auto created = LookalikeEngine::create({ledger_brand(), metamask_brand()}, default_free_hosting());
  REQUIRE(created);
  CHECK(*created != nullptr);
  auto no_hosting = LookalikeEngine::create({ledger_brand()}, {});
  REQUIRE(no_hosting);
  // Without free hosting suffixes a pages.dev name is judged like any other
  // (pages.dev is a public suffix, so the brand name there is the registrable
  // label: a brand combo).
  CHECK((*no_hosting)->classify("ledger-live.pages.dev").kind == LookalikeKind::brand_combo);
  auto empty = LookalikeEngine::create({}, {});
  REQUIRE(empty);
  CHECK((*empty)->classify("ledger.com").kind == LookalikeKind::none);
  CHECK((*empty)->brands_named_in("Ledger", nullptr).empty());
}

TEST_CASE("lookalike: create refuses bad configuration with a message naming the entry", "[lookalike]") {
  SECTION("an official domain that is a public suffix") {
    BrandDomains b = ledger_brand();
    b.official_domains.push_back("co.uk");
    const std::string e = create_error({b});
    CHECK_THAT(e, Catch::Contains("ledger") && Catch::Contains("co.uk") && Catch::Contains("public suffix"));
    b.official_domains = {"com"};
    CHECK_THAT(create_error({b}), Catch::Contains("\"com\""));
    b.official_domains = {"github.io"};  // private section of the list: still nobody's own domain
    CHECK_THAT(create_error({b}), Catch::Contains("github.io"));
  }
  SECTION("an official domain that is not a domain name") {
    BrandDomains b = ledger_brand();
    b.official_domains = {"ledger..com"};
    CHECK_THAT(create_error({b}), Catch::Contains("ledger..com") && Catch::Contains("brand ledger"));
    b.official_domains = {""};
    CHECK_THAT(create_error({b}), Catch::Contains("brand ledger"));
    b.official_domains = {"[192.0.2.1]"};
    CHECK_THAT(create_error({b}), Catch::Contains("[192.0.2.1]"));
  }
  SECTION("an empty brand id") {
    BrandDomains b = ledger_brand();
    b.brand_id.clear();
    const std::string e = create_error({metamask_brand(), b});
    CHECK_THAT(e, Catch::Contains("empty id"));
    CHECK_THAT(e, Catch::Contains("ledger.com"));  // says which brand: its first official domain
  }
  SECTION("an empty keyword or name, or one without letters") {
    BrandDomains b = ledger_brand();
    b.keywords = {""};
    CHECK_THAT(create_error({b}), Catch::Contains("brand ledger") && Catch::Contains("keyword"));
    b.keywords = {"1234"};
    CHECK_THAT(create_error({b}), Catch::Contains("brand ledger") && Catch::Contains("\"1234\""));
    b.keywords = {"-- ."};
    CHECK_THAT(create_error({b}), Catch::Contains("\"-- .\""));
    b = ledger_brand();
    b.names = {"Ledger Live", "  "};
    CHECK_THAT(create_error({b}), Catch::Contains("brand ledger") && Catch::Contains("name"));
  }
  SECTION("a free hosting suffix that is not a domain name") {
    CHECK_THAT(create_error({ledger_brand()}, {"pages.dev", "not a suffix"}), Catch::Contains("\"not a suffix\""));
    CHECK_THAT(create_error({ledger_brand()}, {"pages.dev", ""}), Catch::Contains("free hosting"));
    CHECK_THAT(create_error({ledger_brand()}, {"a..b"}), Catch::Contains("a..b"));
  }
  SECTION("a good configuration has no error") {
    CHECK(create_error({ledger_brand(), metamask_brand()}, default_free_hosting()).empty());
  }
}

TEST_CASE("lookalike: to_string names each kind", "[lookalike]") {
  CHECK(to_string(LookalikeKind::none) == "none");
  CHECK(to_string(LookalikeKind::homoglyph) == "homoglyph");
  CHECK(to_string(LookalikeKind::vowel_swap) == "vowel_swap");
  CHECK(to_string(LookalikeKind::bitsquatting) == "bitsquatting");
  CHECK(to_string(LookalikeKind::tld_swap) == "tld_swap");
  CHECK(to_string(LookalikeKind::brand_combo) == "brand_combo");
  CHECK(to_string(LookalikeKind::brand_subdomain) == "brand_subdomain");
  CHECK(to_string(LookalikeKind::free_hosting) == "free_hosting");
}

// ---------------------------------------------------------------- classify

TEST_CASE("lookalike: official domains, their subdomains and their registrable domains", "[lookalike]") {
  for (const char* host : {"ledger.com", "support.ledger.com", "LEDGER.COM.", "shop.ledger.com", "a.b.shop.ledger.com",
                           "ledgerwallet.com", "WWW.Ledger.FR", "metamask.io", "support.metamask.io"}) {
    INFO(host);
    CHECK(kind_of(host) == LookalikeKind::official);
  }
  const LookalikeMatch m = engine().classify("LEDGER.COM.");
  CHECK(m.brand_id == "ledger");
  CHECK(m.host == "ledger.com");
  CHECK(m.official_domain == "ledger.com");
  CHECK_THAT(m.evidence, Catch::Contains("ledger.com") && Catch::Contains("official"));
  const LookalikeMatch mm = engine().classify("support.metamask.io");
  CHECK(mm.brand_id == "metamask");
  CHECK(mm.official_domain == "metamask.io");
  // Official wins over every other reading: ledger.com under metamask.io's
  // subdomains is still MetaMask's own host.
  CHECK(engine().classify("ledger.com.metamask.io").kind == LookalikeKind::official);
  CHECK(engine().classify("ledger.com.metamask.io").brand_id == "metamask");
}

TEST_CASE("lookalike: the dnstwist kinds on ledger", "[lookalike]") {
  struct Case {
    const char* host;
    LookalikeKind kind;
  };
  const Case cases[] = {
      {"ledgerr.com", LookalikeKind::repetition},    {"lefger.com", LookalikeKind::replacement},
      {"ldeger.com", LookalikeKind::transposition},  {"leger.com", LookalikeKind::omission},
      {"ledgar.com", LookalikeKind::vowel_swap},     {"led-ger.com", LookalikeKind::hyphenation},
      {"ledgers.com", LookalikeKind::addition},      {"ledger1.com", LookalikeKind::addition},
      {"ledfger.com", LookalikeKind::insertion},     {"ledgez.com", LookalikeKind::bitsquatting},
      {"lgdger.com", LookalikeKind::bitsquatting},   {"ledfer.com", LookalikeKind::replacement},
      {"ledgerwalet.com", LookalikeKind::omission},  {"ledgerr.net", LookalikeKind::repetition},
      {"rnetamask.net", LookalikeKind::homoglyph},   {"metamsak.io", LookalikeKind::transposition},
  };
  for (const Case& c : cases) {
    INFO(c.host);
    const LookalikeMatch m = engine().classify(c.host);
    CHECK(to_string(m.kind) == to_string(c.kind));
  }
  const LookalikeMatch m = engine().classify("ledgar.com");
  CHECK(m.brand_id == "ledger");
  CHECK(m.official_domain == "ledger.com");
  CHECK(m.host == "ledgar.com");
  CHECK(m.evidence == "ledgar.com is a vowel swap variant of ledger.com");
  CHECK(engine().classify("ledgerr.com").evidence == "ledgerr.com is a repetition variant of ledger.com");
  CHECK(engine().classify("ledgers.com").evidence == "ledgers.com is an addition variant of ledger.com");
  // The official domain shown is the one under the same public suffix when
  // there is one.
  CHECK(engine().classify("ledgar.fr").official_domain == "ledger.fr");
  CHECK(engine().classify("ledgar.de").official_domain == "ledger.com");
  CHECK(engine().classify("ledgerwalet.com").official_domain == "ledgerwallet.com");
  CHECK(engine().classify("metamsak.io").brand_id == "metamask");
  CHECK(engine().classify("metamsak.io").official_domain == "metamask.io");
}

TEST_CASE("lookalike: variants after folding look-alike characters", "[lookalike]") {
  // "1edgre": not a variant as written, "ledgre" (a transposition) once folded.
  const LookalikeMatch m = engine().classify("1edgre.com");
  CHECK(m.kind == LookalikeKind::transposition);
  CHECK_THAT(m.evidence, Catch::EndsWith("once look-alike characters are folded"));
}

TEST_CASE("lookalike: typosquats beyond the dnstwist variants", "[lookalike]") {
  // One edit that no fuzzer makes: 'x' is no neighbour of 'e', no bit flip.
  const LookalikeMatch m = engine().classify("ledgxr.com");
  CHECK(m.kind == LookalikeKind::typosquat);
  CHECK(m.official_domain == "ledger.com");
  CHECK(m.evidence == "ledgxr.com is 1 edit from ledger.com");
  // Two edits only count for official labels of 9 characters or more.
  const LookalikeMatch w = engine().classify("ledgrwalet.com");
  CHECK(w.kind == LookalikeKind::typosquat);
  CHECK(w.official_domain == "ledgerwallet.com");
  CHECK(w.evidence == "ledgrwalet.com is 2 edits from ledgerwallet.com");
  CHECK(kind_of("lxdgxr.com") == LookalikeKind::none);
  CHECK(kind_of("rnetamxsk.io") == LookalikeKind::typosquat);  // folded: "rnetarnxsk" is 1 from "rnetarnask"
}

TEST_CASE("lookalike: homoglyphs", "[lookalike]") {
  const LookalikeMatch cyr = engine().classify("xn--ledgr-2we.com");  // ledgеr.com, Cyrillic е
  CHECK(cyr.kind == LookalikeKind::homoglyph);
  CHECK(cyr.brand_id == "ledger");
  CHECK(cyr.official_domain == "ledger.com");
  CHECK(cyr.evidence == "xn--ledgr-2we.com (ledg\u0435r.com) is a homoglyph of ledger.com");
  // The U-label is normalized to the same A-label.
  const LookalikeMatch u = engine().classify("ledg\u0435r.com");
  CHECK(u.kind == LookalikeKind::homoglyph);
  CHECK(u.host == "xn--ledgr-2we.com");
  CHECK(kind_of("l\u0435dg\u0435r.com") == LookalikeKind::homoglyph);
  CHECK(kind_of("1edger.com") == LookalikeKind::homoglyph);
  CHECK(kind_of("ledger.corn") == LookalikeKind::homoglyph);  // skeleton of the whole registrable domain
  CHECK(engine().classify("ledger.corn").official_domain == "ledger.com");
  CHECK(kind_of("1edger.io") == LookalikeKind::homoglyph);  // skeleton of the label, other suffix
  CHECK(engine().classify("1edger.io").official_domain == "ledger.com");
  CHECK(kind_of("1edgerwa11et.com") == LookalikeKind::homoglyph);
  CHECK(engine().classify("1edgerwa11et.com").official_domain == "ledgerwallet.com");
  CHECK(kind_of("rnetamask.io") == LookalikeKind::homoglyph);
  CHECK(engine().classify("rnetamask.io").brand_id == "metamask");
}

TEST_CASE("lookalike: TLD swaps", "[lookalike]") {
  for (const char* host : {"ledger.io", "ledger.co.uk", "www.ledger.io", "ledgerwallet.net", "metamask.com"}) {
    INFO(host);
    CHECK(kind_of(host) == LookalikeKind::tld_swap);
  }
  const LookalikeMatch m = engine().classify("ledger.co.uk");
  CHECK(m.official_domain == "ledger.com");
  CHECK(m.evidence == "ledger.co.uk is the name of ledger.com under another public suffix");
  CHECK(engine().classify("metamask.com").brand_id == "metamask");
}

TEST_CASE("lookalike: brand combos", "[lookalike]") {
  for (const char* host : {"ledger-support-center.com", "updates-ledger.com", "ledgerlive-update.net",
                           "secure-ledger1.com", "myledger.com", "ledgersupportcenter.com", "ledger-1.com",
                           "1edger-support.com", "ledger-not-a-brand.com", "mail.ledger-x.org", "metamask-help.io"}) {
    INFO(host);
    CHECK(kind_of(host) == LookalikeKind::brand_combo);
  }
  const LookalikeMatch m = engine().classify("updates-ledger.com");
  CHECK(m.brand_id == "ledger");
  CHECK(m.official_domain == "ledger");
  CHECK(m.evidence == "updates-ledger.com combines the brand keyword ledger with other words");
  CHECK(engine().classify("metamask-help.io").brand_id == "metamask");
  // The strongest kind over all brands, not the first brand: a TLD swap of
  // metamask.io beats ledger in the subdomains.
  CHECK(kind_of("ledger.metamask.xyz") == LookalikeKind::tld_swap);
  CHECK(engine().classify("ledger.metamask.xyz").brand_id == "metamask");
  // Two brands in one name: the first configured brand.
  CHECK(engine().classify("metamask-ledger.com").brand_id == "ledger");
  // A U-label with the keyword beside Japanese words.
  CHECK(kind_of("ledger\u30b5\u30dd\u30fc\u30c8.com") == LookalikeKind::brand_combo);
}

TEST_CASE("lookalike: brand names in the subdomains of a foreign domain", "[lookalike]") {
  const LookalikeMatch a = engine().classify("ledger.com.secure-verify.net");
  CHECK(a.kind == LookalikeKind::brand_subdomain);
  CHECK(a.brand_id == "ledger");
  CHECK(a.official_domain == "ledger.com");
  CHECK(a.evidence == "ledger.com.secure-verify.net puts ledger.com in a subdomain of secure-verify.net");
  const LookalikeMatch b = engine().classify("www-ledger-com.evil.net");
  CHECK(b.kind == LookalikeKind::brand_subdomain);
  CHECK(b.official_domain == "ledger.com");
  const LookalikeMatch c = engine().classify("ledger.login.example.org");
  CHECK(c.kind == LookalikeKind::brand_subdomain);
  CHECK(c.official_domain == "ledger");
  CHECK(kind_of("metamask.io.wallet-check.com") == LookalikeKind::brand_subdomain);
  CHECK(engine().classify("metamask.io.wallet-check.com").brand_id == "metamask");
  // A brand combo in the registrable label is the stronger reading.
  CHECK(kind_of("ledger.com.ledger-verify.net") == LookalikeKind::brand_combo);
}

TEST_CASE("lookalike: brand names on free hosting platforms", "[lookalike]") {
  for (const char* host : {"ledger-live.pages.dev", "sync-ledger1.firebaseapp.com", "ledger.web.app",
                           "www.ledger.com.netlify.app", "ledgre.github.io", "1edger.vercel.app",
                           "a.b.myledger.workers.dev", "metamask-restore.web.app"}) {
    INFO(host);
    CHECK(kind_of(host) == LookalikeKind::free_hosting);
  }
  const LookalikeMatch m = engine().classify("ledger-live.pages.dev");
  CHECK(m.brand_id == "ledger");
  CHECK(m.official_domain == "ledger");
  CHECK(m.evidence == "ledger-live.pages.dev puts ledger on the free hosting platform pages.dev");
  CHECK(engine().classify("www.ledger.com.netlify.app").official_domain == "ledger.com");
  CHECK(engine().classify("metamask-restore.web.app").brand_id == "metamask");
  // Not the brand: nothing, whatever the platform.
  for (const char* host : {"my-blog.github.io", "knowledge.pages.dev", "theledger.web.app", "pages.dev",
                           "github.io"}) {
    INFO(host);
    CHECK(kind_of(host) == LookalikeKind::none);
  }
}

TEST_CASE("lookalike: unrelated names and non-names are none", "[lookalike]") {
  const std::string long_host = std::string(60, 'a') + "." + std::string(60, 'b') + "." + std::string(60, 'c') + "." +
                                std::string(60, 'd') + "." + std::string(52, 'e') + ".com";  // 300 bytes
  REQUIRE(long_host.size() == 300);
  const std::string long_ledger = std::string(63, 'a') + "." + std::string(63, 'b') + "." + std::string(63, 'c') +
                                  "." + std::string(51, 'd') + ".ledger.com";  // 254 bytes, official if it were a name
  REQUIRE(long_ledger.size() == 254);
  const std::vector<std::string> hosts = {
      "knowledge.com", "theledger.com", "ledgerinsights.com", "ledgerwood.com", "mail.theledger.com",
      "google.com", "example.org", "sledgehammer.com", "led.com", "wedding.com",
      long_host, long_ledger, "[127.0.0.1]", "127.0.0.1", "", ".", "a..b", "ledger.com..",
      "..ledger.com", "ledger com", "ledger.com/x", "ledger@ledger.com", std::string("led\0ger.com", 11),
      "\xff\xfe\x80", "com", "co.uk",
  };
  for (const std::string& host : hosts) {
    INFO("host: " << host);
    const LookalikeMatch m = engine().classify(host);
    CHECK(m.kind == LookalikeKind::none);
    CHECK(m.brand_id.empty());
    CHECK(m.official_domain.empty());
    CHECK(m.evidence.empty());
  }
  // 253 bytes and the root's dot is still a name.
  const std::string longest = long_ledger.substr(1);
  REQUIRE(longest.size() == 253);
  CHECK(kind_of(longest) == LookalikeKind::official);
  CHECK(kind_of(longest + ".") == LookalikeKind::official);
  // A host that is a name but unrelated keeps its normalized form.
  CHECK(engine().classify("Example.ORG").host == "example.org");
  CHECK(engine().classify("[127.0.0.1]").host.empty());
  CHECK(engine().classify("a..b").host.empty());
}

TEST_CASE("lookalike: short official labels and keywords", "[lookalike]") {
  // Official labels under 5 characters get no typosquats and no variants.
  auto created = LookalikeEngine::create({BrandDomains{"hp", {"hp.com"}, {"hpe"}, {}}}, {});
  REQUIRE(created);
  CHECK((*created)->classify("hq.com").kind == LookalikeKind::none);
  CHECK((*created)->classify("hpp.com").kind == LookalikeKind::none);
  CHECK((*created)->classify("hp.de").kind == LookalikeKind::tld_swap);
  // A keyword under 4 characters only matches as a whole token.
  CHECK((*created)->classify("hpe-support.com").kind == LookalikeKind::brand_combo);
  CHECK((*created)->classify("hpesupport.com").kind == LookalikeKind::none);
}

TEST_CASE("lookalike: a brand with an IDN domain", "[lookalike]") {
  auto created = LookalikeEngine::create({BrandDomains{"buecher", {"B\u00dcCHER.de"}, {"b\u00fccher"}, {}}}, {});
  REQUIRE(created);
  const LookalikeEngine& e = **created;
  CHECK(e.classify("xn--bcher-kva.de").kind == LookalikeKind::official);
  CHECK(e.classify("www.b\u00fccher.de").kind == LookalikeKind::official);
  CHECK(e.classify("b\u00fccher.com").kind == LookalikeKind::tld_swap);
  CHECK(e.classify("b\u00fccher.com").official_domain == "xn--bcher-kva.de");
  CHECK(e.classify("b\u00fccher-shop.de").kind == LookalikeKind::brand_combo);
  // "bücher" has 6 characters (its A-label 12 octets): one edit only.
  CHECK(e.classify("b\u00fcchex.de").kind == LookalikeKind::typosquat);
  CHECK(e.classify("b\u00fcchxx.de").kind == LookalikeKind::none);
  // A-labels get no dnstwist variants, a skeleton match still counts.
  CHECK(e.classify("b\u00fcc\u04bber.de").kind == LookalikeKind::homoglyph);  // Cyrillic shha
  bool obfuscated = true;
  CHECK(e.brands_named_in("B\u00fccher", &obfuscated) == std::vector<std::string>{"buecher"});
  CHECK_FALSE(obfuscated);
}

// ---------------------------------------------------------- brands_named_in

TEST_CASE("lookalike: brands named plainly in text", "[lookalike]") {
  bool obfuscated = true;
  CHECK(names_ledger("Ledger Support", &obfuscated));
  CHECK_FALSE(obfuscated);
  obfuscated = true;
  CHECK(names_ledger("LEDGER", &obfuscated));
  CHECK_FALSE(obfuscated);
  obfuscated = true;
  CHECK(names_ledger("Your Ledger Live update", &obfuscated));
  CHECK_FALSE(obfuscated);
  obfuscated = true;
  CHECK(names_ledger("ledgersupport team", &obfuscated));  // glued with glue words
  CHECK_FALSE(obfuscated);
  obfuscated = true;
  CHECK(names_ledger("\u3010\u91cd\u8981\u3011Ledger\u30a6\u30a9\u30ec\u30c3\u30c8\u306e\u78ba\u8a8d", &obfuscated));
  CHECK_FALSE(obfuscated);
  obfuscated = true;
  CHECK(names_ledger("\u304a\u5ba2\u69d8\u3078\uff1aLedger Live\u306e\u30a2\u30c3\u30d7\u30c7\u30fc\u30c8",
                     &obfuscated));
  CHECK_FALSE(obfuscated);
  CHECK(names_ledger("Ledger", nullptr));  // obfuscated may be null
}

TEST_CASE("lookalike: brands named in disguise", "[lookalike]") {
  const char* disguised[] = {
      "Iedger",                                  // capital I for l
      "L\u0435\u0501g\u0435r",                   // Cyrillic е, ԁ
      "L e d g e r",                             // single letters
      "L.e.d.g.e.r",                             // single letters
      "L - e - d - g - e - r",                   // three characters between letters
      "L\U0001F525e\U0001F525d\U0001F525g\U0001F525e\U0001F525r",  // emoji between letters
      "Update a L e d g e r now",                // the run is "aledger"
      "Ledger Iive",                             // the keyword is plain, the name "Ledger Live" is not
      "1edger support",                          // digit one
      "Led\u200bger",                            // zero-width space
      "\u2113edger",                             // script small l
      "\xef\xbc\xac\xef\xbd\x85\xef\xbd\x84\xef\xbd\x87\xef\xbd\x85\xef\xbd\x92",  // fullwidth
      "LedgeLive",                               // one edit, glued
      "Ledgrsupport",                            // one edit, glued
      "supportLexger",                           // one edit in the first half, glued before
      "Ledgxrsupport",                           // one edit in the second half
      "Legdersupport",                           // the two middle letters swapped
      "Dear customer, your Legderlive account",  // the same among other words
      "\u13de\u13ac\u13a0\u13c0\u13ac\u13d2",    // Cherokee capitals
  };
  for (const char* text : disguised) {
    INFO(text);
    bool obfuscated = false;
    CHECK(names_ledger(text, &obfuscated));
    CHECK(obfuscated);
  }
}

TEST_CASE("lookalike: words that are not the brand", "[lookalike]") {
  for (const char* text : {"knowledge", "Hedger", "sledgehammer", "Knowledge base",
                           "theledger", "ledgerwood", "ledgerinsights", "hedge fund ledgers", "", "L e d",
                           "L    e    d    g    e    r", "L1e2d3g4e5r",
                           "L-\u00b7-\u00b7e-\u00b7-\u00b7d-\u00b7-\u00b7g-\u00b7-\u00b7e-\u00b7-\u00b7r",
                           "\u30ec\u30c3\u30b8\u30e3\u30fc\u306e\u304a\u77e5\u3089\u305b", "Instagram", "\xff\xfe"}) {
    INFO(text);
    bool obfuscated = true;
    const auto found = engine().brands_named_in(text, &obfuscated);
    CHECK(found.empty());
    CHECK_FALSE(obfuscated);
  }
}

TEST_CASE("lookalike: several brands in text, in configuration order", "[lookalike]") {
  bool obfuscated = true;
  CHECK(engine().brands_named_in("MetaMask and Ledger", &obfuscated) == std::vector<std::string>{"ledger", "metamask"});
  CHECK_FALSE(obfuscated);
  CHECK(engine().brands_named_in("Ledger ledger LEDGER", &obfuscated) == std::vector<std::string>{"ledger"});
  CHECK(engine().brands_named_in("Iedger and MetaMask", &obfuscated) == std::vector<std::string>{"ledger", "metamask"});
  CHECK(obfuscated);  // one brand disguised is enough
  CHECK(engine().brands_named_in("Ledger and Meta\u200bMask", &obfuscated) ==
        std::vector<std::string>{"ledger", "metamask"});
  CHECK(obfuscated);
  CHECK(engine().brands_named_in("metamask", &obfuscated) == std::vector<std::string>{"metamask"});
  CHECK_FALSE(obfuscated);
  // Single letters that fold to two ("m" -> "rn").
  CHECK(engine().brands_named_in("M e t a M a s k", &obfuscated) == std::vector<std::string>{"metamask"});
  CHECK(obfuscated);
  CHECK(engine().brands_named_in("m.e.t.a.m.a.s.k", &obfuscated) == std::vector<std::string>{"metamask"});
  CHECK(obfuscated);
  CHECK(engine().brands_named_in("Metarnask", &obfuscated) == std::vector<std::string>{"metamask"});
  CHECK(obfuscated);
}

TEST_CASE("lookalike: text beyond the input bound is ignored", "[lookalike]") {
  const std::string filler(Confusables::kMaxInputBytes, ' ');
  CHECK(engine().brands_named_in(filler + "Ledger", nullptr).empty());
  CHECK(engine().brands_named_in("Ledger" + filler, nullptr) == std::vector<std::string>{"ledger"});
}

TEST_CASE("lookalike: one engine answers the same from several threads", "[lookalike]") {
  const std::vector<std::string> hosts = {"ledger.com", "xn--ledgr-2we.com", "ledgar.com", "ledger-live.pages.dev",
                                          "ledger.com.secure-verify.net", "knowledge.com", "metamsak.io"};
  const std::vector<std::string> texts = {"Iedger Support", "L e d g e r", "knowledge", "MetaMask"};
  std::vector<LookalikeKind> kinds;
  for (const auto& h : hosts) kinds.push_back(kind_of(h));
  std::vector<std::vector<std::string>> named;
  for (const auto& t : texts) named.push_back(engine().brands_named_in(t, nullptr));
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < mismatches.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 200; ++round) {
        for (std::size_t i = 0; i < hosts.size(); ++i) mismatches[t] += kind_of(hosts[i]) != kinds[i];
        for (std::size_t i = 0; i < texts.size(); ++i) {
          mismatches[t] += engine().brands_named_in(texts[i], nullptr) != named[i];
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(mismatches == std::vector<int>(4, 0));
}

// ------------------------------------------------------------------ accents

TEST_CASE("lookalike: accented labels are homoglyphs once the accents are removed", "[lookalike]") {
  const LookalikeMatch m = engine().classify("l\u00e9dger.com");
  CHECK(m.kind == LookalikeKind::homoglyph);
  CHECK(m.brand_id == "ledger");
  CHECK(m.official_domain == "ledger.com");
  CHECK(m.host == "xn--ldger-bsa.com");
  CHECK(m.evidence == "xn--ldger-bsa.com (l\u00e9dger.com) is a homoglyph of ledger.com once accents are removed");
  struct Case {
    const char* host;
    const char* official;
  };
  const Case cases[] = {
      {"ledg\u00e9r.com", "ledger.com"},       {"LEDG\u00c9R.COM", "ledger.com"},
      {"le\u0301dger.com", "ledger.com"},      // combining acute: normalized to é first
      {"l\u00e8dger.fr", "ledger.fr"},         {"l\u00ebdg\u00ebr.io", "ledger.com"},
      {"ledg\u00e9r.co.uk", "ledger.com"},     {"1\u00e9dger.com", "ledger.com"},  // folded and stripped
      {"l\u00e9dgerwall\u00e9t.com", "ledgerwallet.com"}, {"m\u00e9tamask.io", "metamask.io"},
      {"l\u0451dger.com", "ledger.com"},       // Cyrillic ё: е once stripped, then folded
  };
  for (const Case& c : cases) {
    INFO(c.host);
    const LookalikeMatch r = engine().classify(c.host);
    CHECK(to_string(r.kind) == "homoglyph");
    CHECK(r.official_domain == c.official);
    CHECK_THAT(r.evidence, Catch::EndsWith("once accents are removed"));
  }
  CHECK(engine().classify("m\u00e9tamask.io").brand_id == "metamask");
}

TEST_CASE("lookalike: variants and typosquats of accented labels", "[lookalike]") {
  const LookalikeMatch t = engine().classify("l\u00e9dgre.com");
  CHECK(t.kind == LookalikeKind::transposition);
  CHECK(t.evidence == "xn--ldgre-bsa.com (l\u00e9dgre.com) is a transposition variant of ledger.com once accents "
                      "are removed");
  const LookalikeMatch f = engine().classify("1\u00e9dgre.com");
  CHECK(f.kind == LookalikeKind::transposition);
  CHECK_THAT(f.evidence, Catch::EndsWith("once accents are removed and look-alike characters are folded"));
  CHECK(kind_of("l\u00e9dgr.com") == LookalikeKind::omission);
  CHECK(kind_of("l\u00e9dg\u00e9rr.com") == LookalikeKind::repetition);
  // One edit once stripped (two characters as written): a typosquat.
  const LookalikeMatch x = engine().classify("l\u00e9dgxr.com");
  CHECK(x.kind == LookalikeKind::typosquat);
  CHECK(x.official_domain == "ledger.com");
  CHECK_THAT(x.evidence, Catch::EndsWith("is 1 edit from ledger.com once accents are removed"));
  const LookalikeMatch w = engine().classify("l\u00e9dgerwal\u00e9t.com");
  CHECK(w.kind == LookalikeKind::omission);
  CHECK(w.official_domain == "ledgerwallet.com");
  CHECK(kind_of("l\u00e9dgxrwalet.com") == LookalikeKind::typosquat);  // 2 from ledgerwallet once stripped
  CHECK(kind_of("l\u00e9dgxxwalet.com") == LookalikeKind::none);
  // "ledgçr": 'ç' for 'e' is one character edit however it is stripped.
  CHECK(kind_of("ledg\u00e7r.com") == LookalikeKind::typosquat);
}

TEST_CASE("lookalike: accented brand keywords in names", "[lookalike]") {
  CHECK(kind_of("l\u00e9dger-support.com") == LookalikeKind::brand_combo);
  CHECK(kind_of("s\u00e9cure-ledg\u00e9r.net") == LookalikeKind::brand_combo);
  CHECK(kind_of("l\u00e9dgerlive.net") == LookalikeKind::brand_combo);
  CHECK(kind_of("l\u00e9dger.pages.dev") == LookalikeKind::free_hosting);
  CHECK(kind_of("l\u00e9dgre.github.io") == LookalikeKind::free_hosting);
  const LookalikeMatch s = engine().classify("l\u00e9dger.com.secure-verify.net");
  CHECK(s.kind == LookalikeKind::brand_subdomain);
  CHECK(s.official_domain == "ledger.com");
  CHECK(kind_of("l\u00e9dger.login.example.org") == LookalikeKind::brand_subdomain);
}

TEST_CASE("lookalike: accented words that are not the brand", "[lookalike]") {
  // French, Spanish and German names and words; "léger" would be "leger",
  // an omission of ledger like leger.com, so it is not among them.
  for (const char* host : {"l\u00e9g\u00e8re.fr", "l\u00e9gende.fr", "all\u00e9g\u00e9.fr", "d\u00e9l\u00e9gu\u00e9.fr",
                           "caf\u00e9.fr", "llegu\u00e9.es", "se\u00f1or.es", "l\u00e4nder.de", "gel\u00e4nde.de",
                           "m\u00fcnchen.de", "l\u00f6sung.de", "m\u00e9t\u00e9o.fr"}) {
    INFO(host);
    CHECK(kind_of(host) == LookalikeKind::none);
  }
  // The official domain of an accented brand is still official, and its
  // accentless spelling is no homoglyph of it (the brand's own accents count).
  auto created = LookalikeEngine::create({BrandDomains{"buecher", {"b\u00fccher.de"}, {"b\u00fccher"}, {}}}, {});
  REQUIRE(created);
  CHECK((*created)->classify("b\u00fccher.de").kind == LookalikeKind::official);
  CHECK((*created)->classify("b\u00fcch\u00e9r.de").kind == LookalikeKind::typosquat);
  CHECK((*created)->classify("b\u00fcch\u00e9r.de").official_domain == "xn--bcher-kva.de");
}

TEST_CASE("lookalike: accented brand names in text are disguised", "[lookalike]") {
  const char* disguised[] = {
      "L\u00e9dger",                         // precomposed é
      "Le\u0301dger",                        // combining acute
      "LEDG\u00c9R",                         // capitals
      "Your L\u00e9dger Live update",
      "Ledger L\u00efve",                    // the keyword is plain, the name is not
      "L\u00e9dg\u00e9r support",
      "L \u00e9 d g \u00e9 r",               // single letters
      "L\u00e9dgeLive",                      // one edit, glued, once stripped
      "1\u00e9dger",                         // folded and stripped
      "L\u00e9\u0501g\u0435r",               // accent and Cyrillic
  };
  for (const char* text : disguised) {
    INFO(text);
    bool obfuscated = false;
    CHECK(names_ledger(text, &obfuscated));
    CHECK(obfuscated);
  }
  bool obfuscated = false;
  CHECK(engine().brands_named_in("M\u00e9taMask", &obfuscated) == std::vector<std::string>{"metamask"});
  CHECK(obfuscated);
}

TEST_CASE("lookalike: genuine accented text names the brand plainly or not at all", "[lookalike]") {
  for (const char* text : {"Caf\u00e9 Ledger", "Cr\u00e8me br\u00fbl\u00e9e chez Ledger", "Ledger \u00e0 Paris",
                           "Mise \u00e0 jour de Ledger Live", "Actualizaci\u00f3n de Ledger Nano",
                           "Sicherheitshinweis f\u00fcr Ledger-Nutzer", "\u00c9quipe Ledger"}) {
    INFO(text);
    bool obfuscated = true;
    CHECK(names_ledger(text, &obfuscated));
    CHECK_FALSE(obfuscated);
  }
  // French, Spanish and German words that look like the brand once their
  // accents are gone, and two near-misses that are no words.
  for (const char* text : {"l\u00e9g\u00e8re", "l\u00e9ger", "L\u00e9g\u00e8rement", "all\u00e9g\u00e9",
                           "L\u00e9gende", "d\u00e9l\u00e9gu\u00e9", "Un colis l\u00e9ger et s\u00e9curis\u00e9",
                           "llegu\u00e9", "Leg\u00f3 ayer", "L\u00f3gica", "L\u00e4nder", "Leder und Ger\u00e4te",
                           "Gel\u00e4nde", "L\u00f6sung", "l\u00e8dge", "Ledg\u00e9", "Caf\u00e9 cr\u00e8me"}) {
    INFO(text);
    bool obfuscated = true;
    CHECK(engine().brands_named_in(text, &obfuscated).empty());
    CHECK_FALSE(obfuscated);
  }
}

// --------------------------------------------------------------- glue words

TEST_CASE("lookalike: glue words seen in phishing", "[lookalike]") {
  for (const char* host : {"ledgersafe.com", "wwwledger.com", "ledger-airdrop-claim.net", "ledgerpay.com",
                           "ledgervault.io", "ledgersecurity.com", "ledgeralert.net", "ledger-secured.com",
                           "ledgerrecover.app", "myledgerrewards.com", "ledgerkyc.com", "ledgernftclaim.xyz",
                           "ledgerdappsync.com", "ledgersupportassistance.com", "metamasktokens.io"}) {
    INFO(host);
    CHECK(kind_of(host) == LookalikeKind::brand_combo);
  }
  CHECK(engine().classify("metamasktokens.io").brand_id == "metamask");
  for (const char* text : {"LedgerPay", "Ledger-secured", "ledgersafe", "wwwledger", "LedgerVault alert",
                           "LedgerSecurity", "ledgeralert", "Ledger Airdrop Claim", "LedgerRewards"}) {
    INFO(text);
    bool obfuscated = true;
    CHECK(names_ledger(text, &obfuscated));
    CHECK_FALSE(obfuscated);
  }
  // Still other words: "the" is no glue word, nor are the rest of these.
  for (const char* host : {"ledgerwood.com", "ledgerinsights.com", "theledger.com", "knowledge.com",
                           "knowledgehub.com", "theledgerportal.com"}) {
    INFO(host);
    CHECK(kind_of(host) == LookalikeKind::none);
  }
  for (const char* text : {"ledgerwood", "Ledgerwood", "ledgerinsights", "theledger", "knowledge", "Knowledge Hub",
                           "knowledgebase", "pledgesafe", "hedgerewards"}) {
    INFO(text);
    bool obfuscated = true;
    CHECK(engine().brands_named_in(text, &obfuscated).empty());
    CHECK_FALSE(obfuscated);
  }
}

// ------------------------------------------------------- invisible characters

TEST_CASE("lookalike: invisible characters beside a plain brand name", "[lookalike]") {
  const char* disguised[] = {
      "Ledger\u200bLive",       // zero-width space between the words of a name
      "Ledger\u200b Live",
      "\u200bLedger",           // before the keyword
      "Ledger\u2060",           // word joiner after it
      "Ledger\u00ad Support",   // soft hyphen
      "Ledger\ufe0f",           // variation selector after a letter
      "\u202eLedger",           // bidi override
      "Your Ledger\u200dLive",  // zero-width joiner
  };
  for (const char* text : disguised) {
    INFO(text);
    bool obfuscated = false;
    CHECK(names_ledger(text, &obfuscated));
    CHECK(obfuscated);
  }
  // Ordinary text: an emoji's variation selector, a bidi mark in
  // right-to-left text, no invisible character beside the name.
  for (const char* text : {"\u2764\ufe0fLedger", "\u05e9\u05dc\u05d5\u05dd \u200fLedger", "Ledger \u2764\ufe0f",
                           "\U0001F469\u200d\U0001F4BB Ledger Live", "Ledger\u00a0Live"}) {
    INFO(text);
    bool obfuscated = true;
    CHECK(names_ledger(text, &obfuscated));
    CHECK_FALSE(obfuscated);
  }
  // One place written plainly is enough, as for folded disguises.
  bool obfuscated = true;
  CHECK(names_ledger("Ledger\u200b and Ledger", &obfuscated));
  CHECK_FALSE(obfuscated);
  CHECK(names_ledger("Ledger Live and Ledger\u200bLive", &obfuscated));
  CHECK_FALSE(obfuscated);
}
