// Confusables over ICU 72: uspoof skeletons, NFKC, root-locale case
// mapping and character properties. All text goes through UTF-16 (ICU's
// native form); ASCII text takes a table-driven path computed from the same
// ICU functions at startup, because domain labels and most display names
// are ASCII and the skeleton of ASCII text is the concatenation of the
// skeletons of its characters (TR #39 maps code points, not sequences).
#include "brand/confusables.hpp"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/uset.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace brandguard::policy::brand {

namespace {

struct SpoofCloser {
  void operator()(USpoofChecker* checker) const noexcept { uspoof_close(checker); }
};

std::string_view bounded(std::string_view text) noexcept {
  return text.size() > Confusables::kMaxInputBytes ? text.substr(0, Confusables::kMaxInputBytes) : text;
}

bool is_ascii(std::string_view text) noexcept {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

bool is_ascii(const std::u16string& text) noexcept {
  for (const char16_t c : text) {
    if (c >= 0x80) return false;
  }
  return true;
}

bool is_ascii_alnum(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Runs an ICU "fill this buffer" function, growing the buffer once if ICU
// reports the size it needs. An ICU failure gives the input unchanged
// (never reached with valid arguments; keeps the methods total).
template <typename Fill>
std::u16string icu_call(const std::u16string& input, std::size_t initial, Fill fill) {
  std::u16string out(std::max<std::size_t>(initial, 16), u'\0');
  UErrorCode status = U_ZERO_ERROR;
  int32_t length = fill(out.data(), static_cast<int32_t>(out.size()), &status);
  if (status == U_BUFFER_OVERFLOW_ERROR && length > 0) {
    out.assign(static_cast<std::size_t>(length), u'\0');
    status = U_ZERO_ERROR;
    length = fill(out.data(), static_cast<int32_t>(out.size()), &status);
  }
  if (U_FAILURE(status) || length < 0) return input;
  out.resize(static_cast<std::size_t>(length));
  return out;
}

std::u16string to_utf16(std::string_view utf8) {
  utf8 = bounded(utf8);
  std::u16string out(utf8.size(), u'\0');
  if (utf8.empty()) return out;
  int32_t length = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strFromUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &length, utf8.data(),
                       static_cast<int32_t>(utf8.size()), 0xFFFD, nullptr, &status);
  if (U_FAILURE(status)) return std::u16string();
  out.resize(static_cast<std::size_t>(length));
  return out;
}

std::string to_utf8(const std::u16string& utf16) {
  if (utf16.empty()) return std::string();
  std::string out(utf16.size() * 3, '\0');
  int32_t length = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &length, utf16.data(),
                     static_cast<int32_t>(utf16.size()), 0xFFFD, nullptr, &status);
  if (U_FAILURE(status)) return std::string();
  out.resize(static_cast<std::size_t>(length));
  return out;
}

std::u16string code_point(UChar32 c) {
  std::u16string out;
  if (U_IS_BMP(c)) {
    out.push_back(static_cast<char16_t>(c));
  } else {
    out.push_back(static_cast<char16_t>(U16_LEAD(c)));
    out.push_back(static_cast<char16_t>(U16_TRAIL(c)));
  }
  return out;
}

std::string hex_code_point(UChar32 c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

bool is_word_char(UChar32 c) noexcept {
  return u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
}

// Scripts whose letters imitate Latin ones and that need no joiners.
bool latin_like(UChar32 c) noexcept {
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  return script == USCRIPT_LATIN || script == USCRIPT_GREEK || script == USCRIPT_CYRILLIC ||
         script == USCRIPT_ARMENIAN || script == USCRIPT_CHEROKEE || script == USCRIPT_COPTIC;
}

bool emoji_like(UChar32 c) noexcept {
  return u_hasBinaryProperty(c, UCHAR_EMOJI) || u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) ||
         u_hasBinaryProperty(c, UCHAR_EMOJI_MODIFIER) || c == 0xFE0F || c == 0x20E3;
}

bool is_tag(UChar32 c) noexcept { return c >= 0xE0020 && c <= 0xE007F; }

bool is_fullwidth_letter(UChar32 c) noexcept { return (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A); }

// Scripts of East Asian writing, where fullwidth Latin letters are the
// ordinary form of Latin text typed with an input method.
bool east_asian(UChar32 c) noexcept {
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  return script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA ||
         script == USCRIPT_HANGUL || script == USCRIPT_BOPOMOFO;
}

bool is_enclosed_letter(UChar32 c) noexcept {
  return (c >= 0x24B6 && c <= 0x24E9) || (c >= 0x1F130 && c <= 0x1F149) || (c >= 0x1F150 && c <= 0x1F169) ||
         (c >= 0x1F170 && c <= 0x1F189);
}

// TR #39 "highly restrictive": one script, or Latin with the scripts of
// Japanese, Chinese (Bopomofo) or Korean writing.
bool allowed_script_mix(const std::vector<UScriptCode>& scripts) noexcept {
  if (scripts.size() <= 1) return true;
  auto subset_of = [&](std::initializer_list<UScriptCode> allowed) {
    for (const UScriptCode s : scripts) {
      if (std::find(allowed.begin(), allowed.end(), s) == allowed.end()) return false;
    }
    return true;
  };
  return subset_of({USCRIPT_LATIN, USCRIPT_HAN, USCRIPT_HIRAGANA, USCRIPT_KATAKANA}) ||
         subset_of({USCRIPT_LATIN, USCRIPT_HAN, USCRIPT_BOPOMOFO}) ||
         subset_of({USCRIPT_LATIN, USCRIPT_HAN, USCRIPT_HANGUL});
}

}  // namespace

struct Confusables::Impl {
  std::unique_ptr<USpoofChecker, SpoofCloser> checker;
  const UNormalizer2* nfkc = nullptr;
  const UNormalizer2* nfd = nullptr;
  const UNormalizer2* nfc = nullptr;

  // Capitals whose skeleton-first reading differs from the lowercase-first
  // one, with the reading to use (already in folded form, ASCII).
  struct CapitalReading {
    std::u16string in_mixed_case;  // word with a lowercase letter; empty: keep
    std::u16string in_all_caps;    // word of capitals only; empty: keep
  };
  std::unordered_map<UChar32, CapitalReading> capitals;

  // fold_lowercase_first of each ASCII character, and the capital
  // readings of ASCII capitals ("I" -> "l" in mixed case).
  std::array<std::string, 128> ascii_fold;
  // ascii_fold[c] when that is one character, else 0.
  std::array<char, 128> ascii_fold_char{};
  std::array<std::string, 128> ascii_mixed_case;
  std::array<std::string, 128> ascii_all_caps;

  std::u16string skeleton(const std::u16string& s) const {
    if (s.empty()) return s;
    return icu_call(s, s.size() * 2, [&](UChar* dest, int32_t cap, UErrorCode* status) {
      return uspoof_getSkeleton(checker.get(), 0, s.data(), static_cast<int32_t>(s.size()), dest, cap, status);
    });
  }

  static std::u16string lower(const std::u16string& s) {
    if (s.empty()) return s;
    return icu_call(s, s.size() + 8, [&](UChar* dest, int32_t cap, UErrorCode* status) {
      return u_strToLower(dest, cap, s.data(), static_cast<int32_t>(s.size()), "", status);
    });
  }

  std::u16string normalize_nfkc(const std::u16string& s) const {
    if (s.empty()) return s;
    return icu_call(s, s.size() + 8, [&](UChar* dest, int32_t cap, UErrorCode* status) {
      return unorm2_normalize(nfkc, s.data(), static_cast<int32_t>(s.size()), dest, cap, status);
    });
  }

  std::u16string normalize(const UNormalizer2* form, const std::u16string& s) const {
    if (s.empty()) return s;
    return icu_call(s, s.size() + 8, [&](UChar* dest, int32_t cap, UErrorCode* status) {
      return unorm2_normalize(form, s.data(), static_cast<int32_t>(s.size()), dest, cap, status);
    });
  }

  // NFD, Mn dropped, NFC.
  std::u16string strip_accents(const std::u16string& s) const {
    const std::u16string decomposed = normalize(nfd, s);
    std::u16string kept;
    kept.reserve(decomposed.size());
    const auto length = static_cast<int32_t>(decomposed.size());
    for (int32_t i = 0; i < length;) {
      const int32_t start = i;
      UChar32 c;
      U16_NEXT(decomposed.data(), i, length, c);
      if (u_charType(c) == U_NON_SPACING_MARK) continue;
      kept.append(decomposed, static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
    }
    return normalize(nfc, kept);
  }

  static std::u16string strip_default_ignorables(const std::u16string& s) {
    std::u16string out;
    out.reserve(s.size());
    const auto length = static_cast<int32_t>(s.size());
    for (int32_t i = 0; i < length;) {
      const int32_t start = i;
      UChar32 c;
      U16_NEXT(s.data(), i, length, c);
      if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) continue;
      out.append(s, static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
    }
    return out;
  }

  // lowercase(skeleton(lowercase(x))).
  std::u16string lower_skeleton_lower(const std::u16string& s) const { return lower(skeleton(lower(s))); }

  // Replaces the capitals of `capitals` by their reading in each word.
  std::u16string replace_capitals(const std::u16string& s) const {
    std::u16string out;
    out.reserve(s.size());
    const auto length = static_cast<int32_t>(s.size());
    int32_t i = 0;
    while (i < length) {
      UChar32 c;
      int32_t next = i;
      U16_NEXT(s.data(), next, length, c);
      if (!is_word_char(c)) {
        out.append(s, static_cast<std::size_t>(i), static_cast<std::size_t>(next - i));
        i = next;
        continue;
      }
      // One word: [i, end).
      int32_t end = i;
      bool has_lower = false;
      while (end < length) {
        int32_t after = end;
        UChar32 w;
        U16_NEXT(s.data(), after, length, w);
        if (!is_word_char(w)) break;
        if (u_hasBinaryProperty(w, UCHAR_LOWERCASE)) has_lower = true;
        end = after;
      }
      for (int32_t j = i; j < end;) {
        const int32_t start = j;
        UChar32 w;
        U16_NEXT(s.data(), j, end, w);
        const auto found = capitals.find(w);
        if (found != capitals.end()) {
          const std::u16string& reading = has_lower ? found->second.in_mixed_case : found->second.in_all_caps;
          if (!reading.empty()) {
            out += reading;
            continue;
          }
        }
        out.append(s, static_cast<std::size_t>(start), static_cast<std::size_t>(j - start));
      }
      i = end;
    }
    return out;
  }

  std::string fold_icu(std::string_view utf8, bool capitals_first) const {
    std::u16string text = normalize_nfkc(strip_default_ignorables(to_utf16(utf8)));
    if (capitals_first) text = replace_capitals(text);
    return to_utf8(lower_skeleton_lower(text));
  }

  std::string fold_ascii(std::string_view text, bool capitals_first) const {
    std::string out;
    out.reserve(text.size() + 8);
    std::size_t i = 0;
    while (i < text.size()) {
      if (!is_ascii_alnum(text[i])) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (ascii_fold_char[c] != 0) {
          out.push_back(ascii_fold_char[c]);
        } else {
          out += ascii_fold[c];
        }
        ++i;
        continue;
      }
      std::size_t end = i;
      bool has_lower = false;
      while (end < text.size() && is_ascii_alnum(text[end])) {
        if (text[end] >= 'a' && text[end] <= 'z') has_lower = true;
        ++end;
      }
      for (; i < end; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::string& reading = has_lower ? ascii_mixed_case[c] : ascii_all_caps[c];
        if (capitals_first && !reading.empty()) {
          out += reading;
        } else if (ascii_fold_char[c] != 0) {
          out.push_back(ascii_fold_char[c]);  // most letters: one character, no string append
        } else {
          out += ascii_fold[c];
        }
      }
    }
    return out;
  }

  std::string fold(std::string_view utf8, bool capitals_first) const {
    utf8 = bounded(utf8);
    if (is_ascii(utf8)) return fold_ascii(utf8, capitals_first);
    return fold_by_segments(utf8, capitals_first);
  }

  // A long text is mostly ASCII words with a few others ("Sécurité",
  // a Japanese run) that repeat. ASCII punctuation and white space end a
  // word for every step of the fold, of lowercasing and of accent removal
  // (none of them is a word character, none composes under NFKC or NFC
  // with what follows in text we read), so each of those applied to a text
  // is the same applied to its segments laid end to end. `map_text` calls
  // `ascii_separator(c, out)` for each ASCII non-alphanumeric character,
  // `ascii_segment(segment, out)` for each run of ASCII alphanumerics, and
  // `other_segment(segment)` (through ICU) once per distinct run that
  // holds a non-ASCII character.
  template <typename Separator, typename AsciiSegment, typename OtherSegment>
  static std::string map_segments(std::string_view utf8, Separator&& ascii_separator, AsciiSegment&& ascii_segment,
                                  OtherSegment&& other_segment) {
    std::string out;
    out.reserve(utf8.size() + utf8.size() / 8);
    std::unordered_map<std::string_view, std::string> mapped;
    std::size_t i = 0;
    while (i < utf8.size()) {
      const auto byte = static_cast<unsigned char>(utf8[i]);
      if (byte < 0x80 && !is_ascii_alnum(utf8[i])) {
        ascii_separator(byte, out);
        ++i;
        continue;
      }
      std::size_t end = i;
      bool ascii = true;
      while (end < utf8.size()) {
        const auto b = static_cast<unsigned char>(utf8[end]);
        if (b < 0x80 && !is_ascii_alnum(utf8[end])) break;
        ascii = ascii && b < 0x80;
        ++end;
      }
      const std::string_view segment = utf8.substr(i, end - i);
      if (ascii) {
        ascii_segment(segment, out);
      } else {
        auto [at, fresh] = mapped.try_emplace(segment);
        if (fresh) at->second = other_segment(segment);
        out += at->second;
      }
      i = end;
    }
    return out;
  }

  std::string fold_by_segments(std::string_view utf8, bool capitals_first) const {
    return map_segments(
        utf8,
        [&](unsigned char c, std::string& out) {
          if (ascii_fold_char[c] != 0) {
            out.push_back(ascii_fold_char[c]);
          } else {
            out += ascii_fold[c];
          }
        },
        [&](std::string_view segment, std::string& out) { out += fold_ascii(segment, capitals_first); },
        [&](std::string_view segment) { return fold_icu(segment, capitals_first); });
  }

  static void copy_char(unsigned char c, std::string& out) { out.push_back(static_cast<char>(c)); }

  static std::string lowercase_by_segments(std::string_view utf8) {
    return map_segments(
        utf8, copy_char,
        [](std::string_view segment, std::string& out) {
          for (const char c : segment) out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
        },
        [](std::string_view segment) { return to_utf8(lower(to_utf16(segment))); });
  }

  std::string strip_accents_by_segments(std::string_view utf8) const {
    return map_segments(
        utf8, copy_char, [](std::string_view segment, std::string& out) { out += segment; },
        [&](std::string_view segment) { return to_utf8(strip_accents(to_utf16(segment))); });
  }

  void build_tables() {
    // Every character that lowercasing changes, read both ways.
    UErrorCode status = U_ZERO_ERROR;
    const USet* changes = u_getBinaryPropertySet(UCHAR_CHANGES_WHEN_LOWERCASED, &status);
    if (U_FAILURE(status) || changes == nullptr) throw std::runtime_error("ICU: no Changes_When_Lowercased set");
    const int32_t ranges = uset_getRangeCount(changes);
    for (int32_t r = 0; r < ranges; ++r) {
      UChar32 first = 0;
      UChar32 last = 0;
      status = U_ZERO_ERROR;
      if (uset_getItem(changes, r, &first, &last, nullptr, 0, &status) != 0 || U_FAILURE(status)) continue;
      for (UChar32 c = first; c <= last; ++c) {
        const std::u16string one = code_point(c);
        if (normalize_nfkc(one) != one) continue;  // never seen after NFKC
        const std::u16string lowercase_first = lower_skeleton_lower(one);
        std::u16string skeleton_first = lower_skeleton_lower(skeleton(one));
        for (int round = 0; round < 3; ++round) {  // settle on a fixed point of the fold
          std::u16string again = lower_skeleton_lower(skeleton_first);
          if (again == skeleton_first) break;
          skeleton_first = std::move(again);
        }
        if (skeleton_first == lowercase_first || skeleton_first.empty() || !is_ascii(skeleton_first)) continue;
        CapitalReading reading;
        reading.in_mixed_case = skeleton_first;
        if (!is_ascii(lowercase_first)) reading.in_all_caps = skeleton_first;
        capitals.emplace(c, std::move(reading));
      }
    }
    for (int c = 0; c < 128; ++c) {
      const std::u16string one(1, static_cast<char16_t>(c));
      ascii_fold[static_cast<std::size_t>(c)] = to_utf8(lower_skeleton_lower(one));
      if (ascii_fold[static_cast<std::size_t>(c)].size() == 1) {
        ascii_fold_char[static_cast<std::size_t>(c)] = ascii_fold[static_cast<std::size_t>(c)][0];
      }
      const auto found = capitals.find(c);
      if (found == capitals.end()) continue;
      ascii_mixed_case[static_cast<std::size_t>(c)] = to_utf8(found->second.in_mixed_case);
      ascii_all_caps[static_cast<std::size_t>(c)] = to_utf8(found->second.in_all_caps);
    }
  }
};

Confusables::Confusables() : impl_(std::make_unique<Impl>()) {
  UErrorCode status = U_ZERO_ERROR;
  impl_->checker.reset(uspoof_open(&status));
  if (U_FAILURE(status) || !impl_->checker) {
    throw std::runtime_error(std::string("ICU uspoof_open failed: ") + u_errorName(status));
  }
  uspoof_setChecks(impl_->checker.get(), USPOOF_CONFUSABLE, &status);
  impl_->nfkc = unorm2_getNFKCInstance(&status);
  if (U_FAILURE(status) || impl_->nfkc == nullptr) {
    throw std::runtime_error(std::string("ICU NFKC unavailable: ") + u_errorName(status));
  }
  impl_->nfd = unorm2_getNFDInstance(&status);
  impl_->nfc = unorm2_getNFCInstance(&status);
  if (U_FAILURE(status) || impl_->nfd == nullptr || impl_->nfc == nullptr) {
    throw std::runtime_error(std::string("ICU NFD/NFC unavailable: ") + u_errorName(status));
  }
  impl_->build_tables();
}

Confusables::~Confusables() = default;

const Confusables& Confusables::instance() {
  // Never destroyed (see the header); the pointer stays reachable, so
  // LeakSanitizer does not count it.
  static const Confusables* const confusables = new Confusables();
  return *confusables;
}

std::string Confusables::skeleton(std::string_view utf8) const {
  return to_utf8(impl_->skeleton(to_utf16(utf8)));
}

std::string Confusables::fold(std::string_view utf8) const { return impl_->fold(utf8, true); }

std::string Confusables::fold_lowercase_first(std::string_view utf8) const { return impl_->fold(utf8, false); }

std::string Confusables::fold_with_icu(std::string_view utf8, bool replace_capitals) const {
  return impl_->fold_icu(bounded(utf8), replace_capitals);
}

std::string Confusables::lowercase(std::string_view utf8) const {
  utf8 = bounded(utf8);
  if (is_ascii(utf8)) {
    std::string out(utf8);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  return Impl::lowercase_by_segments(utf8);
}

std::string Confusables::strip_accents(std::string_view utf8) const {
  utf8 = bounded(utf8);
  if (is_ascii(utf8)) return std::string(utf8);
  return impl_->strip_accents_by_segments(utf8);
}

bool Confusables::is_obfuscated(std::string_view utf8, std::string* why) const {
  utf8 = bounded(utf8);
  std::vector<UChar32> cps;
  cps.reserve(utf8.size());
  const auto length = static_cast<int32_t>(utf8.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  bool has_rtl = false;
  bool has_east_asian = false;
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT_OR_FFFD(bytes, i, length, c);
    const UCharDirection dir = u_charDirection(c);
    if (dir == U_RIGHT_TO_LEFT || dir == U_RIGHT_TO_LEFT_ARABIC) has_rtl = true;
    if (c >= 0x1100 && !has_east_asian && east_asian(c)) has_east_asian = true;
    cps.push_back(c);
  }
  auto found = [&](std::string reason) {
    if (why != nullptr) *why = std::move(reason);
    return true;
  };
  const std::size_t n = cps.size();
  std::vector<UScriptCode> scripts;  // of the current word
  auto end_word = [&]() -> bool {
    if (!allowed_script_mix(scripts)) {
      std::string reason = "mixed ";
      reason += uscript_getName(scripts[0]);
      reason += " and ";
      reason += uscript_getName(scripts[1]);
      reason += " in one word";
      return found(std::move(reason));
    }
    scripts.clear();
    return false;
  };
  for (std::size_t i = 0; i < n; ++i) {
    const UChar32 c = cps[i];
    const UChar32 prev = i > 0 ? cps[i - 1] : -1;
    const UChar32 next = i + 1 < n ? cps[i + 1] : -1;
    if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) {
      return found("bidi control " + hex_code_point(c));
    }
    if (c == 0x200E || c == 0x200F || c == 0x061C) {
      if (!has_rtl) return found("bidi mark " + hex_code_point(c) + " in left-to-right text");
      continue;
    }
    if (c == 0x200C || c == 0x200D) {
      const bool emoji_sequence = prev >= 0 && next >= 0 && emoji_like(prev) &&
                                  u_hasBinaryProperty(next, UCHAR_EXTENDED_PICTOGRAPHIC);
      const bool joining_script = prev >= 0 && next >= 0 && is_word_char(prev) && is_word_char(next) &&
                                  !latin_like(prev) && !latin_like(next);
      if (!emoji_sequence && !joining_script) return found("zero-width character " + hex_code_point(c));
      continue;
    }
    if ((c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF) || (c >= 0x180B && c <= 0x180F)) {
      const bool after_letter_of_latin_like = prev < 0 || (latin_like(prev) && !emoji_like(prev));
      if (after_letter_of_latin_like) return found("variation selector " + hex_code_point(c) + " after a letter");
      continue;
    }
    if (is_tag(c) || c == 0xE007F) {
      if (prev == 0x1F3F4 || is_tag(prev)) continue;  // emoji flag tag sequence
      return found("tag character " + hex_code_point(c));
    }
    if (c == 0x00AD) return found("soft hyphen U+00AD");
    if (c == 0x200B || c == 0xFEFF || c == 0x2060) return found("zero-width character " + hex_code_point(c));
    if (c == 0x2800 || u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
      return found("invisible character " + hex_code_point(c));
    }
    if (c >= 0x1D400 && c <= 0x1D7FF && u_isalnum(c)) {
      return found("styled letter " + hex_code_point(c) + " (mathematical alphanumeric)");
    }
    if (is_fullwidth_letter(c) && !has_east_asian) {
      return found("fullwidth letter " + hex_code_point(c) + " in text without East Asian script");
    }
    if (is_enclosed_letter(c) && next >= 0 && is_enclosed_letter(next)) {
      return found("enclosed letters " + hex_code_point(c));
    }
    if (is_word_char(c)) {
      UErrorCode status = U_ZERO_ERROR;
      const UScriptCode script = uscript_getScript(c, &status);
      if (U_SUCCESS(status) && script != USCRIPT_COMMON && script != USCRIPT_INHERITED &&
          script != USCRIPT_UNKNOWN && std::find(scripts.begin(), scripts.end(), script) == scripts.end()) {
        scripts.push_back(script);
      }
    } else if (end_word()) {
      return true;
    }
  }
  return end_word();
}

}  // namespace brandguard::policy::brand
