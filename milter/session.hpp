// Session: the state of one MTA connection, owned by libmilter's private
// pointer (smfi_setpriv) from connect to close.
//
// libmilter calls a connection's callbacks one at a time, but on any of
// its pool threads, so everything per connection lives here and nothing in
// thread_local storage. The Session wraps the engine's Transaction and
// remembers the few raw facts the verdict applier needs to edit the
// message (how many of our own header fields arrived, the Subject).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "pipeline/transaction.hpp"

namespace brandguard::milter {

class Session {
 public:
  explicit Session(std::shared_ptr<const policy::Snapshot> snapshot) : transaction_(std::move(snapshot)) {}

  policy::Transaction& transaction() noexcept { return transaction_; }
  const policy::Snapshot& snapshot() const noexcept { return transaction_.snapshot(); }

  // One header field from the MTA: the space after the colon restored when
  // the MTA strips it (no SMFIP_HDR_LEADSPC), our counts updated before the
  // Transaction sees the field (so they stay exact even past the engine's
  // header limits), then the field handed to the Transaction.
  void header(std::string_view name, std::string_view value);
  void start_message();

  std::size_t own_header_count() const noexcept { return own_header_count_; }
  bool has_subject() const noexcept { return has_subject_; }
  const std::string& subject_raw() const noexcept { return subject_raw_; }
  std::chrono::steady_clock::time_point message_start() const noexcept { return message_start_; }

  // Whether the MTA keeps the space after the colon (SMFIP_HDR_LEADSPC).
  bool leading_space = false;
  // The SMFIP_NR_* stages the MTA agreed not to wait for a reply at.
  unsigned long no_reply = 0;

  // What a stage callback returns: `status` when the MTA waits for a reply
  // at that stage (`no_reply_flag` not negotiated), else SMFIS_NOREPLY. A
  // failure (any status but SMFIS_CONTINUE: on_error's outcome, its reply
  // text already set) at a stage without reply is kept for end of message;
  // the first one of each scope is kept.
  enum class Scope { connection, message };
  int reply_at(unsigned long no_reply_flag, Scope scope, int status) noexcept;
  // At end of message: the failure kept for it, if any. A message failure
  // is consumed; a connection failure (connect, HELO) answers every
  // message of the connection.
  std::optional<int> take_deferred_failure() noexcept;
  // MAIL and abort: a new message starts clean.
  void forget_message_failure() noexcept { message_failure_.reset(); }
  // True once a stage of the current message failed: its outcome is fixed,
  // so the rest of its headers and body need not be read (after an
  // allocation failure every further chunk would fail and log again).
  bool message_failed() const noexcept { return message_failure_.has_value(); }

 private:
  void note_header(std::string_view name, std::string_view raw_value);
  policy::Transaction transaction_;
  std::size_t own_header_count_ = 0;
  bool has_subject_ = false;
  std::string subject_raw_;
  std::chrono::steady_clock::time_point message_start_ = std::chrono::steady_clock::now();
  std::optional<int> connection_failure_;
  std::optional<int> message_failure_;
};

}  // namespace brandguard::milter
