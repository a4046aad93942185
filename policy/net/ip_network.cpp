#include "net/ip_network.hpp"

#include <arpa/inet.h>

#include <cstring>
#include <string>

namespace brandguard::policy::net {

namespace {

// Parses an address into 16 bytes; IPv4 (and IPv4-mapped IPv6) into the
// first 4 with v6 = false.
bool parse_address(std::string_view text, bool& v6, std::array<std::uint8_t, 16>& out) {
  if (text.size() > 64) return false;
  const std::string s(text);
  out.fill(0);
  in_addr a4{};
  if (inet_pton(AF_INET, s.c_str(), &a4) == 1) {
    v6 = false;
    std::memcpy(out.data(), &a4, 4);
    return true;
  }
  in6_addr a6{};
  if (inet_pton(AF_INET6, s.c_str(), &a6) == 1) {
    static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(&a6, kMapped, 12) == 0) {
      v6 = false;
      std::memcpy(out.data(), reinterpret_cast<const std::uint8_t*>(&a6) + 12, 4);
      return true;
    }
    v6 = true;
    std::memcpy(out.data(), &a6, 16);
    return true;
  }
  return false;
}

}  // namespace

std::optional<IpNetwork> IpNetwork::parse(std::string_view text) {
  IpNetwork n;
  const auto slash = text.find('/');
  if (!parse_address(text.substr(0, slash), n.v6_, n.bytes_)) return std::nullopt;
  const unsigned max = n.v6_ ? 128 : 32;
  n.prefix_ = max;
  if (slash != std::string_view::npos) {
    const std::string_view len = text.substr(slash + 1);
    if (len.empty() || len.size() > 3 || len.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    n.prefix_ = static_cast<unsigned>(std::stoul(std::string(len)));
    if (n.prefix_ > max) return std::nullopt;
  }
  return n;
}

bool IpNetwork::contains(std::string_view address) const {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};
  if (!parse_address(address, v6, bytes) || v6 != v6_) return false;
  const unsigned full = prefix_ / 8;
  if (std::memcmp(bytes.data(), bytes_.data(), full) != 0) return false;
  const unsigned rest = prefix_ % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (bytes[full] & mask) == (bytes_[full] & mask);
}

bool in_any(const std::vector<IpNetwork>& networks, std::string_view address) {
  for (const auto& n : networks) {
    if (n.contains(address)) return true;
  }
  return false;
}

}  // namespace brandguard::policy::net
