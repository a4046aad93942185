// BrandRegistry: every configured brand compiled for matching: the brand
// profiles, the lookalike engine with each official domain's variants
// precomputed, the multilingual content scanner (Hyperscan) and the
// scores. Built once per Snapshot by config/, then immutable and shared by
// every connection; nothing in it is written on the mail path.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <tl/expected.hpp>

#include "brand/brand_profile.hpp"
#include "brand/brand_symbols.hpp"
#include "brand/content_signals.hpp"
#include "brand/first_seen_store.hpp"
#include "brand/lookalike.hpp"

namespace brandguard::policy::brand {

// A known phishing campaign, by the fingerprint of its text
// (`brandguard fingerprint FILE.eml` prints it).
struct CampaignTemplate {
  std::string name;
  std::uint64_t fingerprint = 0;
};

struct BrandSettings {
  std::vector<BrandProfile> brands;
  std::vector<std::string> free_hosting_suffixes;  // empty: kDefaultFreeHostingSuffixes
  BrandScores scores;
  // Check clients that skipped authentication (trusted networks, SMTP AUTH)?
  // Off by default: their mail is the organization's own.
  bool check_trusted = false;
  // Registrable domains from a newly-registered-domain feed (normalized).
  std::unordered_set<std::string> newly_registered;
  std::vector<CampaignTemplate> templates;
  unsigned template_max_distance = 6;  // differing bits of 64 still counted as the template
  // Local first-seen store (null: none). Shared with later snapshots of
  // the same file; the only part of the registry written on the mail
  // path, lock-free (first_seen_store.hpp).
  std::shared_ptr<FirstSeenStore> first_seen;
  unsigned new_for_days = 3;  // a domain first seen this many days ago or less is new
};

class BrandRegistry {
 public:
  // An error names the brand and the entry at fault.
  static tl::expected<std::shared_ptr<const BrandRegistry>, std::string> create(BrandSettings settings);

  const std::vector<BrandProfile>& brands() const noexcept { return settings_.brands; }
  const BrandProfile* find(std::string_view id) const noexcept;
  const BrandSettings& settings() const noexcept { return settings_; }
  const BrandScores& scores() const noexcept { return settings_.scores; }
  const LookalikeEngine& lookalikes() const noexcept { return *lookalikes_; }
  const ContentSignalScanner& content() const noexcept { return *content_; }

 private:
  BrandRegistry() = default;
  BrandSettings settings_;
  std::shared_ptr<const LookalikeEngine> lookalikes_;
  std::shared_ptr<const ContentSignalScanner> content_;
};

}  // namespace brandguard::policy::brand
