// Fuzz target: the YAML config loader on arbitrary text. Authentication
// is left at its defaults, so DNS settings are parsed; zone_file paths are
// refused early because the fuzz text cannot name a real file... it can,
// so zonefile mode with absent files just reports an error.
#include <cstddef>
#include <cstdint>
#include <string>

#include "config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto loaded = brandguard::config::load_from_string(text, "fuzz.yaml");
  if (!loaded) {
    for (const auto& e : loaded.error()) {
      if (e.to_string().empty()) __builtin_trap();
    }
  }
  return 0;
}
