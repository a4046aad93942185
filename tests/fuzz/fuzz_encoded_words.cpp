// Fuzz target: our RFC 2047 decoder (Subject, display names). Beyond "no
// crash": the output is valid UTF-8 (make_valid_utf8 leaves it unchanged)
// without NUL, CR or LF, whatever charset labels, encodings and byte soup
// the input holds, and the input bound holds.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "message/encoded_words.hpp"
#include "message/mime_text.hpp"

namespace {

void require(bool condition) {
  if (!condition) __builtin_trap();
}

void check(const std::string& out) {
  require(out.find_first_of(std::string("\0\r\n", 3)) == std::string::npos);
  require(brandguard::policy::make_valid_utf8(out) == out);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check(brandguard::policy::decode_encoded_words(input));
  check(brandguard::policy::decode_display_name(input));
  return 0;
}
