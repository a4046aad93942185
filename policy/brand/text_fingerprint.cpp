#include "brand/text_fingerprint.hpp"

#include <array>
#include <vector>

#include <fmt/format.h>

namespace brandguard::policy::brand {

namespace {

constexpr std::uint64_t kFnvOffset = 14695981039346656037ull;
constexpr std::uint64_t kFnvPrime = 1099511628211ull;

std::uint64_t fnv1a(std::uint64_t hash, std::string_view bytes) noexcept {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= kFnvPrime;
  }
  return hash;
}

// Decodes one UTF-8 sequence at `i` (the text is valid UTF-8; a stray byte
// counts as one code point of its own value).
char32_t next_code_point(std::string_view s, std::size_t& i) noexcept {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 1;
  if (i + len > s.size()) len = 1;
  char32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

bool is_word_letter(char32_t cp) noexcept {
  return (cp >= 'a' && cp <= 'z') || (cp >= 0xC0 && cp < 0x250 && cp != 0xD7 && cp != 0xF7);
}

// Code points that are tokens on their own: scripts written without spaces
// (CJK ideographs, kana, Hangul) and, generally, letters outside Latin.
bool is_single_token(char32_t cp) noexcept { return cp >= 0x370 && cp != 0xFEFF && !(cp >= 0x2000 && cp < 0x3000); }

bool is_separator(char32_t cp) noexcept {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '<' || cp == '>' || cp == '"' || cp == 0xA0;
}

// Splits normalized text into token hashes, one at a time.
class Tokenizer {
 public:
  explicit Tokenizer(std::string_view text) : text_(text) {}

  // The next token's hash; false at the end.
  bool next(std::uint64_t& hash) {
    if (!pending_.empty()) {
      hash = fnv1a(kFnvOffset, pending_);
      pending_ = {};
      return true;
    }
    std::string word;
    while (pos_ < text_.size()) {
      const std::size_t start = pos_;
      char32_t cp = next_code_point(text_, pos_);
      if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
      if (skipping_) {
        skipping_ = !is_separator(cp);
        continue;
      }
      if (is_word_letter(cp)) {
        if (cp < 0x80) word.push_back(static_cast<char>(cp));
        else word.append(text_.substr(start, pos_ - start));
        continue;
      }
      // URLs and e-mail addresses change with every send: skipped whole.
      if ((cp == ':' && (word == "http" || word == "https")) || cp == '@') {
        word.clear();
        skipping_ = true;
        continue;
      }
      const std::string_view single = text_.substr(start, pos_ - start);
      if (!word.empty()) {
        if (is_single_token(cp)) pending_ = single;
        hash = fnv1a(kFnvOffset, word);
        return true;
      }
      if (is_single_token(cp)) {
        hash = fnv1a(kFnvOffset, single);
        return true;
      }
    }
    if (word.empty()) return false;
    hash = fnv1a(kFnvOffset, word);
    return true;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  bool skipping_ = false;
  std::string_view pending_;  // a one-character token that ended a word
};

}  // namespace

std::optional<std::uint64_t> text_fingerprint(std::string_view utf8_text) {
  if (utf8_text.size() > kMaxFingerprintBytes) utf8_text = utf8_text.substr(0, kMaxFingerprintBytes);
  Tokenizer tokens(utf8_text);
  std::array<int, 64> weights{};
  std::array<std::uint64_t, 3> window{};
  std::size_t seen = 0;
  std::size_t shingles = 0;
  const auto push = [&](std::uint64_t token) {
    window[0] = window[1];
    window[1] = window[2];
    window[2] = token;
    if (++seen < 3) return;
    std::uint64_t h = kFnvOffset;
    for (std::uint64_t t : window) {
      h ^= t;
      h *= kFnvPrime;
      h ^= h >> 29;
    }
    for (unsigned bit = 0; bit < 64; ++bit) weights[bit] += ((h >> bit) & 1u) != 0 ? 1 : -1;
    ++shingles;
  };
  std::uint64_t token = 0;
  while (tokens.next(token)) push(token);
  if (shingles < kMinFingerprintShingles) return std::nullopt;
  std::uint64_t out = 0;
  for (unsigned bit = 0; bit < 64; ++bit) {
    if (weights[bit] > 0) out |= std::uint64_t{1} << bit;
  }
  return out;
}

std::string format_fingerprint(std::uint64_t fingerprint) { return fmt::format("{:016x}", fingerprint); }

std::optional<std::uint64_t> parse_fingerprint(std::string_view text) noexcept {
  if (text.size() != 16) return std::nullopt;
  std::uint64_t out = 0;
  for (char c : text) {
    unsigned v = 0;
    if (c >= '0' && c <= '9') v = static_cast<unsigned>(c - '0');
    else if (c >= 'a' && c <= 'f') v = static_cast<unsigned>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v = static_cast<unsigned>(c - 'A' + 10);
    else return std::nullopt;
    out = (out << 4) | v;
  }
  return out;
}

}  // namespace brandguard::policy::brand
