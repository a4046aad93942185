// Fuzz target: what reaches the MTA from a verdict. Whatever the evidence
// bytes, the X-BrandGuard value and the SMTP reply text must stay one
// header / one line: no CR, no LF except our own "\n\t" folds, no NUL.
#include <cstddef>
#include <cstdint>
#include <string>

#include "edit_plan.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  brandguard::policy::Verdict v;
  v.action = brandguard::policy::Action::tag;
  v.symbols.push_back({"FUZZ", 1.0, bytes});
  v.reason = bytes;
  const std::string header = brandguard::milter::format_header_value(v, bytes, "v");
  for (std::size_t i = 0; i < header.size(); ++i) {
    const char c = header[i];
    if (c == '\r' || c == '\0') __builtin_trap();
    if (c == '\n' && (i + 1 >= header.size() || header[i + 1] != '\t')) __builtin_trap();
  }
  const std::string reply = brandguard::milter::sanitize_reply_text(bytes, 400);
  for (char c : reply) {
    if (c == '\r' || c == '\n' || c == '%' || c == '\0') __builtin_trap();
  }
  return 0;
}
