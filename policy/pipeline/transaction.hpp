// Transaction: the engine's view of one SMTP connection, stage by stage.
//
// milter/ (for live mail) and the scan CLI (for .eml files) both drive the
// pipeline through this one class, so both judge mail the same way. It
// pins a Snapshot at construction and keeps it for the connection's life,
// owns this connection's Check instances, and accumulates the current
// message. It knows nothing about libmilter.
//
// Ordering: connect, helo*, then per message: mail_from,
// rcpt*, header*, end_of_headers, body*, end_of_message; abort() may come
// at any point and resets the message. Stage calls out of order are
// tolerated (a message is started implicitly).
//
// Thread safety: none needed; one thread at a time per connection.
// Errors: an exception from a check is caught here, recorded as an
// INTERNAL_ERROR symbol, and the message ends with the snapshot's on_error
// action; it never propagates to the caller of a stage method.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "message/envelope.hpp"
#include "message/message.hpp"
#include "pipeline/check.hpp"
#include "pipeline/snapshot.hpp"
#include "verdict/message_result.hpp"
#include "verdict/verdict.hpp"

namespace brandguard::policy {

class Transaction {
 public:
  explicit Transaction(std::shared_ptr<const Snapshot> snapshot);

  void connect(ConnectionInfo connection);
  void helo(std::string_view name);
  void mail_from(std::string_view address, std::string_view auth_user);
  void rcpt(std::string_view address);
  void header(std::string_view name, std::string_view raw_value);
  void end_of_headers();
  void body(std::string_view chunk);
  Verdict end_of_message();
  void abort();

  void set_queue_id(std::string_view queue_id);

  const Snapshot& snapshot() const noexcept { return *snapshot_; }
  const ConnectionInfo& connection() const noexcept { return connection_; }
  const Message& message() const noexcept { return message_; }
  bool in_message() const noexcept { return in_message_; }

 private:
  template <typename Fn>
  void for_each_check(std::string_view stage, Fn&& fn);
  void begin_message_if_needed();
  void reset_message();
  void note_partial_content();

  std::shared_ptr<const Snapshot> snapshot_;
  ConnectionInfo connection_;
  std::vector<std::unique_ptr<Check>> checks_;
  Message message_;
  MessageContent content_{message_};
  MessageResult result_;
  bool in_message_ = false;
  bool failed_ = false;  // a check threw during this message
};

}  // namespace brandguard::policy
