// Bounded edit distance for the lookalike engine: the optimal string
// alignment distance (Levenshtein plus adjacent transposition, each edit
// costing 1) between two short byte strings, computed only as far as a
// caller's threshold.
//
// Callers: LookalikeEngine (typosquats: a registrable label against an
// official label, both skeleton-folded) and its token matching (a display
// name word against a brand keyword).
//
// Cost: O(n * (2 * max + 1)) with a band around the diagonal; strings over
// kMaxEditDistanceInput bytes are not compared (reported as "more than
// max"), so the work is bounded whatever the input. Bytes, not code points:
// a non-ASCII character counts as several edits, which errs towards "not
// similar". Pure, noexcept, no allocation.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <string_view>

namespace brandguard::policy::brand {

// Longer than any DNS label (63) even after skeleton folding expands "m"
// to "rn"; longer inputs are never similar.
inline constexpr std::size_t kMaxEditDistanceInput = 255;

// min(distance(a, b), max + 1). max is clamped to 8.
inline std::size_t bounded_edit_distance(std::string_view a, std::string_view b, std::size_t max) noexcept {
  max = std::min<std::size_t>(max, 8);
  const std::size_t over = max + 1;
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  if (n > kMaxEditDistanceInput || m > kMaxEditDistanceInput) return over;
  if ((n > m ? n - m : m - n) > max) return over;
  if (n == 0 || m == 0) return std::max(n, m);
  // Three rows of the DP table, rotated: i-2 (for transpositions), i-1,
  // i. Cells outside the band |i - j| <= max hold `over`.
  std::array<std::array<std::size_t, kMaxEditDistanceInput + 1>, 3> rows;
  std::size_t* prev2 = rows[0].data();
  std::size_t* prev = rows[1].data();
  std::size_t* cur = rows[2].data();
  for (std::size_t j = 0; j <= m; ++j) {
    prev[j] = j <= max ? j : over;
    prev2[j] = over;
  }
  for (std::size_t i = 1; i <= n; ++i) {
    std::fill(cur, cur + m + 1, over);
    const std::size_t lo = i > max ? i - max : 1;
    const std::size_t hi = std::min(m, i + max);
    cur[0] = i <= max ? i : over;
    std::size_t row_min = cur[0];
    for (std::size_t j = lo; j <= hi; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      std::size_t v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = std::min(v, prev2[j - 2] + 1);
      cur[j] = std::min(v, over);
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min >= over) return over;  // every alignment already costs more than max
    std::size_t* const recycled = prev2;
    prev2 = prev;
    prev = cur;
    cur = recycled;
  }
  return std::min(prev[m], over);
}

}  // namespace brandguard::policy::brand
