// Daemon: process-wide state of brandguard-milter: the config file path,
// the published Snapshot and the reload procedure.
//
// reload() runs on the control thread only: it loads and validates the
// whole configuration off the mail path and publishes the new Snapshot
// with one atomic step; on any error the running snapshot stays and the
// errors are logged. The milter callbacks only call registry().pin() and
// count into metrics() (relaxed atomics). Each published snapshot's symbol
// names become metric labels (off the mail path, before the publish).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <filesystem>
#include <string>

#include "config.hpp"
#include "metrics/registry.hpp"
#include "pipeline/snapshot_registry.hpp"

namespace brandguard::milter {

class Daemon {
 public:
  // `metrics`: where counts go; the process registry unless a test
  // brings its own.
  Daemon(std::filesystem::path config_path, config::Config initial,
         policy::metrics::Registry& metrics = policy::metrics::process_registry());

  const policy::SnapshotRegistry& registry() const noexcept { return registry_; }
  const config::MilterSettings& milter_settings() const noexcept { return milter_; }

  // Returns true when the new configuration was published; `errors` gets
  // the refusal messages otherwise. Serialized: signal and control-socket
  // reloads may ask at the same time.
  bool reload(std::vector<std::string>* errors = nullptr);

  policy::metrics::Registry& metrics() noexcept { return metrics_; }
  const policy::metrics::Registry& metrics() const noexcept { return metrics_; }
  std::uint64_t count_of(policy::Action action) const noexcept { return metrics_.messages(action); }
  std::chrono::steady_clock::time_point started() const noexcept { return started_; }

  std::uint64_t reloads_ok() const noexcept { return metrics_.reloads_ok(); }
  std::uint64_t reloads_failed() const noexcept { return metrics_.reloads_failed(); }

 private:
  void publish(std::shared_ptr<const policy::Snapshot> snapshot);

  std::filesystem::path config_path_;
  config::MilterSettings milter_;  // fixed at start: sockets are not reopened
  std::string metrics_listen_;     // likewise: the endpoint is not rebound
  policy::metrics::Registry& metrics_;
  policy::SnapshotRegistry registry_;
  std::mutex reload_mutex_;  // reload path only, never taken by mail
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

// The one Daemon of the process, for libmilter's C callbacks, which carry
// no user pointer until a connection has a private pointer.
Daemon* current_daemon() noexcept;
void set_current_daemon(Daemon* daemon) noexcept;

}  // namespace brandguard::milter
