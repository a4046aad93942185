// MimeText: the readable content of a message for content checks, decoded
// once per message with GMime: every text part (transfer encoding and
// charset decoded), HTML rendered to text with its links, all as valid
// UTF-8. GMime finds the Subject and From fields; their RFC 2047 words are
// decoded by decode_encoded_words() (encoded_words.hpp), not by GMime,
// whose decoder truncates adjacent B-encoded words.
//
// Bounds (MimeLimits): parts visited, MIME nesting, bytes of text kept,
// links kept. A message past a bound, or one GMime cannot parse, still
// gives what could be read plus a `partial` reason: it is never rejected
// for being unparseable. Called at end of message, on the connection's
// thread; GMime objects never outlive the call.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "message/html_text.hpp"

namespace brandguard::policy {

struct MimeLimits {
  std::size_t max_parts = 100;
  std::size_t max_depth = 20;
  std::size_t max_text_bytes = 1 << 20;
  std::size_t max_links = 200;
};

struct TextPart {
  std::string content_type;  // "text/plain", "text/html"
  std::string text;          // UTF-8; HTML already rendered to text
};

struct MimeText {
  std::string subject;  // the last Subject field (as GMime), decoded, one line of UTF-8
  // Decoded display name of the first From mailbox; GMime's name (a group
  // name, a name in a comment) when our From parser finds no display name.
  std::string from_display;
  std::string from_address;  // address of the first From mailbox
  std::vector<TextPart> parts;
  std::vector<Link> links;           // from HTML parts
  std::vector<std::string> partial;  // why the content is incomplete, if it is
  // All text of all parts, one after the other, for pattern scans.
  std::string all_text() const;
};

// `message`: the whole message (header fields, blank line, body).
MimeText decode_mime(std::string_view message, const MimeLimits& limits);

// Replaces invalid UTF-8 sequences with U+FFFD.
std::string make_valid_utf8(std::string_view text);

}  // namespace brandguard::policy
