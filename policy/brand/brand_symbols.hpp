// The symbols the brand engine emits, with their default scores.
//
// Scores live in config (brands.scores overrides any of them), not in the
// detectors: the table below is only the shipped default, tuned on the
// golden fixtures and measured on public phishing and ham sets
// (docs/brand-engine.md has the figures).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace brandguard::policy::brand {

enum class BrandSymbol : std::size_t {
  authenticated,            // mail authenticated as the brand or an authorized sender (a credit)
  name_spoof,               // display name claims the brand; sender is not the brand
  name_obfuscated,          // the claim hides behind confusable or invisible characters
  official_unauthenticated, // From is the brand's own domain but authentication failed
  subject_claim,            // subject names the brand; sender is not the brand
  body_claim,               // body names the brand; sender is not the brand
  lookalike_from,           // From domain imitates a brand domain
  lookalike_reply_to,
  lookalike_mail_from,
  lookalike_helo,
  lookalike_dkim,           // a DKIM d= (passing or not) imitates a brand domain
  lookalike_message_id,
  lookalike_link,           // a link host imitates a brand domain or hides the brand on free hosting
  link_text_mismatch,       // link text shows a brand domain, the link goes elsewhere
  secret_request,           // asks for a recovery phrase / private key / PIN the brand never asks for
  security_pretext,         // breach / suspension / verification pretext in mail impersonating the brand
  order_bait,               // order number with a shipping, customs or refund pretext, claiming the brand
  callback_phone,           // a phone number to call that is not the brand's (or the brand never calls)
  extortion,                // crypto address with a threat or payment demand
  reply_to_foreign,         // Reply-To in another domain than From, in mail claiming the brand
  newly_registered_domain,  // From or link domain in the newly-registered-domain feed
  newly_seen_domain,        // From domain (or a link domain of mail claiming a brand) first seen in the last days
  template_match,           // text matches a known campaign template (fingerprint distance)
  count_
};

inline constexpr std::size_t kBrandSymbolCount = static_cast<std::size_t>(BrandSymbol::count_);

struct BrandSymbolInfo {
  BrandSymbol symbol;
  std::string_view name;
  double default_score;
};

inline constexpr std::array<BrandSymbolInfo, kBrandSymbolCount> kBrandSymbols{{
    {BrandSymbol::authenticated, "BRAND_AUTHENTICATED", -6.0},
    {BrandSymbol::name_spoof, "BRAND_NAME_SPOOF", 8.0},
    {BrandSymbol::name_obfuscated, "BRAND_NAME_OBFUSCATED", 4.0},
    {BrandSymbol::official_unauthenticated, "BRAND_OFFICIAL_UNAUTHENTICATED", 8.0},
    {BrandSymbol::subject_claim, "BRAND_SUBJECT_CLAIM", 2.0},
    {BrandSymbol::body_claim, "BRAND_BODY_CLAIM", 1.0},
    {BrandSymbol::lookalike_from, "LOOKALIKE_FROM", 9.0},
    {BrandSymbol::lookalike_reply_to, "LOOKALIKE_REPLY_TO", 6.0},
    {BrandSymbol::lookalike_mail_from, "LOOKALIKE_MAIL_FROM", 5.0},
    {BrandSymbol::lookalike_helo, "LOOKALIKE_HELO", 2.0},
    {BrandSymbol::lookalike_dkim, "LOOKALIKE_DKIM", 5.0},
    {BrandSymbol::lookalike_message_id, "LOOKALIKE_MESSAGE_ID", 2.0},
    {BrandSymbol::lookalike_link, "LOOKALIKE_LINK", 6.0},
    {BrandSymbol::link_text_mismatch, "LINK_TEXT_MISMATCH", 6.0},
    {BrandSymbol::secret_request, "SECRET_REQUEST", 8.0},
    {BrandSymbol::security_pretext, "BRAND_SECURITY_PRETEXT", 3.0},
    {BrandSymbol::order_bait, "ORDER_BAIT", 4.0},
    {BrandSymbol::callback_phone, "CALLBACK_PHONE", 5.0},
    {BrandSymbol::extortion, "EXTORTION", 12.0},
    {BrandSymbol::reply_to_foreign, "REPLY_TO_FOREIGN", 2.0},
    {BrandSymbol::newly_registered_domain, "NEWLY_REGISTERED_DOMAIN", 3.0},
    {BrandSymbol::newly_seen_domain, "NEWLY_SEEN_DOMAIN", 2.0},
    {BrandSymbol::template_match, "TEMPLATE_MATCH", 8.0},
}};

// Per-snapshot scores, indexed by BrandSymbol.
struct BrandScores {
  std::array<double, kBrandSymbolCount> values{};
  BrandScores() {
    for (const auto& info : kBrandSymbols) values[static_cast<std::size_t>(info.symbol)] = info.default_score;
  }
  double operator[](BrandSymbol s) const noexcept { return values[static_cast<std::size_t>(s)]; }
  double& operator[](BrandSymbol s) noexcept { return values[static_cast<std::size_t>(s)]; }
};

constexpr std::string_view symbol_name(BrandSymbol s) noexcept { return kBrandSymbols[static_cast<std::size_t>(s)].name; }

constexpr std::optional<BrandSymbol> brand_symbol_named(std::string_view name) noexcept {
  for (const auto& info : kBrandSymbols) {
    if (info.name == name) return info.symbol;
  }
  return std::nullopt;
}

}  // namespace brandguard::policy::brand
