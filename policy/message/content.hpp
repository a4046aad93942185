// MessageContent: the decoded content of the current message, computed at
// most once per message and only if a check asks for it (MIME parsing is
// the costliest step of a scan). Owned by the Transaction, reset with the
// message; used on the connection's thread only.
#pragma once

#include <optional>

#include "message/message.hpp"
#include "message/mime_text.hpp"

namespace brandguard::policy {

class MessageContent {
 public:
  explicit MessageContent(const Message& message, MimeLimits limits = {}) : message_(&message), limits_(limits) {}
  const MimeText& mime();
  // The decoded content if a check asked for it this message, else null
  // (never decodes).
  const MimeText* decoded() const noexcept { return mime_ ? &*mime_ : nullptr; }
  void reset() noexcept { mime_.reset(); }

 private:
  const Message* message_;
  MimeLimits limits_;
  std::optional<MimeText> mime_;
};

// The message as bytes again (CRLF), from the header fields as the MTA
// sent them and the kept body: what MIME parsing reads.
std::string reassemble(const Message& message);

}  // namespace brandguard::policy
