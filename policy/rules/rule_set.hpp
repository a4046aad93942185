// Admin rules: a field of the message x a matcher x a score, and
// composites of symbols.
//
//   fields   header:NAME, subject (decoded), body.text (all text parts, HTML
//            rendered), display_name (decoded From name), from.address,
//            from.domain, link.url, link.text, link.host, mail_from, rcpt
//            (each recipient), helo, client.ip, client.name
//   matchers literal phrases and Hyperscan regexes (caseless, UTF-8);
//            lookalike_of: [brand ids or "any"] on host fields (the brand
//            engine's lookalike classification); list_file: a file of
//            entries (domains match themselves and their subdomains,
//            addresses exactly, anything else whole-value caseless)
//   composites  all / any / not of symbol names, evaluated after every
//            check and every field rule, in file order (a composite may use
//            an earlier composite)
//
// At config load every field's patterns are compiled into one PatternSet
// (RuleSetFactory, shared by all connections). At end of message each
// field with rules is scanned once; each rule fires at most once per
// message, with the field and the pattern as evidence. Rules in monitor
// mode are reported with score 0 and a "(monitor)" note, so their hits show
// in logs and eval without changing verdicts. The rules check runs last, so
// composites see the authentication and brand symbols.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include <tl/expected.hpp>

#include "pipeline/check.hpp"
#include "rules/pattern_set.hpp"

namespace brandguard::policy::brand {
class BrandRegistry;
}

namespace brandguard::policy::rules {

enum class Field {
  header, subject, body_text, display_name, from_address, from_domain, link_url, link_text, link_host,
  mail_from, rcpt, helo, client_ip, client_name,
};

// Fields whose values are host names (lookalike_of applies to them; for
// mail_from, the domain of the address).
bool is_host_field(Field field) noexcept;

// The entries of a list_file, lowercase.
using ListEntries = std::unordered_set<std::string>;

struct RuleSpec {
  std::string symbol;
  Field field = Field::header;
  std::string header;  // for Field::header: the field name
  std::vector<std::string> literals;
  std::vector<std::string> regexes;
  std::vector<std::string> lookalike_of;  // brand ids; "any": every configured brand
  std::string list_name;                  // the list_file as configured, for evidence
  std::shared_ptr<const ListEntries> list;
  // Composite rules have no field: they fire on other symbols.
  bool composite = false;
  std::vector<std::string> all_of, any_of, none_of;
  double score = 0.0;
  bool monitor = false;
};

// "header:X-Spam" -> {header, "X-Spam"}; nullopt for an unknown field.
std::optional<std::pair<Field, std::string>> parse_field(std::string_view text);
std::string field_name(Field field, std::string_view header = {});

class RuleSetFactory final : public CheckFactory {
 public:
  // Compiles every field's patterns; an error names the rule and pattern.
  // `brands` (may be null) serves lookalike_of; a lookalike_of rule
  // without it, or naming an unknown brand, is an error.
  static tl::expected<std::unique_ptr<RuleSetFactory>, std::string> create(
      std::vector<RuleSpec> rules, std::shared_ptr<const brand::BrandRegistry> brands = nullptr);
  std::string_view name() const noexcept override { return "rules"; }
  std::unique_ptr<Check> create() const override;
  std::vector<std::string> symbol_names() const override;

  struct FieldMatcher {
    Field field;
    std::string header;  // lowercase, for Field::header
    std::shared_ptr<const PatternSet> patterns;
    // pattern id -> (rule index, pattern text)
    std::vector<std::pair<std::size_t, std::string>> patterns_by_id;
  };
  const std::vector<RuleSpec>& rules() const noexcept { return rules_; }
  const std::vector<FieldMatcher>& matchers() const noexcept { return matchers_; }
  const brand::BrandRegistry* brands() const noexcept { return brands_.get(); }

 private:
  RuleSetFactory() = default;
  std::vector<RuleSpec> rules_;
  std::vector<FieldMatcher> matchers_;
  std::shared_ptr<const brand::BrandRegistry> brands_;
};

}  // namespace brandguard::policy::rules
