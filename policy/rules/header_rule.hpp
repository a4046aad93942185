// HeaderRule: the simplest admin rule. If a named header field contains
// one of a list of literal phrases (ASCII case-insensitive), emit a symbol
// with the rule's score.
//
// It exists to prove the path from config to milter action end to end and
// stays useful for site-specific tagging (e.g. a gateway's spam header).
// Matching is a linear literal search: no regex engine touches mail here.
// Each rule fires at most once per message, on the first matching field.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "pipeline/check.hpp"

namespace brandguard::policy::rules {

struct HeaderRuleSpec {
  std::string symbol;
  std::string header;                 // field name, case-insensitive
  std::vector<std::string> contains;  // literal phrases; any one matches
  double score = 0.0;
};

// One factory for all header rules of a snapshot: a single Check per
// connection walks the rules for each header field.
class HeaderRulesFactory final : public CheckFactory {
 public:
  explicit HeaderRulesFactory(std::vector<HeaderRuleSpec> rules) : rules_(std::move(rules)) {}
  std::string_view name() const noexcept override { return "header_rules"; }
  std::unique_ptr<Check> create() const override;
  const std::vector<HeaderRuleSpec>& rules() const noexcept { return rules_; }

 private:
  std::vector<HeaderRuleSpec> rules_;
};

}  // namespace brandguard::policy::rules
