// Bounded edit distance for the lookalike engine: the optimal string
// alignment distance (Levenshtein plus adjacent transposition, each edit
// costing 1) between two short strings, computed only as far as a
// caller's threshold.
//
// Callers: LookalikeEngine (typosquats: a registrable label against an
// official label, as written, skeleton-folded and accent-stripped, counted
// in code points with bounded_edit_distance_chars) and its token matching
// (a display name word against a brand keyword, in bytes).
//
// Cost: O(n * (2 * max + 1)) with a band around the diagonal; strings over
// kMaxEditDistanceInput bytes are not compared (reported as "more than
// max"), so the work is bounded whatever the input.
// bounded_edit_distance counts bytes: a non-ASCII character counts as
// several edits, which errs towards "not similar".
// bounded_edit_distance_chars counts code points of UTF-8 ("lédger" is one
// edit from "ledger"); a byte that is not valid UTF-8 counts as one
// U+FFFD. Pure, noexcept, no allocation.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <string_view>

namespace brandguard::policy::brand {

// Longer than any DNS label (63) even after skeleton folding expands "m"
// to "rn"; longer inputs are never similar.
inline constexpr std::size_t kMaxEditDistanceInput = 255;

namespace edit_distance_detail {

// The banded OSA table over two sequences of n and m units (n, m <=
// kMaxEditDistanceInput).
template <typename Unit>
std::size_t bounded_osa(const Unit* a, std::size_t n, const Unit* b, std::size_t m, std::size_t max) noexcept {
  max = std::min<std::size_t>(max, 8);
  const std::size_t over = max + 1;
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

// Decodes UTF-8 into code points (at most as many as bytes); an invalid
// or truncated sequence becomes one U+FFFD per byte. Returns the count.
inline std::size_t decode_utf8(std::string_view s, char32_t* out) noexcept {
  std::size_t count = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto lead = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    char32_t c = 0xFFFD;
    char32_t min = 0;
    if (lead < 0x80) {
      c = lead;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      extra = 1;
      c = lead & 0x1Fu;
      min = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      extra = 2;
      c = lead & 0x0Fu;
      min = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      extra = 3;
      c = lead & 0x07u;
      min = 0x10000;
    }
    bool ok = lead < 0x80 || extra > 0;
    for (std::size_t k = 1; ok && k <= extra; ++k) {
      if (i + k >= s.size() || (static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
        ok = false;
      } else {
        c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
      }
    }
    if (ok && extra > 0 && (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))) ok = false;
    if (ok) {
      out[count++] = c;
      i += extra + 1;
    } else {
      out[count++] = 0xFFFD;
      ++i;
    }
  }
  return count;
}

}  // namespace edit_distance_detail

// min(distance(a, b), max + 1) over bytes. max is clamped to 8.
inline std::size_t bounded_edit_distance(std::string_view a, std::string_view b, std::size_t max) noexcept {
  return edit_distance_detail::bounded_osa(a.data(), a.size(), b.data(), b.size(), max);
}

// min(distance(a, b), max + 1) over the code points of UTF-8 strings. max
// is clamped to 8; inputs over kMaxEditDistanceInput bytes give max + 1.
inline std::size_t bounded_edit_distance_chars(std::string_view a, std::string_view b, std::size_t max) noexcept {
  if (a.size() > kMaxEditDistanceInput || b.size() > kMaxEditDistanceInput) {
    return std::min<std::size_t>(max, 8) + 1;
  }
  std::array<char32_t, kMaxEditDistanceInput> ca;
  std::array<char32_t, kMaxEditDistanceInput> cb;
  const std::size_t n = edit_distance_detail::decode_utf8(a, ca.data());
  const std::size_t m = edit_distance_detail::decode_utf8(b, cb.data());
  return edit_distance_detail::bounded_osa(ca.data(), n, cb.data(), m, max);
}

}  // namespace brandguard::policy::brand
