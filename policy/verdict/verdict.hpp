// Verdict: the final judgement of one message, with everything needed to
// act on it (milter/) or explain it (the scan CLI, the logs).
#pragma once

#include <string>
#include <vector>

#include "verdict/action.hpp"
#include "verdict/message_result.hpp"
#include "verdict/symbol.hpp"
#include "verdict/thresholds.hpp"

namespace brandguard::policy {

struct Verdict {
  Action action = Action::accept;
  double score = 0.0;
  std::vector<Symbol> symbols;
  // One line for the SMTP reply and the quarantine reason: the forced
  // reason when an action was forced, else the top-scoring symbols.
  std::string reason;
  bool forced = false;
  HeaderEdits edits;
};

// Combines score thresholds and forced actions: the strongest wins.
Verdict decide(const MessageResult& result, const Thresholds& thresholds);

// "BRAND_X(6.00), RULE_Y(3.00)": symbol names with scores, highest first,
// at most `max_symbols` of them.
std::string summarize_symbols(const std::vector<Symbol>& symbols, std::size_t max_symbols);

}  // namespace brandguard::policy
