#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

#include <filesystem>
#include <fstream>
#include <string>
#include <unordered_set>

#include "brand/brand_check.hpp"
#include "config.hpp"

using namespace brandguard::config;
namespace fs = std::filesystem;

namespace {

// A configuration directory with brandguard.yaml and brand files, removed
// at scope end.
struct ConfigDir {
  fs::path dir;
  ConfigDir() {
    // mkdtemp, never a guessable /tmp name (S6, CVE-2020-35766).
    std::string pattern = (fs::temp_directory_path() / "bg-brand-config-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir = pattern;
    fs::create_directories(dir / "brands");
  }
  ~ConfigDir() { fs::remove_all(dir); }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name) << text;
  }
  fs::path main() const { return dir / "brandguard.yaml"; }
};

const char* kHeader = "dns:\n  mode: zonefile\n";

const char* kGoodBrand = R"(id: acme
name: Acme
names: [Acme, Acme Pay]
keywords: [acme]
official_domains: [acme.example, acme-pay.example]
authorized_senders:
  - domain: mailer.example
    note: newsletters
phone_numbers: ["+33123456789"]
never_asks: [recovery_phrase, pin]
order_numbers: ['ACM-[0-9]{6}']
)";

std::string errors(const tl::expected<Config, std::vector<ConfigError>>& r) {
  std::string out;
  if (!r) {
    for (const auto& e : r.error()) out += e.to_string() + "\n";
  }
  return out;
}

const brandguard::policy::brand::BrandRegistry* registry_of(const Config& c) {
  for (const auto& check : c.snapshot->checks) {
    if (auto* b = dynamic_cast<const brandguard::policy::brand::BrandCheckFactory*>(check.get())) return &b->registry();
  }
  return nullptr;
}

}  // namespace

TEST_CASE("brand config: brand files beside the main file are read by default", "[config][brands]") {
  ConfigDir d;
  d.write("brandguard.yaml", kHeader);
  d.write("brands/acme.yaml", kGoodBrand);
  auto r = load(d.main());
  REQUIRE(errors(r) == "");
  const auto* registry = registry_of(*r);
  REQUIRE(registry != nullptr);
  REQUIRE(registry->brands().size() == 1);
  const auto& acme = registry->brands()[0];
  CHECK(acme.id == "acme");
  CHECK(acme.official_domains == std::vector<std::string>{"acme.example", "acme-pay.example"});
  REQUIRE(acme.authorized_senders.size() == 1);
  CHECK(acme.authorized_senders[0].domain == "mailer.example");
  CHECK(acme.phone_numbers == std::vector<std::string>{"+33123456789"});
  CHECK(acme.never_asks.size() == 2);
  CHECK(registry->lookalikes().classify("acme-pay-support.example").kind ==
        brandguard::policy::brand::LookalikeKind::brand_combo);
}

TEST_CASE("brand config: no brands folder and no files key means no brand check", "[config][brands]") {
  ConfigDir d;
  fs::remove_all(d.dir / "brands");
  d.write("brandguard.yaml", kHeader);
  auto r = load(d.main());
  REQUIRE(errors(r) == "");
  CHECK(registry_of(*r) == nullptr);
}

TEST_CASE("brand config: a changed brand file changes the snapshot version", "[config][brands]") {
  ConfigDir d;
  d.write("brandguard.yaml", kHeader);
  d.write("brands/acme.yaml", kGoodBrand);
  auto a = load(d.main());
  d.write("brands/acme.yaml", std::string(kGoodBrand) + "link_hosts: [cdn.example]\n");
  auto b = load(d.main());
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->snapshot->version != b->snapshot->version);
}

TEST_CASE("brand config: errors in a brand file name the file, line and key", "[config][brands]") {
  ConfigDir d;
  d.write("brandguard.yaml", kHeader);
  SECTION("public suffix as an official domain") {
    d.write("brands/acme.yaml", "id: acme\nname: Acme\nofficial_domains: [co.uk]\n");
    const auto e = errors(load(d.main()));
    CHECK(e.find("acme.yaml") != std::string::npos);
    CHECK(e.find("\"co.uk\" is a public suffix") != std::string::npos);
  }
  SECTION("phone number not in E.164") {
    d.write("brands/acme.yaml", "id: acme\nname: Acme\nofficial_domains: [acme.example]\nphone_numbers: ['01 23 45']\n");
    CHECK(errors(load(d.main())).find("is not E.164") != std::string::npos);
  }
  SECTION("order number pattern that does not compile") {
    d.write("brands/acme.yaml", "id: acme\nname: Acme\nofficial_domains: [acme.example]\norder_numbers: ['ACM-(']\n");
    const auto e = errors(load(d.main()));
    CHECK(e.find("order_numbers[0]") != std::string::npos);
    CHECK(e.find("does not compile") != std::string::npos);
  }
  SECTION("unknown key and unknown secret") {
    d.write("brands/acme.yaml",
            "id: acme\nname: Acme\nofficial_domains: [acme.example]\nnever_ask: [pin]\nnever_asks: [mothers_maiden_name]\n");
    const auto e = errors(load(d.main()));
    CHECK(e.find("never_ask: unknown key") != std::string::npos);
    CHECK(e.find("mothers_maiden_name") != std::string::npos);
  }
  SECTION("the same id twice") {
    d.write("brands/acme.yaml", kGoodBrand);
    d.write("brands/acme2.yaml", kGoodBrand);
    CHECK(errors(load(d.main())).find("brand acme is defined twice") != std::string::npos);
  }
  SECTION("missing id and official domains") {
    d.write("brands/acme.yaml", "name: Acme\n");
    const auto e = errors(load(d.main()));
    CHECK(e.find("id: required") != std::string::npos);
    CHECK(e.find("official_domains: required") != std::string::npos);
  }
  SECTION("not YAML") {
    d.write("brands/acme.yaml", "id: [unclosed\n");
    CHECK(errors(load(d.main())).find("acme.yaml") != std::string::npos);
  }
}

TEST_CASE("brand config: unknown score names are errors", "[config][brands]") {
  ConfigDir d;
  d.write("brandguard.yaml", std::string(kHeader) + "brands:\n  scores: {BRAND_NAME_SPOOOF: 3}\n");
  d.write("brands/acme.yaml", kGoodBrand);
  CHECK(errors(load(d.main())).find("BRAND_NAME_SPOOOF: unknown key") != std::string::npos);
}

TEST_CASE("brand config: the first-seen store is opened by the daemon, never offline", "[config][brands]") {
  ConfigDir d;
  d.write("brands/acme.yaml", kGoodBrand);
  const fs::path store = d.dir / "first-seen.db";
  d.write("brandguard.yaml", std::string(kHeader) + "brands:\n  first_seen:\n    path: " + store.string() +
                                 "\n    new_for_days: 2\n    slots: 2048\n");
  LoadOptions offline;
  offline.offline = true;
  auto a = load(d.main(), offline);
  REQUIRE(errors(a) == "");
  CHECK_FALSE(fs::exists(store));
  CHECK(registry_of(*a)->settings().first_seen == nullptr);

  auto b = load(d.main());
  REQUIRE(errors(b) == "");
  CHECK(fs::exists(store));
  REQUIRE(registry_of(*b)->settings().first_seen != nullptr);
  CHECK(registry_of(*b)->settings().first_seen->slots() == 2048);
  CHECK(registry_of(*b)->settings().new_for_days == 2);
}

TEST_CASE("brand config: a first-seen path that cannot be used is a load error", "[config][brands]") {
  ConfigDir d;
  d.write("brands/acme.yaml", kGoodBrand);
  SECTION("relative path") {
    d.write("brandguard.yaml", std::string(kHeader) + "brands:\n  first_seen: {path: first-seen.db}\n");
    CHECK(errors(load(d.main())).find("brands.first_seen.path: required: an absolute path") != std::string::npos);
  }
  SECTION("missing directory") {
    d.write("brandguard.yaml", std::string(kHeader) + "brands:\n  first_seen: {path: " + (d.dir / "no/such.db").string() + "}\n");
    CHECK(errors(load(d.main())).find("cannot open") != std::string::npos);
  }
  SECTION("a file that is not a store") {
    d.write("notes.txt", "not a store");
    d.write("brandguard.yaml", std::string(kHeader) + "brands:\n  first_seen: {path: " + (d.dir / "notes.txt").string() + "}\n");
    CHECK(errors(load(d.main())).find("not a BrandGuard first-seen store") != std::string::npos);
  }
}

TEST_CASE("brand config: a newly-registered-domain feed is read line by line, comments and blanks skipped",
          "[config][brands]") {
  ConfigDir d;
  d.write("brands/acme.yaml", kGoodBrand);
  d.write("nrd.txt", "# feed of 2026-11-23\n\n  Ledger-Verify.EXAMPLE  # seen twice\r\nacme-pay-help.example\n");
  d.write("brandguard.yaml", std::string(kHeader) + "brands:\n  newly_registered_domains: nrd.txt\n");
  auto r = load(d.main());
  REQUIRE(errors(r) == "");
  CHECK(registry_of(*r)->settings().newly_registered ==
        std::unordered_set<std::string>{"ledger-verify.example", "acme-pay-help.example"});

  d.write("nrd.txt", "ok.example\n# comment\nnot a domain!\n");
  const auto e = errors(load(d.main()));
  CHECK(e.find("nrd.txt:3: not a domain name") != std::string::npos);
}

TEST_CASE("brand config: symlinked and world-writable brand and rule files are refused, not skipped (S6)",
          "[brand_config]") {
  ConfigDir d;
  d.write("brandguard.yaml", kHeader);
  d.write("elsewhere.yaml", kGoodBrand);
  fs::create_symlink(d.dir / "elsewhere.yaml", d.dir / "brands" / "acme.yaml");
  std::string e = errors(load(d.main()));
  CHECK(e.find("acme.yaml: refused: a symbolic link") != std::string::npos);

  fs::remove(d.dir / "brands" / "acme.yaml");
  d.write("brands/acme.yaml", kGoodBrand);
  REQUIRE(load(d.main()).has_value());
  ::chmod((d.dir / "brands" / "acme.yaml").c_str(), 0666);
  e = errors(load(d.main()));
  CHECK(e.find("acme.yaml: refused: the file is world-writable") != std::string::npos);
  ::chmod((d.dir / "brands" / "acme.yaml").c_str(), 0644);

  // Included rule files: the same.
  fs::create_directories(d.dir / "rules.d");
  d.write("rules.yaml", "- {symbol: R_ONE, field: \"header:Subject\", literal: [x], score: 1}\n");
  fs::create_symlink(d.dir / "rules.yaml", d.dir / "rules.d" / "one.yaml");
  d.write("brandguard.yaml", std::string(kHeader) + "include_rules: [\"rules.d/*.yaml\"]\n");
  e = errors(load(d.main()));
  CHECK(e.find("one.yaml: refused: a symbolic link") != std::string::npos);
}
