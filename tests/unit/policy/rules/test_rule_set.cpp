#include <catch2/catch.hpp>

#include <set>

#include "pipeline/offline_scan.hpp"
#include "pipeline/transaction.hpp"
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
