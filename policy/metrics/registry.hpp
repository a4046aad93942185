// Registry: the process's operational counters, for the Prometheus
// endpoint and `brandguard stats`.
//
// Who writes what:
//  - milter/ at end of message: count_message() (per-action and per-symbol
//    counts), observe_stage(Stage::message); session_opened()/closed();
//    count_internal_error(ErrorSource::milter) when on_error is applied;
//  - the Transaction: observe_stage() for end-of-headers and end-of-message
//    work and for the DNS wait inside end of message;
//    count_internal_error(ErrorSource::check) when a check threw;
//  - the DNS Resolver: observe_dns() when a lookup completes;
//  - the reload path: reload_result(), and the symbol labels of each new
//    snapshot (symbols().register_names()).
//
// Every mail-path method is noexcept, lock-free and allocation-free:
// relaxed atomic increments only (the figures are read by monitoring, so no
// ordering between counters is promised). Registry instances are
// independent (tests make their own); the daemon uses process_registry().
//
// The thread's DNS wait: the Resolver adds the time a caller blocked in
// Lookup::wait() to a thread-local total, which the Transaction takes at
// the end of end-of-message work. A connection's callbacks run one at a
// time on one thread each, so the total belongs to that message.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dns/resolver.hpp"
#include "metrics/histogram.hpp"
#include "metrics/symbol_counters.hpp"
#include "verdict/action.hpp"
#include "verdict/verdict.hpp"

namespace brandguard::policy::metrics {

enum class Stage {
  message,         // MAIL FROM to the verdict applied (milter/)
  end_of_headers,  // the checks' end-of-headers work
  end_of_message,  // the checks' end-of-message work, DNS waits included
  eom_dns_wait,    // of which blocked waiting for DNS answers
  count_
};
inline constexpr std::size_t kStageCount = static_cast<std::size_t>(Stage::count_);
std::string_view to_string(Stage stage) noexcept;

inline constexpr std::size_t kActionCount = 5;

// The mail path relies on these never falling back to a lock.
static_assert(std::atomic<std::uint64_t>::is_always_lock_free);
static_assert(std::atomic<std::int64_t>::is_always_lock_free);
static_assert(std::atomic<std::uint32_t>::is_always_lock_free);
static_assert(std::atomic<bool>::is_always_lock_free);

// DNS query types as labels; anything else is "other".
enum class DnsType { a, ns, cname, ptr, mx, txt, aaaa, spf, other, count_ };
inline constexpr std::size_t kDnsTypeCount = static_cast<std::size_t>(DnsType::count_);
DnsType dns_type(dns::RrType type) noexcept;
std::string_view to_string(DnsType type) noexcept;

// dns::Status plus "cancelled": the caller gave the lookup up (message
// aborted, or finished without needing it) before an answer came.
enum class DnsOutcome { ok, nodata, nxdomain, servfail, timeout, cancelled, count_ };
inline constexpr std::size_t kDnsOutcomeCount = static_cast<std::size_t>(DnsOutcome::count_);
DnsOutcome dns_outcome(dns::Status status) noexcept;
std::string_view to_string(DnsOutcome outcome) noexcept;

// Where an internal error was caught: a check threw (the Transaction
// applied on_error), or the milter glue failed around the engine.
enum class ErrorSource { check, milter, count_ };
inline constexpr std::size_t kErrorSourceCount = static_cast<std::size_t>(ErrorSource::count_);
std::string_view to_string(ErrorSource source) noexcept;

class Registry {
 public:
  // One judged message: its action, and one hit for each distinct symbol
  // (as `brandguard eval` counts them).
  void count_message(const Verdict& verdict) noexcept;
  void observe_stage(Stage stage, std::chrono::nanoseconds elapsed) noexcept {
    stages_[static_cast<std::size_t>(stage)].observe(elapsed);
  }
  // A completed lookup; `elapsed` is empty for lookups answered without a
  // query (injected failures, impossible names).
  void observe_dns(dns::RrType type, DnsOutcome outcome, const std::chrono::nanoseconds* elapsed) noexcept;
  void count_internal_error(ErrorSource source) noexcept {
    errors_[static_cast<std::size_t>(source)].fetch_add(1, std::memory_order_relaxed);
  }
  void session_opened() noexcept { sessions_.fetch_add(1, std::memory_order_relaxed); }
  void session_closed() noexcept { sessions_.fetch_sub(1, std::memory_order_relaxed); }
  void reload_result(bool ok) noexcept {
    (ok ? reloads_ok_ : reloads_failed_).fetch_add(1, std::memory_order_relaxed);
    last_reload_ok_.store(ok, std::memory_order_relaxed);
  }

  SymbolCounters& symbols() noexcept { return symbols_; }
  const SymbolCounters& symbols() const noexcept { return symbols_; }

  std::uint64_t messages(Action action) const noexcept {
    return actions_[static_cast<std::size_t>(action)].load(std::memory_order_relaxed);
  }
  const Histogram& stage(Stage stage) const noexcept { return stages_[static_cast<std::size_t>(stage)]; }
  std::uint64_t dns_lookups(DnsType type, DnsOutcome outcome) const noexcept {
    return dns_counts_[static_cast<std::size_t>(type)][static_cast<std::size_t>(outcome)].load(
        std::memory_order_relaxed);
  }
  const Histogram& dns_duration(DnsType type) const noexcept { return dns_times_[static_cast<std::size_t>(type)]; }
  std::uint64_t internal_errors(ErrorSource source) const noexcept {
    return errors_[static_cast<std::size_t>(source)].load(std::memory_order_relaxed);
  }
  std::int64_t active_sessions() const noexcept { return sessions_.load(std::memory_order_relaxed); }
  std::uint64_t reloads_ok() const noexcept { return reloads_ok_.load(std::memory_order_relaxed); }
  std::uint64_t reloads_failed() const noexcept { return reloads_failed_.load(std::memory_order_relaxed); }
  bool last_reload_ok() const noexcept { return last_reload_ok_.load(std::memory_order_relaxed); }

 private:
  std::array<std::atomic<std::uint64_t>, kActionCount> actions_{};
  SymbolCounters symbols_;
  std::array<Histogram, kStageCount> stages_{};
  std::array<std::array<std::atomic<std::uint64_t>, kDnsOutcomeCount>, kDnsTypeCount> dns_counts_{};
  std::array<Histogram, kDnsTypeCount> dns_times_{};
  std::array<std::atomic<std::uint64_t>, kErrorSourceCount> errors_{};
  std::atomic<std::int64_t> sessions_{0};
  std::atomic<std::uint64_t> reloads_ok_{0};
  std::atomic<std::uint64_t> reloads_failed_{0};
  std::atomic<bool> last_reload_ok_{true};  // the start-up load succeeded, or there is no process
};

// The daemon's registry (and the one the Resolver and Transaction report to).
Registry& process_registry() noexcept;

// This thread's DNS wait since the last take (see the header comment).
void add_thread_dns_wait(std::chrono::nanoseconds waited) noexcept;
std::chrono::nanoseconds take_thread_dns_wait() noexcept;

}  // namespace brandguard::policy::metrics
