#include <catch2/catch.hpp>

#include "pipeline/transaction.hpp"
#include "rules/header_rule.hpp"

using namespace brandguard::policy;

namespace {
std::shared_ptr<Snapshot> with_rules(std::vector<rules::HeaderRuleSpec> specs) {
  auto s = std::make_shared<Snapshot>();
  s->checks.push_back(std::make_unique<rules::HeaderRulesFactory>(std::move(specs)));
  return s;
}
}  // namespace

TEST_CASE("header rule: matches a phrase in the named field, ignoring case", "[rules]") {
  Transaction t(with_rules({{"SPAM_FLAG", "X-Spam-Flag", {"yes"}, 3.0}}));
  t.mail_from("a@b", "");
  t.header("x-spam-flag", " YES");
  const Verdict v = t.end_of_message();
  REQUIRE(v.symbols.size() == 1);
  CHECK(v.symbols[0].name == "SPAM_FLAG");
  CHECK(v.symbols[0].score == 3.0);
  CHECK(v.symbols[0].evidence == "X-Spam-Flag contains \"yes\"");
}

TEST_CASE("header rule: other fields and absent phrases do not match", "[rules]") {
  Transaction t(with_rules({{"SPAM_FLAG", "X-Spam-Flag", {"yes"}, 3.0}}));
  t.mail_from("a@b", "");
  t.header("Subject", " yes yes");
  t.header("X-Spam-Flag", " NO");
  CHECK(t.end_of_message().symbols.empty());
}

TEST_CASE("header rule: fires once per message even with many matching fields", "[rules]") {
  Transaction t(with_rules({{"R", "Subject", {"a", "b"}, 2.0}}));
  t.mail_from("a@b", "");
  t.header("Subject", " a b");
  t.header("Subject", " b");
  const Verdict v = t.end_of_message();
  CHECK(v.symbols.size() == 1);
  CHECK(v.score == 2.0);
  t.mail_from("a@b", "");
  t.header("Subject", " b");
  CHECK(t.end_of_message().symbols.size() == 1);  // fires again for the next message
}
