#include <catch2/catch.hpp>

#include <set>

#include "pipeline/offline_scan.hpp"
#include "pipeline/transaction.hpp"
#include "brand/brand_registry.hpp"
#include "rules/rule_set.hpp"

using namespace brandguard::policy;
using rules::Field;
using rules::RuleSpec;

namespace {
std::shared_ptr<Snapshot> with_rules(std::vector<RuleSpec> specs) {
  auto s = std::make_shared<Snapshot>();
  auto factory = rules::RuleSetFactory::create(std::move(specs));
  if (!factory) FAIL(factory.error());
  s->checks.push_back(std::move(*factory));
  return s;
}
RuleSpec rule(std::string symbol, Field field, std::vector<std::string> literals, double score,
              std::string header = {}) {
  RuleSpec r;
  r.symbol = std::move(symbol);
  r.field = field;
  r.header = std::move(header);
  r.literals = std::move(literals);
  r.score = score;
  return r;
}
const char* kPhish =
    "From: =?UTF-8?Q?Ledger_Support?= <support@ledger-care.test>\r\n"
    "Subject: =?UTF-8?B?VsOpcmlmaWV6IHZvdHJlIGNvbXB0ZQ==?=\r\n"
    "X-Spam-Flag: YES\r\n"
    "Content-Type: text/html; charset=UTF-8\r\n\r\n"
    "<p>Entrez votre <b>phrase de r&eacute;cup&eacute;ration</b></p>"
    "<a href=\"https://login.ledger-care.test:8443/verify\">https://www.ledger.com</a>\r\n";
}  // namespace

TEST_CASE("rules: header fields match phrases caseless, once per message", "[rules]") {
  Transaction t(with_rules({rule("SPAM_FLAG", Field::header, {"yes"}, 3.0, "X-Spam-Flag")}));
  t.mail_from("a@b", "");
  t.header("x-spam-flag", " YES");
  t.header("X-Spam-Flag", " yes again");
  const Verdict v = t.end_of_message();
  REQUIRE(v.symbols.size() == 1);
  CHECK(v.symbols[0].name == "SPAM_FLAG");
  CHECK(v.symbols[0].score == 3.0);
  CHECK(v.symbols[0].evidence == "X-Spam-Flag matches \"yes\"");
  t.mail_from("a@b", "");
  t.header("Subject", " yes");
  CHECK(t.end_of_message().symbols.empty());
}

TEST_CASE("rules: decoded subject, display name, body text and links", "[rules]") {
  RuleSpec regex = rule("LINK_HOST", Field::link_host, {}, 2.0);
  regex.regexes = {"ledger-[a-z]+\\.test"};
  auto snapshot = with_rules({rule("SUBJ", Field::subject, {"vérifiez"}, 1.0),
                              rule("NAME", Field::display_name, {"ledger support"}, 1.0),
                              rule("SEED_FR", Field::body_text, {"phrase de récupération"}, 4.0),
                              rule("LINK_TEXT", Field::link_text, {"www.ledger.com"}, 1.0), regex});
  const ScanResult r = scan_message(snapshot, ScanEnvelope{}, kPhish);
  std::set<std::string> names;
  std::string host_evidence;
  for (const auto& s : r.verdict.symbols) {
    names.insert(s.name);
    if (s.name == "LINK_HOST") host_evidence = s.evidence;
  }
  CHECK(names == std::set<std::string>{"SUBJ", "NAME", "SEED_FR", "LINK_TEXT", "LINK_HOST"});
  CHECK(r.verdict.score == Approx(9.0));
  CHECK(host_evidence == "link.host matches \"ledger-[a-z]+\\.test\"");
}

TEST_CASE("rules: a monitor rule is reported with score 0", "[rules]") {
  RuleSpec r = rule("TRIAL", Field::body_text, {"récupération"}, 10.0);
  r.monitor = true;
  const ScanResult result = scan_message(with_rules({r}), ScanEnvelope{}, kPhish);
  REQUIRE(result.verdict.symbols.size() == 1);
  CHECK(result.verdict.symbols[0].score == 0.0);
  CHECK(result.verdict.symbols[0].evidence.find("(monitor)") != std::string::npos);
  CHECK(result.verdict.action == Action::accept);
}

TEST_CASE("rules: envelope fields", "[rules]") {
  ScanEnvelope env;
  env.mail_from = "bounce@ledger-care.test";
  env.helo = "mail.ledger-care.test";
  const ScanResult r = scan_message(
      with_rules({rule("ENV_FROM", Field::mail_from, {"ledger-care"}, 1.0), rule("HELO", Field::helo, {"ledger-care"}, 1.0)}),
      env, "Subject: x\r\n\r\nbody\r\n");
  CHECK(r.verdict.symbols.size() == 2);
}

TEST_CASE("rules: fields parse from their config names", "[rules]") {
  CHECK(rules::parse_field("header:X-Spam")->first == Field::header);
  CHECK(rules::parse_field("header:X-Spam")->second == "X-Spam");
  CHECK(rules::parse_field("body.text")->first == Field::body_text);
  CHECK_FALSE(rules::parse_field("body").has_value());
  CHECK(rules::field_name(Field::link_host) == "link.host");
}

namespace {
std::set<std::string> symbols_of(const ScanResult& r) {
  std::set<std::string> names;
  for (const auto& s : r.verdict.symbols) names.insert(s.name);
  return names;
}
std::string evidence_of(const ScanResult& r, const std::string& name) {
  for (const auto& s : r.verdict.symbols) {
    if (s.name == name) return s.evidence;
  }
  return "";
}
}  // namespace

TEST_CASE("rules: from.domain, rcpt and client fields", "[rules]") {
  ScanEnvelope env;
  env.rcpt = {"alice@corp.test", "finance@corp.test"};
  env.client_ip = "192.0.2.7";
  env.client_name = "mx.bulk-sender.test";
  const ScanResult r = scan_message(with_rules({rule("FROM_DOMAIN", Field::from_domain, {"ledger-care.test"}, 1.0),
                                                rule("TO_FINANCE", Field::rcpt, {"finance@"}, 1.0),
                                                rule("CLIENT_IP", Field::client_ip, {"192.0.2.7"}, 1.0),
                                                rule("CLIENT_NAME", Field::client_name, {"bulk-sender"}, 1.0)}),
                                    env, kPhish);
  CHECK(symbols_of(r) == std::set<std::string>{"FROM_DOMAIN", "TO_FINANCE", "CLIENT_IP", "CLIENT_NAME"});
}

TEST_CASE("rules: list entries match domains with their subdomains and addresses exactly", "[rules]") {
  auto list = std::make_shared<rules::ListEntries>(rules::ListEntries{"ledger-care.test", "boss@corp.test"});
  RuleSpec link = rule("LISTED_LINK", Field::link_host, {}, 2.0);
  link.list = list;
  link.list_name = "blocked.txt";
  RuleSpec from = rule("LISTED_FROM", Field::from_address, {}, 2.0);
  from.list = list;
  from.list_name = "blocked.txt";
  RuleSpec name = rule("LISTED_NAME", Field::display_name, {}, 2.0);
  name.list = list;
  const ScanResult r = scan_message(with_rules({link, from, name}), ScanEnvelope{}, kPhish);
  CHECK(symbols_of(r) == std::set<std::string>{"LISTED_LINK", "LISTED_FROM"});
  CHECK(evidence_of(r, "LISTED_LINK") == "link.host ledger-care.test is in blocked.txt");  // login.ledger-care.test

  auto other = std::make_shared<rules::ListEntries>(rules::ListEntries{"care.test", "ledger support"});
  link.list = other;
  from.list = other;
  name.list = other;
  // "care.test" is not a parent of "ledger-care.test"; whole display names match caselessly.
  CHECK(symbols_of(scan_message(with_rules({link, from, name}), ScanEnvelope{}, kPhish)) ==
        std::set<std::string>{"LISTED_NAME"});
}

TEST_CASE("rules: composites fire on all / any / not of other symbols, in order", "[rules]") {
  RuleSpec both;
  both.symbol = "BOTH";
  both.composite = true;
  both.all_of = {"SEED_FR", "LINK_TEXT"};
  both.score = 5.0;
  RuleSpec either_not;
  either_not.symbol = "EITHER_NOT_SPAM";
  either_not.composite = true;
  either_not.any_of = {"NOPE", "BOTH"};  // an earlier composite counts
  either_not.none_of = {"SPAM_FLAG"};
  either_not.score = 1.0;
  RuleSpec blocked = either_not;
  blocked.symbol = "BLOCKED_BY_NOT";
  blocked.none_of = {"SEED_FR"};
  RuleSpec missing = both;
  missing.symbol = "MISSING";
  missing.all_of = {"SEED_FR", "NOT_THERE"};
  auto snapshot = with_rules({rule("SEED_FR", Field::body_text, {"phrase de récupération"}, 4.0),
                              rule("LINK_TEXT", Field::link_text, {"www.ledger.com"}, 1.0), both, either_not, blocked,
                              missing});
  const ScanResult r = scan_message(snapshot, ScanEnvelope{}, kPhish);
  CHECK(symbols_of(r) == std::set<std::string>{"SEED_FR", "LINK_TEXT", "BOTH", "EITHER_NOT_SPAM"});
  CHECK(evidence_of(r, "BOTH") == "composite of SEED_FR, LINK_TEXT");
  CHECK(r.verdict.score == Approx(11.0));
}

TEST_CASE("rules: lookalike_of asks the brand engine about host fields", "[rules]") {
  brandguard::policy::brand::BrandSettings settings;
  brandguard::policy::brand::BrandProfile ledger;
  ledger.id = "ledger";
  ledger.name = "Ledger";
  ledger.names = {"Ledger"};
  ledger.keywords = {"ledger"};
  ledger.official_domains = {"ledger.com"};
  settings.brands.push_back(ledger);
  auto registry = brandguard::policy::brand::BrandRegistry::create(std::move(settings));
  REQUIRE(registry);

  RuleSpec look = rule("LOOKS_LIKE_LEDGER", Field::link_host, {}, 3.0);
  look.lookalike_of = {"ledger"};
  RuleSpec any_from = rule("FROM_LOOKALIKE", Field::from_domain, {}, 3.0);
  any_from.lookalike_of = {"any"};
  auto s = std::make_shared<Snapshot>();
  auto factory = rules::RuleSetFactory::create({look, any_from}, *registry);
  REQUIRE(factory);
  s->checks.push_back(std::move(*factory));
  const ScanResult r = scan_message(s, ScanEnvelope{}, kPhish);
  CHECK(symbols_of(r) == std::set<std::string>{"LOOKS_LIKE_LEDGER", "FROM_LOOKALIKE"});
  CHECK(evidence_of(r, "LOOKS_LIKE_LEDGER").find("link.host: ") == 0);

  RuleSpec unknown = look;
  unknown.lookalike_of = {"trezor"};
  const auto refused = rules::RuleSetFactory::create({unknown}, *registry);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().find("\"trezor\", which is not configured") != std::string::npos);
  const auto without = rules::RuleSetFactory::create({look});
  REQUIRE_FALSE(without);
  CHECK(without.error().find("needs the brand engine") != std::string::npos);
}
