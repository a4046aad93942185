#include "message/message.hpp"

#include <algorithm>

namespace brandguard::policy {

bool Message::add_header(std::string_view name, std::string_view raw_value) {
  const std::size_t bytes = name.size() + raw_value.size();
  if (headers_.size() >= limits_->max_headers ||
      bytes > limits_->max_header_bytes - std::min(header_bytes_, limits_->max_header_bytes)) {
    ++headers_dropped_;
    return false;
  }
  header_bytes_ += bytes;
  headers_.push_back(Header{std::string(name), std::string(raw_value)});
  return true;
}

bool Message::add_recipient(std::string_view rcpt) {
  if (envelope_.rcpt.size() >= limits_->max_recipients) {
    ++recipients_dropped_;
    return false;
  }
  envelope_.rcpt.emplace_back(rcpt);
  return true;
}

bool Message::append_body(std::string_view chunk) {
  body_bytes_seen_ += chunk.size();
  const std::size_t room = limits_->max_body_bytes - std::min(body_.size(), limits_->max_body_bytes);
  body_.append(chunk.substr(0, std::min(room, chunk.size())));
  return chunk.size() <= room;
}

const Header* Message::find_header(std::string_view name) const noexcept {
  for (const auto& h : headers_) {
    if (iequals(h.name, name)) return &h;
  }
  return nullptr;
}

std::size_t Message::count_headers(std::string_view name) const noexcept {
  return static_cast<std::size_t>(std::count_if(
      headers_.begin(), headers_.end(), [&](const Header& h) { return iequals(h.name, name); }));
}

void Message::reset() {
  envelope_ = Envelope{};
  auth_ = auth::AuthResults{};
  headers_.clear();
  header_bytes_ = 0;
  headers_dropped_ = 0;
  recipients_dropped_ = 0;
  // Keep a small buffer for the next message on this connection, but do
  // not let every idle connection hold on to a large one.
  if (body_.capacity() > kRetainedBodyCapacity) {
    std::string().swap(body_);
  } else {
    body_.clear();
  }
  body_bytes_seen_ = 0;
}

}  // namespace brandguard::policy
