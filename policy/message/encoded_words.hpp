// Encoded words: our own RFC 2047 decoder for the header text the checks
// match on (Subject, From display names). GMime 3.2.13, the version Debian
// 12 ships, keeps only the first of several adjacent B-encoded words when
// that word ends in base64 padding (jstedfast/gmime#133), so
// "=?UTF-8?B?TGVkZ2VyIFN1cHBvcnQ6IA==?= =?UTF-8?B?VmVyaWZ5IHlvdXIgZGV2aWNl?="
// reached the rules as "Ledger Support: " instead of "Ledger Support:
// Verify your device". GMime still parses the MIME structure and finds the
// fields; their text is decoded here.
//
// decode_encoded_words() takes a field value as the MTA delivered it
// (leading space, folding as "\r\n " or "\n\t") and returns it as one line
// of valid UTF-8:
// - unfolded (every CR and LF removed) and trimmed of surrounding blanks;
// - each encoded word =?charset[*language]?B|Q?text?= decoded (B and Q in
//   either case; Q with '_' as a space and =XX as a byte; RFC 2231
//   language suffix ignored), also where RFC 2047 does not allow one (next
//   to other text, inside a quoted string) because mail clients show those
//   decoded too;
// - whitespace between two adjacent encoded words dropped (RFC 2047 6.2),
//   whitespace between plain text and an encoded word kept;
// - the bytes of adjacent words in the same charset (label compared
//   ignoring ASCII case) joined before charset conversion, so a character
//   split across two words (UTF-8, ISO-2022-JP, Shift_JIS) comes out whole;
// - charsets converted with ICU (every label ICU knows: UTF-8, ISO-8859-*,
//   Windows-125x, ISO-2022-JP, Shift_JIS, EUC-JP, GB2312/GBK, Big5,
//   KOI8-R, ...). As browsers and mail clients do, ISO-8859-1 and US-ASCII
//   are read as Windows-1252 and GB2312/GBK as GB18030, their supersets.
//   Bytes the charset does not map become U+FFFD. A charset ICU does not
//   know is read as UTF-8, invalid bytes as U+FFFD: its text is never
//   dropped;
// - a malformed word (no closing "?=", an encoding other than B or Q, a
//   character outside base64, an empty or over-long charset) kept as it
//   is written;
// - text outside encoded words kept: UTF-8 as it is (RFC 6532), bytes that
//   are not UTF-8 read as Windows-1252 (as GMime did for raw 8-bit
//   headers);
// - NUL (raw or decoded) becomes U+FFFD and a decoded CR or LF a space, so
//   the result is one line without NUL bytes.
//
// decode_display_name() does the same for a display name as parse_author()
// returns it (Mailbox::display_name_raw): quoted strings are unquoted and
// their quoted-pairs resolved first, comments kept as written.
//
// Who calls it: decode_mime() for the Subject and the From display name.
// Thread safety: pure functions; ICU converters are opened per call.
// Bounds: only the first kMaxEncodedHeaderBytes of the value are read; at
// most kMaxEncodedWords encoded words are decoded, later ones are kept as
// written; a charset label is at most kMaxCharsetLabelBytes long. Time is
// linear in the input. Errors never throw (only std::bad_alloc can escape).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace brandguard::policy {

inline constexpr std::size_t kMaxEncodedHeaderBytes = 64 * 1024;
inline constexpr std::size_t kMaxEncodedWords = 1024;
inline constexpr std::size_t kMaxCharsetLabelBytes = 64;  // charset plus "*language"

// `raw_header_value`: a field value without its name and colon.
std::string decode_encoded_words(std::string_view raw_header_value);

// `display_name_raw`: a display name as written (Mailbox::display_name_raw).
std::string decode_display_name(std::string_view display_name_raw);

}  // namespace brandguard::policy
