// The brand engine's judgement of one message, as symbols: separated from
// the Check adapter so that it runs on a MessageView and can be tested and
// reasoned about without a pipeline. See brand_check.hpp for the steps.
#pragma once

#include <array>
#include <string>

#include "auth/results.hpp"
#include "brand/brand_registry.hpp"
#include "brand/content_signals.hpp"
#include "brand/message_view.hpp"
#include "verdict/message_result.hpp"

namespace brandguard::policy::brand {

// Adds each brand symbol at most once per message, with the configured
// score and the first evidence found.
class SymbolSink {
 public:
  SymbolSink(MessageResult& result, const BrandScores& scores) : result_(result), scores_(scores) {}
  void add(BrandSymbol symbol, std::string_view evidence);
  bool has(BrandSymbol symbol) const noexcept { return added_[static_cast<std::size_t>(symbol)]; }

 private:
  MessageResult& result_;
  const BrandScores& scores_;
  std::array<bool, kBrandSymbolCount> added_{};
};

// Bytes of body text searched for brand names (the subject and display
// name are searched whole): claims come early in phishing mail, and
// confusable folding costs a few microseconds per kilobyte.
inline constexpr std::size_t kBodyClaimScanBytes = 32 * 1024;

void judge_message(const BrandRegistry& registry, const MessageView& view, const auth::AuthResults& auth,
                   const ContentSignals& signals, SymbolSink& sink);

}  // namespace brandguard::policy::brand
