// Header: one header field as the MTA delivered it.
//
// `raw_value` is everything after the colon, byte for byte (leading space
// and folding included), because DKIM's simple canonicalization needs the
// exact bytes. `value()` is the same with surrounding whitespace removed,
// which is what content checks want.
#pragma once

#include <string>
#include <string_view>

namespace brandguard::policy {

struct Header {
  std::string name;
  std::string raw_value;

  std::string_view value() const noexcept;
};

// ASCII case-insensitive equality, for header names and domains.
bool iequals(std::string_view a, std::string_view b) noexcept;

// ASCII case-insensitive substring search; true if `needle` is empty.
bool icontains(std::string_view haystack, std::string_view needle) noexcept;

}  // namespace brandguard::policy
