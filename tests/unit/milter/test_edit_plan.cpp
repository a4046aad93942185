#include <catch2/catch.hpp>

#include "edit_plan.hpp"

using namespace brandguard;
using milter::Disposition;
using milter::MessageFacts;
using milter::plan_edits;

namespace {
policy::Verdict verdict(policy::Action action, std::vector<policy::Symbol> symbols = {}) {
  policy::Verdict v;
  v.action = action;
  v.symbols = std::move(symbols);
  for (const auto& s : v.symbols) v.score += s.score;
  v.reason = policy::summarize_symbols(v.symbols, 3);
  return v;
}
policy::Snapshot snapshot() {
  policy::Snapshot s;
  s.version = "abc";
  s.presentation.subject_prefix = "[SUSPICIOUS]";
  return s;
}
}  // namespace

TEST_CASE("edit plan: reject replies 550 5.7.1 with the reason and reference", "[milter]") {
  auto p = plan_edits(verdict(policy::Action::reject, {{"BRAND", 16, "x"}}), snapshot(), MessageFacts{0, false, "", true, "QID1"});
  CHECK(p.disposition == Disposition::reject);
  REQUIRE(p.reply);
  CHECK(p.reply->code == "550");
  CHECK(p.reply->extended_code == "5.7.1");
  CHECK(p.reply->text == "Message refused as likely brand impersonation: BRAND(16.00) (ref QID1)");
  CHECK_FALSE(p.header_value);
}

TEST_CASE("edit plan: tempfail replies 451 4.7.1", "[milter]") {
  auto p = plan_edits(verdict(policy::Action::tempfail), snapshot(), MessageFacts{});
  CHECK(p.disposition == Disposition::tempfail);
  REQUIRE(p.reply);
  CHECK(p.reply->code == "451");
  CHECK(p.reply->extended_code == "4.7.1");
}

TEST_CASE("edit plan: accept adds our header and removes forged copies", "[milter]") {
  auto p = plan_edits(verdict(policy::Action::accept), snapshot(), MessageFacts{3, true, " Hi", true, "Q"});
  CHECK(p.disposition == Disposition::accept);
  CHECK(p.delete_own_headers == 3);
  REQUIRE(p.header_value);
  CHECK(*p.header_value == " accept; score=0.00; ref=Q; config=abc");
  CHECK_FALSE(p.new_subject);
  CHECK_FALSE(p.quarantine_reason);
  CHECK_FALSE(p.reply);
}

TEST_CASE("edit plan: tag prefixes the subject once, keeping the leading space", "[milter]") {
  auto p = plan_edits(verdict(policy::Action::tag, {{"R", 6, "e"}}), snapshot(), MessageFacts{0, true, " Your order", true, "Q"});
  REQUIRE(p.new_subject);
  CHECK(*p.new_subject == " [SUSPICIOUS] Your order");
  CHECK(p.subject_exists);
  auto again = plan_edits(verdict(policy::Action::tag), snapshot(), MessageFacts{0, true, " [SUSPICIOUS] Your order", true, "Q"});
  CHECK_FALSE(again.new_subject);
  auto no_space = plan_edits(verdict(policy::Action::tag), snapshot(), MessageFacts{0, false, "", false, "Q"});
  REQUIRE(no_space.new_subject);
  CHECK(*no_space.new_subject == "[SUSPICIOUS]");
  CHECK_FALSE(no_space.subject_exists);
}

TEST_CASE("edit plan: quarantine holds with a reason and still tags", "[milter]") {
  auto p = plan_edits(verdict(policy::Action::quarantine, {{"BRAND", 11, "e"}}), snapshot(), MessageFacts{0, true, " s", true, ""});
  CHECK(p.disposition == Disposition::accept);
  REQUIRE(p.quarantine_reason);
  CHECK(*p.quarantine_reason == "BrandGuard score 11.00: BRAND(11.00)");
  CHECK(p.new_subject);
  CHECK(p.header_value->find("ref=none") != std::string::npos);
}

TEST_CASE("edit plan: hostile evidence cannot inject header lines or reply formats", "[milter]") {
  auto v = verdict(policy::Action::tag, {{"R", 6, "a\r\nBcc: victim@example.org\x01 \"q\" \xE6\x97\xA5 100%"}});
  const std::string value = milter::format_header_value(v, "Q\r\nX: y", "abc");
  CHECK(value.find("\r") == std::string::npos);
  CHECK(value == "tag; score=6.00; ref=Q??X: y; config=abc;\n\tR=6.00 \"a??Bcc: victim@example.org? 'q' ??? 100%\"");
  CHECK(milter::sanitize_reply_text("100% \r\n", 100) == "100  ??");
  CHECK(milter::sanitize_reply_text(std::string(1000, 'a'), 400).size() == 400);
}

TEST_CASE("edit plan: forged Authentication-Results are deleted highest index first, ours goes on top", "[milter]") {
  auto v = verdict(policy::Action::accept);
  v.edits.delete_authentication_results = {1, 3, 2, 3};
  v.edits.authentication_results = "mx.example.org; spf=pass smtp.mailfrom=example.com";
  auto p = plan_edits(v, snapshot(), MessageFacts{0, false, "", true, "Q"});
  CHECK(p.delete_authentication_results == std::vector<std::size_t>{3, 2, 1});
  REQUIRE(p.authentication_results);
  CHECK(*p.authentication_results == " mx.example.org; spf=pass smtp.mailfrom=example.com");
  auto rejected = plan_edits(verdict(policy::Action::reject), snapshot(), MessageFacts{});
  CHECK(rejected.delete_authentication_results.empty());
  CHECK_FALSE(rejected.authentication_results);
}
