// Daemon: process-wide state of brandguard-milter: the config file path,
// the published Snapshot and the reload procedure.
//
// reload() runs on the control thread only: it loads and validates the
// whole configuration off the mail path and publishes the new Snapshot
// with one atomic step; on any error the running snapshot stays and the
// errors are logged. The milter callbacks only call registry().pin().
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <filesystem>
#include <string>

#include "config.hpp"
#include "pipeline/snapshot_registry.hpp"

namespace brandguard::milter {

class Daemon {
 public:
  Daemon(std::filesystem::path config_path, config::Config initial);

  const policy::SnapshotRegistry& registry() const noexcept { return registry_; }
  const config::MilterSettings& milter_settings() const noexcept { return milter_; }

  // Returns true when the new configuration was published; `errors` gets
  // the refusal messages otherwise. Serialized: signal and control-socket
  // reloads may ask at the same time.
  bool reload(std::vector<std::string>* errors = nullptr);

  // Per-action verdict counts (relaxed atomics: counted on the mail path).
  void count(policy::Action action) noexcept {
    actions_[static_cast<std::size_t>(action)].fetch_add(1, std::memory_order_relaxed);
  }
  std::uint64_t count_of(policy::Action action) const noexcept {
    return actions_[static_cast<std::size_t>(action)].load(std::memory_order_relaxed);
  }
  std::chrono::steady_clock::time_point started() const noexcept { return started_; }

  std::uint64_t reloads_ok() const noexcept { return reloads_ok_.load(std::memory_order_relaxed); }
  std::uint64_t reloads_failed() const noexcept { return reloads_failed_.load(std::memory_order_relaxed); }

 private:
  std::filesystem::path config_path_;
  config::MilterSettings milter_;  // fixed at start: sockets are not reopened
  policy::SnapshotRegistry registry_;
  std::mutex reload_mutex_;  // reload path only, never taken by mail
  std::array<std::atomic<std::uint64_t>, 5> actions_{};
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::atomic<std::uint64_t> reloads_ok_{0};
  std::atomic<std::uint64_t> reloads_failed_{0};
};

// The one Daemon of the process, for libmilter's C callbacks, which carry
// no user pointer until a connection has a private pointer.
Daemon* current_daemon() noexcept;
void set_current_daemon(Daemon* daemon) noexcept;

}  // namespace brandguard::milter
