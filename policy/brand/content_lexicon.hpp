// The content lexicon: the phrases ContentSignalScanner looks for, per
// Signal, in English, French, Spanish, German and Japanese, as data.
// Each entry is a phrase or a Hyperscan regex; all are compiled into one
// database by ContentSignalScanner::create (caseless, UTF-8, leftmost
// start of match reported), never run by a backtracking engine.
//
// Phrases are written as a reader sees them. lexicon_expression() turns
// them into expressions: a space matches 1-3 spaces, tabs, line breaks or
// no-break spaces (plain-text mail wraps lines anywhere); "'" matches "'"
// or "’"; an ASCII letter or digit at either end gets a word boundary, so
// "ups" is not found in "groups"; a trailing "*" leaves the end open for
// German compounds ("Paket*" finds "Paketzustellung").
//
// Regexes may use %name% fragments (the secret nouns of a language, an
// amount, a crypto currency), expanded by lexicon_expression(). A "\b"
// must only stand next to an ASCII character: without UCP, Hyperscan's
// word characters are ASCII, so "\bà" never matches.
//
// Thread safety: constant data. Errors: none (the unit tests compile the
// whole lexicon).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "brand/content_signals.hpp"

namespace brandguard::policy::brand {

enum class PhraseRole {
  plain,           // the match shows its signal
  request,         // a secret request, verb first; a warning if negated (negation.hpp)
  request_clause,  // a secret request, noun first or subordinate; a warning if negated
  mention,         // names a secret: secret_mention unless inside a request
};

enum class PhraseForm {
  phrase,  // written text, see lexicon_expression()
  regex,   // a Hyperscan regex with %fragments%
};

struct LexiconEntry {
  Signal signal = Signal::secret_request;
  PhraseRole role = PhraseRole::plain;
  PhraseForm form = PhraseForm::phrase;
  std::string_view text;
};

// Every entry, in no meaningful order.
std::span<const LexiconEntry> content_lexicon() noexcept;

// The Hyperscan expression for an entry.
std::string lexicon_expression(const LexiconEntry& entry);

}  // namespace brandguard::policy::brand
