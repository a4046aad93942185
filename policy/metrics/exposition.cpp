#include "metrics/exposition.hpp"

#include <fmt/format.h>

namespace brandguard::policy::metrics {

namespace {

void family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

// One histogram's lines; `labels` is empty or `key="value"` without braces.
void histogram(std::string& out, std::string_view name, std::string_view labels, const Histogram& h) {
  const std::string sep = labels.empty() ? "" : ",";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kBucketBounds.size(); ++i) {
    cumulative += h.bucket(i);
    fmt::format_to(std::back_inserter(out), "{}_bucket{{{}{}le=\"{}\"}} {}\n", name, labels, sep, kBucketBounds[i],
                   cumulative);
  }
  cumulative += h.bucket(kBucketBounds.size());
  fmt::format_to(std::back_inserter(out), "{}_bucket{{{}{}le=\"+Inf\"}} {}\n", name, labels, sep, cumulative);
  const std::string braces = labels.empty() ? std::string() : fmt::format("{{{}}}", labels);
  // The count is the +Inf bucket read above, so the two always agree.
  fmt::format_to(std::back_inserter(out), "{}_sum{} {}\n{}_count{} {}\n", name, braces, h.sum_seconds(), name,
                 braces, cumulative);
}

}  // namespace

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out.push_back(c);
  }
  return out;
}

std::string render_prometheus(const Registry& r, const ExpositionInfo& info) {
  std::string out;
  out.reserve(16 * 1024);
  auto line = [&](std::string_view name, std::string_view labels, auto value) {
    if (labels.empty()) fmt::format_to(std::back_inserter(out), "{} {}\n", name, value);
    else fmt::format_to(std::back_inserter(out), "{}{{{}}} {}\n", name, labels, value);
  };

  family(out, "brandguard_messages_total", "counter", "Messages judged, by the action taken.");
  for (auto action : {Action::accept, Action::tag, Action::quarantine, Action::tempfail, Action::reject}) {
    line("brandguard_messages_total", fmt::format("action=\"{}\"", to_string(action)), r.messages(action));
  }

  family(out, "brandguard_symbol_hits_total", "counter",
         "Messages in which a symbol fired (once per message); symbols outside the configuration count as "
         "\"other\".");
  const SymbolCounters& symbols = r.symbols();
  for (std::size_t slot = 0, n = symbols.size(); slot < n; ++slot) {
    line("brandguard_symbol_hits_total", fmt::format("symbol=\"{}\"", escape_label_value(symbols.name(slot))),
         symbols.hits(slot));
  }
  line("brandguard_symbol_hits_total", fmt::format("symbol=\"{}\"", SymbolCounters::kOtherLabel),
       symbols.hits(SymbolCounters::kOther));

  family(out, "brandguard_stage_duration_seconds", "histogram",
         "Time spent per message in a stage: message (MAIL FROM to verdict), end_of_headers, end_of_message, "
         "eom_dns_wait (part of end_of_message blocked on DNS).");
  for (std::size_t s = 0; s < kStageCount; ++s) {
    const auto stage = static_cast<Stage>(s);
    histogram(out, "brandguard_stage_duration_seconds", fmt::format("stage=\"{}\"", to_string(stage)),
              r.stage(stage));
  }

  family(out, "brandguard_dns_lookups_total", "counter", "DNS lookups completed, by query type and outcome.");
  for (std::size_t t = 0; t < kDnsTypeCount; ++t) {
    for (std::size_t o = 0; o < kDnsOutcomeCount; ++o) {
      const auto type = static_cast<DnsType>(t);
      const auto outcome = static_cast<DnsOutcome>(o);
      line("brandguard_dns_lookups_total",
           fmt::format("type=\"{}\",outcome=\"{}\"", to_string(type), to_string(outcome)),
           r.dns_lookups(type, outcome));
    }
  }

  family(out, "brandguard_dns_lookup_duration_seconds", "histogram",
         "Time from sending a DNS query to its answer, timeout or cancellation, by query type.");
  for (std::size_t t = 0; t < kDnsTypeCount; ++t) {
    const auto type = static_cast<DnsType>(t);
    histogram(out, "brandguard_dns_lookup_duration_seconds", fmt::format("type=\"{}\"", to_string(type)),
              r.dns_duration(type));
  }

  family(out, "brandguard_internal_errors_total", "counter",
         "Internal errors that applied the on_error action: a check failed, or the milter glue did.");
  for (auto source : {ErrorSource::check, ErrorSource::milter}) {
    line("brandguard_internal_errors_total", fmt::format("source=\"{}\"", to_string(source)),
         r.internal_errors(source));
  }

  family(out, "brandguard_active_sessions", "gauge", "MTA connections open now.");
  line("brandguard_active_sessions", "", r.active_sessions());

  family(out, "brandguard_reloads_total", "counter", "Configuration reloads, by result (failed: refused, old kept).");
  line("brandguard_reloads_total", "result=\"ok\"", r.reloads_ok());
  line("brandguard_reloads_total", "result=\"failed\"", r.reloads_failed());

  family(out, "brandguard_config_last_reload_successful", "gauge",
         "1 if the last reload was applied (or none was asked for), 0 if it was refused.");
  line("brandguard_config_last_reload_successful", "", r.last_reload_ok() ? 1 : 0);

  family(out, "brandguard_config_info", "gauge", "The active configuration; its version is a content hash.");
  line("brandguard_config_info", fmt::format("version=\"{}\"", escape_label_value(info.config_version)), 1);
  return out;
}

}  // namespace brandguard::policy::metrics
