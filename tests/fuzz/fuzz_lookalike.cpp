// Fuzz target: the lookalike engine and the confusable folding behind it,
// on hostile host names and display names. Beyond "no crash": a host that
// classifies as anything but `none` has a normalized host no longer than
// 253 bytes and names a configured brand; brands_named_in names only
// configured brands, each once; folding never grows past its bound.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "brand/confusables.hpp"
#include "brand/lookalike.hpp"

namespace {

using namespace brandguard::policy::brand;

void require(bool condition) {
  if (!condition) __builtin_trap();
}

const LookalikeEngine& engine() {
  static const std::shared_ptr<const LookalikeEngine> e = [] {
    std::vector<BrandDomains> brands;
    brands.push_back({"ledger", {"ledger.com", "ledgerwallet.com", "ledger.fr", "shop.ledger.com"}, {"ledger"},
                      {"Ledger", "Ledger Live", "Ledger Nano"}});
    brands.push_back({"metamask", {"metamask.io"}, {"metamask"}, {"MetaMask"}});
    std::vector<std::string> hosting(std::begin(kDefaultFreeHostingSuffixes), std::end(kDefaultFreeHostingSuffixes));
    auto created = LookalikeEngine::create(std::move(brands), std::move(hosting));
    if (!created) __builtin_trap();
    return *created;
  }();
  return *e;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::set<std::string> known{"ledger", "metamask"};

  const LookalikeMatch m = engine().classify(input);
  if (m.kind != LookalikeKind::none) {
    require(!m.host.empty() && m.host.size() <= 253);
    require(known.count(m.brand_id) == 1);
    require(!m.evidence.empty());
  }

  bool obfuscated = false;
  const auto named = engine().brands_named_in(input, &obfuscated);
  std::set<std::string> unique(named.begin(), named.end());
  require(unique.size() == named.size());
  for (const auto& id : named) require(known.count(id) == 1);
  if (named.empty()) require(!obfuscated);

  const Confusables& c = Confusables::instance();
  std::string why;
  (void)c.is_obfuscated(input, &why);
  (void)c.fold(input);
  (void)c.lowercase(input);
  return 0;
}
