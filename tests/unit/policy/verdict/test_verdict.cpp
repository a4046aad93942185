#include <catch2/catch.hpp>

#include "verdict/verdict.hpp"

using namespace brandguard::policy;

TEST_CASE("verdict: score below every threshold accepts", "[verdict]") {
  MessageResult r;
  r.add("A", 1.0, "");
  CHECK(decide(r, Thresholds{}).action == Action::accept);
}
