#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "metrics/histogram.hpp"
#include "metrics/registry.hpp"
#include "metrics/symbol_counters.hpp"
#include "verdict/verdict.hpp"

using namespace brandguard::policy;
using namespace brandguard::policy::metrics;
using namespace std::chrono_literals;

namespace {

Verdict verdict_with(Action action, std::vector<std::string> names) {
  Verdict v;
  v.action = action;
  for (auto& n : names) v.symbols.push_back(Symbol{std::move(n), 1.0, "evidence"});
  return v;
}

}  // namespace

TEST_CASE("metrics: histogram puts each observation in the first bucket whose bound holds it", "[metrics]") {
  Histogram h;
  h.observe(400us);   // <= 0.0005
  h.observe(500us);   // exactly the bound: still the first bucket (le is inclusive)
  h.observe(501us);   // next bucket (0.001)
  h.observe(3s);      // 5.0
  h.observe(31s);     // past the last bound: +Inf
  h.observe(-5ms);    // a clock oddity counts as zero, never as a negative sum
  CHECK(h.bucket(0) == 3);
  CHECK(h.bucket(1) == 1);
  CHECK(h.bucket(12) == 1);  // kBucketBounds[12] == 5.0
  CHECK(kBucketBounds[12] == 5.0);
  CHECK(h.bucket(Histogram::kBuckets - 1) == 1);
  CHECK(h.count() == 6);
  CHECK(h.sum_seconds() == Approx(0.0004 + 0.0005 + 0.000501 + 3 + 31));
}

TEST_CASE("metrics: symbol counters count registered names and put the rest in other", "[metrics]") {
  SymbolCounters c;
  CHECK(c.register_names({"SPF_FAIL", "BRAND_NAME_SPOOF", "SPF_FAIL", "", "other"}) == 0);
  REQUIRE(c.size() == 2);  // duplicates, empty and the bucket's own label are skipped
  CHECK(c.name(0) == "SPF_FAIL");
  CHECK(c.name(1) == "BRAND_NAME_SPOOF");
  CHECK(c.slot_of("SPF_FAIL") == 0);
  CHECK(c.slot_of("BRAND_NAME_SPOOF") == 1);
  CHECK(c.slot_of("spf_fail") == SymbolCounters::kOther);  // exact names only
  CHECK(c.slot_of("NOT_IN_CONFIG") == SymbolCounters::kOther);
  c.hit(c.slot_of("SPF_FAIL"));
  c.hit(c.slot_of("NOT_IN_CONFIG"), 3);
  CHECK(c.hits(0) == 1);
  CHECK(c.hits(1) == 0);
  CHECK(c.hits(SymbolCounters::kOther) == 3);

  SECTION("a reload adds the new names and keeps the old counters") {
    CHECK(c.register_names({"BRAND_NAME_SPOOF", "RULE_NEW"}) == 0);
    CHECK(c.size() == 3);
    CHECK(c.slot_of("RULE_NEW") == 2);
    CHECK(c.hits(0) == 1);
  }
}

TEST_CASE("metrics: the symbol label set is bounded", "[metrics]") {
  SymbolCounters c;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < SymbolCounters::kCapacity + 10; ++i) names.push_back("SYM_" + std::to_string(i));
  CHECK(c.register_names(names) == 10);
  CHECK(c.size() == SymbolCounters::kCapacity);
  // Every registered name is still found in the full table.
  for (std::size_t i = 0; i < SymbolCounters::kCapacity; ++i) REQUIRE(c.slot_of(names[i]) == i);
  CHECK(c.slot_of("SYM_1030") == SymbolCounters::kOther);
}

TEST_CASE("metrics: a message counts its action once and each distinct symbol once", "[metrics]") {
  Registry r;
  r.symbols().register_names({"A_SYM", "B_SYM"});
  r.count_message(verdict_with(Action::reject, {"A_SYM", "B_SYM", "A_SYM", "UNKNOWN_1", "UNKNOWN_2"}));
  r.count_message(verdict_with(Action::tag, {"B_SYM"}));
  r.count_message(verdict_with(Action::accept, {}));
  CHECK(r.messages(Action::reject) == 1);
  CHECK(r.messages(Action::tag) == 1);
  CHECK(r.messages(Action::accept) == 1);
  CHECK(r.messages(Action::quarantine) == 0);
  CHECK(r.symbols().hits(r.symbols().slot_of("A_SYM")) == 1);
  CHECK(r.symbols().hits(r.symbols().slot_of("B_SYM")) == 2);
  // Unknown names share one bucket, counted once per message.
  CHECK(r.symbols().hits(SymbolCounters::kOther) == 1);
}

TEST_CASE("metrics: DNS outcomes are counted per type; only real queries are timed", "[metrics]") {
  Registry r;
  const std::chrono::nanoseconds took = 2ms;
  r.observe_dns(dns::RrType::txt, dns_outcome(dns::Status::ok), &took);
  r.observe_dns(dns::RrType::txt, dns_outcome(dns::Status::timeout), &took);
  r.observe_dns(dns::RrType::mx, DnsOutcome::cancelled, &took);
  r.observe_dns(dns::RrType::a, dns_outcome(dns::Status::nxdomain), nullptr);
  CHECK(r.dns_lookups(DnsType::txt, DnsOutcome::ok) == 1);
  CHECK(r.dns_lookups(DnsType::txt, DnsOutcome::timeout) == 1);
  CHECK(r.dns_lookups(DnsType::mx, DnsOutcome::cancelled) == 1);
  CHECK(r.dns_lookups(DnsType::a, DnsOutcome::nxdomain) == 1);
  CHECK(r.dns_duration(DnsType::txt).count() == 2);
  CHECK(r.dns_duration(DnsType::a).count() == 0);
  CHECK(to_string(dns_type(dns::RrType::aaaa)) == "AAAA");
}

TEST_CASE("metrics: reloads, sessions and errors", "[metrics]") {
  Registry r;
  CHECK(r.last_reload_ok());
  r.reload_result(false);
  CHECK_FALSE(r.last_reload_ok());
  r.reload_result(true);
  CHECK(r.last_reload_ok());
  CHECK(r.reloads_ok() == 1);
  CHECK(r.reloads_failed() == 1);
  r.session_opened();
  r.session_opened();
  r.session_closed();
  CHECK(r.active_sessions() == 1);
  r.count_internal_error(ErrorSource::check);
  CHECK(r.internal_errors(ErrorSource::check) == 1);
  CHECK(r.internal_errors(ErrorSource::milter) == 0);
}

TEST_CASE("metrics: the thread's DNS wait is taken once and stays on its thread", "[metrics]") {
  (void)take_thread_dns_wait();
  add_thread_dns_wait(3ms);
  add_thread_dns_wait(-1ms);  // ignored
  std::chrono::nanoseconds other_thread{-1};
  std::thread([&] { other_thread = take_thread_dns_wait(); }).join();
  CHECK(other_thread.count() == 0);
  CHECK(take_thread_dns_wait() == 3ms);
  CHECK(take_thread_dns_wait().count() == 0);
}

TEST_CASE("metrics: concurrent counting loses nothing while names are registered", "[metrics]") {
  Registry r;
  r.symbols().register_names({"HOT"});
  constexpr int kThreads = 4;
  constexpr int kPerThread = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        r.count_message(verdict_with(Action::tag, {"HOT"}));
        r.observe_stage(Stage::message, 1ms);
      }
    });
  }
  // A "reload" registering names while the mail threads count.
  for (int i = 0; i < 200; ++i) r.symbols().register_names({"NEW_" + std::to_string(i)});
  for (auto& t : threads) t.join();
  CHECK(r.messages(Action::tag) == kThreads * kPerThread);
  CHECK(r.symbols().hits(r.symbols().slot_of("HOT")) == kThreads * kPerThread);
  CHECK(r.stage(Stage::message).count() == kThreads * kPerThread);
  CHECK(r.symbols().size() == 201);
}
