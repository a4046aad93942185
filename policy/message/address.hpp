// Author addresses: the RFC 5322 From field parsed for DMARC (RFC 7489
// 6.6.1) and for the brand checks that look at the sender.
//
// parse_author() takes the value of every From field of a message, raw as
// the MTA delivered it (leading space, folding as "\n\t" or "\r\n ",
// RFC 2047 words, comments, quoted strings, 8-bit and UTF-8 bytes), and
// returns every mailbox it finds plus a status saying whether the message
// has exactly one author domain. It never guesses: a From that is not a
// well-formed address list (an unbalanced '<' or '>', a mailbox without a
// domain such as "user2" or "user@", a NUL or control byte, an unterminated
// quoted string or comment) is `unparseable` with a short reason; a list
// whose mailboxes name different domains is `multiple_domains` even when
// other elements of the list are broken (CVE-2021-34555). Tolerated because
// RFC 5322's obsolete syntax allows them: CFWS around '@' and '.', "." in
// display names, empty list elements, routes in angle brackets, and
// RFC 6854 groups in From.
//
// Who calls it: the DMARC check at end of headers (the From fields are
// complete then), and checks that want the author address.
//
// Thread safety: pure functions of their input; no shared state.
// Ownership: results own their strings; inputs are only read.
// Bounds: at most kMaxAuthorMailboxes mailboxes and kMaxAuthorFields From
// fields are examined, a field longer than kMaxFromFieldBytes is not parsed,
// comments nest at most kMaxCommentDepth deep; the parser is a linear scan
// without recursion. Errors are statuses, never exceptions (only
// std::bad_alloc can escape).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "message/header.hpp"

namespace brandguard::policy {

enum class AuthorStatus {
  single,                 // exactly one mailbox
  multiple_same_domain,   // several mailboxes, all in one domain (ASCII case ignored)
  multiple_domains,       // mailboxes in two or more domains
  multiple_from_headers,  // more than one From field (RFC 5322 3.6 allows one)
  missing,                // no From field
  empty,                  // a From field with nothing in it
  group_without_address,  // only groups without members, e.g. "undisclosed:;"
  unparseable,            // not an address list; see AuthorResult::problem
};

std::string_view to_string(AuthorStatus status) noexcept;

struct Mailbox {
  // As written, comments and folding whitespace removed: a dot-atom, a
  // quoted string with its quotes, or UTF-8 (RFC 6532).
  std::string local_part;
  // As written, case kept: labels joined by '.', or a "[domain literal]".
  std::string domain;
  // The display name exactly as written (quotes, quoted-pairs and RFC 2047
  // words left as they are), with line breaks removed; empty if none.
  std::string display_name_raw;
};

struct AuthorResult {
  AuthorStatus status = AuthorStatus::missing;
  // Every well-formed mailbox, in order, over all From fields; elements of
  // the list that failed to parse contribute none.
  std::vector<Mailbox> mailboxes;
  // Defined for `single` and `multiple_same_domain` only: the domain with
  // A-Z lowercased and one trailing dot removed (not IDNA-mapped; DMARC
  // normalizes it with auth::normalize_domain). Empty otherwise.
  std::string author_domain;
  std::size_t from_fields = 0;  // From fields seen
  // Why the status is not `single`, one line, safe to log (never a local
  // part or display name).
  std::string problem;
};

inline constexpr std::size_t kMaxAuthorMailboxes = 100;
inline constexpr std::size_t kMaxAuthorFields = 16;
inline constexpr std::size_t kMaxFromFieldBytes = 64 * 1024;
inline constexpr std::size_t kMaxCommentDepth = 32;

// `from_values`: the raw value of each From field, in header order.
AuthorResult parse_author(std::span<const std::string_view> from_values);

// The same over a message's header fields: takes every field named From
// (ASCII case-insensitive).
AuthorResult parse_author_from_headers(std::span<const Header> headers);

}  // namespace brandguard::policy
