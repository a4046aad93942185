#include "log/logging.hpp"

#include <chrono>
#include <memory>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/sinks/syslog_sink.h>
#include <spdlog/sinks/systemd_sink.h>
#include <syslog.h>

namespace brandguard::policy::log {

namespace {

std::atomic<std::uint64_t> g_dropped{0};

// Formats one record as a JSON object on one line.
class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const auto seconds = std::chrono::time_point_cast<std::chrono::microseconds>(msg.time);
    fmt::format_to(std::back_inserter(dest), R"({{"ts":"{:%Y-%m-%dT%H:%M:%S}Z","level":"{}","msg":"{}"}})",
                   seconds, spdlog::level::to_string_view(msg.level).data(),
                   json_escape(std::string_view(msg.payload.data(), msg.payload.size())));
    dest.push_back('\n');
  }
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonFormatter>(); }
};

}  // namespace

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return out;
}

std::optional<Target> parse_target(std::string_view text) noexcept {
  if (text == "stderr") return Target::stderr_stream;
  if (text == "syslog") return Target::syslog;
  if (text == "journald") return Target::journald;
  return std::nullopt;
}

std::optional<Format> parse_format(std::string_view text) noexcept {
  if (text == "text") return Format::text;
  if (text == "json") return Format::json;
  return std::nullopt;
}

std::optional<spdlog::level::level_enum> parse_level(std::string_view text) noexcept {
  if (text == "debug") return spdlog::level::debug;
  if (text == "info") return spdlog::level::info;
  if (text == "warning") return spdlog::level::warn;
  if (text == "error") return spdlog::level::err;
  return std::nullopt;
}

void configure(const Settings& settings) {
  spdlog::sink_ptr sink;
  switch (settings.target) {
    case Target::stderr_stream:
      sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
      break;
    case Target::syslog:
      sink = std::make_shared<spdlog::sinks::syslog_sink_mt>(settings.ident, LOG_PID, LOG_MAIL, false);
      break;
    case Target::journald:
      sink = std::make_shared<spdlog::sinks::systemd_sink_mt>(settings.ident);
      break;
  }
  auto logger = std::make_shared<spdlog::logger>(settings.ident, std::move(sink));
  if (settings.format == Format::json) {
    logger->set_formatter(std::make_unique<JsonFormatter>());
  } else if (settings.target == Target::stderr_stream) {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %l %v");
  } else {
    logger->set_pattern("%v");  // syslog/journald add time and severity
  }
  logger->set_level(settings.level);
  logger->flush_on(spdlog::level::info);
  logger->set_error_handler([](const std::string&) { g_dropped.fetch_add(1, std::memory_order_relaxed); });
  spdlog::set_default_logger(std::move(logger));
}

std::uint64_t dropped_lines() noexcept { return g_dropped.load(std::memory_order_relaxed); }

}  // namespace brandguard::policy::log
