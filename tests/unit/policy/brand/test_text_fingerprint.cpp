#include <catch2/catch.hpp>

#include <string>

#include "brand/text_fingerprint.hpp"

using namespace brandguard::policy::brand;

namespace {

const std::string kTemplate =
    "Dear customer, due to the recent data breach at our e-commerce partner, all Ledger owners must verify "
    "their device before the deadline. Your order 4815162 shipped to your address is affected. Follow the "
    "link https://ledger-verify.example/a1b2 and complete the verification within 24 hours, otherwise your "
    "assets may be lost. Contact support@ledger-help.example for questions. Thank you for your trust.";

}  // namespace

TEST_CASE("fingerprint: same template with other numbers, links and addresses stays close", "[fingerprint]") {
  std::string variant = kTemplate;
  variant.replace(variant.find("4815162"), 7, "9900217");
  variant.replace(variant.find("https://ledger-verify.example/a1b2"), 34, "https://secure-nano.example/zz/9?q=1");
  variant.replace(variant.find("support@ledger-help.example"), 27, "help@other.example");
  const auto a = text_fingerprint(kTemplate);
  const auto b = text_fingerprint(variant);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(*a == *b);  // numbers, URLs and addresses do not take part at all
  const auto c = text_fingerprint("Dear customer, " + kTemplate.substr(15) + " Best regards, the team.");
  REQUIRE(c);
  CHECK(fingerprint_distance(*a, *c) <= 8);
}

TEST_CASE("fingerprint: unrelated texts are far apart", "[fingerprint]") {
  const auto a = text_fingerprint(kTemplate);
  const auto b = text_fingerprint(
      "Thank you for shopping with us. Your parcel with the garden chairs and the blue table cloth left our "
      "warehouse this morning and should reach you on Thursday. You can follow the delivery in your account, "
      "where you will also find the invoice and the return form if something is not as expected.");
  REQUIRE(a);
  REQUIRE(b);
  CHECK(fingerprint_distance(*a, *b) > 16);
}

TEST_CASE("fingerprint: case does not matter, Japanese text shingles per character", "[fingerprint]") {
  std::string upper = kTemplate;
  for (char& ch : upper) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
  CHECK(text_fingerprint(upper) == text_fingerprint(kTemplate));
  const std::string ja =
      "お客様各位、最近のデータ漏洩により、すべてのお客様はデバイスの確認が必要です。24時間以内に手続きを完了してください。";
  const auto j = text_fingerprint(ja);
  REQUIRE(j);
  CHECK(j != text_fingerprint(kTemplate));
}

TEST_CASE("fingerprint: short texts have none; hex round trip", "[fingerprint]") {
  CHECK_FALSE(text_fingerprint("").has_value());
  CHECK_FALSE(text_fingerprint("Hello there, see you soon").has_value());
  CHECK_FALSE(text_fingerprint("https://a.example https://b.example 12345 67890").has_value());
  CHECK(format_fingerprint(0x0123456789abcdefull) == "0123456789abcdef");
  CHECK(parse_fingerprint("0123456789ABCDEF") == 0x0123456789abcdefull);
  CHECK_FALSE(parse_fingerprint("0123456789abcde").has_value());
  CHECK_FALSE(parse_fingerprint("0123456789abcdeg").has_value());
}

TEST_CASE("fingerprint: hostile bytes and huge texts are bounded", "[fingerprint]") {
  std::string junk;
  for (int i = 0; i < 5000; ++i) junk += static_cast<char>((i * 131) % 256);
  (void)text_fingerprint(junk);  // any result; no crash, no overrun (ASan)
  std::string huge;
  while (huge.size() < 3 * kMaxFingerprintBytes) huge += kTemplate;
  const auto h = text_fingerprint(huge);
  REQUIRE(h);
  CHECK(fingerprint_distance(*h, *text_fingerprint(kTemplate)) <= 16);
}
