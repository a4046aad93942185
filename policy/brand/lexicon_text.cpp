#include "brand/lexicon_text.hpp"

namespace brandguard::policy::brand {

std::string text_for_lexicon(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t newlines = 0;
  bool space = false;
  const auto flush = [&] {
    if (!space) return;
    if (!out.empty()) out += newlines >= 2 ? "\n\n" : " ";
    space = false;
    newlines = 0;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const auto next = [&](std::size_t k) { return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0; };
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
      space = true;
      if (c == '\n') ++newlines;
      continue;
    }
    if (c == 0xC2 && next(1) == 0xA0) {  // U+00A0 no-break space
      space = true;
      ++i;
      continue;
    }
    if (c == 0xC2 && next(1) == 0xAD) {  // U+00AD soft hyphen
      ++i;
      continue;
    }
    if (c == 0xE2 && next(1) == 0x80 && (next(2) >= 0x8B && next(2) <= 0x8F)) {  // U+200B..U+200F
      i += 2;
      continue;
    }
    if (c == 0xE2 && next(1) == 0x81 && next(2) == 0xA0) {  // U+2060 word joiner
      i += 2;
      continue;
    }
    if (c == 0xEF && next(1) == 0xBB && next(2) == 0xBF) {  // U+FEFF
      i += 2;
      continue;
    }
    flush();
    out.push_back(static_cast<char>(c));
  }
  return out;
}

}  // namespace brandguard::policy::brand
