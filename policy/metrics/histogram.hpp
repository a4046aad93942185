// Histogram: a latency histogram with fixed bucket bounds, counted with
// relaxed atomics so that the mail path can observe without a lock or an
// allocation.
//
// Each observation increments exactly one bucket (the first whose upper
// bound is >= the value; past the last bound, the +Inf bucket) plus the
// sum; the exposition makes the counts cumulative, as Prometheus expects.
// Readers (the metrics endpoint, `brandguard stats`) may see an
// observation's bucket before its sum: the figures are monitoring data,
// not accounting, and every counter is individually monotonic.
//
// Thread safety: observe() and the readers from any thread.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace brandguard::policy::metrics {

// Upper bounds in seconds, shared by every histogram of the process: from
// 0.5 ms (a cached DNS answer, a small message's end-of-headers work) to
// 30 s (a DNS deadline; the default per-message DNS deadline is 8 s).
inline constexpr std::array<double, 15> kBucketBounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                      0.25,   0.5,   1.0,    2.5,   5.0,  10.0,  30.0};

class Histogram {
 public:
  static constexpr std::size_t kBuckets = kBucketBounds.size() + 1;  // the last one is +Inf

  void observe(std::chrono::nanoseconds elapsed) noexcept {
    const std::int64_t ns = elapsed.count() < 0 ? 0 : elapsed.count();
    std::size_t i = 0;
    while (i < kBucketBounds.size() && static_cast<double>(ns) > kBucketBounds[i] * 1e9) ++i;
    buckets_[i].fetch_add(1, std::memory_order_relaxed);
    sum_ns_.fetch_add(static_cast<std::uint64_t>(ns), std::memory_order_relaxed);
  }

  // Observations that fell in bucket `i` alone (not cumulative).
  std::uint64_t bucket(std::size_t i) const noexcept { return buckets_[i].load(std::memory_order_relaxed); }
  std::uint64_t count() const noexcept {
    std::uint64_t total = 0;
    for (const auto& b : buckets_) total += b.load(std::memory_order_relaxed);
    return total;
  }
  double sum_seconds() const noexcept {
    return static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) / 1e9;
  }

 private:
  std::array<std::atomic<std::uint64_t>, kBuckets> buckets_{};
  std::atomic<std::uint64_t> sum_ns_{0};
};

}  // namespace brandguard::policy::metrics
