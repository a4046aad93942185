#include "verdict/message_result.hpp"

namespace brandguard::policy {

std::string_view truncate_utf8(std::string_view text, std::size_t max_bytes) noexcept {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  // Step back over continuation bytes (10xxxxxx) so the cut lands on the
  // start of a sequence, which is then excluded.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) --cut;
  return text.substr(0, cut);
}

void MessageResult::add(std::string_view name, double score, std::string_view evidence) {
  if (symbols_.size() >= kMaxSymbols) {
    ++dropped_;
    return;
  }
  symbols_.push_back(Symbol{std::string(name), score,
                            std::string(truncate_utf8(evidence, kMaxEvidenceBytes))});
}

void MessageResult::force(Action action, std::string_view reason) {
  if (!forced_ || strongest(forced_->action, action) != forced_->action) {
    forced_ = ForcedAction{action, std::string(truncate_utf8(reason, kMaxEvidenceBytes))};
  }
}

double MessageResult::total_score() const noexcept {
  double total = 0.0;
  for (const auto& s : symbols_) total += s.score;
  return total;
}

bool MessageResult::has(std::string_view name) const noexcept {
  for (const auto& s : symbols_) {
    if (s.name == name) return true;
  }
  return false;
}

void MessageResult::clear() noexcept {
  symbols_.clear();
  dropped_ = 0;
  forced_.reset();
  edits_ = HeaderEdits{};
}

}  // namespace brandguard::policy
