// Check: one detector in the pipeline, with a method per SMTP stage.
//
// Every stage method defaults to "nothing to do", so a check implements
// only the stages it needs. Checks report by adding symbols (or forcing an
// action) on the message's MessageResult; they never talk to the MTA.
//
// Lifetime: a CheckFactory belongs to an immutable Snapshot and is shared by
// all connections (it must be thread safe, i.e. const). Each connection
// gets its own Check instances from the factories of the Snapshot it pinned,
// so a Check may keep per-connection state without locks: its methods are
// called by one thread at a time, in stage order. `on_message_reset` is
// called at every MAIL FROM and abort, so per-message state never leaks into
// the next message.
//
// Errors: a check may throw; the Transaction turns that into the configured
// internal-error outcome for the message. Checks must not block for long:
// slow work (DNS) is started early and finished at end of message.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "message/content.hpp"
#include "message/envelope.hpp"
#include "message/message.hpp"
#include "verdict/message_result.hpp"

namespace brandguard::policy {

// What a check can see and write during one message.
struct MessageContext {
  const ConnectionInfo& connection;
  Message& message;
  MessageResult& result;
  MessageContent& content;  // decoded text, parsed on first use
};

class Check {
 public:
  virtual ~Check() = default;

  virtual void on_connect(const ConnectionInfo&) {}
  virtual void on_helo(const ConnectionInfo&) {}
  virtual void on_mail_from(MessageContext&) {}
  virtual void on_rcpt(MessageContext&, std::string_view /*rcpt*/) {}
  virtual void on_header(MessageContext&, const Header&) {}
  virtual void on_end_of_headers(MessageContext&) {}
  virtual void on_body(MessageContext&, std::string_view /*chunk*/) {}
  virtual void on_end_of_message(MessageContext&) {}
  virtual void on_message_reset() {}
};

class CheckFactory {
 public:
  virtual ~CheckFactory() = default;
  virtual std::string_view name() const noexcept = 0;
  virtual std::unique_ptr<Check> create() const = 0;
  // Every symbol name this check can emit with this configuration. It
  // bounds the per-symbol metric labels (names outside it count as
  // "other"), so it must not depend on mail; a missing name only loses
  // its own label.
  virtual std::vector<std::string> symbol_names() const { return {}; }
};

}  // namespace brandguard::policy
