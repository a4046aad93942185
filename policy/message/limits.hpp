// Limits: named bounds on what one message may make us keep or do.
//
// Every buffer that grows with input from the SMTP client is bounded by one
// of these. Past a limit the data is not kept, a LIMIT_* symbol explains
// it, and the message still gets a defined verdict.
#pragma once

#include <cstddef>

namespace brandguard::policy {

struct Limits {
  std::size_t max_headers = 2000;           // header fields kept per message
  std::size_t max_header_bytes = 1 << 20;   // total bytes of header fields kept
  std::size_t max_body_bytes = 1 << 20;     // body bytes kept for content checks
  std::size_t max_recipients = 1000;        // envelope recipients kept
};

}  // namespace brandguard::policy
