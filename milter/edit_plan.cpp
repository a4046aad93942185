#include "edit_plan.hpp"

#include <algorithm>
#include <functional>

#include <fmt/format.h>

namespace brandguard::milter {

namespace {

// Printable ASCII only; anything else (CR, LF, NUL, 8-bit) becomes '?', so
// no input byte can break the header or smuggle a new one in.
std::string ascii_only(std::string_view text, std::size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes));
  for (unsigned char c : text) {
    if (out.size() >= max_bytes) break;
    out.push_back((c >= 32 && c <= 126) ? static_cast<char>(c) : '?');
  }
  return out;
}

}  // namespace

std::string sanitize_reply_text(std::string_view text, std::size_t max_bytes) {
  std::string out = ascii_only(text, max_bytes);
  for (char& c : out) {
    if (c == '%') c = ' ';
  }
  return out;
}

std::string format_header_value(const policy::Verdict& verdict, const std::string& reference,
                                const std::string& config_version) {
  std::string out = fmt::format("{}; score={:.2f}; ref={}; config={}", policy::to_string(verdict.action),
                                verdict.score, ascii_only(reference, 64), config_version);
  for (const auto& symbol : verdict.symbols) {
    out += fmt::format(";\n\t{}={:.2f}", symbol.name, symbol.score);
    if (!symbol.evidence.empty()) {
      std::string evidence = ascii_only(symbol.evidence, 160);
      for (char& c : evidence) {
        if (c == '"' || c == '\\') c = '\'';
      }
      out += fmt::format(" \"{}\"", evidence);
    }
  }
  return out;
}

EditPlan plan_edits(const policy::Verdict& verdict, const policy::Snapshot& snapshot, const MessageFacts& facts) {
  EditPlan plan;
  const auto& presentation = snapshot.presentation;
  const std::string lead = facts.leading_space ? " " : "";
  const std::string reference = facts.reference.empty() ? std::string("none") : facts.reference;

  switch (verdict.action) {
    case policy::Action::reject: {
      plan.disposition = Disposition::reject;
      const std::string text = fmt::format("{}: {} (ref {})", presentation.reject_text, verdict.reason, reference);
      plan.reply = Reply{"550", "5.7.1", sanitize_reply_text(text, 400)};
      return plan;
    }
    case policy::Action::tempfail: {
      plan.disposition = Disposition::tempfail;
      const std::string text = fmt::format("{} (ref {})", presentation.tempfail_text, reference);
      plan.reply = Reply{"451", "4.7.1", sanitize_reply_text(text, 400)};
      return plan;
    }
    case policy::Action::accept:
    case policy::Action::tag:
    case policy::Action::quarantine:
      break;
  }

  plan.delete_authentication_results = verdict.edits.delete_authentication_results;
  std::sort(plan.delete_authentication_results.begin(), plan.delete_authentication_results.end(),
            std::greater<>());
  plan.delete_authentication_results.erase(
      std::unique(plan.delete_authentication_results.begin(), plan.delete_authentication_results.end()),
      plan.delete_authentication_results.end());
  if (verdict.edits.authentication_results) plan.authentication_results = lead + *verdict.edits.authentication_results;
  plan.delete_own_headers = facts.own_header_count;
  plan.header_value = lead + format_header_value(verdict, reference, snapshot.version);

  const bool suspicious = verdict.action == policy::Action::tag || verdict.action == policy::Action::quarantine;
  if (suspicious && !presentation.subject_prefix.empty()) {
    plan.subject_exists = facts.has_subject;
    std::string_view current = facts.subject_raw;
    while (!current.empty() && (current.front() == ' ' || current.front() == '\t')) current.remove_prefix(1);
    // Do not stack prefixes when a message passes through twice.
    if (current.rfind(presentation.subject_prefix, 0) != 0) {
      plan.new_subject = current.empty() ? lead + presentation.subject_prefix
                                         : fmt::format("{}{} {}", lead, presentation.subject_prefix, current);
    }
  }
  if (verdict.action == policy::Action::quarantine) {
    plan.quarantine_reason = sanitize_reply_text(
        fmt::format("BrandGuard score {:.2f}: {}", verdict.score, verdict.reason), 200);
  }
  return plan;
}

}  // namespace brandguard::milter
