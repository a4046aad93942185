// Fuzz target: message splitting and the whole per-message pipeline with
// header rules, as the milter would drive it (offline_scan), on arbitrary
// bytes. No DNS: authentication is disabled in the fuzz snapshot.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config.hpp"
#include "pipeline/offline_scan.hpp"

namespace {
const std::shared_ptr<const brandguard::policy::Snapshot>& snapshot() {
  static const auto s = [] {
    auto c = brandguard::config::load_from_string(R"(
authentication: {enabled: false}
limits: {max_headers: 200, max_header_bytes: 65536, max_body_bytes: 65536, max_recipients: 10}
rules:
  - {symbol: R1, field: "header:Subject", literal: ["ledger", "seed"], score: 3}
  - {symbol: R2, field: "header:From", literal: ["support"], score: 2}
  - {symbol: R3, field: body.text, literal: ["recovery phrase"], regex: ["order\\s*#?[0-9]{5,}"], score: 2}
  - {symbol: R4, field: link.host, regex: ["ledger-[a-z]+"], score: 2}
)",
                                                  "fuzz.yaml");
    if (!c) __builtin_trap();
    return c->snapshot;
  }();
  return s;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  brandguard::policy::ScanEnvelope envelope;
  envelope.client_ip = "192.0.2.1";
  envelope.mail_from = "a@b.test";
  envelope.rcpt = {"c@d.test"};
  const auto result = brandguard::policy::scan_message(
      snapshot(), envelope, std::string_view(reinterpret_cast<const char*>(data), size));
  if (result.verdict.score < -1e9) __builtin_trap();
  return 0;
}
