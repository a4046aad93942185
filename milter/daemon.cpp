#include "daemon.hpp"

#include <spdlog/spdlog.h>

#include "pipeline/symbol_catalog.hpp"

namespace brandguard::milter {

namespace {
std::atomic<Daemon*> g_daemon{nullptr};
}

Daemon* current_daemon() noexcept { return g_daemon.load(std::memory_order_acquire); }
void set_current_daemon(Daemon* daemon) noexcept { g_daemon.store(daemon, std::memory_order_release); }

Daemon::Daemon(std::filesystem::path config_path, config::Config initial, policy::metrics::Registry& metrics)
    : config_path_(std::move(config_path)),
      milter_(std::move(initial.milter)),
      metrics_listen_(initial.metrics.listen),
      metrics_(metrics) {
  publish(std::move(initial.snapshot));
}

void Daemon::publish(std::shared_ptr<const policy::Snapshot> snapshot) {
  // Labels first, so the first message judged by the new snapshot already
  // finds its symbols.
  if (const std::size_t dropped = metrics_.symbols().register_names(policy::symbol_catalog(*snapshot))) {
    spdlog::warn("metrics: {} symbol names over the limit of {} labels count as \"other\"", dropped,
                 policy::metrics::SymbolCounters::kCapacity);
  }
  registry_.publish(std::move(snapshot));
}

bool Daemon::reload(std::vector<std::string>* errors) {
  std::lock_guard lock(reload_mutex_);
  auto loaded = config::load(config_path_);
  if (!loaded) {
    metrics_.reload_result(false);
    for (const auto& error : loaded.error()) {
      spdlog::error("reload refused, keeping config {}: {}", registry_.pin()->version, error.to_string());
      if (errors != nullptr) errors->push_back(error.to_string());
    }
    return false;
  }
  if (loaded->milter.socket != milter_.socket) {
    spdlog::warn("reload: milter.socket changed to {}; a restart is needed to apply it", loaded->milter.socket);
  }
  if (loaded->metrics.listen != metrics_listen_) {
    spdlog::warn("reload: metrics.listen changed to \"{}\"; a restart is needed to apply it", loaded->metrics.listen);
  }
  const std::string version = loaded->snapshot->version;
  publish(std::move(loaded->snapshot));
  metrics_.reload_result(true);
  spdlog::info("reload: config {} active", version);
  return true;
}

}  // namespace brandguard::milter
