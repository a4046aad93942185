#include "rules/header_rule.hpp"

#include <fmt/format.h>

#include "message/header.hpp"

namespace brandguard::policy::rules {

namespace {

class HeaderRulesCheck final : public Check {
 public:
  explicit HeaderRulesCheck(const std::vector<HeaderRuleSpec>& rules)
      : rules_(rules), fired_(rules.size(), false) {}

  void on_header(MessageContext& ctx, const Header& header) override {
    for (std::size_t i = 0; i < rules_.size(); ++i) {
      const HeaderRuleSpec& rule = rules_[i];
      if (fired_[i] || !iequals(rule.header, header.name)) continue;
      for (const auto& phrase : rule.contains) {
        if (icontains(header.value(), phrase)) {
          fired_[i] = true;
          ctx.result.add(rule.symbol, rule.score, fmt::format("{} contains \"{}\"", rule.header, phrase));
          break;
        }
      }
    }
  }

  void on_message_reset() override { fired_.assign(fired_.size(), false); }

 private:
  const std::vector<HeaderRuleSpec>& rules_;  // owned by the pinned Snapshot
  std::vector<bool> fired_;
};

}  // namespace

std::unique_ptr<Check> HeaderRulesFactory::create() const {
  return std::make_unique<HeaderRulesCheck>(rules_);
}

}  // namespace brandguard::policy::rules
