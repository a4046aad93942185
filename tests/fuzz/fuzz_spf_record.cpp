// Fuzz target: the RFC 7208 record syntax check.
#include <cstddef>
#include <cstdint>
#include <string>

#include "auth/spf_record_syntax.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string record = "v=spf1 " + std::string(reinterpret_cast<const char*>(data), size);
  (void)brandguard::policy::auth::spf_record_syntax_error(record);
  return 0;
}
