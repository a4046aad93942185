// The brand check: at end of message, judges whether the message
// impersonates one of the configured brands and explains why, as symbols.
//
//   1. Who is it really from? (brand_authentication: aligned DMARC/DKIM/SPF
//      of the brand or an authorized sender). Authenticated brand mail gets
//      a credit and none of the impersonation symbols, however much it talks
//      about orders and recovery phrases.
//   2. Does it claim a brand? Display name, subject, body (brand_claims),
//      through confusable folding.
//   3. Do its identities imitate a brand domain? From, Reply-To, MAIL FROM,
//      HELO, DKIM d=, Message-ID and every link host (lookalike engine);
//      does a link show a brand domain and go elsewhere?
//   4. What does it ask for? Secrets the brand never asks for, breach and
//      suspension pretexts, order bait, callback numbers, extortion
//      (content_signals), scored when the message impersonates a brand;
//      secret requests and extortion also without a brand.
//
// Runs after the authentication check (it reads Message::auth()). Clients
// that skipped authentication (trusted networks, SMTP AUTH) are not judged
// unless brands.check_trusted is set.
#pragma once

#include <memory>

#include "brand/brand_registry.hpp"
#include "pipeline/check.hpp"

namespace brandguard::policy::brand {

class BrandCheckFactory final : public CheckFactory {
 public:
  explicit BrandCheckFactory(std::shared_ptr<const BrandRegistry> registry) : registry_(std::move(registry)) {}
  std::string_view name() const noexcept override { return "brand"; }
  std::unique_ptr<Check> create() const override;
  std::vector<std::string> symbol_names() const override;
  const BrandRegistry& registry() const noexcept { return *registry_; }

 private:
  std::shared_ptr<const BrandRegistry> registry_;
};

}  // namespace brandguard::policy::brand
