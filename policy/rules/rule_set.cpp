#include "rules/rule_set.hpp"

#include <array>

#include <fmt/format.h>

#include "message/ascii.hpp"
#include "message/header.hpp"
#include "message/mime_text.hpp"
#include "message/url.hpp"

namespace brandguard::policy::rules {

namespace {

constexpr std::array<std::pair<Field, std::string_view>, 9> kFieldNames{{
    {Field::subject, "subject"},
    {Field::body_text, "body.text"},
    {Field::display_name, "display_name"},
    {Field::from_address, "from.address"},
    {Field::link_url, "link.url"},
    {Field::link_text, "link.text"},
    {Field::link_host, "link.host"},
    {Field::mail_from, "mail_from"},
    {Field::helo, "helo"},
}};

class RuleSetCheck final : public Check {
 public:
  explicit RuleSetCheck(const RuleSetFactory& factory) : factory_(factory), fired_(factory.rules().size(), false) {}

  void on_end_of_message(MessageContext& ctx) override {
    for (const auto& m : factory_.matchers()) {
      for (const std::string& text : texts(ctx, m)) scan(ctx, m, text);
    }
  }

  void on_message_reset() override { fired_.assign(fired_.size(), false); }

 private:
  std::vector<std::string> texts(MessageContext& ctx, const RuleSetFactory::FieldMatcher& m) {
    std::vector<std::string> out;
    switch (m.field) {
      case Field::header:
        for (const auto& h : ctx.message.headers()) {
          if (iequals(h.name, m.header)) out.push_back(make_valid_utf8(h.value()));
        }
        break;
      case Field::subject: out.push_back(ctx.content.mime().subject); break;
      case Field::body_text: out.push_back(ctx.content.mime().all_text()); break;
      case Field::display_name: out.push_back(ctx.content.mime().from_display); break;
      case Field::from_address: out.push_back(ctx.content.mime().from_address); break;
      case Field::link_url:
        for (const auto& l : ctx.content.mime().links) out.push_back(l.href);
        break;
      case Field::link_text:
        for (const auto& l : ctx.content.mime().links) out.push_back(l.text);
        break;
      case Field::link_host:
        for (const auto& l : ctx.content.mime().links) out.push_back(url_host(l.href));
        break;
      case Field::mail_from: out.push_back(make_valid_utf8(ctx.message.envelope().mail_from)); break;
      case Field::helo: out.push_back(make_valid_utf8(ctx.connection.helo)); break;
    }
    return out;
  }

  void scan(MessageContext& ctx, const RuleSetFactory::FieldMatcher& m, const std::string& text) {
    std::vector<unsigned> ids;
    if (!m.patterns->scan(text, ids)) {
      if (!ctx.result.has("RULES_SCAN_FAILED")) ctx.result.add("RULES_SCAN_FAILED", 0.0, field_name(m.field, m.header));
      return;
    }
    for (unsigned id : ids) {
      const auto& [rule_index, pattern] = m.patterns_by_id.at(id);
      if (fired_[rule_index]) continue;
      fired_[rule_index] = true;
      const RuleSpec& rule = factory_.rules()[rule_index];
      ctx.result.add(rule.symbol, rule.monitor ? 0.0 : rule.score,
                     fmt::format("{} matches \"{}\"{}", field_name(rule.field, rule.header), pattern,
                                 rule.monitor ? " (monitor)" : ""));
    }
  }

  const RuleSetFactory& factory_;  // owned by the pinned Snapshot
  std::vector<bool> fired_;
};

}  // namespace

std::optional<std::pair<Field, std::string>> parse_field(std::string_view text) {
  if (text.rfind("header:", 0) == 0) return std::make_pair(Field::header, std::string(text.substr(7)));
  for (const auto& [field, name] : kFieldNames) {
    if (name == text) return std::make_pair(field, std::string());
  }
  return std::nullopt;
}

std::string field_name(Field field, std::string_view header) {
  if (field == Field::header) return std::string(header);
  for (const auto& [f, name] : kFieldNames) {
    if (f == field) return std::string(name);
  }
  return "?";
}

tl::expected<std::unique_ptr<RuleSetFactory>, std::string> RuleSetFactory::create(std::vector<RuleSpec> rules) {
  std::unique_ptr<RuleSetFactory> factory(new RuleSetFactory());
  factory->rules_ = std::move(rules);
  // One matcher per distinct field (header fields by name).
  std::map<std::string, std::vector<PatternSpec>> specs;
  std::map<std::string, FieldMatcher> matchers;
  for (std::size_t i = 0; i < factory->rules_.size(); ++i) {
    const RuleSpec& rule = factory->rules_[i];
    const std::string key = rule.field == Field::header ? "header:" + ascii_lower(rule.header) : field_name(rule.field);
    auto& matcher = matchers[key];
    matcher.field = rule.field;
    matcher.header = ascii_lower(rule.header);
    const auto add = [&](const std::string& expression, bool literal) {
      const auto id = static_cast<unsigned>(matcher.patterns_by_id.size());
      matcher.patterns_by_id.emplace_back(i, expression);
      specs[key].push_back(PatternSpec{expression, literal, id});
    };
    for (const auto& l : rule.literals) add(l, true);
    for (const auto& r : rule.regexes) add(r, false);
  }
  for (auto& [key, matcher] : matchers) {
    auto compiled = PatternSet::compile(specs[key]);
    if (!compiled) {
      // Name the rule: the pattern index maps back through patterns_by_id.
      return tl::unexpected(fmt::format("field {}: {}", key, compiled.error()));
    }
    matcher.patterns = std::move(*compiled);
    factory->matchers_.push_back(std::move(matcher));
  }
  return factory;
}

std::unique_ptr<Check> RuleSetFactory::create() const { return std::make_unique<RuleSetCheck>(*this); }

}  // namespace brandguard::policy::rules
