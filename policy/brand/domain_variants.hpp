// The typo variants of one registrable label that dnstwist's fuzzers
// describe (addition, omission, repetition, replacement, transposition,
// insertion, hyphenation, bitsquatting, vowel swap), generated so that the
// lookalike engine can recognise them with one hash lookup. Homoglyphs are
// not generated here: the engine compares ICU skeletons instead, which
// covers every script and not only a fixed glyph table.
//
// Caller: LookalikeEngine::create, once per official label at config load.
// Pure functions; never throw except std::bad_alloc.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "brand/lookalike.hpp"

namespace brandguard::policy::brand {

struct LabelVariant {
  std::string label;
  LookalikeKind kind = LookalikeKind::none;
};

// Labels shorter than this get no variants: one edit of "hp" or "x" is
// another ordinary name far more often than an attack.
inline constexpr std::size_t kMinVariantLabel = 4;

// Variants of an LDH label (lowercase letters, digits, inner hyphens; not
// an "xn--" A-label), each a valid LDH label of at most 63 octets and
// different from `label`. A string that several fuzzers produce is listed
// once, with the first kind in this order, from the most specific to the
// least: repetition, transposition, omission, vowel_swap, hyphenation,
// replacement, insertion, addition, bitsquatting ("ledgerr" is a
// repetition, not an addition). Empty for other labels or labels shorter
// than kMinVariantLabel. Replacement and insertion use the QWERTY
// neighbours of each key; addition appends one letter or digit.
std::vector<LabelVariant> label_variants(std::string_view label);

// Keys next to `c` on a QWERTY keyboard (letters and digits, staggered
// rows): "d" -> "sferxc". Empty for other characters.
std::string qwerty_neighbours(char c);

}  // namespace brandguard::policy::brand
