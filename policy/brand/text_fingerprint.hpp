// Text fingerprints for template reuse: phishing campaigns send one
// template to thousands, changing only names, order numbers and links. A
// 64-bit SimHash over word 3-shingles of the decoded text stays within a
// few bits of the template's when only such details change, so "this is
// campaign X again" is a Hamming distance, not a content match.
//
// Normalization before shingling: ASCII lowercased; digit runs are dropped
// (order numbers, amounts, dates); URLs and e-mail addresses are dropped,
// since campaigns rotate them. Latin letters (with accents) form words;
// other scripts (CJK has no spaces) give one token per code point, so
// Japanese text shingles too.
//
// Pure functions; bounded: at most kMaxFingerprintBytes of text are read
// and no allocation grows with the input beyond that.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace brandguard::policy::brand {

inline constexpr std::size_t kMaxFingerprintBytes = 256 * 1024;
// Fewer shingles than this: the text is too short to recognize reliably.
inline constexpr std::size_t kMinFingerprintShingles = 12;

// nullopt when the text has fewer than kMinFingerprintShingles shingles.
std::optional<std::uint64_t> text_fingerprint(std::string_view utf8_text);

inline unsigned fingerprint_distance(std::uint64_t a, std::uint64_t b) noexcept {
  return static_cast<unsigned>(__builtin_popcountll(a ^ b));
}

// 16 lowercase hex digits, and back (nullopt unless exactly 16 hex digits).
std::string format_fingerprint(std::uint64_t fingerprint);
std::optional<std::uint64_t> parse_fingerprint(std::string_view text) noexcept;

}  // namespace brandguard::policy::brand
