// Confusables: the one place BrandGuard turns look-alike text into a form
// that compares equal to what it imitates ("Lеԁgеr" with Cyrillic letters,
// "Iedger" with a capital I, "1edger", "ⅼedger" -> "ledger"), and spots
// text dressed to deceive (invisible characters, bidi controls, scripts
// mixed inside one word).
//
// Built on ICU: one USpoofChecker (USPOOF_CONFUSABLE, Unicode TR #39
// skeletons) held by RAII, Unicode properties, NFKC, NFD/NFC (accent
// stripping) and root-locale case mapping. DEPENDENCIES.md 4: skeletons are case-sensitive, identical
// strings count as confusable, the zero-width space survives a skeleton.
//
// Callers: LookalikeEngine (domain labels, brand keywords, display names
// and subjects), the brand checks (is_obfuscated on display names).
//
// Thread safety: instance() is created once (thread-safe static) and never
// destroyed, so threads still running at exit never see a closed checker;
// every method is const and only reads the checker, which ICU allows from
// many threads at once (verified with 4 threads, DEPENDENCIES.md 4).
//
// Errors: input that is not valid UTF-8 is decoded with U+FFFD for each bad
// sequence; text beyond kMaxInputBytes is ignored. Methods never throw
// except std::bad_alloc. instance() throws std::runtime_error the first
// time if ICU cannot open a checker (missing ICU data): a broken install,
// reported at config load by LookalikeEngine::create.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

struct USpoofChecker;

namespace brandguard::policy::brand {

class Confusables {
 public:
  // Display names and subjects are far shorter; this bounds the ICU work
  // for anything else a caller passes.
  static constexpr std::size_t kMaxInputBytes = 64 * 1024;

  static const Confusables& instance();

  Confusables(const Confusables&) = delete;
  Confusables& operator=(const Confusables&) = delete;
  ~Confusables();

  // The TR #39 skeleton of `utf8`, as ICU computes it: NFD, every
  // character mapped to its prototype ("1" -> "l", "m" -> "rn", Cyrillic
  // "е" -> "e"), NFD. Not lowercased ("LEDGER" stays "LEDGER").
  std::string skeleton(std::string_view utf8) const;

  // The form brand names are compared in:
  //   1. default-ignorable code points removed (ZWSP, ZWJ, soft hyphen,
  //      variation selectors, bidi controls, tags);
  //   2. NFKC (fullwidth, mathematical and Roman-numeral letters become
  //      plain ones: "ⅼ" -> "l", "𝐋" -> "L");
  //   3. lowercase(skeleton(lowercase(x))).
  // Why case is mapped on both sides of the skeleton: skeletons are
  // case-sensitive. "LEDGER" only meets "ledger" once lowercased, and
  // "m" -> "rn" applies to lowercase letters only, so lowercase first. But
  // some capitals only look like a letter as capitals: "Iedger" (capital
  // I) skeletons to "ledger", while lowercasing first gives "iedger"; the
  // Cherokee "Ꮮ" skeletons to "L" but lowercases to "ꮮ". So before step 3
  // each such capital (every character whose skeleton-first reading
  // differs; computed from ICU data at startup) is replaced by its
  // skeleton-first reading when its word also holds a lowercase letter
  // ("Iedger", "Ledger Iive", "Ꮮеdgеr" -> "ledger", "ledger live"). In a
  // word of capitals only, "I" is an i ("MICROSOFT", "LIVE") and only
  // readings that leave ASCII (Cherokee "ᏞᎬᎠᏀᎬᏒ") take the skeleton first.
  // The price: a capitalized word starting with I reads as l ("Instagram"
  // -> "lnstagrarn"); fold_lowercase_first is the other reading, and
  // LookalikeEngine matches text in both.
  // The result is for comparison only (it is NFD, "m" is "rn").
  std::string fold(std::string_view utf8) const;

  // Steps 1-3 of fold without the capital replacement: the reading of text
  // written in ordinary case, and the form brand keywords are stored in.
  // Equal to fold for lowercase text (domain labels).
  std::string fold_lowercase_first(std::string_view utf8) const;

  // Root-locale full lowercase ("LEDGER" -> "ledger", "ΣΟΦΊΑ" ->
  // "σοφία"), nothing else: the text as a reader sees it, for telling
  // plain mentions of a brand from disguised ones.
  std::string lowercase(std::string_view utf8) const;

  // The text with its accents removed: NFD, nonspacing combining marks
  // (general category Mn) dropped, NFC ("Lédger" -> "Ledger", "Ölçü" ->
  // "Olcu", Cyrillic "ё" -> "е"). Letters whose accent is not a
  // combining mark stay ("ø", "ł", "ß"); so do other scripts' letters
  // apart from their Mn marks (Japanese dakuten go: "ガ" -> "カ"). Case is
  // kept. ASCII text comes back unchanged without ICU work. An extra
  // reading for LookalikeEngine, not a fold: combine it with fold.
  std::string strip_accents(std::string_view utf8) const;

  // True if the text hides or disguises characters: default-ignorable or
  // invisible code points (zero-width space, soft hyphen, word joiner,
  // Hangul fillers, tags...), bidi embedding/override/isolate controls,
  // styled letters (mathematical alphanumerics; fullwidth Latin letters in
  // text without Han, Kana, Hangul or Bopomofo; two or more circled or
  // squared letters in a row), or
  // one word mixing scripts that no language mixes (Latin with Cyrillic,
  // Greek or Cherokee; the TR #39 "highly restrictive" combinations such
  // as Latin+Han+Kana are allowed). Not flagged, because ordinary text
  // uses them: ZWJ/ZWNJ and variation selectors inside emoji or between
  // letters of scripts that need joiners (Arabic, Persian, Indic), emoji
  // tag sequences, LRM/RLM/ALM in text with right-to-left letters,
  // fullwidth Latin in Japanese, Chinese or Korean text (input methods
  // type it), a lone circled letter ("Ⓡ").
  // `why` (if not null) receives a short English reason for the first
  // finding: "mixed Latin and Cyrillic in one word", "zero-width
  // character U+200B".
  bool is_obfuscated(std::string_view utf8, std::string* why) const;

  // The same as fold, through ICU for every character. fold takes a
  // table-driven path for ASCII text; tests compare the two.
  std::string fold_with_icu(std::string_view utf8, bool replace_capitals) const;

 private:
  Confusables();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace brandguard::policy::brand
