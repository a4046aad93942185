#include "pipeline/snapshot_registry.hpp"

namespace brandguard::policy {

namespace {
struct ThreadCache {
  std::uint64_t registry_id = 0;
  std::uint64_t generation = 0;
  std::shared_ptr<const Snapshot> snapshot;
};
thread_local ThreadCache t_cache;
}  // namespace

void SnapshotRegistry::publish(std::shared_ptr<const Snapshot> snapshot) {
  std::shared_ptr<const Snapshot> previous;
  {
    std::lock_guard lock(publish_mutex_);
    previous = std::move(current_);
    current_ = std::move(snapshot);
    generation_.fetch_add(1, std::memory_order_acq_rel);
  }
  // `previous` is released here, outside the lock.
}

std::shared_ptr<const Snapshot> SnapshotRegistry::pin() const {
  const std::uint64_t generation = generation_.load(std::memory_order_acquire);
  if (t_cache.registry_id == id_ && t_cache.generation == generation) return t_cache.snapshot;
  std::shared_ptr<const Snapshot> fresh;
  std::uint64_t fresh_generation = 0;
  {
    std::lock_guard lock(publish_mutex_);
    fresh = current_;
    fresh_generation = generation_.load(std::memory_order_relaxed);
  }
  t_cache.snapshot = fresh;  // may release an old snapshot, outside the lock
  t_cache.generation = fresh_generation;
  t_cache.registry_id = id_;
  return fresh;
}

}  // namespace brandguard::policy
