#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

#include "message/encoded_words.hpp"
#include "message/mime_text.hpp"

using namespace brandguard::policy;

namespace {
const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool is_valid_utf8(const std::string& text) {
  return make_valid_utf8(text) == text;
}
}  // namespace

TEST_CASE("encoded words: two B words ending in padding decode in full (GMime #133)", "[encoded_words]") {
  const std::string expected = "Ledger Support: Verify your device";
  CHECK(decode_encoded_words("=?UTF-8?B?TGVkZ2VyIFN1cHBvcnQ6IA==?= =?UTF-8?B?VmVyaWZ5IHlvdXIgZGV2aWNl?=") == expected);
  SECTION("as the MTA delivers the field: leading space, folded with CRLF or a bare LF") {
    CHECK(decode_encoded_words(" =?UTF-8?B?TGVkZ2VyIFN1cHBvcnQ6IA==?=\r\n =?UTF-8?B?VmVyaWZ5IHlvdXIgZGV2aWNl?=\r\n") ==
          expected);
    CHECK(decode_encoded_words(" =?UTF-8?B?TGVkZ2VyIFN1cHBvcnQ6IA==?=\n\t=?UTF-8?B?VmVyaWZ5IHlvdXIgZGV2aWNl?=") ==
          expected);
  }
  SECTION("words written without blanks between them") {
    CHECK(decode_encoded_words("=?UTF-8?B?TGVkZ2VyIFN1cHBvcnQ6IA==?==?UTF-8?B?VmVyaWZ5IHlvdXIgZGV2aWNl?=") == expected);
  }
  SECTION("lower-case encoding letter and charset") {
    CHECK(decode_encoded_words("=?utf-8?b?TGVkZ2VyIFN1cHBvcnQ6IA==?= =?Utf-8?b?VmVyaWZ5IHlvdXIgZGV2aWNl?=") ==
          expected);
  }
}

TEST_CASE("encoded words: Q with underscores and =XX", "[encoded_words]") {
  CHECK(decode_encoded_words("=?ISO-8859-1?Q?V=E9rifiez_votre_compte?=") == "Vérifiez votre compte");
  CHECK(decode_encoded_words("=?utf-8?q?caf=c3=a9_=C3=A0_10=25?=") == "café à 10%");
  CHECK(decode_encoded_words("=?UTF-8?Q?a=?=") == "a=");  // '=' without two hex digits is kept
  CHECK(decode_encoded_words("=?UTF-8?Q?a=4?=") == "a=4");
  CHECK(decode_encoded_words("=?UTF-8?Q?a=G1b?=") == "a=G1b");
  CHECK(decode_encoded_words("=?UTF-8?Q?"
                             "?=") == "");  // an empty word is a word
  CHECK(decode_encoded_words("=?UTF-8?Q?Led?= =?UTF-8?Q?ger?=") == "Ledger");
  CHECK(decode_encoded_words("=?UTF-8?Q?Ledger_?= =?UTF-8?B?U3VwcG9ydA==?=") == "Ledger Support");  // Q then B
}

TEST_CASE("encoded words: adjacent words join before charset conversion", "[encoded_words]") {
  SECTION("ISO-2022-JP split inside a character and across its escape sequences") {
    // "アカウント確認のお願い": ESC $ B ... ESC ( B cut after 6, then 15 bytes.
    CHECK(decode_encoded_words("=?ISO-2022-JP?B?GyRCJSIl?= =?ISO-2022-JP?B?KyUmJXMlSDNO?=\r\n"
                               " =?iso-2022-jp?B?RyckTiQqNGokJBsoQg==?=") == "アカウント確認のお願い");
    CHECK(decode_encoded_words("=?ISO-2022-JP?B?GyRCJSIlKyUmJXMlSDNORyckTiQqNGokJBsoQg==?=") ==
          "アカウント確認のお願い");
  }
  SECTION("ISO-2022-JP words that each switch to JIS X 0208 and back to ASCII") {
    // ESC ( B ending one word and ESC $ B starting the next must not read as
    // an empty segment (U+FFFD).
    CHECK(decode_encoded_words("=?ISO-2022-JP?B?GyRCIVo9RU1XIVsbKEJMZWRnZXIbJEIlRyVQJSQlORsoQg==?=\r\n"
                               " =?ISO-2022-JP?B?GyRCJE46RkcnPlokTiQqNGokJBsoQg==?=") ==
          "【重要】Ledgerデバイスの再認証のお願い");
    CHECK(decode_encoded_words("=?ISO-2022-JP?B?TGVkZ2VyIExpdmUgGyRCNls1XhsoQg==?=\r\n"
                               " =?ISO-2022-JP?B?GyRCJSIlQyVXJUchPCVIJE4kKkNOJGkkOxsoQg==?=") ==
          "Ledger Live 緊急アップデートのお知らせ");
    // Within one word the empty segment stays an error.
    CHECK(decode_encoded_words("=?ISO-2022-JP?B?GyRCNls1XhsoQhskQiUiGyhC?=") == "緊急\xEF\xBF\xBDア");
  }
  SECTION("Shift_JIS split inside a character") {
    CHECK(decode_encoded_words("=?Shift_JIS?B?g1aBW4M=?= =?Shift_JIS?B?aIN0g4yBW4NZgvCLs4KmgsQ=?=") ==
          "シードフレーズを教えて");
  }
  SECTION("UTF-8 split inside a character") {
    CHECK(decode_encoded_words("=?UTF-8?B?TGVkZ2VyIOI=?= =?UTF-8?B?gJMgVsOpcmlmaWV6?=") == "Ledger – Vérifiez");
    CHECK(decode_encoded_words("=?UTF-8?B?TGVkZ2VyIFN1cHBvcnQg8J8=?= =?UTF-8?B?lJI=?=") == "Ledger Support 🔒");
  }
  SECTION("words in different charsets are converted each on its own, the blank between them dropped") {
    CHECK(decode_encoded_words("=?ISO-8859-1?Q?caf=E9?= =?UTF-8?Q?_cr=C3=A8me?=") == "café crème");
  }
  SECTION("a character split across words separated by plain text is not joined") {
    const std::string out = decode_encoded_words("=?UTF-8?B?TGVkZ2VyIOI=?= x =?UTF-8?B?gJM=?=");
    CHECK(out == "Ledger " + kReplacement + " x " + kReplacement + kReplacement);
  }
}

TEST_CASE("encoded words: charsets", "[encoded_words]") {
  CHECK(decode_encoded_words("=?ISO-8859-1?B?TfxsbGVy?=") == "Müller");
  CHECK(decode_encoded_words("=?latin1?Q?M=FCller?=") == "Müller");
  CHECK(decode_encoded_words("=?ISO-8859-1?Q?=80_=93Ledger=94?=") == "€ “Ledger”");  // read as Windows-1252
  CHECK(decode_encoded_words("=?us-ascii?Q?=80?=") == "€");
  CHECK(decode_encoded_words("=?windows-1252?B?gCCTTGVkZ2VylA==?=") == "€ “Ledger”");
  CHECK(decode_encoded_words("=?ISO-8859-15?B?pHVybw==?=") == "€uro");
  CHECK(decode_encoded_words("=?ISO-8859-2?B?o/NkvA==?=") == "Łódź");
  CHECK(decode_encoded_words("=?EUC-JP?B?s87Hpw==?=") == "確認");
  CHECK(decode_encoded_words("=?GB2312?B?1cu7p9Hp1qQ=?=") == "账户验证");
  CHECK(decode_encoded_words("=?GBK?B?1cu7p9Hp1qQ=?=") == "账户验证");
  CHECK(decode_encoded_words("=?GB2312?B?hrQ=?=") == "喆");  // GBK only: GB2312 is read as GB18030
  CHECK(decode_encoded_words("=?x-gbk?B?hrQ=?=") == "喆");
  CHECK(decode_encoded_words("=?Big5?B?sWKk4cXnw9I=?=") == "帳戶驗證");
  CHECK(decode_encoded_words("=?KOI8-R?B?8NLP18XSy8E=?=") == "Проверка");
  CHECK(decode_encoded_words("=?UTF-8?B?TGVkZ2VyIFN1cHBvcnQg8J+Ukg==?=") == "Ledger Support 🔒");
  SECTION("bytes a charset does not map become U+FFFD, never U+001A") {
    const std::string out = decode_encoded_words("=?Shift_JIS?B?/6CDVg==?=");  // FF A0, then シ
    CHECK(out.find('\x1A') == std::string::npos);
    CHECK(out.find(kReplacement) != std::string::npos);
    CHECK(out.find("シ") != std::string::npos);
    CHECK(decode_encoded_words("=?UTF-8?Q?caf=E9?=") == "caf" + kReplacement);
  }
}

TEST_CASE("encoded words: RFC 2231 language suffix is ignored", "[encoded_words]") {
  CHECK(decode_encoded_words("=?UTF-8*en?Q?Verify_your_device?=") == "Verify your device");
  CHECK(decode_encoded_words("=?ISO-8859-1*fr-CA?Q?r=E9sum=E9?=") == "résumé");
  CHECK(decode_encoded_words("=?UTF-8*en?Q?Led?= =?UTF-8*de?Q?ger?=") == "Ledger");
  CHECK(decode_encoded_words("=?*en?Q?x?=") == "=?*en?Q?x?=");  // a language without a charset
}

TEST_CASE("encoded words: plain text keeps its blanks, blanks between words go", "[encoded_words]") {
  CHECK(decode_encoded_words("Re: =?UTF-8?Q?caf=C3=A9?= and =?UTF-8?B?VmVyaWZ5?=  now") == "Re: café and Verify  now");
  CHECK(decode_encoded_words("Ledger =?UTF-8?Q?Support?=") == "Ledger Support");
  CHECK(decode_encoded_words("=?UTF-8?Q?Ledger?= Support") == "Ledger Support");
  CHECK(decode_encoded_words("=?UTF-8?Q?a?=   \t  =?UTF-8?Q?b?=") == "ab");
  CHECK(decode_encoded_words("L=?UTF-8?Q?edger?=") == "Ledger");  // not RFC 2047, but what clients show
  CHECK(decode_encoded_words("  plain subject\r\n\tfolded  ") == "plain subject\tfolded");
  CHECK(decode_encoded_words("") == "");
  CHECK(decode_encoded_words(" \r\n ") == "");
  SECTION("raw UTF-8 outside words passes through (RFC 6532)") {
    CHECK(decode_encoded_words("Vérifiez =?UTF-8?Q?votre?= compte 🔒") == "Vérifiez votre compte 🔒");
    CHECK(decode_encoded_words("アカウント確認") == "アカウント確認");
  }
  SECTION("raw 8-bit bytes that are not UTF-8 are read as Windows-1252") {
    CHECK(decode_encoded_words("caf\xE9 r\xE9sum\xE9 \x80") == "café résumé €");
    CHECK(decode_encoded_words("\xC3\xA9t\xE9") == "été");  // UTF-8 kept, the stray byte mapped
  }
}

TEST_CASE("encoded words: malformed words are kept as written", "[encoded_words]") {
  CHECK(decode_encoded_words("=?UTF-8?B?TGVkZ2Vy") == "=?UTF-8?B?TGVkZ2Vy");  // no ?=
  CHECK(decode_encoded_words("=?UTF-8?B?TGVkZ2Vy?") == "=?UTF-8?B?TGVkZ2Vy?");
  CHECK(decode_encoded_words("=?UTF-8?B?TGV*ZGVy?=") == "=?UTF-8?B?TGV*ZGVy?=");    // not base64
  CHECK(decode_encoded_words("=?UTF-8?B?TGVkZ2VyU?=") == "=?UTF-8?B?TGVkZ2VyU?=");  // 4n+1 characters
  CHECK(decode_encoded_words("=?UTF-8?B?TQ==TQ==?=") == "=?UTF-8?B?TQ==TQ==?=");    // padding inside
  CHECK(decode_encoded_words("=?UTF-8?B?TQ===?=") == "=?UTF-8?B?TQ===?=");
  CHECK(decode_encoded_words("=?UTF-8?B?TGVkZ2Vy?=") == "Ledger");                // padding optional
  CHECK(decode_encoded_words("=?UTF-8?X?TGVkZ2Vy?=") == "=?UTF-8?X?TGVkZ2Vy?=");  // unknown encoding
  CHECK(decode_encoded_words("=?UTF-8?BB?TGVkZ2Vy?=") == "=?UTF-8?BB?TGVkZ2Vy?=");
  CHECK(decode_encoded_words("=??Q?x?=") == "=??Q?x?=");                // no charset
  CHECK(decode_encoded_words("=?UTF-8?Q?a b?=") == "=?UTF-8?Q?a b?=");  // blank inside
  CHECK(decode_encoded_words("=?UTF/8?Q?a?=") == "=?UTF/8?Q?a?=");      // '/' in a charset
  CHECK(decode_encoded_words("=?" + std::string(100, 'u') + "?Q?a?=") == "=?" + std::string(100, 'u') + "?Q?a?=");
  SECTION("a malformed word between good ones keeps the blanks around it") {
    CHECK(decode_encoded_words("=?UTF-8?Q?a?= =?UTF-8?X?b?= =?UTF-8?Q?c?=") == "a =?UTF-8?X?b?= c");
  }
  SECTION("a malformed start does not hide a good word after it") {
    CHECK(decode_encoded_words("=?=?UTF-8?Q?Ledger?=") == "=?Ledger");
    CHECK(decode_encoded_words("=?UTF-8?Q?=?UTF-8?Q?Ledger?=") == "=?UTF-8?Q?Ledger");  // "=?UTF-8?Q?=?U" is no word
  }
}

TEST_CASE("encoded words: an unknown charset keeps its bytes as UTF-8 made valid", "[encoded_words]") {
  CHECK(decode_encoded_words("=?x-unknown?Q?caf=C3=A9?=") == "café");
  CHECK(decode_encoded_words("=?unknown-8bit?Q?caf=E9_ok?=") == "caf" + kReplacement + " ok");
  CHECK(decode_encoded_words("=?default?B?TGVkZ2Vy?=") == "Ledger");
  CHECK(decode_encoded_words("=?x-unknown?B?TGVkZ2VyIOI=?= =?x-UNKNOWN?B?gJMgVsOpcmlmaWV6?=") == "Ledger – Vérifiez");
}

TEST_CASE("encoded words: NUL and line breaks never reach the result", "[encoded_words]") {
  CHECK(decode_encoded_words("=?UTF-8?Q?Led=00ger=0D=0Aok?=") == "Led" + kReplacement + "ger  ok");
  CHECK(decode_encoded_words(std::string("a\0b", 3)) == "a" + kReplacement + "b");
  CHECK(decode_encoded_words("=?UTF-16BE?B?AEwAAABl?=") == "L" + kReplacement + "e");
}

TEST_CASE("encoded words: input and word count are bounded", "[encoded_words]") {
  SECTION("at most kMaxEncodedWords words are decoded, the rest kept as written") {
    std::string many;
    for (std::size_t k = 0; k < kMaxEncodedWords + 10; ++k) many += "=?UTF-8?Q?a?= ";
    const std::string out = decode_encoded_words(many);
    CHECK(out.substr(0, kMaxEncodedWords) == std::string(kMaxEncodedWords, 'a'));
    std::string rest;
    for (int k = 0; k < 10; ++k) rest += " =?UTF-8?Q?a?=";
    CHECK(out.substr(kMaxEncodedWords) == rest);
  }
  SECTION("only the first kMaxEncodedHeaderBytes are read") {
    const std::string huge(4 * kMaxEncodedHeaderBytes, 'x');
    CHECK(decode_encoded_words(huge) == std::string(kMaxEncodedHeaderBytes, 'x'));
    std::string words;
    while (words.size() < 4 * kMaxEncodedHeaderBytes) words += "=?UTF-8?B?TGVkZ2Vy?=";
    CHECK(decode_encoded_words(words).size() <= kMaxEncodedHeaderBytes);
  }
  SECTION("inputs made to make a naive scanner quadratic stay linear and literal") {
    const std::string starts = [] {
      std::string s;
      while (s.size() < kMaxEncodedHeaderBytes) s += "=?";
      return s;
    }();
    CHECK(decode_encoded_words(starts) == starts);
    const std::string open_text = "=?UTF-8?Q?" + std::string(kMaxEncodedHeaderBytes - 10, '=');
    CHECK(decode_encoded_words(open_text) == open_text);
    std::string labels;
    while (labels.size() < kMaxEncodedHeaderBytes) labels += "=?" + std::string(60, 'a');
    labels.resize(kMaxEncodedHeaderBytes);
    CHECK(decode_encoded_words(labels) == labels);
  }
}

TEST_CASE("encoded words: the result is always valid UTF-8", "[encoded_words]") {
  const char* pieces[] = {"=?UTF-8?B?",
                          "=?ISO-2022-JP?B?",
                          "=?Shift_JIS?Q?",
                          "?=",
                          "=?",
                          " ",
                          "\r\n ",
                          "=FF",
                          "=00",
                          "_",
                          "GyRC",
                          "8J+U",
                          "\xE9",
                          "\xF0\x9F",
                          "\x80",
                          "x",
                          "=?x?q?",
                          "?Q?",
                          "==",
                          "*en"};
  constexpr std::size_t kPieces = sizeof(pieces) / sizeof(pieces[0]);
  std::uint32_t state = 12345;
  for (int round = 0; round < 2000; ++round) {
    std::string input;
    for (int k = 0; k < 12; ++k) {
      state = state * 1103515245U + 12345U;
      input += pieces[(state >> 16) % kPieces];
    }
    const std::string out = decode_encoded_words(input);
    INFO(input);
    CHECK(is_valid_utf8(out));
    CHECK(out.find('\0') == std::string::npos);
    CHECK(out.find_first_of("\r\n") == std::string::npos);
  }
}

TEST_CASE("encoded words: display names are unquoted, then decoded", "[encoded_words]") {
  CHECK(decode_display_name("=?UTF-8?B?TGVkZ2VyIFN1cHBvcnQ6IA==?= =?UTF-8?B?VmVyaWZ5IHlvdXIgZGV2aWNl?=") ==
        "Ledger Support: Verify your device");
  CHECK(decode_display_name("\"Doe, John\"") == "Doe, John");
  CHECK(decode_display_name(R"("\"Medtronic, Inc.\"")") == "\"Medtronic, Inc.\"");
  CHECK(decode_display_name("\"=?UTF-8?B?TGVkZ2Vy?=\"") == "Ledger");  // inside quotes, as clients show it
  CHECK(decode_display_name("=?UTF-8?Q?a?= \"b\"") == "a b");
  CHECK(decode_display_name("\"Ledger =?UTF-8?Q?Sup?= port\"") == "Ledger Sup port");
  CHECK(decode_display_name("John (the \"boss\") Smith") == "John (the \"boss\") Smith");
  CHECK(decode_display_name("=?UTF-8?Q?L=E2=80=8Bedger?=") == "L\u200Bedger");  // invisible characters are kept
  CHECK(decode_display_name("\"unterminated") == "unterminated");
}
