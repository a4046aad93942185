// Message: the per-message state a Transaction accumulates between MAIL
// FROM and end of message: envelope, header fields and a bounded copy of
// the body. Reset at every MAIL FROM and on abort.
//
// Touched by one thread at a time (the connection's current callback).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "auth/results.hpp"
#include "message/envelope.hpp"
#include "message/header.hpp"
#include "message/limits.hpp"

namespace brandguard::policy {

class Message {
 public:
  static constexpr std::size_t kRetainedBodyCapacity = 64 * 1024;

  explicit Message(const Limits& limits) : limits_(&limits) {}

  // Authentication outcomes, filled by the authentication check.
  auth::AuthResults& auth() noexcept { return auth_; }
  const auth::AuthResults& auth() const noexcept { return auth_; }

  Envelope& envelope() noexcept { return envelope_; }
  const Envelope& envelope() const noexcept { return envelope_; }

  // Keeps the header if within limits; returns false (and remembers it)
  // when the header was dropped.
  bool add_header(std::string_view name, std::string_view raw_value);
  // Keeps the recipient if within limits; returns false when dropped.
  bool add_recipient(std::string_view rcpt);
  // Appends up to the body limit; returns false once bytes were dropped.
  bool append_body(std::string_view chunk);

  const std::vector<Header>& headers() const noexcept { return headers_; }
  // First header with this name (case-insensitive), or nullptr.
  const Header* find_header(std::string_view name) const noexcept;
  std::size_t count_headers(std::string_view name) const noexcept;

  std::string_view body() const noexcept { return body_; }
  std::size_t body_bytes_seen() const noexcept { return body_bytes_seen_; }
  bool headers_truncated() const noexcept { return headers_dropped_ > 0; }
  bool body_truncated() const noexcept { return body_bytes_seen_ > body_.size(); }
  bool recipients_truncated() const noexcept { return recipients_dropped_ > 0; }

  void reset();

 private:
  const Limits* limits_;
  Envelope envelope_;
  auth::AuthResults auth_;
  std::vector<Header> headers_;
  std::size_t header_bytes_ = 0;
  std::size_t headers_dropped_ = 0;
  std::size_t recipients_dropped_ = 0;
  std::string body_;
  std::size_t body_bytes_seen_ = 0;
};

}  // namespace brandguard::policy
