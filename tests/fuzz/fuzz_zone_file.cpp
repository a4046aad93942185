// Fuzz target: zone-file validation and the DNS rdata decoders.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dns/resolver.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)brandguard::policy::dns::read_zone_text(text, "fuzz");
  (void)brandguard::policy::dns::decode_txt(text);
  (void)brandguard::policy::dns::decode_name(text);
  brandguard::policy::dns::Mx mx;
  (void)brandguard::policy::dns::decode_mx(text, mx);
  return 0;
}
