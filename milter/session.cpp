#include "session.hpp"

#include <libmilter/mfapi.h>

#include <string>

#include "message/header.hpp"

namespace brandguard::milter {

void Session::note_header(std::string_view name, std::string_view raw_value) {
  if (policy::iequals(name, snapshot().presentation.header_name)) ++own_header_count_;
  if (!has_subject_ && policy::iequals(name, "Subject")) {
    has_subject_ = true;
    subject_raw_.assign(raw_value);
  }
}

void Session::header(std::string_view name, std::string_view value) {
  std::string with_space;
  if (!leading_space) {
    with_space.reserve(value.size() + 1);
    with_space.push_back(' ');
    with_space.append(value);
    value = with_space;
  }
  note_header(name, value);
  transaction_.header(name, value);
}

void Session::start_message() {
  own_header_count_ = 0;
  has_subject_ = false;
  subject_raw_.clear();
  message_start_ = std::chrono::steady_clock::now();
}

int Session::reply_at(unsigned long no_reply_flag, Scope scope, int status) noexcept {
  if ((no_reply & no_reply_flag) == 0) return status;
  if (status != SMFIS_CONTINUE) {
    auto& kept = scope == Scope::connection ? connection_failure_ : message_failure_;
    if (!kept) kept = status;
  }
  return SMFIS_NOREPLY;
}

std::optional<int> Session::take_deferred_failure() noexcept {
  if (message_failure_) {
    const int status = *message_failure_;
    message_failure_.reset();
    return status;
  }
  return connection_failure_;
}

}  // namespace brandguard::milter
