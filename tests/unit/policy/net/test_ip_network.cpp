#include <catch2/catch.hpp>

#include "net/ip_network.hpp"

using brandguard::policy::net::IpNetwork;

TEST_CASE("ip network: IPv4 prefixes", "[net]") {
  auto n = IpNetwork::parse("192.0.2.0/24");
  REQUIRE(n);
  CHECK(n->contains("192.0.2.200"));
  CHECK_FALSE(n->contains("192.0.3.1"));
  CHECK(n->contains("::ffff:192.0.2.9"));  // IPv4-mapped
  CHECK_FALSE(n->contains("2001:db8::1"));
  auto odd = IpNetwork::parse("10.0.0.0/9");
  REQUIRE(odd);
  CHECK(odd->contains("10.127.255.255"));
  CHECK_FALSE(odd->contains("10.128.0.0"));
  CHECK(IpNetwork::parse("0.0.0.0/0")->contains("203.0.113.7"));
  CHECK(IpNetwork::parse("127.0.0.1")->contains("127.0.0.1"));
  CHECK_FALSE(IpNetwork::parse("127.0.0.1")->contains("127.0.0.2"));
}

TEST_CASE("ip network: IPv6 prefixes", "[net]") {
  auto n = IpNetwork::parse("2001:db8::/32");
  REQUIRE(n);
  CHECK(n->contains("2001:db8:ffff::1"));
  CHECK_FALSE(n->contains("2001:db9::1"));
  CHECK_FALSE(n->contains("192.0.2.1"));
  CHECK(IpNetwork::parse("::1/128")->contains("::1"));
}

TEST_CASE("ip network: malformed input is refused", "[net]") {
  for (const char* bad : {"", "192.0.2.0/33", "192.0.2.0/", "192.0.2.0/x", "300.1.1.1", "2001:db8::/129", "host.example",
                          "192.0.2.0/24/1", "1.2.3.4/-1"}) {
    CHECK_FALSE(IpNetwork::parse(bad).has_value());
  }
  CHECK_FALSE(IpNetwork::parse("192.0.2.0/24")->contains("garbage"));
  CHECK_FALSE(IpNetwork::parse("192.0.2.0/24")->contains(""));
}
