// Offline scan: runs one message file through the same Transaction the
// milter drives, stage by stage, with the envelope given by the caller.
// Used by `brandguard scan`, `brandguard eval` and corpus tests.
//
// Thread safety: like Transaction (one call per thread at a time); the
// Snapshot is shared read-only.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "auth/results.hpp"
#include "pipeline/snapshot.hpp"
#include "verdict/verdict.hpp"

namespace brandguard::policy {

struct ScanEnvelope {
  std::string client_ip;             // empty: unknown (SPF none)
  std::string client_name = "unknown";
  std::string helo;
  std::string mail_from;             // empty: null sender
  std::vector<std::string> rcpt;
  std::string auth_user;
  std::string queue_id = "SCAN";
};

struct ScanResult {
  Verdict verdict;
  auth::AuthResults auth;
};

ScanResult scan_message(const std::shared_ptr<const Snapshot>& snapshot, const ScanEnvelope& envelope,
                        std::string_view message_bytes);

}  // namespace brandguard::policy
