// IpNetwork: an IPv4 or IPv6 prefix ("192.0.2.0/24", "2001:db8::/32",
// "127.0.0.1") and membership tests, for trusted_networks.
//
// Immutable after parse; thread safe. IPv4-mapped IPv6 clients
// (::ffff:a.b.c.d) match IPv4 networks.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace brandguard::policy::net {

class IpNetwork {
 public:
  // nullopt if `text` is not an address or prefix, or the length is too long.
  static std::optional<IpNetwork> parse(std::string_view text);
  bool contains(std::string_view address) const;

 private:
  bool v6_ = false;
  std::array<std::uint8_t, 16> bytes_{};
  unsigned prefix_ = 0;
};

// True if `address` is inside any of `networks`.
bool in_any(const std::vector<IpNetwork>& networks, std::string_view address);

}  // namespace brandguard::policy::net
