// EditPlan: what the milter must do to the message for a verdict, decided
// without touching libmilter so it can be tested on its own.
//
// Order of execution (callbacks.cpp): delete forged Authentication-Results
// and every incoming copy of our header (highest index first), insert ours
// at the top, then our Authentication-Results above it, change the Subject,
// quarantine, then reply. All edits are computed before any is
// applied, so an error while planning leaves the message untouched.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/snapshot.hpp"
#include "verdict/verdict.hpp"

namespace brandguard::milter {

struct Reply {
  std::string code;           // "550", "451"
  std::string extended_code;  // "5.7.1", "4.7.1"
  std::string text;           // one line, printable ASCII, no '%'
};

enum class Disposition { accept, reject, tempfail };

struct EditPlan {
  // Authentication-Results copies to remove, 1-based, highest first.
  std::vector<std::size_t> delete_authentication_results;
  std::optional<std::string> authentication_results;  // ours, inserted at the very top
  std::size_t delete_own_headers = 0;  // incoming copies to remove
  std::optional<std::string> header_value;   // our header, value with leading space if needed
  std::optional<std::string> new_subject;    // replaces (or adds) Subject
  bool subject_exists = false;
  std::optional<std::string> quarantine_reason;
  std::optional<Reply> reply;
  Disposition disposition = Disposition::accept;
};

struct MessageFacts {
  std::size_t own_header_count = 0;
  bool has_subject = false;
  std::string subject_raw;  // as received, leading space included if any
  bool leading_space = false;
  std::string reference;    // queue id or another id the admin can grep for
};

EditPlan plan_edits(const policy::Verdict& verdict, const policy::Snapshot& snapshot, const MessageFacts& facts);

// The X-BrandGuard value: action, score, reference and each symbol with
// its score and evidence, folded with "\n\t" between symbols. ASCII only.
std::string format_header_value(const policy::Verdict& verdict, const std::string& reference,
                                const std::string& config_version);

// Makes `text` safe for an SMTP reply: printable ASCII, no '%', bounded.
std::string sanitize_reply_text(std::string_view text, std::size_t max_bytes);

}  // namespace brandguard::milter
