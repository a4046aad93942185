// BrandProfile: one brand as the admin configured it (brands/<id>.yaml):
// the names that claim it, the domains it owns and sends from, the third
// parties that send for it, where its links go, its phone numbers, what it
// never asks for, and how its order numbers look.
//
// Plain data, validated by config/ and compiled into a BrandRegistry; never
// modified after the Snapshot is built.
#pragma once

#include <string>
#include <vector>

namespace brandguard::policy::brand {

// Secrets a brand never asks for by mail; a request for one of these in mail
// that claims the brand is phishing whatever else the message looks like.
enum class Secret { recovery_phrase, private_key, pin, password, remote_access };

struct AuthorizedSender {
  std::string domain;  // normalized; credited by DKIM pass (d=) or SPF pass for it
  std::string note;    // for humans: who they are
};

struct BrandProfile {
  std::string id;     // "ledger": lowercase, used in symbols' evidence and logs
  std::string name;   // "Ledger": for humans
  std::vector<std::string> names;     // words that claim the brand ("Ledger Live")
  std::vector<std::string> keywords;  // brand words sought inside domains ("ledger")
  std::vector<std::string> official_domains;  // normalized A-labels
  std::vector<AuthorizedSender> authorized_senders;
  std::vector<std::string> link_hosts;     // normalized; subdomains included
  std::vector<std::string> phone_numbers;  // E.164; empty: the brand never calls
  std::vector<Secret> never_asks;
  std::vector<std::string> order_numbers;  // Hyperscan regexes
};

}  // namespace brandguard::policy::brand
