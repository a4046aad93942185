// SymbolCounters: per-symbol hit counters with a bounded label set.
//
// Symbol names come from the checks of a Snapshot (symbol_catalog()), never
// from mail content, and are registered off the mail path when a snapshot
// is published. A name that was never registered (or did not fit) is
// counted in the "other" bucket, so no message can create a label. A
// registered name keeps its counter for the life of the process, also
// after a reload that drops it: Prometheus counters must not vanish and
// come back from zero between two scrapes. At most kCapacity names.
//
// Lookup on the mail path is lock-free and allocation-free: an open
// addressing table of slot indexes, written only by register_names()
// (serialized by a mutex of its own, never taken by hit()), read with
// acquire loads. A slot's name is written before its index is published,
// and is never changed afterwards.
//
// Thread safety: register_names() from any thread (the reload thread);
// every other method from any thread.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace brandguard::policy::metrics {

class SymbolCounters {
 public:
  static constexpr std::size_t kCapacity = 1024;
  // The slot of every unknown name; its label is kOtherLabel.
  static constexpr std::size_t kOther = kCapacity;
  static constexpr std::string_view kOtherLabel = "other";

  SymbolCounters();

  // Gives each new name a slot; returns how many names did not fit.
  std::size_t register_names(const std::vector<std::string>& names);

  // The slot of `name`, or kOther.
  std::size_t slot_of(std::string_view name) const noexcept;
  void hit(std::size_t slot, std::uint64_t n = 1) noexcept {
    slots_[slot < kCapacity ? slot : kOther].hits.fetch_add(n, std::memory_order_relaxed);
  }

  // Registered names, in registration order (slot 0 ..size()-1).
  std::size_t size() const noexcept { return size_.load(std::memory_order_acquire); }
  const std::string& name(std::size_t slot) const noexcept { return slots_[slot].name; }
  std::uint64_t hits(std::size_t slot) const noexcept {
    return slots_[slot < kCapacity ? slot : kOther].hits.load(std::memory_order_relaxed);
  }

 private:
  struct Slot {
    std::string name;
    std::atomic<std::uint64_t> hits{0};
  };
  // Twice the capacity keeps probe chains short at the worst fill.
  static constexpr std::size_t kTableSize = 2 * kCapacity;

  static std::uint64_t hash(std::string_view name) noexcept;

  std::unique_ptr<Slot[]> slots_;  // kCapacity + 1 (the last is "other")
  // slot index + 1; 0 is an empty entry.
  std::unique_ptr<std::atomic<std::uint32_t>[]> table_;
  std::atomic<std::size_t> size_{0};
  std::mutex register_mutex_;  // register_names() only, never the mail path
};

}  // namespace brandguard::policy::metrics
