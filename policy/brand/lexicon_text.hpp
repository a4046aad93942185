// The text as the content lexicon reads it: phrases break across lines
// ("saisissez votre phrase de\nrécupération") and phishers put zero-width
// characters, soft hyphens and no-break spaces inside words to slip past
// filters. Whitespace runs become one space (a blank line stays a
// paragraph break "\n\n", which ends a sentence for the negation rule);
// invisible format characters (U+00AD, U+200B..U+200F, U+2060, U+FEFF)
// are dropped. Linear; the output is never longer than the input; valid
// UTF-8 in, valid UTF-8 out.
#pragma once

#include <string>
#include <string_view>

namespace brandguard::policy::brand {

std::string text_for_lexicon(std::string_view text);

}  // namespace brandguard::policy::brand
