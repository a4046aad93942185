#include <catch2/catch.hpp>

#include <string>

#include "brand/lexicon_text.hpp"

using brandguard::policy::brand::text_for_lexicon;

TEST_CASE("lexicon text: line breaks inside a phrase become one space", "[lexicon_text]") {
  CHECK(text_for_lexicon("saisissez votre phrase de\r\nrécupération") == "saisissez votre phrase de récupération");
  CHECK(text_for_lexicon("  enter \t your\n  24 words  ") == "enter your 24 words");
}

TEST_CASE("lexicon text: a blank line stays a paragraph break", "[lexicon_text]") {
  CHECK(text_for_lexicon("Never share it.\r\n\r\nEnter it here") == "Never share it.\n\nEnter it here");
  CHECK(text_for_lexicon("a\n \n\t\nb") == "a\n\nb");
}

TEST_CASE("lexicon text: invisible characters and no-break spaces", "[lexicon_text]") {
  CHECK(text_for_lexicon("re\u200Bcovery phr\u00ADase") == "recovery phrase");
  CHECK(text_for_lexicon("seed\u00A0phrase\u2060 \uFEFFnow") == "seed phrase now");
  CHECK(text_for_lexicon("\u200E\u200Fx") == "x");
  // Other characters sharing lead bytes stay: U+2013 en dash, U+00E9.
  CHECK(text_for_lexicon("a \u2013 \u00E9") == "a \u2013 \u00E9");
  CHECK(text_for_lexicon("リカバリー　フレーズ") == "リカバリー　フレーズ");  // ideographic space is a character of the text
}

TEST_CASE("lexicon text: truncated sequences at the end do not read past it", "[lexicon_text]") {
  CHECK(text_for_lexicon(std::string("x\xE2\x80", 3)) == std::string("x\xE2\x80", 3));
  CHECK(text_for_lexicon(std::string("x\xC2", 2)) == std::string("x\xC2", 2));
  CHECK(text_for_lexicon("") == "");
}
