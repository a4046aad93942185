#include "metrics/symbol_counters.hpp"

namespace brandguard::policy::metrics {

SymbolCounters::SymbolCounters()
    : slots_(std::make_unique<Slot[]>(kCapacity + 1)),
      table_(std::make_unique<std::atomic<std::uint32_t>[]>(kTableSize)) {
  slots_[kOther].name = std::string(kOtherLabel);
}

std::uint64_t SymbolCounters::hash(std::string_view name) noexcept {
  // FNV-1a: names are short, trusted (from our checks and the admin's
  // rules), so no keyed hash is needed.
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

std::size_t SymbolCounters::slot_of(std::string_view name) const noexcept {
  for (std::size_t i = hash(name) % kTableSize, probes = 0; probes < kTableSize; i = (i + 1) % kTableSize, ++probes) {
    const std::uint32_t entry = table_[i].load(std::memory_order_acquire);
    if (entry == 0) return kOther;
    if (slots_[entry - 1].name == name) return entry - 1;
  }
  return kOther;
}

std::size_t SymbolCounters::register_names(const std::vector<std::string>& names) {
  std::lock_guard lock(register_mutex_);
  std::size_t dropped = 0;
  for (const auto& name : names) {
    // "other" is the bucket's own label: a symbol of that name would merge.
    if (name.empty() || name == kOtherLabel || slot_of(name) != kOther) continue;
    const std::size_t slot = size_.load(std::memory_order_relaxed);
    if (slot >= kCapacity) {
      ++dropped;
      continue;
    }
    slots_[slot].name = name;
    std::size_t i = hash(name) % kTableSize;
    while (table_[i].load(std::memory_order_relaxed) != 0) i = (i + 1) % kTableSize;
    // Release: a reader that finds the index also sees the name.
    table_[i].store(static_cast<std::uint32_t>(slot + 1), std::memory_order_release);
    size_.store(slot + 1, std::memory_order_release);
  }
  return dropped;
}

}  // namespace brandguard::policy::metrics
