// Symbol: one named finding of a check, with its score and a short piece of
// evidence that explains it to a human ("display name claims ledger").
//
// Symbols are the unit of explanation: the X-BrandGuard header, the scan
// output and the logs all list them. Evidence is bounded and never holds
// message bodies; it may hold domains and short quoted phrases.
#pragma once

#include <string>

namespace brandguard::policy {

struct Symbol {
  std::string name;
  double score = 0.0;
  std::string evidence;
};

}  // namespace brandguard::policy
