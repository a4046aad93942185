// Snapshot: one compiled, validated, immutable configuration.
//
// Built off the mail path by config/ (at start and on every reload), then
// published through SnapshotRegistry. Shared read-only by every connection
// that pinned it, so everything reachable from here is const after
// construction. The last connection to drop it frees it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "message/limits.hpp"
#include "pipeline/check.hpp"
#include "verdict/action.hpp"
#include "verdict/thresholds.hpp"

namespace brandguard::policy {

// How a verdict is shown on a message that is delivered.
struct Presentation {
  std::string header_name = "X-BrandGuard";
  std::string subject_prefix;  // added on tag and stronger; empty: none
  std::string reject_text = "Message refused as likely brand impersonation";
  std::string tempfail_text = "Message could not be checked, try again later";
};

struct Snapshot {
  std::string version;  // content hash of the files it was built from
  std::string source;   // main config file path, for messages
  Limits limits;
  Thresholds thresholds;
  Presentation presentation;
  Action on_error = Action::tempfail;  // outcome when a check fails internally
  std::vector<std::unique_ptr<const CheckFactory>> checks;
};

}  // namespace brandguard::policy
