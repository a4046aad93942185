// LookalikeEngine: tables built once by create(), then read-only lookups.
// Host names are reduced with the project's one normalization
// (domain::normalize_domain: lowercase A-labels) and the Public Suffix List
// (registrable domain); U-labels for skeletons come from libidn2, whose
// decoding does not validate (DEPENDENCIES.md 4): a nonsense A-label just
// decodes to nonsense, which folds to nothing a brand looks like.
#include "brand/lookalike.hpp"

#include <idn2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <exception>
#include <optional>
#include <unordered_set>
#include <utility>

#include "brand/confusables.hpp"
#include "brand/domain_variants.hpp"
#include "brand/edit_distance.hpp"

namespace brandguard::policy::brand {

namespace {

constexpr std::size_t kMaxHostBytes = 253;
// Glued and one-edit matching look at tokens up to this size; longer
// "words" are not words.
constexpr std::size_t kMaxTokenBytes = 128;
// Glued keywords need some length: "hp" inside "hphelp" is noise.
constexpr std::size_t kMinGluedKeyword = 4;
constexpr std::size_t kMinFuzzyKeyword = 5;
constexpr std::size_t kMinFuzzyToken = 6;
// Typosquat thresholds on the official label's length.
constexpr std::size_t kMinTyposquatLabel = 5;
constexpr std::size_t kTwoEditsLabel = 9;

bool ends_with(std::string_view s, std::string_view suffix) noexcept {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// `name` is `parent` or a name below it.
bool same_or_below(std::string_view name, std::string_view parent) noexcept {
  if (name == parent) return true;
  return name.size() > parent.size() && ends_with(name, parent) && name[name.size() - parent.size() - 1] == '.';
}

struct IdnFree {
  void operator()(char* p) const noexcept { idn2_free(p); }
};

// The U-label form of a normalized name (labels that are not A-labels
// pass through); the input itself if libidn2 refuses it.
std::string to_unicode(std::string_view normalized) {
  if (normalized.find("xn--") == std::string_view::npos || normalized.size() > kMaxHostBytes) {
    return std::string(normalized);
  }
  const std::string input(normalized);
  char* out = nullptr;
  const int rc = idn2_to_unicode_8z8z(input.c_str(), &out, 0);
  std::unique_ptr<char, IdnFree> owned(out);
  if (rc != IDN2_OK || out == nullptr) return input;
  return std::string(out);
}

// ---------------------------------------------------------------- tokens

struct Token {
  std::string_view text;
  std::size_t begin = 0;
  std::size_t end = 0;
  bool single = false;  // one letter (marks aside)
};

bool is_ascii_letter(unsigned char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Which side of a script boundary a letter is on. Latin and the scripts
// whose letters imitate it stay in one token (a mixed "lеdger" is one
// word); where they meet any other script, a new token starts, because
// Japanese, Chinese, Thai... write words without spaces and put Latin
// names right against them ("Ledgerのお知らせ").
enum class ScriptSide { neutral, latin_like, other };

ScriptSide script_side(UChar32 c) noexcept {
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  if (U_FAILURE(status) || script == USCRIPT_COMMON || script == USCRIPT_INHERITED || script == USCRIPT_UNKNOWN) {
    return ScriptSide::neutral;
  }
  const bool latin_like = script == USCRIPT_LATIN || script == USCRIPT_GREEK || script == USCRIPT_CYRILLIC ||
                          script == USCRIPT_ARMENIAN || script == USCRIPT_CHEROKEE || script == USCRIPT_COPTIC;
  return latin_like ? ScriptSide::latin_like : ScriptSide::other;
}

bool default_ignorable(UChar32 c) noexcept { return u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT); }

// Runs of letters (with their combining marks); everything else separates,
// and so does a change between Latin-like and other scripts. Invisible
// marks (variation selectors, the combining grapheme joiner: default
// ignorable) separate too, so that the emoji selector of "❤️Ledger" does
// not stick to the word.
std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  const auto length = static_cast<int32_t>(std::min<std::size_t>(s.size(), INT32_MAX));
  int32_t i = 0;
  std::size_t start = std::string_view::npos;
  std::size_t letters = 0;
  ScriptSide side = ScriptSide::neutral;  // of the token's letters so far
  auto close = [&](std::size_t at) {
    if (start == std::string_view::npos) return;
    out.push_back(Token{s.substr(start, at - start), start, at, letters == 1});
    start = std::string_view::npos;
  };
  while (i < length) {
    const int32_t at = i;
    UChar32 c;
    bool letter;
    bool mark = false;
    ScriptSide letter_side = ScriptSide::latin_like;
    if (bytes[i] < 0x80) {
      c = bytes[i++];
      letter = is_ascii_letter(static_cast<unsigned char>(c));
    } else {
      U8_NEXT_OR_FFFD(bytes, i, length, c);
      mark = (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0 && !default_ignorable(c);
      letter = mark || u_isalpha(c);
      letter_side = mark ? ScriptSide::neutral : script_side(c);
    }
    if (!letter) {
      close(static_cast<std::size_t>(at));
      continue;
    }
    if (start != std::string_view::npos && letter_side != ScriptSide::neutral && side != ScriptSide::neutral &&
        letter_side != side) {
      close(static_cast<std::size_t>(at));
    }
    if (start == std::string_view::npos) {
      start = static_cast<std::size_t>(at);
      letters = 0;
      side = ScriptSide::neutral;
    }
    if (letter_side != ScriptSide::neutral) side = letter_side;
    if (!mark) ++letters;
  }
  close(static_cast<std::size_t>(length));
  return out;
}

std::vector<std::string> token_strings(std::string_view s) {
  std::vector<std::string> out;
  for (const Token& t : tokenize(s)) out.emplace_back(t.text);
  return out;
}

// At most three characters, none of them a digit (letters cannot be
// there: they would be tokens).
bool short_gap(std::string_view gap) noexcept {
  constexpr int32_t kMaxGapChars = 3;
  if (gap.size() > 4 * kMaxGapChars) return false;  // UTF-8: at most 4 bytes a character
  const auto* bytes = reinterpret_cast<const uint8_t*>(gap.data());
  const auto length = static_cast<int32_t>(gap.size());
  int32_t chars = 0;
  for (int32_t i = 0; i < length; ++chars) {
    UChar32 c;
    U8_NEXT_OR_FFFD(bytes, i, length, c);
    if (chars == kMaxGapChars || u_isdigit(c)) return false;
  }
  return true;
}

// Runs of three or more single letters with short non-digit gaps, joined:
// "l e d g e r" -> "ledger".
std::vector<std::string> single_letter_runs(std::string_view s, const std::vector<Token>& tokens) {
  constexpr std::size_t kMinRun = 3;
  std::vector<std::string> runs;
  std::string current;
  std::size_t count = 0;
  const Token* prev = nullptr;
  auto flush = [&] {
    if (count >= kMinRun) runs.push_back(current);
    current.clear();
    count = 0;
  };
  for (const Token& t : tokens) {
    if (!t.single) {
      flush();
      prev = nullptr;
      continue;
    }
    if (prev != nullptr) {
      if (!short_gap(s.substr(prev->end, t.begin - prev->end))) flush();
    }
    current += t.text;
    ++count;
    prev = &t;
  }
  flush();
  return runs;
}

class GlueWords {
 public:
  void add(std::string word) {
    if (!word.empty()) words_.push_back(std::move(word));
  }
  // `s` is empty or a concatenation of glue words.
  bool segmentable(std::string_view s) const noexcept {
    if (s.empty()) return true;
    if (s.size() > kMaxTokenBytes) return false;
    std::array<bool, kMaxTokenBytes + 1> ok{};
    ok[0] = true;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (!ok[i]) continue;
      for (const std::string& w : words_) {
        if (s.compare(i, w.size(), w) == 0) ok[i + w.size()] = true;
      }
    }
    return ok[s.size()];
  }
  // ok[p]: s[0, p) is segmentable; from the end: s[q, n) is segmentable.
  void prefixes(std::string_view s, std::array<bool, kMaxTokenBytes + 1>& ok) const noexcept {
    ok.fill(false);
    ok[0] = true;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (!ok[i]) continue;
      for (const std::string& w : words_) {
        if (s.compare(i, w.size(), w) == 0) ok[i + w.size()] = true;
      }
    }
  }
  void suffixes(std::string_view s, std::array<bool, kMaxTokenBytes + 1>& ok) const noexcept {
    ok.fill(false);
    ok[s.size()] = true;
    for (std::size_t q = s.size(); q-- > 0;) {
      for (const std::string& w : words_) {
        if (q + w.size() <= s.size() && ok[q + w.size()] && s.compare(q, w.size(), w) == 0) {
          ok[q] = true;
          break;
        }
      }
    }
  }

 private:
  std::vector<std::string> words_;
};

// One keyword or name in one reading: its tokens and their concatenation.
struct KeywordForm {
  std::vector<std::string> tokens;
  std::string concat;
};

KeywordForm make_form(std::string_view text) {
  KeywordForm form;
  form.tokens = token_strings(text);
  for (const auto& t : form.tokens) form.concat += t;
  return form;
}

// The keyword, possibly with glue words before and after it, is `token`.
bool glued_match(std::string_view token, std::string_view keyword, const GlueWords& glue) {
  if (token == keyword) return true;
  if (keyword.size() < kMinGluedKeyword || token.size() > kMaxTokenBytes) return false;
  for (std::size_t pos = token.find(keyword); pos != std::string_view::npos; pos = token.find(keyword, pos + 1)) {
    if (glue.segmentable(token.substr(0, pos)) && glue.segmentable(token.substr(pos + keyword.size()))) return true;
  }
  return false;
}

// A compound "<glue><core><glue>" (some glue) whose core is one edit
// from the keyword: "ledgelive".
bool fuzzy_compound_match(std::string_view token, std::string_view keyword, const GlueWords& glue) {
  if (token.size() < kMinFuzzyToken || keyword.size() < kMinFuzzyKeyword || token.size() > kMaxTokenBytes) {
    return false;
  }
  std::array<bool, kMaxTokenBytes + 1> pre{};
  std::array<bool, kMaxTokenBytes + 1> suf{};
  glue.prefixes(token, pre);
  glue.suffixes(token, suf);
  const std::size_t n = token.size();
  for (std::size_t p = 0; p < n; ++p) {
    if (!pre[p]) continue;
    for (std::size_t q = p + 1; q <= n; ++q) {
      if (!suf[q] || (p == 0 && q == n)) continue;
      const std::size_t core = q - p;
      if (core + 1 < keyword.size() || core > keyword.size() + 1) continue;
      if (bounded_edit_distance(token.substr(p, core), keyword, 1) == 1) return true;
    }
  }
  return false;
}

bool sequence_match(const std::vector<Token>& tokens, const std::vector<std::string>& wanted) {
  if (wanted.empty() || tokens.size() < wanted.size()) return false;
  for (std::size_t i = 0; i + wanted.size() <= tokens.size(); ++i) {
    bool all = true;
    for (std::size_t k = 0; k < wanted.size() && all; ++k) all = tokens[i + k].text == wanted[k];
    if (all) return true;
  }
  return false;
}

bool keyword_match(const std::vector<Token>& tokens, const KeywordForm& form, const GlueWords& glue) {
  if (form.concat.empty()) return false;
  if (sequence_match(tokens, form.tokens)) return true;
  for (const Token& t : tokens) {
    if (glued_match(t.text, form.concat, glue)) return true;
  }
  return false;
}

// One reading of a text for brands_named_in: its tokens, and each distinct
// token once. Text repeats its words; every keyword and name of every
// brand is tried against the distinct tokens only, and a name of several
// words is looked for in sequence only when all its words occur.
struct Reading {
  std::vector<Token> tokens;
  std::unordered_set<std::string_view> distinct;

  // The distinct tokens long enough for fuzzy_compound_match, end to end
  // with a separator no token contains, and where each starts: a piece of
  // a keyword is looked for in all of them with one search.
  std::string fuzzy_candidates;
  std::vector<std::size_t> candidate_starts;

  explicit Reading(std::vector<Token> t) : tokens(std::move(t)) {
    distinct.reserve(tokens.size());
    for (const Token& token : tokens) {
      if (!distinct.insert(token.text).second) continue;
      if (token.text.size() < kMinFuzzyToken || token.text.size() > kMaxTokenBytes) continue;
      candidate_starts.push_back(fuzzy_candidates.size());
      fuzzy_candidates += token.text;
      fuzzy_candidates.push_back('\n');
    }
  }

  bool keyword_match(const KeywordForm& form, const GlueWords& glue) const {
    if (form.concat.empty()) return false;
    if (form.tokens.size() > 1 &&
        std::all_of(form.tokens.begin(), form.tokens.end(), [&](const std::string& w) { return distinct.count(w) > 0; }) &&
        sequence_match(tokens, form.tokens)) {
      return true;
    }
    for (const std::string_view t : distinct) {
      if (glued_match(t, form.concat, glue)) return true;
    }
    return false;
  }

  // fuzzy_compound_match over the distinct tokens that can pass it. A core
  // one edit (OSA) from the keyword keeps one of the keyword's halves
  // intact, or, when the edit swaps the two letters at the middle, the
  // first half with its last letter replaced by the next one. Only tokens
  // holding one of those three pieces are tried.
  bool fuzzy_match(const KeywordForm& form, const GlueWords& glue) const {
    const std::string& keyword = form.concat;
    if (keyword.size() < kMinFuzzyKeyword || fuzzy_candidates.empty()) return false;
    const std::size_t half = keyword.size() / 2;
    std::string swapped = keyword.substr(0, half);
    swapped.back() = keyword[half];
    const std::array<std::string_view, 3> pieces = {std::string_view(keyword).substr(0, half),
                                                    std::string_view(keyword).substr(half), swapped};
    std::vector<bool> tried(candidate_starts.size(), false);
    for (const std::string_view piece : pieces) {
      for (std::size_t pos = fuzzy_candidates.find(piece); pos != std::string::npos;
           pos = fuzzy_candidates.find(piece, pos + 1)) {
        const auto next = std::upper_bound(candidate_starts.begin(), candidate_starts.end(), pos);
        const auto index = static_cast<std::size_t>(next - candidate_starts.begin()) - 1;
        const std::size_t end = fuzzy_candidates.find('\n', pos);
        if (!tried[index]) {
          tried[index] = true;
          const std::size_t start = candidate_starts[index];
          if (fuzzy_compound_match(std::string_view(fuzzy_candidates).substr(start, end - start), keyword, glue)) {
            return true;
          }
        }
        pos = end;  // the next token
      }
    }
    return false;
  }
};

// keyword_match, calling `found(begin, end)` with the byte span of each
// place it matches until `found` returns true; returns whether it did.
template <typename Found>
bool each_keyword_match(const std::vector<Token>& tokens, const KeywordForm& form, const GlueWords& glue,
                        Found&& found) {
  if (form.concat.empty()) return false;
  const std::size_t k = form.tokens.size();
  if (k > 0 && tokens.size() >= k) {
    for (std::size_t i = 0; i + k <= tokens.size(); ++i) {
      bool all = true;
      for (std::size_t j = 0; j < k && all; ++j) all = tokens[i + j].text == form.tokens[j];
      if (all && found(tokens[i].begin, tokens[i + k - 1].end)) return true;
    }
  }
  for (const Token& t : tokens) {
    if (glued_match(t.text, form.concat, glue) && found(t.begin, t.end)) return true;
  }
  return false;
}

bool is_ascii_text(std::string_view s) noexcept {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// A match at [begin, end) of `text` is dressed with invisible characters:
// default-ignorable code points inside it ("ledger\u200blive") or right
// before or after it ("\u200bledger"), that Confusables::is_obfuscated
// finds deceptive in their context (a few characters around them; so the
// variation selector of "\u2764\ufe0fLedger" and the bidi mark beside a
// Latin name in Hebrew text are not).
bool hidden_by_ignorables(const Confusables& conf, std::string_view text, std::size_t begin, std::size_t end) {
  constexpr int kContextChars = 16;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(std::min<std::size_t>(text.size(), INT32_MAX));
  auto from = static_cast<int32_t>(begin);
  auto to = static_cast<int32_t>(end);
  bool found = false;
  while (from > 0) {
    int32_t at = from;
    UChar32 c;
    U8_PREV_OR_FFFD(bytes, 0, at, c);
    if (!default_ignorable(c)) break;
    from = at;
    found = true;
  }
  while (to < length) {
    int32_t at = to;
    UChar32 c;
    U8_NEXT_OR_FFFD(bytes, at, length, c);
    if (!default_ignorable(c)) break;
    to = at;
    found = true;
  }
  for (auto i = static_cast<int32_t>(begin); !found && i < static_cast<int32_t>(end);) {
    UChar32 c;
    U8_NEXT_OR_FFFD(bytes, i, length, c);
    found = default_ignorable(c);
  }
  if (!found) return false;
  for (int k = 0; k < kContextChars && from > 0; ++k) U8_BACK_1(bytes, 0, from);
  for (int k = 0; k < kContextChars && to < length; ++k) U8_FWD_1(bytes, to, length);
  return conf.is_obfuscated(text.substr(static_cast<std::size_t>(from), static_cast<std::size_t>(to - from)), nullptr);
}

std::string_view kind_noun(LookalikeKind kind) noexcept {
  switch (kind) {
    case LookalikeKind::bitsquatting: return "bitsquatting";
    case LookalikeKind::vowel_swap: return "vowel swap";
    default: return to_string(kind);
  }
}

}  // namespace

std::string_view to_string(LookalikeKind kind) noexcept {
  switch (kind) {
    case LookalikeKind::none: return "none";
    case LookalikeKind::official: return "official";
    case LookalikeKind::homoglyph: return "homoglyph";
    case LookalikeKind::addition: return "addition";
    case LookalikeKind::omission: return "omission";
    case LookalikeKind::repetition: return "repetition";
    case LookalikeKind::replacement: return "replacement";
    case LookalikeKind::transposition: return "transposition";
    case LookalikeKind::insertion: return "insertion";
    case LookalikeKind::hyphenation: return "hyphenation";
    case LookalikeKind::bitsquatting: return "bitsquatting";
    case LookalikeKind::vowel_swap: return "vowel_swap";
    case LookalikeKind::typosquat: return "typosquat";
    case LookalikeKind::tld_swap: return "tld_swap";
    case LookalikeKind::brand_combo: return "brand_combo";
    case LookalikeKind::brand_subdomain: return "brand_subdomain";
    case LookalikeKind::free_hosting: return "free_hosting";
  }
  return "none";
}

// ------------------------------------------------------------------ data

struct LookalikeEngine::Data {
  struct Keyword {
    std::string text;    // as configured
    KeywordForm raw;     // lowercased
    KeywordForm folded;  // Confusables::fold_lowercase_first
  };
  struct Brand {
    std::string id;
    std::vector<Keyword> keywords;    // domains and text
    std::vector<Keyword> text_forms;  // keywords and names
  };
  struct OfficialName {
    std::string name;  // normalized
    std::size_t brand = 0;
    std::vector<std::string> tokens;  // of its U-label form: "ledger", "com"
  };
  struct OfficialLabel {
    std::string label;    // A-label form of the registrable label: "ledger"
    std::string unicode;  // its U-label form: "ledger", "bücher"
    std::string folded;   // fold of its U-label form
    std::size_t length = 0;  // characters of its U-label form ("bücher": 6, not the 12 of "xn--bcher-kva")
    std::size_t brand = 0;
    std::vector<std::string> registrables;  // "ledger.com", "ledger.fr"
  };
  struct Variant {
    LookalikeKind kind = LookalikeKind::none;
    std::size_t label = 0;
  };
  struct FoldedRegistrable {
    std::size_t brand = 0;
    std::string registrable;
  };

  const domain::PublicSuffixList* psl = nullptr;
  const Confusables* confusables = nullptr;
  std::vector<Brand> brands;
  std::vector<OfficialName> official_names;
  std::unordered_map<std::string, std::size_t> official_registrables;  // -> official_names index
  std::vector<OfficialLabel> labels;
  std::unordered_map<std::string, std::size_t> label_index;         // written label -> labels
  std::unordered_map<std::string, std::size_t> folded_label_index;  // folded label -> labels
  std::unordered_map<std::string, FoldedRegistrable> folded_registrables;
  std::unordered_map<std::string, Variant> variants;
  std::vector<std::string> free_hosting;  // normalized, longest first
  GlueWords glue_raw;
  GlueWords glue_folded;

  // What a name (one or more labels, U-label form) says about the brands.
  struct NameHit {
    std::size_t brand = 0;
    std::string what;  // an official domain or a keyword
  };
  std::optional<NameHit> brand_in_name(std::string_view unicode_name, bool labels_too) const;
  std::optional<NameHit> brand_in_reading(std::string_view unicode_name, bool labels_too) const;
  std::string pick_registrable(const OfficialLabel& label, std::string_view suffix) const;
  std::string display(const std::string& host) const;
};

LookalikeEngine::LookalikeEngine(std::unique_ptr<Data> data) : data_(std::move(data)) {}
LookalikeEngine::~LookalikeEngine() = default;

std::string LookalikeEngine::Data::display(const std::string& host) const {
  if (host.find("xn--") == std::string::npos) return host;
  const std::string unicode = to_unicode(host);
  if (unicode == host) return host;
  return host + " (" + unicode + ")";
}

std::string LookalikeEngine::Data::pick_registrable(const OfficialLabel& label, std::string_view suffix) const {
  for (const auto& r : label.registrables) {
    if (r.size() > label.label.size() && std::string_view(r).substr(label.label.size() + 1) == suffix) return r;
  }
  return label.registrables.front();
}

// The name as written, then without its accents ("lédger.pages.dev").
std::optional<LookalikeEngine::Data::NameHit> LookalikeEngine::Data::brand_in_name(std::string_view unicode_name,
                                                                                   bool labels_too) const {
  if (auto hit = brand_in_reading(unicode_name, labels_too)) return hit;
  const std::string stripped = confusables->strip_accents(unicode_name);
  if (stripped != unicode_name) return brand_in_reading(stripped, labels_too);
  return std::nullopt;
}

std::optional<LookalikeEngine::Data::NameHit> LookalikeEngine::Data::brand_in_reading(std::string_view unicode_name,
                                                                                      bool labels_too) const {
  const std::string folded = confusables->fold_lowercase_first(unicode_name);
  const std::vector<Token> raw_tokens = tokenize(unicode_name);
  const std::vector<Token> folded_tokens = tokenize(folded);
  for (const OfficialName& o : official_names) {
    if (sequence_match(raw_tokens, o.tokens)) return NameHit{o.brand, o.name};
  }
  for (std::size_t b = 0; b < brands.size(); ++b) {
    for (const Keyword& k : brands[b].keywords) {
      if (keyword_match(raw_tokens, k.raw, glue_raw) || keyword_match(folded_tokens, k.folded, glue_folded)) {
        return NameHit{b, k.text};
      }
    }
  }
  if (!labels_too) return std::nullopt;
  // Labels imitating an official label: ledgre.pages.dev, 1edger.web.app.
  std::size_t start = 0;
  while (start <= unicode_name.size()) {
    std::size_t dot = unicode_name.find('.', start);
    if (dot == std::string_view::npos) dot = unicode_name.size();
    const std::string_view label = unicode_name.substr(start, dot - start);
    if (!label.empty()) {
      const std::string key(label);
      const std::string folded_label = confusables->fold_lowercase_first(label);
      const OfficialLabel* hit = nullptr;
      if (auto it = label_index.find(key); it != label_index.end()) {
        hit = &labels[it->second];
      } else if (auto f = folded_label_index.find(folded_label); f != folded_label_index.end()) {
        hit = &labels[f->second];
      } else if (auto v = variants.find(key); v != variants.end()) {
        hit = &labels[v->second.label];
      } else if (auto fv = variants.find(folded_label); fv != variants.end()) {
        hit = &labels[fv->second.label];
      }
      if (hit != nullptr) return NameHit{hit->brand, hit->registrables.front()};
    }
    start = dot + 1;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------- create

tl::expected<std::shared_ptr<const LookalikeEngine>, std::string> LookalikeEngine::create(
    std::vector<BrandDomains> brands, std::vector<std::string> free_hosting_suffixes,
    const domain::PublicSuffixList& psl) {
  auto data = std::make_unique<Data>();
  data->psl = &psl;
  try {
    data->confusables = &Confusables::instance();
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    return tl::unexpected(std::string("lookalike engine: ") + e.what());
  }
  const Confusables& conf = *data->confusables;
  for (const std::string_view w : kGlueWords) {
    data->glue_raw.add(std::string(w));
    data->glue_folded.add(conf.fold_lowercase_first(w));
  }

  auto keyword = [&](const std::string& brand, const std::string& text,
                     const char* what) -> tl::expected<Data::Keyword, std::string> {
    Data::Keyword k;
    k.text = text;
    k.raw = make_form(conf.lowercase(text));
    k.folded = make_form(conf.fold_lowercase_first(text));
    if (k.raw.concat.empty() || k.folded.concat.empty()) {
      return tl::unexpected("brand " + brand + ": " + what + " \"" + text + "\" is empty or has no letters");
    }
    return k;
  };

  for (std::size_t b = 0; b < brands.size(); ++b) {
    BrandDomains& in = brands[b];
    if (in.brand_id.empty()) {
      std::string which = "brand #" + std::to_string(b + 1);
      if (!in.official_domains.empty()) {
        which += " (official domain " + in.official_domains.front() + ")";
      } else if (!in.keywords.empty()) {
        which += " (keyword " + in.keywords.front() + ")";
      }
      return tl::unexpected(which + " has an empty id");
    }
    Data::Brand brand;
    brand.id = in.brand_id;
    for (const std::string& text : in.keywords) {
      auto k = keyword(in.brand_id, text, "keyword");
      if (!k) return tl::unexpected(k.error());
      brand.keywords.push_back(*k);
      brand.text_forms.push_back(std::move(*k));
    }
    for (const std::string& text : in.names) {
      auto k = keyword(in.brand_id, text, "name");
      if (!k) return tl::unexpected(k.error());
      brand.text_forms.push_back(std::move(*k));
    }
    for (const std::string& domain_text : in.official_domains) {
      const auto name = domain::normalize_domain(domain_text);
      if (!name) {
        return tl::unexpected("brand " + in.brand_id + ": official domain \"" + domain_text +
                              "\" is not a valid domain name");
      }
      const auto registrable = psl.registrable_domain(*name);
      if (psl.is_public_suffix(*name) || !registrable) {
        return tl::unexpected("brand " + in.brand_id + ": official domain \"" + domain_text +
                              "\" is a public suffix, not a domain one brand owns");
      }
      const std::size_t official_index = data->official_names.size();
      data->official_names.push_back(Data::OfficialName{*name, b, token_strings(to_unicode(*name))});
      data->official_registrables.emplace(*registrable, official_index);

      const std::size_t dot = registrable->find('.');
      const std::string label = registrable->substr(0, dot);
      auto [it, added] = data->label_index.emplace(label, data->labels.size());
      if (added) {
        Data::OfficialLabel entry;
        entry.label = label;
        const std::string unicode = to_unicode(label);
        entry.unicode = unicode;
        entry.folded = conf.fold_lowercase_first(unicode);
        entry.length = static_cast<std::size_t>(std::count_if(
            unicode.begin(), unicode.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
        entry.brand = b;
        data->labels.push_back(std::move(entry));
      }
      Data::OfficialLabel& entry = data->labels[it->second];
      if (std::find(entry.registrables.begin(), entry.registrables.end(), *registrable) == entry.registrables.end()) {
        entry.registrables.push_back(*registrable);
      }
      data->folded_registrables.emplace(conf.fold_lowercase_first(to_unicode(*registrable)),
                                        Data::FoldedRegistrable{entry.brand, *registrable});
    }
    data->brands.push_back(std::move(brand));
  }

  for (std::size_t i = 0; i < data->labels.size(); ++i) {
    data->folded_label_index.emplace(data->labels[i].folded, i);
  }
  for (std::size_t i = 0; i < data->labels.size(); ++i) {
    for (LabelVariant& v : label_variants(data->labels[i].label)) {
      if (data->label_index.count(v.label) != 0) continue;  // another official label
      data->variants.emplace(std::move(v.label), Data::Variant{v.kind, i});
    }
  }

  for (const std::string& suffix : free_hosting_suffixes) {
    const auto name = domain::normalize_domain(suffix);
    if (!name) return tl::unexpected("free hosting suffix \"" + suffix + "\" is not a valid domain name");
    if (std::find(data->free_hosting.begin(), data->free_hosting.end(), *name) == data->free_hosting.end()) {
      data->free_hosting.push_back(*name);
    }
  }
  std::stable_sort(data->free_hosting.begin(), data->free_hosting.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });

  return std::shared_ptr<const LookalikeEngine>(new LookalikeEngine(std::move(data)));
}

// -------------------------------------------------------------- classify

LookalikeMatch LookalikeEngine::classify(std::string_view host) const {
  const Data& d = *data_;
  LookalikeMatch m;
  std::string_view trimmed = host;
  if (!trimmed.empty() && trimmed.back() == '.') trimmed.remove_suffix(1);
  // One trailing dot is the root; a second one is an empty label, which
  // normalize_domain would otherwise strip too ("ledger.com..").
  if (trimmed.empty() || trimmed.size() > kMaxHostBytes || trimmed.back() == '.') return m;
  const auto normalized = domain::normalize_domain(trimmed);
  if (!normalized) return m;
  m.host = *normalized;
  const std::string& name = m.host;

  auto result = [&](LookalikeKind kind, std::size_t brand, std::string what, std::string evidence) {
    m.kind = kind;
    m.brand_id = d.brands[brand].id;
    m.official_domain = std::move(what);
    m.evidence = std::move(evidence);
    return m;
  };

  for (const Data::OfficialName& o : d.official_names) {
    if (same_or_below(name, o.name)) {
      return result(LookalikeKind::official, o.brand, o.name, name + " is an official domain of " + d.brands[o.brand].id);
    }
  }
  const auto registrable = d.psl->registrable_domain(name);
  if (registrable) {
    if (auto it = d.official_registrables.find(*registrable); it != d.official_registrables.end()) {
      const Data::OfficialName& o = d.official_names[it->second];
      return result(LookalikeKind::official, o.brand, o.name,
                    name + " is under " + *registrable + ", registered by " + d.brands[o.brand].id);
    }
  }

  for (const std::string& suffix : d.free_hosting) {
    if (name.size() <= suffix.size() + 1 || !same_or_below(name, suffix)) continue;
    const std::string on_platform = to_unicode(name.substr(0, name.size() - suffix.size() - 1));
    if (auto hit = d.brand_in_name(on_platform, true)) {
      return result(LookalikeKind::free_hosting, hit->brand, hit->what,
                    d.display(name) + " puts " + hit->what + " on the free hosting platform " + suffix);
    }
    return m;
  }
  if (!registrable) return m;

  const std::size_t dot = registrable->find('.');
  const std::string label = registrable->substr(0, dot);
  const std::string suffix = registrable->substr(dot + 1);
  const Confusables& conf = *d.confusables;
  const std::string unicode_label = to_unicode(label);
  const std::string folded_label = conf.fold_lowercase_first(unicode_label);
  // The label without its accents ("lédger" -> "ledger"), folded too; both
  // empty when it has none.
  std::string stripped_label = conf.strip_accents(unicode_label);
  std::string stripped_folded;
  if (stripped_label == unicode_label) {
    stripped_label.clear();
  } else {
    stripped_folded = conf.fold_lowercase_first(stripped_label);
  }
  const bool accents = !stripped_label.empty();
  constexpr std::string_view kAfterStripping = " once accents are removed";

  // Skeleton of the whole registrable domain: ledger.corn, ledgеr.com.
  if (auto it = d.folded_registrables.find(conf.fold_lowercase_first(to_unicode(*registrable)));
      it != d.folded_registrables.end()) {
    return result(LookalikeKind::homoglyph, it->second.brand, it->second.registrable,
                  d.display(name) + " is a homoglyph of " + it->second.registrable);
  }
  if (auto it = d.label_index.find(label); it != d.label_index.end()) {
    const Data::OfficialLabel& l = d.labels[it->second];
    const std::string official = d.pick_registrable(l, suffix);
    return result(LookalikeKind::tld_swap, l.brand, official,
                  d.display(name) + " is the name of " + official + " under another public suffix");
  }
  if (auto it = d.folded_label_index.find(folded_label); it != d.folded_label_index.end()) {
    const Data::OfficialLabel& l = d.labels[it->second];
    const std::string official = d.pick_registrable(l, suffix);
    return result(LookalikeKind::homoglyph, l.brand, official, d.display(name) + " is a homoglyph of " + official);
  }
  if (accents) {
    // lédger.com, ledgér.io: an official name once the accents are gone.
    const std::string stripped_registrable = conf.strip_accents(to_unicode(*registrable));
    if (auto it = d.folded_registrables.find(conf.fold_lowercase_first(stripped_registrable));
        it != d.folded_registrables.end()) {
      return result(LookalikeKind::homoglyph, it->second.brand, it->second.registrable,
                    d.display(name) + " is a homoglyph of " + it->second.registrable + std::string(kAfterStripping));
    }
    const Data::OfficialLabel* hit = nullptr;
    if (auto it = d.label_index.find(stripped_label); it != d.label_index.end()) {
      hit = &d.labels[it->second];
    } else if (auto f = d.folded_label_index.find(stripped_folded); f != d.folded_label_index.end()) {
      hit = &d.labels[f->second];
    }
    if (hit != nullptr) {
      const Data::OfficialLabel& l = *hit;
      const std::string official = d.pick_registrable(l, suffix);
      return result(LookalikeKind::homoglyph, l.brand, official,
                    d.display(name) + " is a homoglyph of " + official + std::string(kAfterStripping));
    }
  }
  {
    // The label as written, folded, without accents, and both.
    const std::pair<const std::string*, std::string_view> readings[] = {
        {&label, ""},
        {&folded_label, " once look-alike characters are folded"},
        {&stripped_label, kAfterStripping},
        {&stripped_folded, " once accents are removed and look-alike characters are folded"},
    };
    for (const auto& [reading, how] : readings) {
      if (reading->empty() || (reading != &label && *reading == label)) continue;
      const auto it = d.variants.find(*reading);
      if (it == d.variants.end()) continue;
      const Data::OfficialLabel& l = d.labels[it->second.label];
      const std::string official = d.pick_registrable(l, suffix);
      const std::string_view noun = kind_noun(it->second.kind);
      const bool vowel = noun.find_first_of("aeiou") == 0;
      std::string evidence =
          d.display(name) + (vowel ? " is an " : " is a ") + std::string(noun) + " variant of " + official;
      evidence += how;
      return result(it->second.kind, l.brand, official, std::move(evidence));
    }
  }
  {
    // Edits of characters (code points), not bytes: "lédgxr" is 2 from
    // "ledger" as written, 1 without its accent.
    const Data::OfficialLabel* best = nullptr;
    std::size_t best_distance = 0;
    bool best_stripped = false;
    for (const Data::OfficialLabel& l : d.labels) {
      if (l.length < kMinTyposquatLabel) continue;
      const std::size_t limit = l.length >= kTwoEditsLabel ? 2 : 1;
      const std::size_t as_written = std::min(bounded_edit_distance_chars(folded_label, l.folded, limit),
                                              bounded_edit_distance_chars(unicode_label, l.unicode, limit));
      std::size_t distance = as_written;
      if (accents) {
        distance = std::min({distance, bounded_edit_distance_chars(stripped_folded, l.folded, limit),
                             bounded_edit_distance_chars(stripped_label, l.unicode, limit)});
      }
      if (distance == 0 || distance > limit) continue;
      if (best == nullptr || distance < best_distance) {
        best = &l;
        best_distance = distance;
        best_stripped = distance < as_written;
      }
    }
    if (best != nullptr) {
      const std::string official = d.pick_registrable(*best, suffix);
      return result(LookalikeKind::typosquat, best->brand, official,
                    d.display(name) + " is " + std::to_string(best_distance) +
                        (best_distance == 1 ? " edit" : " edits") + " from " + official +
                        (best_stripped ? std::string(kAfterStripping) : std::string()));
    }
  }

  const std::vector<Token> raw_tokens = tokenize(unicode_label);
  const std::vector<Token> folded_tokens = tokenize(folded_label);
  const std::vector<Token> stripped_tokens = tokenize(stripped_label);
  const std::vector<Token> stripped_folded_tokens = tokenize(stripped_folded);
  for (std::size_t b = 0; b < d.brands.size(); ++b) {
    for (const Data::Keyword& k : d.brands[b].keywords) {
      if (keyword_match(raw_tokens, k.raw, d.glue_raw) || keyword_match(folded_tokens, k.folded, d.glue_folded) ||
          keyword_match(stripped_tokens, k.raw, d.glue_raw) ||
          keyword_match(stripped_folded_tokens, k.folded, d.glue_folded)) {
        return result(LookalikeKind::brand_combo, b, k.text,
                      d.display(name) + " combines the brand keyword " + k.text + " with other words");
      }
    }
  }

  if (name.size() > registrable->size()) {
    const std::string subdomain = to_unicode(name.substr(0, name.size() - registrable->size() - 1));
    if (auto hit = d.brand_in_name(subdomain, false)) {
      return result(LookalikeKind::brand_subdomain, hit->brand, hit->what,
                    d.display(name) + " puts " + hit->what + " in a subdomain of " + *registrable);
    }
  }
  return m;
}

// ------------------------------------------------------- brands_named_in

std::vector<std::string> LookalikeEngine::brands_named_in(std::string_view utf8_text, bool* obfuscated) const {
  const Data& d = *data_;
  if (obfuscated != nullptr) *obfuscated = false;
  std::vector<std::string> found;
  if (utf8_text.empty()) return found;
  const Confusables& conf = *d.confusables;

  const std::string raw = conf.lowercase(utf8_text);
  const std::string folded = conf.fold(utf8_text);
  const std::string folded_lower_first = conf.fold_lowercase_first(utf8_text);
  const Reading raw_reading(tokenize(raw));
  const std::vector<Token>& raw_tokens = raw_reading.tokens;
  // The folded readings: capitals first and lowercase first, then the same
  // two of the text without its accents ("Lédger").
  std::vector<Reading> readings;
  readings.emplace_back(tokenize(folded));
  if (folded_lower_first != folded) readings.emplace_back(tokenize(folded_lower_first));
  std::vector<std::string> runs = single_letter_runs(folded, readings.front().tokens);
  // Single letters as written, folded once joined: a letter that folds to
  // two ("m" -> "rn") is no single letter in the folded text
  // ("M e t a M a s k").
  for (const std::string& run : single_letter_runs(raw, raw_tokens)) {
    runs.push_back(conf.fold_lowercase_first(run));
  }
  const std::string_view bounded_text = utf8_text.substr(0, std::min(utf8_text.size(), Confusables::kMaxInputBytes));
  const std::string stripped = conf.strip_accents(bounded_text);
  std::string stripped_folded;
  std::string stripped_lower_first;
  if (stripped != bounded_text) {
    stripped_folded = conf.fold(stripped);
    stripped_lower_first = conf.fold_lowercase_first(stripped);
    if (stripped_folded != folded) {
      readings.emplace_back(tokenize(stripped_folded));
      for (std::string& run : single_letter_runs(stripped_folded, readings.back().tokens)) runs.push_back(std::move(run));
    }
    if (stripped_lower_first != stripped_folded && stripped_lower_first != folded_lower_first) {
      readings.emplace_back(tokenize(stripped_lower_first));
    }
  }
  const bool raw_ascii = is_ascii_text(raw);

  auto folded_hit = [&](const KeywordForm& form) {
    for (const Reading& reading : readings) {
      if (reading.keyword_match(form, d.glue_folded)) return true;
    }
    if (form.concat.size() >= 3) {
      for (const std::string& run : runs) {
        if (run.find(form.concat) != std::string::npos) return true;
      }
    }
    for (const Reading& reading : readings) {
      if (reading.fuzzy_match(form, d.glue_folded)) return true;
    }
    return false;
  };

  // A keyword or name that only the folded readings show is disguised,
  // even when another one is written plainly ("Ledger Iive"); so is one
  // that is written plainly only with invisible characters in or beside
  // it ("Ledger\u200bLive").
  for (const Data::Brand& brand : d.brands) {
    bool plain = false;
    bool disguised = false;
    for (const Data::Keyword& k : brand.text_forms) {
      bool hidden = false;
      // The index says whether the text has it at all; the places are
      // looked up only then, for the invisible-character check.
      const bool clean = raw_reading.keyword_match(k.raw, d.glue_raw) &&
                         (raw_ascii || each_keyword_match(raw_tokens, k.raw, d.glue_raw,
                                                          [&](std::size_t begin, std::size_t end) {
                                                            if (!hidden_by_ignorables(conf, raw, begin, end)) return true;
                                                            hidden = true;
                                                            return false;
                                                          }));
      if (clean) {
        plain = true;
      } else if (!disguised && (hidden || folded_hit(k.folded))) {
        disguised = true;
      }
    }
    if (!plain && !disguised) continue;
    found.push_back(brand.id);
    if (disguised && obfuscated != nullptr) *obfuscated = true;
  }
  return found;
}

}  // namespace brandguard::policy::brand
