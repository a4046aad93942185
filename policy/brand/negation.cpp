// Negation of secret requests: the word lists (five languages) and the
// bounded look-around described in negation.hpp. Words are compared
// lowercased (ICU simple case mapping), with the typographic apostrophe
// read as "'"; Japanese cues are matched as substrings (no spaces).
#include "brand/negation.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <string>
#include <vector>

namespace brandguard::policy::brand {

namespace {

// ------------------------------------------------------------------ words

// Negation cues before the phrase. French "ne" and "pas" each count ("ne
// partagez pas"), as does any elided "n'" ("n'exigera jamais") and any
// English "n't".
constexpr std::array<std::string_view, 38> kNegationWords = {
    "never", "not",    "no",      "nobody",  "none",    "neither", "nor",       "cannot",     "dont",  "jamais",
    "ne",    "pas",    "aucun",   "aucune",  "nul",     "nulle",   "rien",      "nunca",      "nadie", "jamás",
    "jamas", "ningún", "ninguna", "ninguno", "tampoco", "ni",      "nie",       "niemals",    "nicht", "niemand",
    "kein",  "keine",  "keinen",  "keinem",  "keiner",  "keines",  "niemandem", "keinesfalls"};

// Conditionals: a negation after one of these in the same clause is a
// condition ("if you do not", "si no verifica", "wenn Sie nicht"), and
// the phrase stays a request.
constexpr std::array<std::string_view, 7> kConditionalWords = {"if",    "unless", "si",       "wenn",
                                                               "falls", "sofern", "otherwise"};

// Words that may open a new order after a comma ("..., please enter",
// "..., merci de saisir", "..., bitte geben Sie"); a comma followed only
// by these (or by nothing) ends a negation's scope for an imperative.
constexpr std::array<std::string_view, 47> kOpenerWords = {
    "please", "kindly", "simply",   "just",  "now", "then",   "immediately", "so",     "and",      "also",     "you",
    "must",   "need",   "needs",    "have",  "to",  "should", "will",        "are",    "required", "veuillez", "merci",
    "de",     "d'",     "vous",     "devez", "il",  "faut",   "svp",         "s'il",   "plaît",    "por",      "favor",
    "debe",   "usted",  "necesita", "tiene", "que", "bitte",  "jetzt",       "sofort", "dann",     "und",      "sie",
    "müssen", "ahora",  "y"};

// ... except when the first of them marks a subordinate clause: "never
// ask you, by email, to enter", "de saisir", "que introduzca".
constexpr std::array<std::string_view, 6> kSubordinateMarkers = {"to", "de", "d'", "que", "zu", "um"};

// Negation words that are idioms, not negations of what follows.
const std::array<std::initializer_list<std::string_view>, 17> kIdioms = {{
    {"don't", "worry"},
    {"dont", "worry"},
    {"do", "not", "worry"},
    {"no", "worries"},
    {"not", "only"},
    {"no", "problem"},
    {"no", "longer"},
    {"no", "doubt"},
    {"ne", "vous", "inquiétez", "pas"},
    {"pas", "de", "panique"},
    {"non", "seulement"},
    {"no", "se", "preocupe"},
    {"no", "te", "preocupes"},
    {"no", "solo"},
    {"keine", "sorge"},
    {"keine", "sorgen"},
    {"nicht", "nur"},
}};

// Negations right after the phrase (German word order, "with no one").
const std::array<std::initializer_list<std::string_view>, 14> kAfterNegations = {{
    {"niemals"},
    {"nie"},
    {"nicht"},
    {"keinesfalls"},
    {"niemandem"},
    {"auf", "keinen", "fall"},
    {"unter", "keinen", "umständen"},
    {"with", "no", "one"},
    {"with", "nobody"},
    {"to", "no", "one"},
    {"to", "nobody"},
    {"con", "nadie"},
    {"à", "personne"},
    {"a", "nadie"},
}};

// Japanese: 決して before; polite negative forms after. "しない" and
// "されない" are negations unless a conditional follows ("しない場合",
// "しないと": "if you do not").
constexpr std::array<std::string_view, 1> kJapaneseBefore = {"決して"};
constexpr std::array<std::string_view, 8> kJapaneseAfter = {"しないで",   "しません",       "されません", "ありません",
                                                            "ことはない", "お控えください", "決して",     "禁止"};
constexpr std::array<std::string_view, 2> kJapanesePlainNegative = {"しない", "されない"};
constexpr std::array<std::string_view, 5> kJapaneseConditional = {"場合", "と", "なら", "限り", "ければ"};

template <std::size_t N>
bool in(const std::array<std::string_view, N>& list, std::string_view word) noexcept {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// ------------------------------------------------------------------ text

std::size_t align_forward(std::string_view s, std::size_t i) noexcept {
  while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xc0) == 0x80) ++i;
  return i;
}

std::size_t align_backward(std::string_view s, std::size_t i) noexcept {
  while (i > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xc0) == 0x80) --i;
  return i;
}

bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool starts_at(std::string_view s, std::size_t i, std::string_view what) noexcept {
  return s.compare(i, what.size(), what) == 0;
}

// Length of the sentence (or, with `clause`, clause) boundary at `i`, 0 if
// there is none.
std::size_t boundary_at(std::string_view s, std::size_t i, std::size_t end, bool clause) noexcept {
  const char c = s[i];
  if (c == '.' || c == '!' || c == '?' || c == ';' || c == ':') {
    if (clause) return 1;
    return (i + 1 >= end || is_space(s[i + 1])) ? 1 : 0;
  }
  if (clause && c == ',') return 1;
  if (c == '\n') {
    std::size_t k = i + 1;
    while (k < end && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r')) ++k;
    if (k < end && s[k] == '\n') return k + 1 - i;  // a blank line
    return 0;
  }
  for (std::string_view mark : {"。", "！", "？"}) {
    if (starts_at(s, i, mark)) return mark.size();
  }
  if (clause) {
    for (std::string_view mark : {"、", "，", "；", "："}) {
      if (starts_at(s, i, mark)) return mark.size();
    }
  }
  return 0;
}

struct Token {
  std::string word;  // lowercase, "’" read as "'"
  std::size_t begin = 0;
  std::size_t clause = 0;  // commas before it in the window
  bool masked = false;     // part of an idiom
};

// Words (letters and apostrophes) of s[begin, end), with their clause
// index (commas: ",", "，", "、").
std::vector<Token> tokenize(std::string_view s, std::size_t begin, std::size_t end, std::vector<std::size_t>* commas) {
  std::vector<Token> tokens;
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  auto i = static_cast<int32_t>(begin);
  const auto stop = static_cast<int32_t>(end);
  std::size_t clause = 0;
  bool in_word = false;
  while (i < stop) {
    const int32_t at = i;
    UChar32 c;
    U8_NEXT_OR_FFFD(bytes, i, stop, c);
    const bool apostrophe = c == '\'' || c == 0x2019;
    if (u_isalpha(c) != 0 || (apostrophe && in_word)) {
      if (!in_word) {
        tokens.push_back(Token{{}, static_cast<std::size_t>(at), clause, false});
        in_word = true;
      }
      const UChar32 lower = apostrophe ? '\'' : u_tolower(c);
      char buffer[U8_MAX_LENGTH];
      int32_t n = 0;
      U8_APPEND_UNSAFE(buffer, n, lower);
      tokens.back().word.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    in_word = false;
    if (c == ',' || c == 0xff0c || c == 0x3001) {
      ++clause;
      if (commas != nullptr) commas->push_back(tokens.size());  // tokens before this comma
    }
  }
  return tokens;
}

bool is_negation(const Token& t) noexcept {
  if (t.masked) return false;
  const std::string_view w = t.word;
  if (in(kNegationWords, w)) return true;
  if (w.size() > 2 && w.substr(0, 2) == "n'") return true;           // n'exigera, n'a
  if (w.size() > 3 && w.substr(w.size() - 3) == "n't") return true;  // don't, won't, can't
  return false;
}

bool sequence_at(const std::vector<Token>& tokens, std::size_t k, std::initializer_list<std::string_view> words) {
  if (k + words.size() > tokens.size()) return false;
  std::size_t j = k;
  for (std::string_view w : words) {
    if (tokens[j++].word != w) return false;
  }
  return true;
}

void mask_idioms(std::vector<Token>& tokens) {
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    for (const auto& idiom : kIdioms) {
      if (!sequence_at(tokens, k, idiom)) continue;
      for (std::size_t j = k; j < k + idiom.size(); ++j) tokens[j].masked = true;
    }
  }
}

// Where the scope starts, as a token index, for an imperative after a
// comma that opens a new order.
std::size_t imperative_scope(const std::vector<Token>& tokens, const std::vector<std::size_t>& commas) {
  if (commas.empty()) return 0;
  const std::size_t after = commas.back();  // first token after the last comma
  const std::size_t clause_begin = commas.size() >= 2 ? commas[commas.size() - 2] : 0;
  if (after - clause_begin < 3) return 0;  // "Never, ever, share ...": too short to be a clause
  for (std::size_t k = after; k < tokens.size(); ++k) {
    if (!in(kOpenerWords, tokens[k].word)) return 0;
  }
  if (after < tokens.size() && in(kSubordinateMarkers, tokens[after].word)) return 0;
  return after;
}

bool negated_before(std::string_view text, std::size_t from, std::size_t to, RequestForm form) {
  const std::size_t window = align_forward(text, from > kNegationLookback ? from - kNegationLookback : 0);
  std::size_t start = window;
  for (std::size_t i = window; i < from;) {
    const std::size_t n = boundary_at(text, i, from, false);
    if (n > 0) {
      i += n;
      start = i;
    } else {
      ++i;
    }
  }
  start = align_forward(text, start);
  std::vector<std::size_t> commas;
  // A clause-form phrase may hold its own negation ("Ihre 24 Wörter
  // niemals einzugeben"): its words are read too.
  std::vector<Token> tokens = tokenize(text, start, form == RequestForm::clause ? to : from, &commas);
  mask_idioms(tokens);
  std::size_t first = 0;
  if (form == RequestForm::imperative) first = imperative_scope(tokens, commas);
  const std::size_t scope_bytes = first < tokens.size() ? tokens[first].begin : from;
  for (std::size_t k = first; k < tokens.size(); ++k) {
    if (!is_negation(tokens[k])) continue;
    bool conditional = false;
    for (std::size_t j = first; j < k && !conditional; ++j) {
      conditional = tokens[j].clause == tokens[k].clause && in(kConditionalWords, tokens[j].word);
    }
    if (!conditional) return true;
  }
  const std::string_view scope = text.substr(std::min(scope_bytes, from), from - std::min(scope_bytes, from));
  return std::any_of(kJapaneseBefore.begin(), kJapaneseBefore.end(),
                     [&](std::string_view cue) { return scope.find(cue) != std::string_view::npos; });
}

bool negated_after(std::string_view text, std::size_t from, std::size_t to) {
  std::size_t end = align_backward(text, std::min(text.size(), to + kNegationLookahead));
  for (std::size_t i = to; i < end;) {
    if (boundary_at(text, i, end, true) > 0) {
      end = i;
      break;
    }
    ++i;
  }
  const std::string_view after = text.substr(to, end - to);
  for (std::string_view cue : kJapaneseAfter) {
    if (after.find(cue) != std::string_view::npos) return true;
  }
  for (std::string_view cue : kJapanesePlainNegative) {
    for (std::size_t p = after.find(cue); p != std::string_view::npos; p = after.find(cue, p + 1)) {
      const std::string_view rest = after.substr(p + cue.size());
      const bool conditional = std::any_of(kJapaneseConditional.begin(), kJapaneseConditional.end(),
                                           [&](std::string_view c) { return rest.substr(0, c.size()) == c; });
      if (!conditional) return true;
    }
  }
  const std::vector<Token> tokens = tokenize(text, to, end, nullptr);
  bool found = false;
  for (std::size_t k = 0; k < tokens.size() && !found; ++k) {
    for (const auto& cue : kAfterNegations) {
      if (sequence_at(tokens, k, cue)) {
        found = true;
        break;
      }
    }
  }
  if (!found) return false;
  // "Wenn Sie Ihre Wiederherstellungsphrase nicht bestätigen, ...": a
  // conditional in the phrase's clause makes it a condition.
  const std::size_t window = align_forward(text, from > kNegationLookback ? from - kNegationLookback : 0);
  std::size_t start = window;
  for (std::size_t i = window; i < from;) {
    const std::size_t n = boundary_at(text, i, from, true);
    if (n > 0) {
      i += n;
      start = i;
    } else {
      ++i;
    }
  }
  const std::vector<Token> before = tokenize(text, align_forward(text, start), from, nullptr);
  return std::none_of(before.begin(), before.end(), [](const Token& t) { return in(kConditionalWords, t.word); });
}

}  // namespace

bool negated_request(std::string_view text, std::size_t from, std::size_t to, RequestForm form) {
  if (from > to || to > text.size()) return false;
  return negated_before(text, from, to, form) || negated_after(text, from, to);
}

}  // namespace brandguard::policy::brand
