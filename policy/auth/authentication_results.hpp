// Authentication-Results (RFC 8601): the header value we add, and the
// reading of incoming ones (whose authserv-id they carry, and what a
// trusted upstream verifier said).
//
// Why we read incoming fields at all: a field carrying our authserv-id
// that we did not write is forged (RFC 8601 5) and must go, whatever its
// case, folding or size; fields from configured trusted authserv-ids may
// stand in for our own checks on internal hops.
//
// Thread safety: pure functions. Bounds: the authserv-id is read from the
// whole field, comments before it nesting to any depth (so that no padding
// hides a forged id); after it, parsing looks at no more than
// kMaxParsedBytes of a field, comments nest at most kMaxCommentDepth, at
// most kMaxResults results are returned, and a result cut by the byte
// limit is dropped. The scan is linear without recursion. Malformed input
// gives an empty or partial result, never an exception (other than
// std::bad_alloc).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/results.hpp"

namespace brandguard::policy::auth {

inline constexpr std::size_t kMaxParsedBytes = 16 * 1024;
inline constexpr std::size_t kMaxResults = 32;
inline constexpr std::size_t kMaxCommentDepth = 16;

// The authserv-id of a raw A-R value (comments and folding skipped,
// quoted-string unquoted); nullopt when the value does not start with one.
std::optional<std::string> authserv_id_of(std::string_view raw_value);

struct ResultInfo {
  std::string method;  // lowercase: "spf", "dkim", "dmarc", ...
  std::string result;  // lowercase: "pass", "fail", ...
  std::vector<std::pair<std::string, std::string>> properties;  // "header.d" -> "example.com" (ptype.property lowercase)
  std::string property(std::string_view name) const;
};

struct ParsedAuthenticationResults {
  std::string authserv_id;
  std::vector<ResultInfo> results;
};

// nullopt when there is no authserv-id; results that do not parse end
// the list (what came before is kept).
std::optional<ParsedAuthenticationResults> parse_authentication_results(std::string_view raw_value);

// Our header value (without the field name, without a leading space):
// "authserv-id; spf=pass smtp.mailfrom=example.com; dkim=...; dmarc=...".
// Results are separated by "\n\t" folds (the MTA writes them as folded
// lines). Only domains appear, never local parts.
std::string format_authentication_results(std::string_view authserv_id, const AuthResults& results);

// A property value as RFC 8601 wants it: the value itself when it is a
// token (or a domain / addr-spec), else a quoted-string.
std::string quote_value(std::string_view value);

}  // namespace brandguard::policy::auth
