// ASCII text helpers for protocol tokens (header names, domains, SPF and
// DKIM tags): case folding of A-Z only, so results never depend on the
// locale and non-ASCII bytes pass through untouched.
#pragma once

#include <string>
#include <string_view>

namespace brandguard::policy {

std::string ascii_lower(std::string_view text);
std::string ascii_upper(std::string_view text);

// 0-15 for a hexadecimal digit (either case), -1 for anything else.
constexpr int hex_digit_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The part after the last '@' of an address, or empty if there is none.
std::string_view address_domain(std::string_view address) noexcept;

}  // namespace brandguard::policy
