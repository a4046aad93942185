#include "message/encoded_words.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucnv_err.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>

#include "message/ascii.hpp"

namespace brandguard::policy {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

constexpr bool is_blank(char c) noexcept {
  return c == ' ' || c == '\t';
}

constexpr char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool is_alnum(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Bytes of a charset label: RFC 2047 token characters, without the ones
// ICU would read as options (',') or paths ('/', '\').
bool is_label_char(char c) noexcept {
  constexpr std::string_view kPunctuation = "-_.:+!#$%&'^`{|}~*";
  return is_alnum(c) || (c != '\0' && kPunctuation.find(c) != std::string_view::npos);
}

// ---------------------------------------------------------------- output

// Appends decoded or literal UTF-8, with NUL as U+FFFD and CR/LF as spaces.
void append_line_safe(std::string_view utf8, std::string& out) {
  for (const char c : utf8) {
    if (c == '\0') {
      out += kReplacement;
    } else if (c == '\r' || c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
}

// Length of the well-formed UTF-8 sequence at text[i], 0 if there is none.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  const auto continuation = [&](std::size_t k, unsigned char lo, unsigned char hi) {
    return k < text.size() && byte(k) >= lo && byte(k) <= hi;
  };
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return continuation(i + 1, 0x80, 0xBF) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    const unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;
    const unsigned char hi = c == 0xED ? 0x9F : 0xBF;  // no surrogates
    return continuation(i + 1, lo, hi) && continuation(i + 2, 0x80, 0xBF) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const unsigned char lo = c == 0xF0 ? 0x90 : 0x80;
    const unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;  // up to U+10FFFF
    return continuation(i + 1, lo, hi) && continuation(i + 2, 0x80, 0xBF) && continuation(i + 3, 0x80, 0xBF) ? 4 : 0;
  }
  return 0;
}

void append_code_point(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Windows-1252 0x80-0x9F; the five bytes it leaves undefined map to the C1
// controls of the same value (WHATWG).
constexpr std::array<char16_t, 32> kWindows1252High{0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                                    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                                    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                                    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

// Text outside encoded words: UTF-8 kept, any other byte read as
// Windows-1252.
void append_literal(std::string_view text, std::string& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t n = utf8_sequence_length(text, i);
    if (n > 0) {
      append_line_safe(text.substr(i, n), out);
      i += n;
      continue;
    }
    const auto c = static_cast<unsigned char>(text[i]);
    append_code_point(c < 0xA0 ? static_cast<char32_t>(kWindows1252High.at(c - 0x80U)) : char32_t{c}, out);
    ++i;
  }
}

// Bytes that should be UTF-8: well-formed sequences kept, every other byte
// U+FFFD.
void append_valid_utf8(std::string_view bytes, std::string& out) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const std::size_t n = utf8_sequence_length(bytes, i);
    if (n > 0) {
      append_line_safe(bytes.substr(i, n), out);
      i += n;
    } else {
      out += kReplacement;
      ++i;
    }
  }
}

// ---------------------------------------------------------------- charsets

struct ConverterCloser {
  void operator()(UConverter* converter) const noexcept { ucnv_close(converter); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

// Unmapped and illegal input becomes U+FFFD. ICU's own substitute callback
// writes U+001A for charsets with a one-byte substitution character, such
// as Shift_JIS.
void to_unicode_replacement(const void* /*context*/, UConverterToUnicodeArgs* args, const char* /*units*/,
                            int32_t /*length*/, UConverterCallbackReason reason, UErrorCode* status) {
  if (reason != UCNV_UNASSIGNED && reason != UCNV_ILLEGAL && reason != UCNV_IRREGULAR) return;
  *status = U_ZERO_ERROR;
  const UChar replacement = 0xFFFD;
  ucnv_cbToUWriteUChars(args, &replacement, 1, 0, status);
}

// ICU's canonical name for a label, or "" when ICU does not list it. Only
// the alias table is consulted: an unknown label never makes ICU search
// for a converter file.
std::string canonical_name(const char* label) {
  UErrorCode status = U_ZERO_ERROR;
  const char* name = ucnv_getAlias(label, 0, &status);
  return U_SUCCESS(status) && name != nullptr ? std::string(name) : std::string();
}

enum class CharsetKind { utf8, icu };

struct Charset {
  CharsetKind kind = CharsetKind::utf8;
  ConverterPtr converter;  // for `icu`
};

// How to read `label`: UTF-8 (the label says so, or ICU does not know it)
// or an ICU converter.
Charset open_charset(const std::string& label) {
  // ICU's canonical names of labels that are read as a superset.
  static const std::array<std::string, 2> kAsWindows1252{canonical_name("ISO-8859-1"), canonical_name("US-ASCII")};
  static const std::array<std::string, 2> kAsGb18030{canonical_name("GB2312"), canonical_name("GBK")};
  static const std::string kUtf8 = canonical_name("UTF-8");
  std::string name =
      ucnv_compareNames(label.c_str(), "x-gbk") == 0 ? std::string("GB18030") : canonical_name(label.c_str());
  if (name.empty() || name == kUtf8) return {};
  if (std::find(kAsWindows1252.begin(), kAsWindows1252.end(), name) != kAsWindows1252.end()) name = "windows-1252";
  if (std::find(kAsGb18030.begin(), kAsGb18030.end(), name) != kAsGb18030.end()) name = "GB18030";
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr converter(ucnv_open(name.c_str(), &status));
  if (U_FAILURE(status) || !converter) return {};
  ucnv_setToUCallBack(converter.get(), to_unicode_replacement, nullptr, nullptr, nullptr, &status);
  if (U_FAILURE(status)) return {};
  return Charset{CharsetKind::icu, std::move(converter)};
}

// Converts `bytes` written in `label` and appends them as UTF-8. If ICU
// fails (memory), the bytes are kept as UTF-8 made valid.
void append_converted(const std::string& label, std::string_view bytes, std::string& out) {
  if (bytes.empty()) return;
  const Charset charset = open_charset(label);
  if (charset.kind == CharsetKind::utf8) {
    append_valid_utf8(bytes, out);
    return;
  }
  // bytes.size() <= kMaxEncodedHeaderBytes, far below INT32_MAX.
  const auto length = static_cast<int32_t>(bytes.size());
  UErrorCode status = U_ZERO_ERROR;
  std::u16string units(bytes.size() + 16, u'\0');
  int32_t count = ucnv_toUChars(charset.converter.get(), units.data(), static_cast<int32_t>(units.size()), bytes.data(),
                                length, &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    units.assign(static_cast<std::size_t>(count), u'\0');
    status = U_ZERO_ERROR;
    count = ucnv_toUChars(charset.converter.get(), units.data(), count, bytes.data(), length, &status);
  }
  if (U_FAILURE(status)) {
    append_valid_utf8(bytes, out);
    return;
  }
  std::string utf8(static_cast<std::size_t>(count) * 3, '\0');  // a UTF-16 unit is at most 3 UTF-8 bytes
  int32_t written = 0;
  u_strToUTF8WithSub(utf8.data(), static_cast<int32_t>(utf8.size()), &written, units.data(), count, 0xFFFD, nullptr,
                     &status);
  if (U_FAILURE(status)) {
    append_valid_utf8(bytes, out);
    return;
  }
  utf8.resize(static_cast<std::size_t>(written));
  append_line_safe(utf8, out);
}

// ---------------------------------------------------------------- words

struct EncodedWord {
  std::string_view charset;  // without the RFC 2231 language
  char encoding;             // 'B' or 'Q'
  std::string_view text;
  std::size_t end;  // index after "?="
};

// The encoded word starting at s[i] ("=?"), if it is one.
std::optional<EncodedWord> parse_word(std::string_view s, std::size_t i) {
  std::size_t p = i + 2;
  const std::size_t label_begin = p;
  while (p < s.size() && s[p] != '?') {
    if (!is_label_char(s[p]) || p - label_begin >= kMaxCharsetLabelBytes) return std::nullopt;
    ++p;
  }
  if (p + 3 > s.size() || p == label_begin) return std::nullopt;
  const std::string_view label = s.substr(label_begin, p - label_begin);
  const std::string_view charset = label.substr(0, label.find('*'));
  if (charset.empty()) return std::nullopt;
  const char encoding = static_cast<char>(s[p + 1] == 'b' ? 'B' : s[p + 1] == 'q' ? 'Q' : s[p + 1]);
  if ((encoding != 'B' && encoding != 'Q') || s[p + 2] != '?') return std::nullopt;
  p += 3;
  const std::size_t text_begin = p;
  while (p < s.size() && s[p] != '?') {
    const auto c = static_cast<unsigned char>(s[p]);
    if (c <= 0x20 || c == 0x7F) return std::nullopt;  // encoded text has no blanks or controls
    ++p;
  }
  if (p + 1 >= s.size() || s[p + 1] != '=') return std::nullopt;
  return EncodedWord{charset, encoding, s.substr(text_begin, p - text_begin), p + 2};
}

int base64_value(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Base64 with at most two '=' of padding at the end; missing padding is
// tolerated, any other character makes the word malformed.
bool decode_b(std::string_view text, std::string& out) {
  std::size_t n = text.size();
  for (int pad = 0; pad < 2 && n > 0 && text[n - 1] == '='; ++pad) --n;
  if (n % 4 == 1) return false;
  unsigned bits = 0;
  int have = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const int v = base64_value(text[k]);
    if (v < 0) return false;
    bits = ((bits << 6) | static_cast<unsigned>(v)) & 0xFFFFFFU;
    have += 6;
    if (have >= 8) {
      have -= 8;
      out += static_cast<char>((bits >> have) & 0xFFU);
    }
  }
  return true;
}


// Q: '_' is a space, =XX a byte; an '=' without two hex digits is kept.
void decode_q(std::string_view text, std::string& out) {
  for (std::size_t k = 0; k < text.size(); ++k) {
    const char c = text[k];
    if (c == '_') {
      out += ' ';
    } else if (c == '=' && k + 2 < text.size() && hex_digit_value(text[k + 1]) >= 0 && hex_digit_value(text[k + 2]) >= 0) {
      out += static_cast<char>((hex_digit_value(text[k + 1]) << 4) | hex_digit_value(text[k + 2]));
      k += 2;
    } else {
      out += c;
    }
  }
}

bool all_blank(std::string_view text) noexcept {
  return std::all_of(text.begin(), text.end(), is_blank);
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), ascii_lower);
  return out;
}

// ISO-2022 designations of G0, the set the following bytes are read in:
// ESC ( F (one-byte sets: ASCII, JIS-Roman, katakana) and ESC $ F or
// ESC $ ( F (two-byte sets). ESC $ ) F and the like designate G1-G3.
bool ends_with_g0_switch(std::string_view bytes) noexcept {
  return bytes.size() >= 3 && bytes[bytes.size() - 3] == '\x1B' && bytes[bytes.size() - 2] == '(';
}

bool starts_with_g0_switch(std::string_view bytes) noexcept {
  if (bytes.size() < 3 || bytes[0] != '\x1B') return false;
  return bytes[1] == '(' || (bytes[1] == '$' && bytes[2] != ')' && bytes[2] != '*' && bytes[2] != '+');
}

// Decoded bytes of adjacent encoded words in one charset, not yet converted.
class Run {
 public:
  explicit Run(std::string& out) : out_(out) {}

  void add(std::string_view charset, std::string_view bytes) {
    std::string label = lowercase(charset);
    if (active_ && label != label_) flush();
    // Words in ISO-2022 charsets usually end by switching back to ASCII
    // (ESC ( B) and the next begins with a switch (ESC $ B). Joined, the
    // two escapes would be adjacent, which ICU (like the WHATWG decoder)
    // reads as an error and marks with U+FFFD; the first one is redundant.
    if (active_ && label.find("2022") != std::string::npos && ends_with_g0_switch(bytes_) &&
        starts_with_g0_switch(bytes)) {
      bytes_.resize(bytes_.size() - 3);
    }
    label_ = std::move(label);
    bytes_ += bytes;
    active_ = true;
  }

  void flush() {
    if (!active_) return;
    append_converted(label_, bytes_, out_);
    bytes_.clear();
    active_ = false;
  }

 private:
  std::string& out_;
  std::string label_;
  std::string bytes_;
  bool active_ = false;
};

// Unfolded value: CR and LF removed, surrounding blanks trimmed.
std::string unfold(std::string_view raw) {
  std::string text;
  text.reserve(raw.size());
  for (const char c : raw) {
    if (c != '\r' && c != '\n') text += c;
  }
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  text.erase(text.find_last_not_of(" \t") + 1);
  text.erase(0, first);
  return text;
}

}  // namespace

std::string decode_encoded_words(std::string_view raw_header_value) {
  const std::string text = unfold(raw_header_value.substr(0, kMaxEncodedHeaderBytes));
  std::string out;
  out.reserve(text.size());
  Run run(out);
  std::string decoded;
  std::size_t words = 0;
  std::size_t literal_begin = 0;  // text not yet written since the last word
  bool after_word = false;
  std::size_t i = 0;
  while (i + 1 < text.size()) {
    if (text[i] != '=' || text[i + 1] != '?' || words >= kMaxEncodedWords) {
      ++i;
      continue;
    }
    const std::optional<EncodedWord> word = parse_word(text, i);
    decoded.clear();
    if (!word || (word->encoding == 'B' && !decode_b(word->text, decoded))) {
      ++i;
      continue;
    }
    if (word->encoding == 'Q') decode_q(word->text, decoded);
    const std::string_view between = std::string_view(text).substr(literal_begin, i - literal_begin);
    if (!(after_word && all_blank(between))) {  // blanks between two words are dropped
      run.flush();
      append_literal(between, out);
    }
    run.add(word->charset, decoded);
    ++words;
    i = word->end;
    literal_begin = i;
    after_word = true;
  }
  run.flush();
  append_literal(std::string_view(text).substr(literal_begin), out);
  return out;
}

std::string decode_display_name(std::string_view display_name_raw) {
  const std::string_view raw = display_name_raw.substr(0, kMaxEncodedHeaderBytes);
  std::string text;
  text.reserve(raw.size());
  bool quoted = false;
  std::size_t comment_depth = 0;
  for (std::size_t k = 0; k < raw.size(); ++k) {
    const char c = raw[k];
    if (quoted) {
      if (c == '\\' && k + 1 < raw.size()) {
        text += raw[++k];
      } else if (c == '"') {
        quoted = false;
      } else {
        text += c;
      }
      continue;
    }
    if (comment_depth > 0) {  // comments are kept as written
      text += c;
      if (c == '\\' && k + 1 < raw.size()) {
        text += raw[++k];
      } else if (c == '(') {
        ++comment_depth;
      } else if (c == ')') {
        --comment_depth;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
    } else {
      if (c == '(') comment_depth = 1;
      text += c;
    }
  }
  return decode_encoded_words(text);
}

}  // namespace brandguard::policy
