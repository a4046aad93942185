#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "brand/edit_distance.hpp"

using namespace brandguard::policy::brand;

namespace {

// Unbounded optimal string alignment distance, the textbook full table.
std::size_t osa(const std::string& a, const std::string& b) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

}  // namespace

TEST_CASE("edit distance: the usual edits cost one each", "[edit_distance]") {
  CHECK(bounded_edit_distance("ledger", "ledger", 2) == 0);
  CHECK(bounded_edit_distance("ledger", "ledgre", 2) == 1);   // transposition
  CHECK(bounded_edit_distance("ledger", "ledgr", 2) == 1);    // omission
  CHECK(bounded_edit_distance("ledger", "ledgerr", 2) == 1);  // addition
  CHECK(bounded_edit_distance("ledger", "lodger", 2) == 1);   // substitution
  CHECK(bounded_edit_distance("ledger", "lxdgxr", 2) == 2);
  CHECK(bounded_edit_distance("ledgerwallet", "ledgrwalet", 2) == 2);
  // Optimal string alignment, not Damerau-Levenshtein: no edit of a
  // transposed pair.
  CHECK(bounded_edit_distance("ca", "abc", 3) == 3);
  CHECK(bounded_edit_distance("abc", "ca", 3) == 3);
}

TEST_CASE("edit distance: the bound", "[edit_distance]") {
  CHECK(bounded_edit_distance("ledger", "knowledge", 1) == 2);  // max + 1
  CHECK(bounded_edit_distance("ledger", "xxxxxx", 2) == 3);
  CHECK(bounded_edit_distance("ledger", "lodger", 0) == 1);
  CHECK(bounded_edit_distance("ledger", "ledger", 0) == 0);
  CHECK(bounded_edit_distance("", "", 0) == 0);
  CHECK(bounded_edit_distance("", "ab", 2) == 2);
  CHECK(bounded_edit_distance("ab", "", 2) == 2);
  CHECK(bounded_edit_distance("", "abc", 2) == 3);
  // max is clamped to 8.
  CHECK(bounded_edit_distance("", std::string(20, 'a'), 50) == 9);
  CHECK(bounded_edit_distance(std::string(20, 'a'), std::string(20, 'b'), 100) == 9);
  CHECK(bounded_edit_distance("abcdefgh", "hgfedcba", 8) == std::min<std::size_t>(osa("abcdefgh", "hgfedcba"), 9));
  // Inputs over kMaxEditDistanceInput are never similar, even when equal.
  const std::string big(kMaxEditDistanceInput + 1, 'a');
  CHECK(bounded_edit_distance(big, big, 2) == 3);
  const std::string most(kMaxEditDistanceInput, 'a');
  CHECK(bounded_edit_distance(most, most, 2) == 0);
  CHECK(bounded_edit_distance(most, most.substr(1), 2) == 1);
}

TEST_CASE("edit distance: agrees with the full table on random strings", "[edit_distance]") {
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<int> length(0, 12);
  std::uniform_int_distribution<int> letter(0, 2);
  auto random_string = [&] {
    std::string s(static_cast<std::size_t>(length(rng)), 'a');
    for (char& c : s) c = static_cast<char>('a' + letter(rng));
    return s;
  };
  for (int round = 0; round < 3000; ++round) {
    const std::string a = random_string();
    std::string b = random_string();
    if (round % 3 == 0) {  // near misses too, not only far strings
      b = a;
      if (!b.empty()) b[static_cast<std::size_t>(round) % b.size()] = 'c';
      if (b.size() > 2) std::swap(b[0], b[1]);
    }
    const std::size_t full = osa(a, b);
    for (std::size_t max = 0; max <= 4; ++max) {
      INFO(a << " / " << b << " max " << max);
      REQUIRE(bounded_edit_distance(a, b, max) == std::min(full, max + 1));
    }
  }
}

TEST_CASE("edit distance: code points for UTF-8 text", "[edit_distance]") {
  // An accent is two bytes of difference, one character.
  CHECK(bounded_edit_distance("l\u00e9dger", "ledger", 2) == 2);
  CHECK(bounded_edit_distance_chars("l\u00e9dger", "ledger", 2) == 1);
  CHECK(bounded_edit_distance_chars("ledg\u00e9r", "ledger", 2) == 1);
  CHECK(bounded_edit_distance_chars("b\u00fcchex", "b\u00fccher", 2) == 1);
  CHECK(bounded_edit_distance_chars("b\u00fcchxx", "b\u00fccher", 1) == 2);
  CHECK(bounded_edit_distance_chars("\u00fc\u00e9", "\u00e9\u00fc", 2) == 1);  // transposition of two characters
  CHECK(bounded_edit_distance_chars("\U0001F525a", "a\U0001F525", 2) == 1);   // four-byte characters
  CHECK(bounded_edit_distance_chars("ledger", "ledger", 0) == 0);
  CHECK(bounded_edit_distance_chars("", "\u00e9\u00e9", 2) == 2);
  CHECK(bounded_edit_distance_chars("\u00e9\u00e9\u00e9", "", 2) == 3);
  // Bad UTF-8: one U+FFFD a byte, equal to each other and to U+FFFD.
  CHECK(bounded_edit_distance_chars("a\xff" "b", "a\xfe" "b", 1) == 0);
  CHECK(bounded_edit_distance_chars("a\xff" "b", "a\uFFFD" "b", 1) == 0);
  CHECK(bounded_edit_distance_chars("a\xc3", "a\xc3\xa9", 1) == 1);          // truncated sequence
  CHECK(bounded_edit_distance_chars("\xe0\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 0) == 0);  // overlong
  CHECK(bounded_edit_distance_chars("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 0) == 0);  // surrogate
  // The byte limit still holds; within it, agrees with the byte distance on ASCII.
  const std::string big(kMaxEditDistanceInput + 1, 'a');
  CHECK(bounded_edit_distance_chars(big, big, 2) == 3);
  std::string most;
  while (most.size() + 2 <= kMaxEditDistanceInput) most += "\u00e9";
  CHECK(bounded_edit_distance_chars(most, most.substr(2), 2) == 1);
  for (const char* b : {"ledgre", "lxdgxr", "knowledge", "", "ledger"}) {
    INFO(b);
    CHECK(bounded_edit_distance_chars("ledger", b, 2) == bounded_edit_distance("ledger", b, 2));
  }
}
