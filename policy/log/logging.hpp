// Logging setup: one process-wide spdlog logger writing to stderr, syslog
// or the journal, as text or JSON lines.
//
// Logging must never throw into a caller (milter callbacks in particular):
// spdlog catches sink errors itself; we install an error handler that counts
// them instead of printing. What is logged is the caller's business; the
// privacy rule (no local parts, display names, subjects or bodies at the
// default level) is kept at the call sites and tested.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

namespace brandguard::policy::log {

enum class Target { stderr_stream, syslog, journald };
enum class Format { text, json };

struct Settings {
  Target target = Target::stderr_stream;
  Format format = Format::text;
  spdlog::level::level_enum level = spdlog::level::info;
  std::string ident = "brandguard";  // syslog ident / journald SYSLOG_IDENTIFIER
};

std::optional<Target> parse_target(std::string_view text) noexcept;
std::optional<Format> parse_format(std::string_view text) noexcept;
std::optional<spdlog::level::level_enum> parse_level(std::string_view text) noexcept;

// Replaces the default logger. Call from one thread (startup or reload).
void configure(const Settings& settings);

// Number of log lines a sink failed to write.
std::uint64_t dropped_lines() noexcept;

// Escapes `text` for a JSON string body (no surrounding quotes).
std::string json_escape(std::string_view text);

}  // namespace brandguard::policy::log
