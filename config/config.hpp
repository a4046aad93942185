// Config: everything read from brandguard.yaml. Process settings (socket,
// logging) apply at start; the Snapshot is what a reload swaps.
//
// load() reads, validates and compiles in one go and never returns half a
// configuration: either a complete Config or every error it found.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>
#include <tl/expected.hpp>

#include "config_error.hpp"
#include "dns/resolver.hpp"
#include "log/logging.hpp"
#include "pipeline/snapshot.hpp"

namespace brandguard::config {

struct MilterSettings {
  // libmilter connection spec: "unix:/path" or "inet:PORT@HOST" ("inet6:" too).
  std::string socket = "unix:/run/brandguard/milter.sock";
  std::optional<mode_t> socket_mode;  // unix sockets: chmod after bind
  std::string socket_group;           // unix sockets: chgrp after bind
  int timeout_seconds = 300;          // libmilter I/O timeout towards the MTA
  std::size_t max_data_size = 256 * 1024;  // largest milter packet accepted
};

struct ControlSettings {
  // Unix socket of `brandguard reload|status|stats`; empty: no control socket.
  std::string socket = "/run/brandguard/control.sock";
  mode_t socket_mode = 0600;
};

struct MetricsSettings {
  // Prometheus endpoint (GET /metrics), loopback only: "127.0.0.1:9325" or
  // "[::1]:9325"; empty (the default): no endpoint.
  std::string listen;
  std::string host;  // parsed from listen, without brackets
  int port = 0;
};

struct Config {
  MilterSettings milter;
  ControlSettings control;
  MetricsSettings metrics;
  policy::log::Settings logging;
  std::shared_ptr<const policy::Snapshot> snapshot;
};

// Largest configuration file accepted, so a stray huge file cannot exhaust memory.
inline constexpr std::size_t kMaxConfigFileBytes = 4 * 1024 * 1024;

// Overrides applied on top of the file, for offline tools.
struct LoadOptions {
  // Replaces the dns section (e.g. `brandguard scan --zone`: hermetic).
  std::optional<policy::dns::ResolverSettings> dns;
  // Offline tools (scan, eval, check) leave state files (the first-seen
  // store) alone: their verdicts stay reproducible and the daemon's state
  // unchanged.
  bool offline = false;
};

tl::expected<Config, std::vector<ConfigError>> load(const std::filesystem::path& file,
                                                    const LoadOptions& options = {});

// Same, from text already in memory; `name` is used in messages.
tl::expected<Config, std::vector<ConfigError>> load_from_string(const std::string& text, const std::string& name,
                                                                const LoadOptions& options = {});

}  // namespace brandguard::config
