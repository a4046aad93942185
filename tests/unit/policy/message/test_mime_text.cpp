#include <catch2/catch.hpp>

#include <string>

#include "message/encoded_words.hpp"
#include "message/mime_text.hpp"

using namespace brandguard::policy;

namespace {
const char* kMultilingual =
    "From: =?UTF-8?Q?Ledger_Support_=F0=9F=94=92?= <support@ledger-help.test>\r\n"
    "Subject: =?ISO-2022-JP?B?GyRCJSIlKyUmJXMlSDNORyckTiQqNGokJBsoQg==?=\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/alternative; boundary=\"b1\"\r\n"
    "\r\n"
    "--b1\r\n"
    "Content-Type: text/plain; charset=ISO-2022-JP\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "GyRCJSIlKyUmJXMlSDNORyckTiQqNGokJCEjGyhCMjQbJEJDMThsJE4laiUrJVAlaiE8JVUlbCE8JTokckZ+Tk8kNyRGJC8kQCQ1JCQbKEI=\r\n"
    "--b1\r\n"
    "Content-Type: text/html; charset=UTF-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "<html><head><style>p{color:red}</style></head><body><p>V=C3=A9rifiez votre &amp; compte</p>\r\n"
    "<a href=3D\"https://ledger-verify.test/x?a=3D1&amp;b=3D2\">https://www.ledger.com</a>\r\n"
    "<script>var hidden = 'not shown';</script></body></html>\r\n"
    "--b1\r\n"
    "Content-Type: text/plain; charset=Shift_JIS\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "g1aBW4Nog3SDjIFbg1mC8IuzgqaCxIKtgr6Cs4Ki\r\n"
    "--b1--\r\n";
}  // namespace

TEST_CASE("mime: charsets, RFC 2047 headers, HTML text and links are decoded", "[mime]") {
  const MimeText m = decode_mime(kMultilingual, MimeLimits{});
  CHECK(m.subject == "アカウント確認のお願い");
  CHECK(m.from_display == "Ledger Support 🔒");
  CHECK(m.from_address == "support@ledger-help.test");
  REQUIRE(m.parts.size() == 3);
  CHECK(m.parts[0].text.find("24単語のリカバリーフレーズ") != std::string::npos);
  CHECK(m.parts[1].content_type == "text/html");
  CHECK(m.parts[1].text.find("Vérifiez votre & compte") != std::string::npos);
  CHECK(m.parts[1].text.find("hidden") == std::string::npos);
  CHECK(m.parts[1].text.find("color") == std::string::npos);
  CHECK(m.parts[2].text == "シードフレーズを教えてください");
  REQUIRE(m.links.size() == 1);
  CHECK(m.links[0].href == "https://ledger-verify.test/x?a=1&b=2");
  CHECK(m.links[0].text == "https://www.ledger.com");
  CHECK(m.partial.empty());
}

TEST_CASE("mime: 8-bit text without a charset comes out as valid UTF-8", "[mime]") {
  const MimeText m = decode_mime("Subject: x\r\nContent-Type: text/plain\r\n\r\ncaf\xE9 \xFF\xFE ok\r\n", MimeLimits{});
  REQUIRE(m.parts.size() == 1);
  CHECK(m.parts[0].text.find("ok") != std::string::npos);
  CHECK(make_valid_utf8(m.parts[0].text) == m.parts[0].text);
}

TEST_CASE("mime: deep nesting is bounded and reported, the text still read", "[mime]") {
  std::string msg = "Subject: deep\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n";
  for (int i = 0; i < 150; ++i) {
    msg += "--b" + std::to_string(i) + "\r\nContent-Type: multipart/mixed; boundary=\"b" + std::to_string(i + 1) + "\"\r\n\r\n";
  }
  msg += "--b150\r\nContent-Type: text/plain\r\n\r\nsend your seed phrase\r\n";
  const MimeText m = decode_mime(msg, MimeLimits{});
  CHECK_FALSE(m.partial.empty());
  CHECK(m.all_text().find("seed phrase") != std::string::npos);
}

TEST_CASE("mime: limits on parts, text and links", "[mime]") {
  std::string msg = "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n";
  for (int i = 0; i < 30; ++i) msg += "--b\r\nContent-Type: text/html\r\n\r\n<a href=\"http://x" + std::to_string(i) + ".test/\">x</a> text\r\n";
  msg += "--b--\r\n";
  MimeLimits limits;
  limits.max_parts = 10;
  limits.max_links = 5;
  const MimeText m = decode_mime(msg, limits);
  CHECK(m.parts.size() <= 10);
  CHECK(m.links.size() == 5);
  CHECK_FALSE(m.partial.empty());
  MimeLimits small;
  small.max_text_bytes = 10;
  const MimeText t = decode_mime("Content-Type: text/plain\r\n\r\n0123456789abcdef\r\n", small);
  CHECK(t.all_text().size() <= 11);
}

TEST_CASE("html: entities, block tags, unclosed anchors and comments", "[mime]") {
  CHECK(decode_entities("a&amp;b &lt;c&gt; &#233;&#x20AC; &bogus; & x") == "a&b <c> é€ &bogus; & x");
  const HtmlText h = html_to_text("<p>one</p><!-- <a href=x>hidden</a> --><div>two<br>three</div><a href='https://a.test'>A <b>bold</b>", 10);
  CHECK(h.text.find("one") != std::string::npos);
  CHECK(h.text.find("hidden") == std::string::npos);
  REQUIRE(h.links.size() == 1);
  CHECK(h.links[0].href == "https://a.test");
  CHECK(h.links[0].text == "A bold");
  CHECK(html_to_text("<a href=\"unterminated", 10).links.empty());
  CHECK(html_to_text(std::string(100000, '<'), 10).text.size() <= 100000);
}

TEST_CASE("mime: Subject and From display name are decoded in full, not cut after a padded B word", "[mime]") {
  const MimeText m = decode_mime(
      "From: =?UTF-8?B?TGVkZ2VyIFN1cHBvcnQ6IA==?=\r\n =?UTF-8?B?VmVyaWZ5?= <support@ledger-help.test>\r\n"
      "Subject: =?UTF-8?B?TGVkZ2VyIFN1cHBvcnQ6IA==?=\r\n =?UTF-8?B?VmVyaWZ5IHlvdXIgZGV2aWNl?=\r\n"
      "Content-Type: text/plain\r\n\r\nbody\r\n",
      MimeLimits{});
  CHECK(m.subject == "Ledger Support: Verify your device");
  CHECK(m.from_display == "Ledger Support: Verify");
  CHECK(m.from_address == "support@ledger-help.test");
  CHECK(m.partial.empty());
}

TEST_CASE("mime: which Subject and From name are read", "[mime]") {
  SECTION("the last Subject field, as GMime reads it; the first From field") {
    const MimeText m = decode_mime(
        "From: \"=?UTF-8?Q?Ledger?=\" <a@one.test>\r\nFrom: Other <b@two.test>\r\n"
        "Subject: first\r\nSubject: =?ISO-8859-1?Q?second_r=E9sum=E9?=\r\n\r\nbody\r\n",
        MimeLimits{});
    CHECK(m.subject == "second résumé");
    CHECK(m.from_display == "Ledger");
    CHECK(m.from_address == "a@one.test");
  }
  SECTION("a name written only as a comment, and raw 8-bit text") {
    const MimeText m = decode_mime("From: a@b.test (Ledger Support)\r\nSubject: caf\xE9\r\n\r\nbody\r\n", MimeLimits{});
    CHECK(m.from_display == "Ledger Support");
    CHECK(m.subject == "café");
  }
  SECTION("no Subject, no display name") {
    const MimeText m = decode_mime("From: a@b.test\r\n\r\nbody\r\n", MimeLimits{});
    CHECK(m.subject.empty());
    CHECK(m.from_display.empty());
    CHECK(m.from_address == "a@b.test");
  }
  SECTION("a Subject past the decoder's bound is cut and reported") {
    const MimeText m = decode_mime("Subject: " + std::string(kMaxEncodedHeaderBytes + 100, 'x') + "\r\n\r\nbody\r\n",
                                   MimeLimits{});
    CHECK(m.subject.size() == kMaxEncodedHeaderBytes - 1);  // the leading space is trimmed
    CHECK_FALSE(m.partial.empty());
  }
}
