// MessageResult: what the checks found about one message while it was
// being received: symbols plus actions forced regardless of the score
// (e.g. a DMARC p=reject failure).
//
// Owned by the per-connection Transaction; written by one thread at a time.
// Bounded: past kMaxSymbols further symbols are counted, not stored.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "verdict/action.hpp"
#include "verdict/symbol.hpp"

namespace brandguard::policy {

struct ForcedAction {
  Action action = Action::accept;
  std::string reason;  // one line, safe to show to the SMTP client
};

// Header edits decided by checks (not by the score): the
// Authentication-Results header and which incoming copies to remove.
struct HeaderEdits {
  // 1-based indexes among the Authentication-Results fields of the message
  // to delete (forged copies carrying our authserv-id).
  std::vector<std::size_t> delete_authentication_results;
  std::optional<std::string> authentication_results;  // value to insert at the top
};

class MessageResult {
 public:
  static constexpr std::size_t kMaxSymbols = 256;
  static constexpr std::size_t kMaxEvidenceBytes = 200;

  // Adds a symbol; evidence is cut to kMaxEvidenceBytes on a UTF-8 boundary.
  void add(std::string_view name, double score, std::string_view evidence);

  // Forces at least `action`; the strongest forced action wins, and its
  // reason is kept.
  void force(Action action, std::string_view reason);

  const std::vector<Symbol>& symbols() const noexcept { return symbols_; }
  std::size_t dropped_symbols() const noexcept { return dropped_; }
  const std::optional<ForcedAction>& forced() const noexcept { return forced_; }
  HeaderEdits& edits() noexcept { return edits_; }
  const HeaderEdits& edits() const noexcept { return edits_; }
  double total_score() const noexcept;
  bool has(std::string_view name) const noexcept;

  void clear() noexcept;

 private:
  std::vector<Symbol> symbols_;
  std::size_t dropped_ = 0;
  std::optional<ForcedAction> forced_;
  HeaderEdits edits_;
};

// Cuts `text` to at most `max_bytes` without splitting a UTF-8 sequence.
std::string_view truncate_utf8(std::string_view text, std::size_t max_bytes) noexcept;

}  // namespace brandguard::policy
