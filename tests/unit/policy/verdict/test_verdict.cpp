#include <catch2/catch.hpp>

#include <string>

#include "verdict/verdict.hpp"

using namespace brandguard::policy;

TEST_CASE("verdict: the score picks the action by threshold", "[verdict]") {
  const Thresholds t{5.0, 10.0, 15.0};
  CHECK(t.action_for(4.99) == Action::accept);
  CHECK(t.action_for(5.0) == Action::tag);
  CHECK(t.action_for(10.0) == Action::quarantine);
  CHECK(t.action_for(15.0) == Action::reject);
  CHECK(t.action_for(-3.0) == Action::accept);
}

TEST_CASE("verdict: scores of all symbols add up", "[verdict]") {
  MessageResult r;
  r.add("A", 4.0, "a");
  r.add("B", 7.5, "b");
  r.add("C", -1.5, "c");
  const Verdict v = decide(r, Thresholds{5, 10, 15});
  CHECK(v.score == Approx(10.0));
  CHECK(v.action == Action::quarantine);
  CHECK_FALSE(v.forced);
  CHECK(v.symbols.size() == 3);
  CHECK(v.reason == "B(7.50), A(4.00), C(-1.50)");
}

TEST_CASE("verdict: a forced action wins over a weaker score action", "[verdict]") {
  MessageResult r;
  r.add("A", 1.0, "");
  r.force(Action::reject, "DMARC policy reject");
  const Verdict v = decide(r, Thresholds{5, 10, 15});
  CHECK(v.action == Action::reject);
  CHECK(v.forced);
  CHECK(v.reason == "DMARC policy reject");
}

TEST_CASE("verdict: a forced tempfail never downgrades a reject by score", "[verdict]") {
  MessageResult r;
  r.add("A", 20.0, "");
  r.force(Action::tempfail, "dns");
  const Verdict v = decide(r, Thresholds{5, 10, 15});
  CHECK(v.action == Action::reject);
  CHECK_FALSE(v.forced);
}

TEST_CASE("verdict: the strongest of several forced actions is kept", "[verdict]") {
  MessageResult r;
  r.force(Action::quarantine, "first");
  r.force(Action::tag, "weaker");
  r.force(Action::reject, "strongest");
  r.force(Action::quarantine, "weaker again");
  REQUIRE(r.forced());
  CHECK(r.forced()->action == Action::reject);
  CHECK(r.forced()->reason == "strongest");
}

TEST_CASE("verdict: no symbols gives a reason that says so", "[verdict]") {
  const Verdict v = decide(MessageResult{}, Thresholds{});
  CHECK(v.action == Action::accept);
  CHECK(v.reason == "no findings");
}

TEST_CASE("message result: symbols are bounded and evidence is cut on a UTF-8 boundary", "[verdict]") {
  MessageResult r;
  for (std::size_t i = 0; i < MessageResult::kMaxSymbols + 10; ++i) r.add("S", 0.1, "");
  CHECK(r.symbols().size() == MessageResult::kMaxSymbols);
  CHECK(r.dropped_symbols() == 10);

  // 100 x "é" (2 bytes each) = 200 bytes; one more "é" must be dropped whole.
  std::string evidence;
  for (int i = 0; i < 101; ++i) evidence += "\xC3\xA9";
  MessageResult r2;
  r2.add("E", 1.0, evidence);
  CHECK(r2.symbols()[0].evidence.size() == 200);
  CHECK(r2.symbols()[0].evidence.substr(198) == "\xC3\xA9");
}

TEST_CASE("action: names round-trip and unknown names are refused", "[verdict]") {
  for (Action a : {Action::accept, Action::tag, Action::quarantine, Action::tempfail, Action::reject}) {
    CHECK(parse_action(to_string(a)) == a);
  }
  CHECK_FALSE(parse_action("REJECT").has_value());
  CHECK_FALSE(parse_action("").has_value());
}
