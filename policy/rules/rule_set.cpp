#include "rules/rule_set.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "brand/brand_registry.hpp"
#include "message/ascii.hpp"
#include "message/header.hpp"
#include "message/mime_text.hpp"
#include "message/url.hpp"

namespace brandguard::policy::rules {

namespace {

constexpr std::array<std::pair<Field, std::string_view>, 13> kFieldNames{{
    {Field::subject, "subject"},
    {Field::body_text, "body.text"},
    {Field::display_name, "display_name"},
    {Field::from_address, "from.address"},
    {Field::from_domain, "from.domain"},
    {Field::link_url, "link.url"},
    {Field::link_text, "link.text"},
    {Field::link_host, "link.host"},
    {Field::mail_from, "mail_from"},
    {Field::rcpt, "rcpt"},
    {Field::helo, "helo"},
    {Field::client_ip, "client.ip"},
    {Field::client_name, "client.name"},
}};

// Domains nest at most this deep (253 bytes, 2-byte labels).
constexpr std::size_t kMaxLabels = 127;

std::string domain_of_address(std::string_view address) { return std::string(address_domain(address)); }

// The value as a list entry sees it: lowercase, no trailing dot.
std::string list_key(std::string_view value) {
  std::string key = ascii_lower(value);
  while (!key.empty() && key.back() == '.') key.pop_back();
  return key;
}

// A domain is listed if it or a parent domain is; an address if it is, or
// its domain is; any other value if it is, whole.
std::optional<std::string> listed(const ListEntries& list, Field field, std::string_view value) {
  std::string key = list_key(value);
  if (key.empty()) return std::nullopt;
  if (list.count(key) > 0) return key;
  std::string domain;
  if (field == Field::from_address || field == Field::mail_from || field == Field::rcpt) {
    domain = domain_of_address(key);
  } else if (is_host_field(field) || field == Field::client_name) {
    domain = key;
  } else {
    return std::nullopt;
  }
  std::string_view d = domain;
  for (std::size_t i = 0; i < kMaxLabels && !d.empty(); ++i) {
    if (list.count(std::string(d)) > 0) return std::string(d);
    const auto dot = d.find('.');
    if (dot == std::string_view::npos) break;
    d.remove_prefix(dot + 1);
  }
  return std::nullopt;
}

class RuleSetCheck final : public Check {
 public:
  explicit RuleSetCheck(const RuleSetFactory& factory) : factory_(factory), fired_(factory.rules().size(), false) {}

  void on_end_of_message(MessageContext& ctx) override {
    for (const auto& m : factory_.matchers()) {
      for (const std::string& text : texts(ctx, m.field, m.header)) scan(ctx, m, text);
    }
    const auto& rules = factory_.rules();
    for (std::size_t i = 0; i < rules.size(); ++i) {
      if (!rules[i].lookalike_of.empty() || rules[i].list) match_values(ctx, i);
    }
    for (std::size_t i = 0; i < rules.size(); ++i) {
      if (rules[i].composite) match_composite(ctx, i);
    }
  }

  void on_message_reset() override { fired_.assign(fired_.size(), false); }

 private:
  void fire(MessageContext& ctx, std::size_t index, const std::string& evidence) {
    if (fired_[index]) return;
    fired_[index] = true;
    const RuleSpec& rule = factory_.rules()[index];
    ctx.result.add(rule.symbol, rule.monitor ? 0.0 : rule.score, rule.monitor ? evidence + " (monitor)" : evidence);
  }

  // lookalike_of and list_file: whole values, not patterns.
  void match_values(MessageContext& ctx, std::size_t index) {
    const RuleSpec& rule = factory_.rules()[index];
    const std::string field = field_name(rule.field, rule.header);
    for (const std::string& value : texts(ctx, rule.field, rule.header)) {
      if (fired_[index]) return;
      if (rule.list) {
        if (const auto entry = listed(*rule.list, rule.field, value)) {
          fire(ctx, index, fmt::format("{} {} is in {}", field, *entry, rule.list_name));
          continue;
        }
      }
      if (!rule.lookalike_of.empty() && factory_.brands() != nullptr) {
        const std::string host = rule.field == Field::mail_from ? domain_of_address(value) : value;
        if (host.empty()) continue;
        const auto m = factory_.brands()->lookalikes().classify(host);
        if (m.kind == brand::LookalikeKind::none || m.kind == brand::LookalikeKind::official) continue;
        const bool wanted = std::find(rule.lookalike_of.begin(), rule.lookalike_of.end(), "any") != rule.lookalike_of.end() ||
                            std::find(rule.lookalike_of.begin(), rule.lookalike_of.end(), m.brand_id) != rule.lookalike_of.end();
        if (wanted) fire(ctx, index, fmt::format("{}: {}", field, m.evidence));
      }
    }
  }

  void match_composite(MessageContext& ctx, std::size_t index) {
    const RuleSpec& rule = factory_.rules()[index];
    const auto has = [&](const std::string& s) { return ctx.result.has(s); };
    if (!std::all_of(rule.all_of.begin(), rule.all_of.end(), has)) return;
    if (!rule.any_of.empty() && !std::any_of(rule.any_of.begin(), rule.any_of.end(), has)) return;
    if (std::any_of(rule.none_of.begin(), rule.none_of.end(), has)) return;
    std::string present;
    for (const auto* list : {&rule.all_of, &rule.any_of}) {
      for (const auto& s : *list) {
        if (!has(s)) continue;
        if (!present.empty()) present += ", ";
        present += s;
      }
    }
    fire(ctx, index, present.empty() ? std::string("composite") : "composite of " + present);
  }

  std::vector<std::string> texts(MessageContext& ctx, Field field, const std::string& header) {
    std::vector<std::string> out;
    switch (field) {
      case Field::header:
        for (const auto& h : ctx.message.headers()) {
          if (iequals(h.name, header)) out.push_back(make_valid_utf8(h.value()));
        }
        break;
      case Field::subject: out.push_back(ctx.content.mime().subject); break;
      case Field::body_text: out.push_back(ctx.content.mime().all_text()); break;
      case Field::display_name: out.push_back(ctx.content.mime().from_display); break;
      case Field::from_address: out.push_back(ctx.content.mime().from_address); break;
      case Field::from_domain: out.push_back(domain_of_address(ctx.content.mime().from_address)); break;
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
      case Field::rcpt:
        for (const auto& r : ctx.message.envelope().rcpt) out.push_back(make_valid_utf8(r));
        break;
      case Field::helo: out.push_back(make_valid_utf8(ctx.connection.helo)); break;
      case Field::client_ip: out.push_back(make_valid_utf8(ctx.connection.client_ip)); break;
      case Field::client_name: out.push_back(make_valid_utf8(ctx.connection.client_name)); break;
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
      const RuleSpec& rule = factory_.rules()[rule_index];
      fire(ctx, rule_index, fmt::format("{} matches \"{}\"", field_name(rule.field, rule.header), pattern));
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

bool is_host_field(Field field) noexcept {
  return field == Field::from_domain || field == Field::link_host || field == Field::mail_from || field == Field::helo ||
         field == Field::client_name;
}

std::string field_name(Field field, std::string_view header) {
  if (field == Field::header) return std::string(header);
  for (const auto& [f, name] : kFieldNames) {
    if (f == field) return std::string(name);
  }
  return "?";
}

tl::expected<std::unique_ptr<RuleSetFactory>, std::string> RuleSetFactory::create(
    std::vector<RuleSpec> rules, std::shared_ptr<const brand::BrandRegistry> brands) {
  std::unique_ptr<RuleSetFactory> factory(new RuleSetFactory());
  factory->rules_ = std::move(rules);
  factory->brands_ = std::move(brands);
  for (const RuleSpec& rule : factory->rules_) {
    if (rule.lookalike_of.empty()) continue;
    if (!factory->brands_) {
      return tl::unexpected(fmt::format("rule {}: lookalike_of needs the brand engine (brands enabled, a brand file)", rule.symbol));
    }
    for (const auto& id : rule.lookalike_of) {
      if (id != "any" && factory->brands_->find(id) == nullptr) {
        return tl::unexpected(fmt::format("rule {}: lookalike_of names brand \"{}\", which is not configured", rule.symbol, id));
      }
    }
  }
  // One matcher per distinct field (header fields by name).
  std::map<std::string, std::vector<PatternSpec>> specs;
  std::map<std::string, FieldMatcher> matchers;
  for (std::size_t i = 0; i < factory->rules_.size(); ++i) {
    const RuleSpec& rule = factory->rules_[i];
    if (rule.literals.empty() && rule.regexes.empty()) continue;  // composite, lookalike_of or list_file only
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

std::vector<std::string> RuleSetFactory::symbol_names() const {
  std::vector<std::string> names{"RULES_SCAN_FAILED"};
  for (const auto& rule : rules_) names.push_back(rule.symbol);
  return names;
}

}  // namespace brandguard::policy::rules
