// Phone numbers in mail text, normalized to E.164 ("+18885550199"):
// callback phishing ("your order was charged $899, call +1 (888) 555-0199
// to cancel") and fake Ledger support lines. libphonenumber is not
// available on our platform; this is a small normalizer that knows the
// shape of numbers, not every national numbering plan.
//
// What counts as a number:
//   - international: a leading "+" (or full-width "＋") or "00", then a
//     valid country code, 8 to 15 digits in all (E.164), digits grouped by
//     spaces, dots, dashes, slashes or parentheses; a trunk "(0)" after the
//     country code ("+33 (0)1 23 45 67 89") is dropped;
//   - national: only with a phone cue word in the same line (tel, phone,
//     call, appelez, llame, Telefon, 電話, ...), and only when the cue's
//     language and the digits give one country: NANP "(888) 555-0199"
//     (+1), UK "020 7946 0958" (+44), France "01 23 45 67 89" (+33), Spain
//     "912 345 678" (+34), Germany "030 1234567" (+49), Japan
//     "03-1234-5678" (+81). A cue shared by languages ("Tel.") gives a
//     country only if just one of them fits the digits.
// Full-width digits (０-９), ideographic spaces and Japanese dashes are
// read as their ASCII forms.
//
// What does not: digits glued to letters or other digits (IBANs, tracking
// and order codes such as "FR76 3000 ...", "1Z999AA1..."), amounts (a
// currency sign or code beside it, a decimal part), dates ("2024-01-15",
// "15.01.2024"), and numbers closer to an identifier word (order,
// commande, pedido, Bestellung, tracking, invoice, IBAN, 注文番号, ...)
// than to a phone cue.
//
// Called by ContentSignalScanner::scan. Bounded: one linear pass; at most
// kMaxPhoneCandidates digit runs get the (bounded) cue look-around; at
// most kMaxPhoneNumbers results. Thread safety: pure function. Never
// throws except std::bad_alloc.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace brandguard::policy::brand {

inline constexpr std::size_t kMaxPhoneNumbers = 8;
inline constexpr std::size_t kMaxPhoneCandidates = 512;

struct PhoneNumber {
  std::string e164;       // "+33123456789"
  std::string written;    // as in the text: "+33 1 23 45 67 89"
  std::size_t begin = 0;  // byte offsets of `written` in the text
  std::size_t end = 0;
};

// Phone numbers in `text`, each once (by E.164), in text order, at most
// kMaxPhoneNumbers.
std::vector<PhoneNumber> find_phone_numbers(std::string_view text);

}  // namespace brandguard::policy::brand
