#include <catch2/catch.hpp>

#include <string>

#include "brand/confusables.hpp"

using namespace brandguard::policy::brand;

namespace {

const Confusables& conf() { return Confusables::instance(); }

// is_obfuscated with its reason; "" when not obfuscated.
std::string obfuscation(std::string_view text) {
  std::string why = "untouched";
  if (!conf().is_obfuscated(text, &why)) {
    CHECK(why == "untouched");  // left alone when nothing is found
    return std::string();
  }
  CHECK_FALSE(why.empty());
  CHECK(why != "untouched");
  return why;
}

}  // namespace

TEST_CASE("confusables: one instance", "[confusables]") {
  CHECK(&Confusables::instance() == &Confusables::instance());
}

TEST_CASE("confusables: skeletons as ICU computes them", "[confusables]") {
  CHECK(conf().skeleton("ledger") == "ledger");
  CHECK(conf().skeleton("LEDGER") == "LEDGER");  // not lowercased
  CHECK(conf().skeleton("1") == "l");
  CHECK(conf().skeleton("I") == "l");
  CHECK(conf().skeleton("m") == "rn");
  CHECK(conf().skeleton("\u0435") == "e");                    // Cyrillic е
  CHECK(conf().skeleton("l\u0435dg\u0435r") == "ledger");     // mixed scripts
  CHECK(conf().skeleton("L\u0435\u0501g\u0435r") == "Ledger");  // Cyrillic е and ԁ
  CHECK(conf().skeleton("") == "");
  CHECK(conf().skeleton("\xff") == "\xef\xbf\xbd");  // bad UTF-8: U+FFFD
}

TEST_CASE("confusables: fold reads look-alikes as what they imitate", "[confusables]") {
  CHECK(conf().fold("ledger") == "ledger");
  CHECK(conf().fold("LEDGER") == "ledger");
  CHECK(conf().fold("Ledger") == "ledger");
  CHECK(conf().fold("1edger") == "ledger");
  CHECK(conf().fold("Iedger") == "ledger");  // capital I beside lowercase letters
  CHECK(conf().fold("L\u0435\u0501g\u0435r") == "ledger");
  CHECK(conf().fold("\u217cedger") == "ledger");                   // small Roman numeral fifty
  CHECK(conf().fold("\xf0\x9d\x90\x8b\x65\x64\x67\x65\x72") == "ledger");  // mathematical bold L
  CHECK(conf().fold("\xef\xbc\xac\xef\xbd\x85\xef\xbd\x84\xef\xbd\x87\xef\xbd\x85\xef\xbd\x92") == "ledger");
  CHECK(conf().fold("Led\u200bger") == "ledger");   // zero-width space
  CHECK(conf().fold("Led\u00adger") == "ledger");   // soft hyphen
  CHECK(conf().fold("Led\u202eger") == "ledger");   // bidi override
  CHECK(conf().fold("Ledger Iive") == "ledger live");
  CHECK(conf().fold("\u13de\u0435dg\u0435r") == "ledger");              // Cherokee Ꮮ
  CHECK(conf().fold("\u13de\u13ac\u13a0\u13c0\u13ac\u13d2") == "ledger");  // Cherokee capitals only
  // Capitals only: I is an i.
  CHECK(conf().fold("LIVE") == "live");
  CHECK(conf().fold("MICROSOFT") == "rnicrosoft");
  // The price of reading capital I as l beside lowercase letters.
  CHECK(conf().fold("Instagram") == "lnstagrarn");
  CHECK(conf().fold_lowercase_first("Instagram") == "instagrarn");
  CHECK(conf().fold_lowercase_first("Iedger") == "iedger");
  CHECK(conf().fold_lowercase_first("1edger") == "ledger");
  CHECK(conf().fold("") == "");
}

TEST_CASE("confusables: fold of lowercase text is fold_lowercase_first", "[confusables]") {
  for (const char* text : {"ledger", "1edger-support", "xn--ledgr-2we", "l\u0435dg\u0435r", "rnetamask", "paypal.com",
                           "\u304a\u5ba2\u69d8 ledger", "caf\u00e9"}) {
    INFO(text);
    CHECK(conf().fold(text) == conf().fold_lowercase_first(text));
  }
}

TEST_CASE("confusables: the ASCII table gives what ICU gives", "[confusables]") {
  std::vector<std::string> texts = {"Iedger", "LEDGER", "Ledger Iive", "MICROSOFT Live", "1edger", "I", "Il1|",
                                    "rn m", "0O o", "a-b_c.d", "Hello, World! 42", "IIII iiii", "aI Ia I"};
  std::string all;
  for (int c = 1; c < 128; ++c) {
    texts.emplace_back(1, static_cast<char>(c));
    texts.push_back(std::string("a") + static_cast<char>(c) + "a");
    texts.push_back(std::string("A") + static_cast<char>(c) + "A");
    all += static_cast<char>(c);
  }
  texts.push_back(all);
  // Non-ASCII text is folded segment by segment (ASCII words by the
  // tables, the others by ICU): the same result as ICU on the whole.
  for (const char* mixed : {"S\u00e9curit\u00e9 Ledger : v\u00e9rifiez votre phrase, S\u00e9curit\u00e9 !",
                            "\uff2c\uff45\uff44\uff47\uff45\uff52 Live \u2014 l\u2019\u00e9quipe Iedger",
                            "Iedger \u03a3\u039f\u03a6\u038a\u0391 \u2160edger MICROSOFT \u0130stanbul",
                            "\u30ec\u30c3\u30b8\u30e3\u30fc Ledger\u306e\u304a\u77e5\u3089\u305b 1edger",
                            "Led\u200bger, e\u0301t\u00e9 caf\u00e9\u00a0Ledger"}) {
    texts.emplace_back(mixed);
  }
  for (const std::string& text : texts) {
    INFO("text: " << text);
    CHECK(conf().fold(text) == conf().fold_with_icu(text, true));
    CHECK(conf().fold_lowercase_first(text) == conf().fold_with_icu(text, false));
  }
}

TEST_CASE("confusables: lowercase", "[confusables]") {
  CHECK(conf().lowercase("LEDGER") == "ledger");
  CHECK(conf().lowercase("Ledger Live 2!") == "ledger live 2!");
  CHECK(conf().lowercase("\u03a3\u039f\u03a6\u038a\u0391") == "\u03c3\u03bf\u03c6\u03af\u03b1");  // ΣΟΦΊΑ
  CHECK(conf().lowercase("\u039f\u0394\u039f\u03a3") == "\u03bf\u03b4\u03bf\u03c2");              // final sigma
  CHECK(conf().lowercase("\u00c9COLE") == "\u00e9cole");
  CHECK(conf().lowercase("\u0130") == "i\u0307");  // root locale, not Turkish
  CHECK(conf().lowercase("Stra\u00dfe") == "stra\u00dfe");
  // Nothing else: no folding, no NFKC, invisible characters stay.
  CHECK(conf().lowercase("Iedger") == "iedger");
  CHECK(conf().lowercase("1EDGER") == "1edger");
  CHECK(conf().lowercase("\xef\xbc\xac") == "\xef\xbd\x8c");  // fullwidth L -> fullwidth l
  CHECK(conf().lowercase("L\u200bEDGER") == "l\u200bedger");
  CHECK(conf().lowercase("") == "");
  CHECK(conf().lowercase("A\xff") == "a\xef\xbf\xbd");
}

TEST_CASE("confusables: strip_accents", "[confusables]") {
  CHECK(conf().strip_accents("L\u00e9dger") == "Ledger");                    // precomposed é
  CHECK(conf().strip_accents("Le\u0301dger") == "Ledger");                   // e + combining acute
  CHECK(conf().strip_accents("ledg\u00e9r.com") == "ledger.com");
  CHECK(conf().strip_accents("\u00c9COLE \u00e0 l'\u00e9t\u00e9") == "ECOLE a l'ete");
  CHECK(conf().strip_accents("Stra\u00dfe \u00f8l \u0142\u00f3d\u017a") == "Stra\u00dfe \u00f8l \u0142odz");  // ß, ø, ł stay
  CHECK(conf().strip_accents("M\u00fcller \u00d1and\u00fa") == "Muller Nandu");
  CHECK(conf().strip_accents("\u0451\u0439") == "\u0435\u0438");               // Cyrillic ё й -> е и
  CHECK(conf().strip_accents("\u30ac\u30a4\u30c9") == "\u30ab\u30a4\u30c8");  // dakuten are Mn too
  CHECK(conf().strip_accents("Led\u034fger") == "Ledger");                   // combining grapheme joiner is Mn
  // Spacing marks, invisible characters and case are kept.
  CHECK(conf().strip_accents("Led\u200bger \u00b4") == "Led\u200bger \u00b4");
  CHECK(conf().strip_accents("LEDGER") == "LEDGER");
  CHECK(conf().strip_accents("") == "");
  CHECK(conf().strip_accents("\u00e9\xff") == "e\xef\xbf\xbd");
  const std::string big = "\u00e9" + std::string(Confusables::kMaxInputBytes, 'a');
  CHECK(conf().strip_accents(big) == "e" + std::string(Confusables::kMaxInputBytes - 2, 'a'));
}

TEST_CASE("confusables: input beyond the bound is ignored", "[confusables]") {
  const std::string big(Confusables::kMaxInputBytes + 100, 'A');
  CHECK(conf().lowercase(big) == std::string(Confusables::kMaxInputBytes, 'a'));
  CHECK(conf().fold(big).size() == Confusables::kMaxInputBytes);
  CHECK_FALSE(conf().is_obfuscated(std::string(Confusables::kMaxInputBytes, 'a') + "\u200b", nullptr));
}

TEST_CASE("confusables: text dressed to deceive", "[confusables]") {
  CHECK(obfuscation("Led\u200bger") == "zero-width character U+200B");
  CHECK(obfuscation("Ledger\u2060Live") == "zero-width character U+2060");
  CHECK(obfuscation("Led\u200dger") == "zero-width character U+200D");  // ZWJ between Latin letters
  CHECK(obfuscation("\u202egnp.exe") == "bidi control U+202E");
  CHECK(obfuscation("Ledger \u2066Live\u2069") == "bidi control U+2066");
  CHECK(obfuscation("Ledger\u200e") == "bidi mark U+200E in left-to-right text");
  CHECK(obfuscation("Led\u00adger") == "soft hyphen U+00AD");
  CHECK(obfuscation("L\u0435dger") == "mixed Latin and Cyrillic in one word");
  CHECK(obfuscation("\u0430pple") == "mixed Cyrillic and Latin in one word");
  CHECK(obfuscation("Ledger supp\u03bfrt") == "mixed Latin and Greek in one word");
  CHECK(obfuscation("\u13deedger") == "mixed Cherokee and Latin in one word");
  CHECK(obfuscation("\xf0\x9d\x90\x8b\x65\x64\x67\x65\x72") == "styled letter U+1D40B (mathematical alphanumeric)");
  CHECK(obfuscation("\u24c1\u24ba\u24b9\u24bc\u24ba\u24c7") == "enclosed letters U+24C1");
  CHECK(obfuscation("Ledger\u3164Support") == "invisible character U+3164");  // Hangul filler
  CHECK(obfuscation("Le\ufe0fdger") == "variation selector U+FE0F after a letter");
  CHECK(obfuscation("Ledger\U000E0061") == "tag character U+E0061");
  CHECK_THAT(obfuscation("\xef\xbc\xac\xef\xbd\x85\xef\xbd\x84\xef\xbd\x87\xef\xbd\x85\xef\xbd\x92 Support"),
             Catch::Contains("fullwidth letter U+FF2C"));
  CHECK(conf().is_obfuscated("Led\u200bger", nullptr));  // why may be null
}

TEST_CASE("confusables: ordinary text is not obfuscated", "[confusables]") {
  for (const char* text : {
           "", "Ledger Support <support@ledger.com>", "Your order #4815 has shipped!",
           "\u304a\u5ba2\u69d8\u5404\u4f4d\u3001Ledger\u306e\u30a2\u30ab\u30a6\u30f3\u30c8\u3092"
           "\u78ba\u8a8d\u3057\u3066\u304f\u3060\u3055\u3044\u3002",                                      // Japanese with a Latin word
           "\uff2c\uff45\uff44\uff47\uff45\uff52\u306e\u304a\u77e5\u3089\u305b",  // fullwidth Latin in Japanese
           "\u00c9l\u00e9gant caf\u00e9 \u00e0 Paris, d\u00e9j\u00e0 vu \u2014 5 \u20ac",  // French
           "\u039a\u03b1\u03bb\u03b7\u03bc\u03ad\u03c1\u03b1 \u03ba\u03cc\u03c3\u03bc\u03b5",  // Greek
           "\u041f\u0440\u0438\u0432\u0435\u0442, Ledger",  // Cyrillic and Latin, different words
           "Ledger\uc9c0\uac11",                              // Latin and Hangul in one word
           "\u05e9\u05dc\u05d5\u05dd\u200f Ledger",           // RLM in right-to-left text
           "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  // ZWNJ in Persian
           "\U0001F468\u200d\U0001F469\u200d\U0001F467",        // family emoji (ZWJ sequence)
           "\u2764\ufe0f Ledger",                               // emoji presentation selector
           "1\ufe0f\u20e3 step",                                // keycap
           "\u0915\u094d\u200d\u0937",                          // ZWJ in Devanagari
           "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F",  // flag of England
           "\u2460 first, \u24b6 grade",                        // one enclosed character at a time
       }) {
    INFO(text);
    CHECK(obfuscation(text).empty());
  }
}
