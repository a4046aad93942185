// Fuzz target: MIME decoding with GMime and our HTML renderer; the result
// must always be valid UTF-8 (Hyperscan's UTF-8 mode needs it).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "message/mime_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  brandguard::policy::MimeLimits limits;
  limits.max_text_bytes = 256 * 1024;
  const auto m = brandguard::policy::decode_mime(std::string_view(reinterpret_cast<const char*>(data), size), limits);
  const std::string text = m.all_text();
  if (brandguard::policy::make_valid_utf8(text) != text) __builtin_trap();
  for (const auto& l : m.links) {
    if (brandguard::policy::make_valid_utf8(l.href) != l.href) __builtin_trap();
  }
  return 0;
}
