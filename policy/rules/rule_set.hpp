// Admin rules: a field of the message x a matcher x a score.
//
//   fields   header:NAME, subject (decoded), body.text (all text parts, HTML
//            rendered), display_name (decoded From name), from.address,
//            link.url, link.text, link.host, mail_from, helo
//   matchers literal phrases and Hyperscan regexes (caseless, UTF-8)
//
// At config load every field's patterns are compiled into one PatternSet
// (RuleSetFactory, shared by all connections). At end of message each
// field with rules is scanned once; each rule fires at most once per
// message, with the field and the pattern as evidence. Rules in monitor
// mode are reported with score 0 and a "(monitor)" note, so their hits show
// in logs and eval without changing verdicts.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "pipeline/check.hpp"
#include "rules/pattern_set.hpp"

namespace brandguard::policy::rules {

enum class Field { header, subject, body_text, display_name, from_address, link_url, link_text, link_host, mail_from, helo };

struct RuleSpec {
  std::string symbol;
  Field field = Field::header;
  std::string header;  // for Field::header: the field name
  std::vector<std::string> literals;
  std::vector<std::string> regexes;
  double score = 0.0;
  bool monitor = false;
};

// "header:X-Spam" -> {header, "X-Spam"}; nullopt for an unknown field.
std::optional<std::pair<Field, std::string>> parse_field(std::string_view text);
std::string field_name(Field field, std::string_view header = {});

class RuleSetFactory final : public CheckFactory {
 public:
  // Compiles every field's patterns; an error names the rule and pattern.
  static tl::expected<std::unique_ptr<RuleSetFactory>, std::string> create(std::vector<RuleSpec> rules);
  std::string_view name() const noexcept override { return "rules"; }
  std::unique_ptr<Check> create() const override;

  struct FieldMatcher {
    Field field;
    std::string header;  // lowercase, for Field::header
    std::shared_ptr<const PatternSet> patterns;
    // pattern id -> (rule index, pattern text)
    std::vector<std::pair<std::size_t, std::string>> patterns_by_id;
  };
  const std::vector<RuleSpec>& rules() const noexcept { return rules_; }
  const std::vector<FieldMatcher>& matchers() const noexcept { return matchers_; }

 private:
  RuleSetFactory() = default;
  std::vector<RuleSpec> rules_;
  std::vector<FieldMatcher> matchers_;
};

}  // namespace brandguard::policy::rules
