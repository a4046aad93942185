#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "brand/domain_variants.hpp"
#include "brand/edit_distance.hpp"

using namespace brandguard::policy::brand;

namespace {

bool valid_ldh_label(const std::string& s) {
  if (s.empty() || s.size() > 63 || s.front() == '-' || s.back() == '-') return false;
  if (s.size() >= 4 && s[2] == '-' && s[3] == '-') return false;
  for (const char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

// An independent reading of the header: every fuzzer on its own, then the
// first kind in the documented order for each string.
std::map<std::string, LookalikeKind> reference_variants(const std::string& base) {
  const std::string vowels = "aeiou";
  const std::string alnum = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::map<LookalikeKind, std::set<std::string>> by_kind;
  const std::size_t n = base.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (base[i] != '-') by_kind[LookalikeKind::repetition].insert(base.substr(0, i + 1) + base.substr(i));
    std::string o = base;
    o.erase(i, 1);
    by_kind[LookalikeKind::omission].insert(o);
    if (vowels.find(base[i]) != std::string::npos) {
      for (const char v : vowels) {
        std::string s = base;
        s[i] = v;
        by_kind[LookalikeKind::vowel_swap].insert(s);
      }
    }
    for (const char k : qwerty_neighbours(base[i])) {
      std::string r = base;
      r[i] = k;
      by_kind[LookalikeKind::replacement].insert(r);
      by_kind[LookalikeKind::insertion].insert(base.substr(0, i) + k + base.substr(i));
      by_kind[LookalikeKind::insertion].insert(base.substr(0, i + 1) + k + base.substr(i + 1));
    }
    for (int bit = 0; bit < 8; ++bit) {
      std::string b = base;
      b[i] = static_cast<char>(static_cast<unsigned char>(base[i]) ^ (1u << bit));
      by_kind[LookalikeKind::bitsquatting].insert(b);
    }
    if (i + 1 < n) {
      std::string t = base;
      std::swap(t[i], t[i + 1]);
      by_kind[LookalikeKind::transposition].insert(t);
    }
    if (i > 0) by_kind[LookalikeKind::hyphenation].insert(base.substr(0, i) + "-" + base.substr(i));
  }
  for (const char c : alnum) by_kind[LookalikeKind::addition].insert(base + c);

  const LookalikeKind order[] = {LookalikeKind::repetition,  LookalikeKind::transposition, LookalikeKind::omission,
                                 LookalikeKind::vowel_swap,  LookalikeKind::hyphenation,   LookalikeKind::replacement,
                                 LookalikeKind::insertion,   LookalikeKind::addition,      LookalikeKind::bitsquatting};
  std::map<std::string, LookalikeKind> out;
  for (const LookalikeKind kind : order) {
    for (const std::string& s : by_kind[kind]) {
      if (s == base || !valid_ldh_label(s)) continue;
      out.emplace(s, kind);  // keeps the first kind
    }
  }
  return out;
}

LookalikeKind kind_of(const std::vector<LabelVariant>& variants, const std::string& label) {
  for (const LabelVariant& v : variants) {
    if (v.label == label) return v.kind;
  }
  return LookalikeKind::none;
}

}  // namespace

TEST_CASE("variants: QWERTY neighbours", "[variants]") {
  CHECK(qwerty_neighbours('d') == "sferxc");
  CHECK(qwerty_neighbours('q') == "w12a");
  CHECK(qwerty_neighbours('p') == "o0l");
  CHECK(qwerty_neighbours('a') == "sqwz");
  CHECK(qwerty_neighbours('m') == "njk");
  CHECK(qwerty_neighbours('1') == "2q");
  CHECK(qwerty_neighbours('0') == "9op");
  CHECK(qwerty_neighbours('-').empty());
  CHECK(qwerty_neighbours('D').empty());
  CHECK(qwerty_neighbours('\0').empty());
  CHECK(qwerty_neighbours('.').empty());
  // Touching is mutual, and no key touches itself.
  const std::string keys = "abcdefghijklmnopqrstuvwxyz0123456789";
  for (const char a : keys) {
    const std::string na = qwerty_neighbours(a);
    INFO(a << " -> " << na);
    CHECK_FALSE(na.empty());
    CHECK(na.find(a) == std::string::npos);
    for (const char b : na) CHECK(qwerty_neighbours(b).find(a) != std::string::npos);
  }
}

TEST_CASE("variants: every fuzzer contributes for ledger", "[variants]") {
  const std::vector<LabelVariant> variants = label_variants("ledger");
  REQUIRE_FALSE(variants.empty());
  std::map<LookalikeKind, std::size_t> counts;
  std::set<std::string> seen;
  for (const LabelVariant& v : variants) {
    INFO(v.label << " " << to_string(v.kind));
    ++counts[v.kind];
    CHECK(seen.insert(v.label).second);  // no duplicates
    CHECK(v.label != "ledger");
    CHECK(valid_ldh_label(v.label));
    CHECK(v.kind != LookalikeKind::none);
    CHECK(bounded_edit_distance(v.label, "ledger", 2) == 1);  // each fuzzer makes one edit
  }
  for (const LookalikeKind kind :
       {LookalikeKind::repetition, LookalikeKind::transposition, LookalikeKind::omission, LookalikeKind::vowel_swap,
        LookalikeKind::hyphenation, LookalikeKind::replacement, LookalikeKind::insertion, LookalikeKind::addition,
        LookalikeKind::bitsquatting}) {
    INFO(to_string(kind));
    CHECK(counts[kind] > 0);
  }
  CHECK(counts[LookalikeKind::hyphenation] == 5);
  CHECK(counts[LookalikeKind::omission] == 6);
  CHECK(counts[LookalikeKind::transposition] == 5);
  CHECK(counts[LookalikeKind::repetition] == 6);
}

TEST_CASE("variants: a string several fuzzers make has the first kind", "[variants]") {
  const std::vector<LabelVariant> v = label_variants("ledger");
  CHECK(kind_of(v, "ledgerr") == LookalikeKind::repetition);  // also an addition
  CHECK(kind_of(v, "ledgre") == LookalikeKind::transposition);
  CHECK(kind_of(v, "ledgr") == LookalikeKind::omission);
  CHECK(kind_of(v, "ledgar") == LookalikeKind::vowel_swap);
  CHECK(kind_of(v, "led-ger") == LookalikeKind::hyphenation);
  CHECK(kind_of(v, "ledfer") == LookalikeKind::replacement);  // 'g' ^ 1 is also 'f': not a bitsquat
  CHECK(kind_of(v, "ledfger") == LookalikeKind::insertion);
  CHECK(kind_of(v, "ledgere") == LookalikeKind::insertion);  // 'e' is next to 'r': before addition
  CHECK(kind_of(v, "ledgera") == LookalikeKind::addition);
  CHECK(kind_of(v, "ledger7") == LookalikeKind::addition);
  CHECK(kind_of(v, "ledgez") == LookalikeKind::bitsquatting);
  CHECK(kind_of(v, "hedger") == LookalikeKind::bitsquatting);
  CHECK(kind_of(v, "ledge-") == LookalikeKind::none);  // not a label
  CHECK(kind_of(v, "ledger") == LookalikeKind::none);
  CHECK(kind_of(v, "ledgxr") == LookalikeKind::none);  // no fuzzer makes this one
}

TEST_CASE("variants: the same set and kinds as each fuzzer applied on its own", "[variants]") {
  for (const std::string label : {"ledger", "ledgerwallet", "metamask", "a1-b2", "abcd", "book", "xn-a-b", "0000"}) {
    INFO(label);
    const std::map<std::string, LookalikeKind> expected = reference_variants(label);
    std::map<std::string, LookalikeKind> actual;
    for (const LabelVariant& v : label_variants(label)) actual.emplace(v.label, v.kind);
    CHECK(actual.size() == label_variants(label).size());
    CHECK(actual.size() == expected.size());
    for (const auto& [s, kind] : expected) {
      INFO(s);
      const auto found = actual.find(s);
      REQUIRE(found != actual.end());
      CHECK(to_string(found->second) == to_string(kind));
    }
  }
}

TEST_CASE("variants: labels that get none", "[variants]") {
  CHECK(label_variants("").empty());
  CHECK(label_variants("hp").empty());
  CHECK(label_variants("abc").empty());  // shorter than kMinVariantLabel
  CHECK_FALSE(label_variants(std::string(kMinVariantLabel, 'a')).empty());
  CHECK(label_variants("xn--ledgr-2we").empty());  // an A-label
  CHECK(label_variants("ab--cd").empty());         // reserved like A-labels
  CHECK(label_variants("Ledger").empty());         // not lowercase
  CHECK(label_variants("-ledger").empty());
  CHECK(label_variants("ledger-").empty());
  CHECK(label_variants("led_ger").empty());
  CHECK(label_variants("ledger.com").empty());
  CHECK(label_variants("ledg\xd0\xb5r").empty());
  CHECK(label_variants(std::string(64, 'a')).empty());
}

TEST_CASE("variants: a 63-octet label only gets variants that stay within 63", "[variants]") {
  const std::string label = std::string(31, 'a') + "b" + std::string(31, 'c');
  const std::vector<LabelVariant> variants = label_variants(label);
  REQUIRE_FALSE(variants.empty());
  std::size_t longer = 0;
  for (const LabelVariant& v : variants) {
    CHECK(v.label.size() <= 63);
    if (v.label.size() > label.size()) ++longer;
  }
  CHECK(longer == 0);
}
