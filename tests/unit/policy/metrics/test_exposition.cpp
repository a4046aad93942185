#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "metrics/exposition.hpp"
#include "metrics/registry.hpp"

using namespace brandguard::policy;
using namespace brandguard::policy::metrics;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// "name{labels} value" -> value, for the sample line that starts with `series`.
std::string sample(const std::string& text, const std::string& series) {
  for (const auto& line : lines_of(text)) {
    if (line.rfind(series + " ", 0) == 0) return line.substr(series.size() + 1);
  }
  return "<missing " + series + ">";
}

}  // namespace

TEST_CASE("exposition: counters and gauges with HELP and TYPE", "[metrics][exposition]") {
  Registry r;
  r.symbols().register_names({"SPF_FAIL", "LOOKALIKE_FROM"});
  Verdict v;
  v.action = Action::reject;
  v.symbols = {{"LOOKALIKE_FROM", 9, ""}, {"SPF_FAIL", 1, ""}, {"ZZZ", 0, ""}};
  r.count_message(v);
  r.reload_result(false);
  r.session_opened();
  const std::string text = render_prometheus(r, {"0123abcd"});

  CHECK(text.back() == '\n');
  CHECK(text.find("# HELP brandguard_messages_total ") != std::string::npos);
  CHECK(text.find("# TYPE brandguard_messages_total counter\n") != std::string::npos);
  CHECK(text.find("# TYPE brandguard_stage_duration_seconds histogram\n") != std::string::npos);
  CHECK(text.find("# TYPE brandguard_active_sessions gauge\n") != std::string::npos);
  CHECK(sample(text, "brandguard_messages_total{action=\"reject\"}") == "1");
  CHECK(sample(text, "brandguard_messages_total{action=\"accept\"}") == "0");
  CHECK(sample(text, "brandguard_symbol_hits_total{symbol=\"LOOKALIKE_FROM\"}") == "1");
  CHECK(sample(text, "brandguard_symbol_hits_total{symbol=\"SPF_FAIL\"}") == "1");
  CHECK(sample(text, "brandguard_symbol_hits_total{symbol=\"other\"}") == "1");
  CHECK(text.find("symbol=\"ZZZ\"") == std::string::npos);  // never a label from outside the catalog
  CHECK(sample(text, "brandguard_reloads_total{result=\"failed\"}") == "1");
  CHECK(sample(text, "brandguard_reloads_total{result=\"ok\"}") == "0");
  CHECK(sample(text, "brandguard_config_last_reload_successful") == "0");
  CHECK(sample(text, "brandguard_active_sessions") == "1");
  CHECK(sample(text, "brandguard_config_info{version=\"0123abcd\"}") == "1");
  CHECK(sample(text, "brandguard_dns_lookups_total{type=\"TXT\",outcome=\"servfail\"}") == "0");

  // Every sample line belongs to a family announced just before it, and
  // every name carries the prefix.
  std::string current;
  for (const auto& line : lines_of(text)) {
    REQUIRE_FALSE(line.empty());
    if (line.rfind("# TYPE ", 0) == 0) {
      current = line.substr(7, line.find(' ', 7) - 7);
      CHECK(current.rfind("brandguard_", 0) == 0);
      continue;
    }
    if (line[0] == '#') continue;
    INFO(line);
    CHECK(line.rfind(current, 0) == 0);
  }
}

TEST_CASE("exposition: histograms are cumulative and end with +Inf, _sum and _count", "[metrics][exposition]") {
  Registry r;
  r.observe_stage(Stage::end_of_message, 300us);
  r.observe_stage(Stage::end_of_message, 7ms);
  r.observe_stage(Stage::end_of_message, 40s);
  const std::string text = render_prometheus(r, {"v"});
  const std::string prefix = "brandguard_stage_duration_seconds_bucket{stage=\"end_of_message\",le=\"";
  std::vector<std::pair<std::string, std::string>> buckets;
  for (const auto& line : lines_of(text)) {
    if (line.rfind(prefix, 0) != 0) continue;
    const auto close = line.find('"', prefix.size());
    buckets.emplace_back(line.substr(prefix.size(), close - prefix.size()), line.substr(line.rfind(' ') + 1));
  }
  REQUIRE(buckets.size() == kBucketBounds.size() + 1);
  CHECK(buckets.front() == std::pair<std::string, std::string>{"0.0005", "1"});
  CHECK(buckets[3] == std::pair<std::string, std::string>{"0.005", "1"});
  CHECK(buckets[4] == std::pair<std::string, std::string>{"0.01", "2"});
  CHECK(buckets[kBucketBounds.size() - 1].second == "2");  // le="30": 40 s is above
  CHECK(buckets.back() == std::pair<std::string, std::string>{"+Inf", "3"});
  // Cumulative: never decreasing.
  for (std::size_t i = 1; i < buckets.size(); ++i) CHECK(std::stoull(buckets[i].second) >= std::stoull(buckets[i - 1].second));
  CHECK(sample(text, "brandguard_stage_duration_seconds_count{stage=\"end_of_message\"}") == "3");
  CHECK(std::stod(sample(text, "brandguard_stage_duration_seconds_sum{stage=\"end_of_message\"}")) ==
        Approx(40.0073));
  CHECK(sample(text, "brandguard_stage_duration_seconds_count{stage=\"message\"}") == "0");
  CHECK(sample(text, "brandguard_dns_lookup_duration_seconds_count{type=\"A\"}") == "0");
}

TEST_CASE("exposition: label values are escaped", "[metrics][exposition]") {
  CHECK(escape_label_value("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
  Registry r;
  const std::string text = render_prometheus(r, {"x\"y"});
  CHECK(text.find("brandguard_config_info{version=\"x\\\"y\"} 1\n") != std::string::npos);
}
