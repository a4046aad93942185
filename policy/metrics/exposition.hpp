// Prometheus text exposition (format 0.0.4) of a Registry.
//
// Every family carries HELP and TYPE lines and the brandguard_ prefix;
// histograms have cumulative _bucket{le=...} lines ending with le="+Inf",
// then _sum and _count. Label values are escaped (\\, \", \n) although
// ours come from fixed tables, symbol names and the config version.
//
// Called by the metrics endpoint and tests, off the mail path; it reads
// the registry's atomics and allocates only its own output.
#pragma once

#include <string>
#include <string_view>

#include "metrics/registry.hpp"

namespace brandguard::policy::metrics {

// What the registry does not hold itself.
struct ExpositionInfo {
  std::string config_version;  // the published snapshot's version
};

inline constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

std::string render_prometheus(const Registry& registry, const ExpositionInfo& info);

// `value` escaped for use inside a label's double quotes.
std::string escape_label_value(std::string_view value);

}  // namespace brandguard::policy::metrics
