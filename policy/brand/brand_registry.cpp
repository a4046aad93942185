#include "brand/brand_registry.hpp"

#include <fmt/format.h>

namespace brandguard::policy::brand {

tl::expected<std::shared_ptr<const BrandRegistry>, std::string> BrandRegistry::create(BrandSettings settings) {
  std::shared_ptr<BrandRegistry> registry(new BrandRegistry());
  std::vector<BrandDomains> domains;
  std::vector<std::string> order_patterns;
  for (const auto& b : settings.brands) {
    domains.push_back(BrandDomains{b.id, b.official_domains, b.keywords, b.names});
    order_patterns.insert(order_patterns.end(), b.order_numbers.begin(), b.order_numbers.end());
  }
  std::vector<std::string> free_hosting = settings.free_hosting_suffixes;
  if (free_hosting.empty()) {
    free_hosting.assign(std::begin(kDefaultFreeHostingSuffixes), std::end(kDefaultFreeHostingSuffixes));
  }
  auto lookalikes = LookalikeEngine::create(std::move(domains), std::move(free_hosting));
  if (!lookalikes) return tl::unexpected(lookalikes.error());
  auto content = ContentSignalScanner::create(std::move(order_patterns));
  if (!content) return tl::unexpected(fmt::format("order_numbers: {}", content.error()));
  registry->settings_ = std::move(settings);
  registry->lookalikes_ = std::move(*lookalikes);
  registry->content_ = std::move(*content);
  return std::shared_ptr<const BrandRegistry>(std::move(registry));
}

const BrandProfile* BrandRegistry::find(std::string_view id) const noexcept {
  for (const auto& b : settings_.brands) {
    if (b.id == id) return &b;
  }
  return nullptr;
}

}  // namespace brandguard::policy::brand
