#include "metrics/registry.hpp"

#include <algorithm>

namespace brandguard::policy::metrics {

namespace {
thread_local std::int64_t t_dns_wait_ns = 0;
}

std::string_view to_string(Stage stage) noexcept {
  switch (stage) {
    case Stage::message: return "message";
    case Stage::end_of_headers: return "end_of_headers";
    case Stage::end_of_message: return "end_of_message";
    case Stage::eom_dns_wait: return "eom_dns_wait";
    case Stage::count_: break;
  }
  return "unknown";
}

DnsType dns_type(dns::RrType type) noexcept {
  switch (type) {
    case dns::RrType::a: return DnsType::a;
    case dns::RrType::ns: return DnsType::ns;
    case dns::RrType::cname: return DnsType::cname;
    case dns::RrType::ptr: return DnsType::ptr;
    case dns::RrType::mx: return DnsType::mx;
    case dns::RrType::txt: return DnsType::txt;
    case dns::RrType::aaaa: return DnsType::aaaa;
    case dns::RrType::spf: return DnsType::spf;
  }
  return DnsType::other;
}

std::string_view to_string(DnsType type) noexcept {
  static constexpr std::array<std::string_view, kDnsTypeCount> kNames{"A",   "NS",   "CNAME", "PTR",  "MX",
                                                                      "TXT", "AAAA", "SPF",   "other"};
  return kNames[static_cast<std::size_t>(type)];
}

DnsOutcome dns_outcome(dns::Status status) noexcept {
  switch (status) {
    case dns::Status::ok: return DnsOutcome::ok;
    case dns::Status::nodata: return DnsOutcome::nodata;
    case dns::Status::nxdomain: return DnsOutcome::nxdomain;
    case dns::Status::servfail: return DnsOutcome::servfail;
    case dns::Status::timeout: return DnsOutcome::timeout;
  }
  return DnsOutcome::servfail;
}

std::string_view to_string(DnsOutcome outcome) noexcept {
  static constexpr std::array<std::string_view, kDnsOutcomeCount> kNames{"ok",       "nodata",  "nxdomain",
                                                                         "servfail", "timeout", "cancelled"};
  return kNames[static_cast<std::size_t>(outcome)];
}

std::string_view to_string(ErrorSource source) noexcept {
  return source == ErrorSource::check ? "check" : "milter";
}

void Registry::count_message(const Verdict& verdict) noexcept {
  actions_[static_cast<std::size_t>(verdict.action)].fetch_add(1, std::memory_order_relaxed);
  // Distinct symbols per message, without allocating: slots on the stack.
  // MessageResult keeps at most kMaxSymbols, so the cap never bites.
  constexpr std::size_t kMax = MessageResult::kMaxSymbols;
  std::array<std::size_t, kMax> seen{};
  std::size_t n_seen = 0;
  for (const auto& symbol : verdict.symbols) {
    const std::size_t slot = symbols_.slot_of(symbol.name);
    if (std::find(seen.begin(), seen.begin() + static_cast<std::ptrdiff_t>(n_seen), slot) !=
        seen.begin() + static_cast<std::ptrdiff_t>(n_seen)) {
      continue;
    }
    if (n_seen < kMax) seen[n_seen++] = slot;
    symbols_.hit(slot);
  }
}

void Registry::observe_dns(dns::RrType type, DnsOutcome outcome, const std::chrono::nanoseconds* elapsed) noexcept {
  const auto t = static_cast<std::size_t>(dns_type(type));
  dns_counts_[t][static_cast<std::size_t>(outcome)].fetch_add(1, std::memory_order_relaxed);
  if (elapsed != nullptr) dns_times_[t].observe(*elapsed);
}

Registry& process_registry() noexcept {
  // Never destroyed: the resolver's pump thread and late callbacks may
  // still count while static destructors run.
  static Registry* registry = new Registry();
  return *registry;
}

void add_thread_dns_wait(std::chrono::nanoseconds waited) noexcept {
  if (waited.count() > 0) t_dns_wait_ns += waited.count();
}

std::chrono::nanoseconds take_thread_dns_wait() noexcept {
  const std::int64_t ns = t_dns_wait_ns;
  t_dns_wait_ns = 0;
  return std::chrono::nanoseconds(ns);
}

}  // namespace brandguard::policy::metrics
