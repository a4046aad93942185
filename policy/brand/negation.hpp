// Negation of secret requests: is "enter your recovery phrase" at
// [from, to) in a text a request, or part of a warning ("Ledger will never
// ask you to enter your recovery phrase", "Ne communiquez jamais vos 24
// mots", "Geben Sie Ihre Wiederherstellungsphrase niemals weiter",
// "リカバリーフレーズを入力しないでください")?
//
// The rules, in order:
//   1. Scope: the sentence the phrase is in, looking back at most
//      kNegationLookback bytes. Sentences end at ". ! ?" followed by a
//      space, at ": ;" followed by a space, at "。！？" and at a blank line.
//      For a verb-first (imperative) request, a comma also ends the scope
//      when what follows it opens a new order ("..., please enter",
//      "..., vous devez saisir") after a clause of three words or more:
//      "Your wallet is not verified, please enter your recovery phrase" is
//      a request, "Never, ever, share your recovery phrase" is not.
//   2. A negation cue in scope before the phrase negates it: never, not,
//      don't, no, nobody, jamais, ne / n', pas, nunca, no, nadie, nie,
//      niemals, nicht, kein..., 決して. Idioms that are not negations
//      ("don't worry", "keine Sorge", "not only") are skipped. A
//      clause-form phrase's own words count too ("Ihre 24 Wörter niemals
//      einzugeben").
//   3. A conditional before the cue in the same clause cancels it: "If you
//      do not confirm your recovery phrase, ..." is a threat, a request.
//   4. A negation right after the phrase, in the same clause (at most
//      kNegationLookahead bytes): German "niemals / nicht weiter", English
//      "with no one", Japanese "しないで / しません / ありません"; not the
//      conditional "しない場合 / しないと".
//
// Called by ContentSignalScanner for every secret-request match. Bounded:
// each call reads at most kNegationLookback + kNegationLookahead bytes.
// Thread safety: pure function. Never throws except std::bad_alloc.
#pragma once

#include <cstddef>
#include <string_view>

namespace brandguard::policy::brand {

inline constexpr std::size_t kNegationLookback = 120;
inline constexpr std::size_t kNegationLookahead = 48;

enum class RequestForm {
  imperative,  // verb first ("enter your ...", "saisissez vos ..."): a comma may open a new clause
  clause,      // noun first or subordinate ("Ihre 24 Wörter einzugeben", "リカバリーフレーズを入力")
};

// `text` is valid UTF-8; [from, to) is the request phrase.
bool negated_request(std::string_view text, std::size_t from, std::size_t to, RequestForm form);

}  // namespace brandguard::policy::brand
