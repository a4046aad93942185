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
#include <string>

#include "pipeline/transaction.hpp"

namespace brandguard::milter {

class Session {
 public:
  explicit Session(std::shared_ptr<const policy::Snapshot> snapshot) : transaction_(std::move(snapshot)) {}

  policy::Transaction& transaction() noexcept { return transaction_; }
  const policy::Snapshot& snapshot() const noexcept { return transaction_.snapshot(); }

  // Called for every header field, before the Transaction sees it, so the
  // counts stay exact even past the engine's header limits.
  void note_header(std::string_view name, std::string_view raw_value);
  void start_message();

  std::size_t own_header_count() const noexcept { return own_header_count_; }
  bool has_subject() const noexcept { return has_subject_; }
  const std::string& subject_raw() const noexcept { return subject_raw_; }
  std::chrono::steady_clock::time_point message_start() const noexcept { return message_start_; }

  // Whether the MTA keeps the space after the colon (SMFIP_HDR_LEADSPC).
  bool leading_space = false;

 private:
  policy::Transaction transaction_;
  std::size_t own_header_count_ = 0;
  bool has_subject_ = false;
  std::string subject_raw_;
  std::chrono::steady_clock::time_point message_start_ = std::chrono::steady_clock::now();
};

}  // namespace brandguard::milter
