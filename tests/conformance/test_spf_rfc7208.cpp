// RFC 7208 conformance: the openspf/pyspf suite (data/spf-rfc7208, 203
// cases) through SpfVerifier over our Resolver in zonefile mode.
//
// Serving the suite's zonedata: each scenario gets its own hermetic
// Resolver. As the suite asks of drivers, type-SPF records are also served
// as TXT for names that have no TXT record (only TXT is looked up, RFC 7208
// 3.1). TIMEOUT entries become injected timeouts for every type of the
// name. Strings are UTF-8 as YAML decodes them; bytes outside printable
// ASCII are written as \DDD escapes in the RR lines.
//
// Known deviations (asserted below, so a regression or a fix shows up):
// see kKnownDeviations; each has its reason next to it.
#include <catch2/catch.hpp>

#include <cctype>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "auth/spf.hpp"
#include "dns/lookup_budget.hpp"
#include "dns/resolver.hpp"

using namespace brandguard::policy;
using namespace std::chrono_literals;

namespace {

// case name -> why our result differs from the suite's.
const std::map<std::string, std::string> kKnownDeviations = {
    {"a-cidr4-0",
     "libspf2 refuses a CIDR length of /0 (RFC 4408 behaviour); RFC 7208 allows it"},
    {"a-cidr4-0-ip6",
     "libspf2 refuses a CIDR length of /0 (RFC 4408 behaviour); RFC 7208 allows it"},
    {"a-cidr6-0-ip4",
     "libspf2 refuses a CIDR length of /0 (RFC 4408 behaviour); RFC 7208 allows it"},
    {"a-cidr6-0-ip4mapped",
     "libspf2 refuses a CIDR length of /0 (RFC 4408 behaviour); RFC 7208 allows it"},
    {"a-cidr6-0-ip6",
     "libspf2 refuses a CIDR length of /0 (RFC 4408 behaviour); RFC 7208 allows it"},
    {"a-cidr6-0-nxdomain",
     "libspf2 refuses a CIDR length of /0 (RFC 4408 behaviour); RFC 7208 allows it"},
    {"a-nxdomain",
     "libspf2 refuses a CIDR length of /0 (RFC 4408 behaviour); RFC 7208 allows it"},
    {"cidr4-0",
     "libspf2 refuses a CIDR length of /0 (RFC 4408 behaviour); RFC 7208 allows it"},
    {"cidr6-0",
     "libspf2 refuses a CIDR length of /0 (RFC 4408 behaviour); RFC 7208 allows it"},
    {"cidr6-0-ip4",
     "libspf2 refuses a CIDR length of /0 (RFC 4408 behaviour); RFC 7208 allows it"},
    {"cidr6-ip4",
     "libspf2 refuses a CIDR length of /0 (RFC 4408 behaviour); RFC 7208 allows it"},
    {"cname-aliasing",
     "zonefile mode: libunbound local-data does not chase a CNAME to another local name (real DNS does)"},
    {"exp-void",
     "our void-lookup count includes libspf2's exp= TXT lookup, which we cannot tell apart in the DNS layer"},
    {"include-over-limit",
     "libspf2 does not count mechanisms inside included records against the 10-lookup limit"},
    {"modifier-charset-good",
     "libspf2 refuses a modifier name with a dot, dash or underscore (moo.cow-far_out=), which RFC 7208 allows"},
    {"mx-cidr4-0",
     "libspf2 refuses a CIDR length of /0 (RFC 4408 behaviour); RFC 7208 allows it"},
    {"mx-cidr4-0-ip6",
     "libspf2 refuses a CIDR length of /0 (RFC 4408 behaviour); RFC 7208 allows it"},
    {"mx-cidr6-0-ip4",
     "libspf2 refuses a CIDR length of /0 (RFC 4408 behaviour); RFC 7208 allows it"},
    {"mx-cidr6-0-ip4mapped",
     "libspf2 refuses a CIDR length of /0 (RFC 4408 behaviour); RFC 7208 allows it"},
    {"mx-cidr6-0-ip6",
     "libspf2 refuses a CIDR length of /0 (RFC 4408 behaviour); RFC 7208 allows it"},
    {"mx-cidr6-0-nxdomain",
     "libspf2 refuses a CIDR length of /0 (RFC 4408 behaviour); RFC 7208 allows it"},
    {"mx-nxdomain",
     "libspf2 refuses a CIDR length of /0 (RFC 4408 behaviour); RFC 7208 allows it"},
    {"redirect-after-mechanisms1",
     "libspf2 evaluates redirect= targets while parsing, so limits hit before the mechanisms decide"},
    {"redirect-after-mechanisms2",
     "libspf2 evaluates redirect= targets while parsing, so limits hit before the mechanisms decide"},
};

std::string escape_txt(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
      out += fmt::format("\\{:03d}", static_cast<unsigned>(c));
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out + "\"";
}

// Absolute presentation-format name, with \DDD for unusual bytes.
std::string absolute(const std::string& name) {
  std::string out;
  for (unsigned char c : name) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("\\{:03d}", static_cast<unsigned>(c));
    }
  }
  if (out.empty() || out.back() != '.') out.push_back('.');
  return out;
}

struct Scenario {
  std::vector<std::string> records;
  // name -> types that time out (TIMEOUT on a name times out every type
  // the name has no data for: "TXT record present, but SPF lookup times out").
  std::map<std::string, std::set<dns::RrType>> timeouts;
  std::vector<std::string> skipped;  // records our zone format cannot carry
};

// TXT value: a string, or a list of strings (one record of several strings).
std::string txt_rdata(const YAML::Node& value) {
  if (value.IsSequence()) {
    std::string out;
    for (const auto& part : value) out += (out.empty() ? "" : " ") + escape_txt(part.as<std::string>());
    return out.empty() ? std::string() : out;
  }
  std::string text = value.as<std::string>();
  // A single string over 255 bytes is split like a DNS server would.
  std::string out;
  for (std::size_t i = 0; i < text.size() || i == 0; i += 255) {
    out += (out.empty() ? "" : " ") + escape_txt(text.substr(i, 255));
    if (text.empty()) break;
  }
  return out;
}

Scenario build_scenario(const YAML::Node& zonedata) {
  Scenario s;
  for (auto it = zonedata.begin(); it != zonedata.end(); ++it) {
    const std::string owner = absolute(it->first.as<std::string>());
    // A copy: `it->second` lives in a proxy that dies with the expression.
    const YAML::Node entries = it->second;
    bool has_txt = false;
    std::set<std::string> types;
    // "TXT: NONE" means: no TXT record, and do not copy SPF to TXT.
    const auto is_none = [](const YAML::Node& v) { return v.IsScalar() && v.as<std::string>() == "NONE"; };
    for (const auto& rr : entries) {
      if (!rr.IsMap()) continue;
      const std::string type = rr.begin()->first.as<std::string>();
      if (type == "TXT") has_txt = true;
      if (!(type == "TXT" && is_none(rr.begin()->second))) types.insert(type);
    }
    if (types.count("SPF") != 0 && !has_txt) types.insert("TXT");
    const std::map<std::string, dns::RrType> all_types = {
        {"A", dns::RrType::a},     {"AAAA", dns::RrType::aaaa}, {"MX", dns::RrType::mx},
        {"TXT", dns::RrType::txt}, {"PTR", dns::RrType::ptr},   {"SPF", dns::RrType::spf},
        {"CNAME", dns::RrType::cname}};
    for (const auto& rr : entries) {
      if (rr.IsScalar()) {
        if (rr.as<std::string>() == "TIMEOUT") {
          for (const auto& [type_name, type] : all_types) {
            if (types.count(type_name) == 0) s.timeouts[owner].insert(type);
          }
        }
        continue;
      }
      const std::string type = rr.begin()->first.as<std::string>();
      const YAML::Node value = rr.begin()->second;
      std::vector<std::string> lines;
      if (type == "TXT" && is_none(value)) continue;
      if (type == "TXT" || (type == "SPF" && !has_txt)) {
        const std::string rdata = txt_rdata(value);
        if (rdata.empty()) {
          s.skipped.push_back(owner + " TXT with no strings");
          continue;
        }
        lines.push_back(fmt::format("{} 300 IN TXT {}", owner, rdata));
      } else if (type == "SPF") {
        continue;  // type 99 is never looked up
      } else if (type == "A" || type == "AAAA") {
        lines.push_back(fmt::format("{} 300 IN {} {}", owner, type, value.as<std::string>()));
      } else if (type == "MX") {
        const std::string exchange = value[1].as<std::string>();
        lines.push_back(fmt::format("{} 300 IN MX {} {}", owner, value[0].as<int>(), exchange.empty() ? "." : absolute(exchange)));
      } else if (type == "PTR" || type == "CNAME") {
        lines.push_back(fmt::format("{} 300 IN {} {}", owner, type, absolute(value.as<std::string>())));
      } else {
        s.skipped.push_back(owner + " " + type);
      }
      for (auto& l : lines) s.records.push_back(std::move(l));
    }
  }
  return s;
}

std::set<std::string> expected_results(const YAML::Node& result) {
  std::set<std::string> out;
  if (result.IsSequence()) {
    for (const auto& r : result) out.insert(r.as<std::string>());
  } else {
    out.insert(result.as<std::string>());
  }
  return out;
}

}  // namespace

TEST_CASE("spf: RFC 7208 conformance suite", "[spf][conformance]") {
  const auto documents = YAML::LoadAllFromFile(BRANDGUARD_CONFORMANCE_DATA "/spf-rfc7208/rfc7208-tests.yml");
  int total = 0, as_expected = 0;
  std::map<std::string, std::string> deviations;  // case -> what we got
  for (const auto& doc : documents) {
    if (!doc["tests"]) continue;
    Scenario scenario = build_scenario(doc["zonedata"]);
    dns::ResolverSettings settings;
    settings.mode = dns::Mode::zonefile;
    settings.timeout = 200ms;
    dns::ResolverSettings with_records = settings;
    with_records.records = scenario.records;
    auto filled = dns::Resolver::create(with_records);
    if (!filled) FAIL(fmt::format("scenario '{}': {}", doc["description"].as<std::string>(), filled.error()));
    for (const auto& [name, types] : scenario.timeouts) {
      for (auto type : types) (*filled)->inject(name, type, dns::Status::timeout);
    }
    auto verifier = auth::SpfVerifier::create(**filled, "receiver.test");
    REQUIRE(verifier);
    const YAML::Node tests = doc["tests"];
    for (auto it = tests.begin(); it != tests.end(); ++it) {
      const std::string name = it->first.as<std::string>();
      const YAML::Node t = it->second;
      const std::string host = t["host"].as<std::string>();
      const std::string helo = t["helo"] ? t["helo"].as<std::string>() : std::string();
      const std::string mail_from = t["mailfrom"] ? t["mailfrom"].as<std::string>() : std::string();
      const auto want = expected_results(t["result"]);
      dns::LookupBudget budget(1000);
      const auth::SpfOutcome got = (*verifier)->check_mail_from(
          auth::SpfRequest{host, helo, mail_from}, budget, std::chrono::steady_clock::now() + 2s);
      ++total;
      const std::string result(auth::to_string(got.result));
      if (want.count(result) != 0) {
        ++as_expected;
      } else {
        std::string wanted;
        for (const auto& w : want) wanted += (wanted.empty() ? "" : "|") + w;
        deviations[name] = fmt::format("got {} ({}), suite says {}", result, got.reason, wanted);
      }
    }
  }
  fmt::print("RFC 7208 suite: {}/{} as expected\n", as_expected, total);
  for (const auto& [name, what] : deviations) {
    const auto known = kKnownDeviations.find(name);
    fmt::print("  {} {}: {}{}\n", known != kKnownDeviations.end() ? "known" : "NEW  ", name, what,
               known != kKnownDeviations.end() ? " -- " + known->second : "");
  }
  CHECK(total == 203);
  std::set<std::string> got_names, known_names;
  for (const auto& d : deviations) got_names.insert(d.first);
  for (const auto& d : kKnownDeviations) known_names.insert(d.first);
  CHECK(got_names == known_names);
}
