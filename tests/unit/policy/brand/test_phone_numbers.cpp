#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "brand/phone_numbers.hpp"

using namespace brandguard::policy::brand;

namespace {

std::vector<std::string> e164(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& p : find_phone_numbers(text)) out.push_back(p.e164);
  return out;
}

using List = std::vector<std::string>;

}  // namespace

TEST_CASE("phone: international numbers in their usual spellings", "[phone]") {
  CHECK(e164("Support: +33 1 23 45 67 89") == List{"+33123456789"});
  CHECK(e164("Call +1 (888) 555-0199 now") == List{"+18885550199"});
  CHECK(e164("+1-888-555-0199") == List{"+18885550199"});
  CHECK(e164("Ring 0044 20 7946 0958 today") == List{"+442079460958"});
  CHECK(e164("Tel.: +44 (0)20 7946 0958") == List{"+442079460958"});  // trunk "(0)" dropped
  CHECK(e164("+33 (0)6 12 34 56 78") == List{"+33612345678"});
  CHECK(e164("+33 06 12 34 56 78") == List{"+33612345678"});  // a written trunk zero
  CHECK(e164("+49 30 1234567") == List{"+49301234567"});
  CHECK(e164("+34 912 345 678") == List{"+34912345678"});
  CHECK(e164("+81 3-1234-5678") == List{"+81312345678"});
  CHECK(e164("+41.44.123.45.67") == List{"+41441234567"});
  CHECK(e164("Tel:+33123456789.") == List{"+33123456789"});
}

TEST_CASE("phone: full-width digits and Japanese punctuation", "[phone]") {
  CHECK(e164("お問い合わせは＋８１　３－１２３４－５６７８まで") == List{"+81312345678"});
  CHECK(e164("お電話ください：０３－１２３４－５６７８") == List{"+81312345678"});
  CHECK(e164("電話番号 090ー1234ー5678") == List{"+819012345678"});
  const auto found = find_phone_numbers("電話：（０３）１２３４－５６７８");
  REQUIRE(found.size() == 1);
  CHECK(found[0].e164 == "+81312345678");
  CHECK(found[0].written == "（０３）１２３４－５６７８");
}

TEST_CASE("phone: national numbers need a cue and one country that fits", "[phone]") {
  CHECK(e164("Call our team at (888) 555-0199.") == List{"+18885550199"});
  CHECK(e164("Phone: 1-888-555-0199") == List{"+18885550199"});
  CHECK(e164("Please call 020 7946 0958 to cancel") == List{"+442079460958"});
  CHECK(e164("Appelez le 01 23 45 67 89") == List{"+33123456789"});
  CHECK(e164("Tél. 06.12.34.56.78") == List{"+33612345678"});
  CHECK(e164("Llame al 912 345 678") == List{"+34912345678"});
  CHECK(e164("Telefonnummer: 030 1234567") == List{"+49301234567"});
  CHECK(e164("Rufen Sie 089/12345678 an") == List{"+498912345678"});
  CHECK(e164("0120-123-456 フリーダイヤル") == List{"+81120123456"});  // the cue may follow
  // "Tel" is written in every language: only a shape that one country
  // owns gives a number.
  CHECK(e164("Tel: 01 23 45 67 89") == List{"+33123456789"});
  CHECK(e164("Tel: 0301234567").empty());  // German or Japanese: unknown
  // No cue, no number.
  CHECK(e164("Reference 01 23 45 67 89").empty());
  CHECK(e164("(888) 555-0199").empty());
  CHECK(e164("Your code is 912 345 678").empty());
}

TEST_CASE("phone: dates, amounts, IBANs, order and tracking numbers are not phones", "[phone]") {
  CHECK(e164("Call us before 2024-01-15 or 15.01.2024").empty());
  CHECK(e164("Call us: we charged 1 234 567,89 € to your card").empty());
  CHECK(e164("Call us about the $ 8885550199 charge").empty());
  CHECK(e164("Call us about 8885550199 USD").empty());
  CHECK(e164("Phone about IBAN FR76 3000 6000 0112 3456 7890 189").empty());
  CHECK(e164("Call us about order 0123456789").empty());
  CHECK(e164("Phone us with your order number: 0123456789").empty());
  CHECK(e164("Call us, tracking number 9400 1000 0000 0000 0000 00").empty());
  CHECK(e164("Call about parcel 1Z999AA10123456784").empty());
  CHECK(e164("https://example.com/track?id=+33123456789").empty());
  CHECK(e164("お電話の際はご注文番号 0312345678 をお伝えください").empty());
  // Not E.164: too short, too long, no such country code.
  CHECK(e164("+33 1 23").empty());
  CHECK(e164("+33 1 23 45 67 89 01 23 45").empty());
  CHECK(e164("+28 123 456 789").empty());
  CHECK(e164("+1 (088) 555-0199").empty());  // NANP area codes start at 2
}

TEST_CASE("phone: several numbers, each once, at most eight, as written", "[phone]") {
  const std::string text = "Paris +33 1 23 45 67 89 / London +44 20 7946 0958, Paris again +33 (0)1 23 45 67 89.";
  const auto found = find_phone_numbers(text);
  REQUIRE(found.size() == 2);
  CHECK(found[0].e164 == "+33123456789");
  CHECK(found[0].written == "+33 1 23 45 67 89");
  CHECK(text.substr(found[0].begin, found[0].end - found[0].begin) == found[0].written);
  CHECK(found[1].e164 == "+442079460958");
  std::string many;
  for (int i = 0; i < 20; ++i) many += "+33 1 23 45 67 " + std::to_string(10 + i) + "\n";
  CHECK(find_phone_numbers(many).size() == kMaxPhoneNumbers);
}

TEST_CASE("phone: long inputs stay linear and bounded", "[phone]") {
  CHECK(e164(std::string(1 << 20, '7')).empty());
  std::string runs;
  for (int i = 0; i < 20000; ++i) runs += "call 2024-01-15 ";
  CHECK(e164(runs).empty());
  CHECK(e164("").empty());
  CHECK(e164("+").empty());
  CHECK(e164("(").empty());
}
