#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "config.hpp"
#include "pipeline/symbol_catalog.hpp"

using namespace brandguard;

namespace {

bool has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

TEST_CASE("symbol catalog: pipeline, authentication, brand and rule symbols, sorted, once each", "[pipeline][metrics]") {
  const auto loaded = config::load_from_string(R"(
milter:
  socket: inet:15301@127.0.0.1
dns:
  mode: zonefile
rules:
  - symbol: CATALOG_RULE
    field: header:Subject
    literal: ["x"]
    score: 1
)",
                                               "test.yaml");
  REQUIRE(loaded);
  const auto names = policy::symbol_catalog(*loaded->snapshot);
  CHECK(std::is_sorted(names.begin(), names.end()));
  CHECK(std::adjacent_find(names.begin(), names.end()) == names.end());
  for (const char* expected : {"INTERNAL_ERROR", "LIMIT_HEADERS", "CATALOG_RULE", "RULES_SCAN_FAILED", "SPF_FAIL",
                               "SPF_TEMPERROR", "DKIM_PASS", "DMARC_BAD_FROM", "DNS_LOOKUP_LIMIT"}) {
    INFO(expected);
    CHECK(has(names, expected));
  }
}
