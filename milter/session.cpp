#include "session.hpp"

#include "message/header.hpp"

namespace brandguard::milter {

void Session::note_header(std::string_view name, std::string_view raw_value) {
  if (policy::iequals(name, snapshot().presentation.header_name)) ++own_header_count_;
  if (!has_subject_ && policy::iequals(name, "Subject")) {
    has_subject_ = true;
    subject_raw_.assign(raw_value);
  }
}

void Session::start_message() {
  own_header_count_ = 0;
  has_subject_ = false;
  subject_raw_.clear();
  message_start_ = std::chrono::steady_clock::now();
}

}  // namespace brandguard::milter
