#include "daemon.hpp"

#include <spdlog/spdlog.h>

namespace brandguard::milter {

namespace {
std::atomic<Daemon*> g_daemon{nullptr};
}

Daemon* current_daemon() noexcept { return g_daemon.load(std::memory_order_acquire); }
void set_current_daemon(Daemon* daemon) noexcept { g_daemon.store(daemon, std::memory_order_release); }

Daemon::Daemon(std::filesystem::path config_path, config::Config initial)
    : config_path_(std::move(config_path)), milter_(std::move(initial.milter)) {
  registry_.publish(std::move(initial.snapshot));
}

bool Daemon::reload(std::vector<std::string>* errors) {
  std::lock_guard lock(reload_mutex_);
  auto loaded = config::load(config_path_);
  if (!loaded) {
    reloads_failed_.fetch_add(1, std::memory_order_relaxed);
    for (const auto& error : loaded.error()) {
      spdlog::error("reload refused, keeping config {}: {}", registry_.pin()->version, error.to_string());
      if (errors != nullptr) errors->push_back(error.to_string());
    }
    return false;
  }
  if (loaded->milter.socket != milter_.socket) {
    spdlog::warn("reload: milter.socket changed to {}; a restart is needed to apply it", loaded->milter.socket);
  }
  const std::string version = loaded->snapshot->version;
  registry_.publish(std::move(loaded->snapshot));
  reloads_ok_.fetch_add(1, std::memory_order_relaxed);
  spdlog::info("reload: config {} active", version);
  return true;
}

}  // namespace brandguard::milter
