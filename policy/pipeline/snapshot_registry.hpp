// SnapshotRegistry: publishes the current Snapshot and lets connections pin
// it without taking a lock on the mail path.
//
// Why not std::atomic<std::shared_ptr>: libstdc++ implements it with a
// lock. Instead a generation counter is bumped on every publish; each
// thread caches (generation, shared_ptr) and only refreshes its copy, under
// the publish mutex, when the generation moved. Between reloads `pin()` is
// one atomic load plus a reference-count increment.
//
// Cost of the cache: an idle thread keeps the snapshot it last saw alive
// until it pins again; memory is bounded by threads x snapshots, and a
// snapshot is never freed while a connection uses it.
//
// Thread safety: publish() from any thread (the reload thread); pin() from
// any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

#include "pipeline/snapshot.hpp"

namespace brandguard::policy {

class SnapshotRegistry {
 public:
  void publish(std::shared_ptr<const Snapshot> snapshot);
  // The current snapshot; nullptr before the first publish.
  std::shared_ptr<const Snapshot> pin() const;
  std::uint64_t generation() const noexcept { return generation_.load(std::memory_order_acquire); }

 private:
  mutable std::mutex publish_mutex_;
  std::shared_ptr<const Snapshot> current_;
  std::atomic<std::uint64_t> generation_{0};
  // Distinguishes registries in the thread caches (tests create several).
  const std::uint64_t id_ = next_id_.fetch_add(1, std::memory_order_relaxed);
  static inline std::atomic<std::uint64_t> next_id_{1};
};

}  // namespace brandguard::policy
