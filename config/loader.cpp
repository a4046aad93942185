// The config loader: YAML text -> validated Config with a compiled
// Snapshot. Sections are read by one function each; each function reads
// every key it knows and lets YamlMap report the rest.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "config.hpp"
#include "rules/header_rule.hpp"
#include "validate.hpp"
#include "yaml_map.hpp"

namespace brandguard::config {

namespace {

using policy::Action;

void read_milter(YamlMap& map, MilterSettings& out, policy::Snapshot& snapshot) {
  if (auto socket = map.string("socket")) {
    if (auto problem = validate_socket_spec(*socket)) {
      map.sink().add(map.take("socket"), map.path_of("socket"), *problem);
    } else {
      out.socket = *socket;
    }
  }
  if (auto mode = map.string("socket_mode")) {
    if (auto parsed = parse_file_mode(*mode)) {
      out.socket_mode = *parsed;
    } else {
      map.sink().add(map.take("socket_mode"), map.path_of("socket_mode"),
                     "expected an octal mode such as \"0660\"");
    }
  }
  if (auto group = map.string("socket_group")) out.socket_group = *group;
  if (auto timeout = map.integer("timeout", 1, 3600)) out.timeout_seconds = static_cast<int>(*timeout);
  if (auto size = map.integer("max_data_size", 65535, 16 * 1024 * 1024)) {
    out.max_data_size = static_cast<std::size_t>(*size);
  }
  if (auto on_error = map.string("on_error")) {
    auto action = policy::parse_action(*on_error);
    if (!action || (*action != Action::accept && *action != Action::tempfail && *action != Action::reject)) {
      map.sink().add(map.take("on_error"), map.path_of("on_error"),
                     fmt::format("\"{}\" is not one of accept, tempfail, reject", *on_error));
    } else {
      snapshot.on_error = *action;
    }
  }
  map.finish();
}

void read_logging(YamlMap& map, policy::log::Settings& out) {
  if (auto target = map.string("target")) {
    if (auto t = policy::log::parse_target(*target)) out.target = *t;
    else map.sink().add(map.take("target"), map.path_of("target"), "expected stderr, syslog or journald");
  }
  if (auto format = map.string("format")) {
    if (auto f = policy::log::parse_format(*format)) out.format = *f;
    else map.sink().add(map.take("format"), map.path_of("format"), "expected text or json");
  }
  if (auto level = map.string("level")) {
    if (auto l = policy::log::parse_level(*level)) out.level = *l;
    else map.sink().add(map.take("level"), map.path_of("level"), "expected debug, info, warning or error");
  }
  map.finish();
}

void read_limits(YamlMap& map, policy::Limits& out) {
  constexpr long long kMaxBytes = 64LL * 1024 * 1024;
  if (auto v = map.integer("max_headers", 1, 100000)) out.max_headers = static_cast<std::size_t>(*v);
  if (auto v = map.integer("max_header_bytes", 1024, kMaxBytes)) out.max_header_bytes = static_cast<std::size_t>(*v);
  if (auto v = map.integer("max_body_bytes", 0, kMaxBytes)) out.max_body_bytes = static_cast<std::size_t>(*v);
  if (auto v = map.integer("max_recipients", 1, 100000)) out.max_recipients = static_cast<std::size_t>(*v);
  map.finish();
}

void read_verdict(YamlMap& map, policy::Snapshot& snapshot) {
  {
    YamlMap thresholds(map.sink(), map.take("thresholds"), map.path_of("thresholds"));
    auto& t = snapshot.thresholds;
    if (auto v = thresholds.number("tag", -1e6, 1e6)) t.tag = *v;
    if (auto v = thresholds.number("quarantine", -1e6, 1e6)) t.quarantine = *v;
    if (auto v = thresholds.number("reject", -1e6, 1e6)) t.reject = *v;
    if (!(t.tag <= t.quarantine && t.quarantine <= t.reject)) {
      map.sink().add(thresholds.node(), thresholds.path_of(""),
                     fmt::format("thresholds must rise: tag {} <= quarantine {} <= reject {}", t.tag,
                                 t.quarantine, t.reject));
    }
    thresholds.finish();
  }
  auto& p = snapshot.presentation;
  if (auto header = map.string("header")) {
    if (!is_header_field_name(*header)) {
      map.sink().add(map.take("header"), map.path_of("header"), "not a valid header field name");
    } else {
      p.header_name = *header;
    }
  }
  const auto read_text = [&](std::string_view key, std::string& dest, bool may_be_empty) {
    if (auto text = map.string(key)) {
      if (auto problem = validate_reply_text(*text, may_be_empty)) {
        map.sink().add(map.take(key), map.path_of(key), *problem);
      } else {
        dest = *text;
      }
    }
  };
  read_text("subject_prefix", p.subject_prefix, true);
  read_text("reject_text", p.reject_text, false);
  read_text("tempfail_text", p.tempfail_text, false);
  map.finish();
}

// rules: a list of {symbol, field, literal, score}. Only `header:NAME`
// fields with literal lists exist so far; other fields and matchers are
// refused by name so a config written for a newer version fails loudly.
void read_rules(ErrorSink& sink, const YAML::Node& node, std::vector<policy::rules::HeaderRuleSpec>& out) {
  if (!node.IsDefined() || node.IsNull()) return;
  if (!node.IsSequence()) {
    sink.add(node, "rules", "expected a list of rules");
    return;
  }
  std::size_t index = 0;
  for (const auto& entry : node) {
    const YAML::Node item = entry;
    const std::string path = fmt::format("rules[{}]", index++);
    YamlMap rule(sink, item, path);
    policy::rules::HeaderRuleSpec spec;
    bool ok = true;
    if (auto symbol = rule.string("symbol"); symbol && is_symbol_name(*symbol)) {
      spec.symbol = *symbol;
      for (const auto& existing : out) {
        if (existing.symbol == spec.symbol) {
          sink.add(rule.take("symbol"), rule.path_of("symbol"), fmt::format("symbol {} is defined twice", spec.symbol));
          ok = false;
        }
      }
    } else {
      sink.add(symbol ? rule.take("symbol") : item, rule.path_of("symbol"),
               "required: upper-case letters, digits and _, at most 64 characters");
      ok = false;
    }
    if (auto field = rule.string("field"); field && field->rfind("header:", 0) == 0 &&
                                          is_header_field_name(field->substr(7))) {
      spec.header = field->substr(7);
    } else {
      sink.add(field ? rule.take("field") : item, rule.path_of("field"),
               "required: header:NAME (other fields are not supported by this version)");
      ok = false;
    }
    if (auto literal = rule.string_list("literal"); literal && !literal->empty()) {
      for (const auto& phrase : *literal) {
        if (phrase.empty() || phrase.size() > 1000) {
          sink.add(rule.take("literal"), rule.path_of("literal"), "phrases must be 1 to 1000 bytes long");
          ok = false;
        }
      }
      spec.contains = std::move(*literal);
    } else {
      sink.add(literal ? rule.take("literal") : item, rule.path_of("literal"), "required: a non-empty list of phrases");
      ok = false;
    }
    const bool has_score = rule.has("score");
    if (auto score = rule.number("score", -1000, 1000)) {
      spec.score = *score;
    } else {
      if (!has_score) sink.add(item, rule.path_of("score"), "required: a number in [-1000, 1000]");
      ok = false;
    }
    rule.take("description");  // free text for humans
    rule.finish();
    if (ok) out.push_back(std::move(spec));
  }
}

Config build(const YAML::Node& root, ErrorSink& sink, const std::string& text, const std::string& name) {
  Config config;
  auto snapshot = std::make_shared<policy::Snapshot>();
  snapshot->source = name;
  snapshot->version = content_version(text);

  YamlMap top(sink, root, "");
  {
    YamlMap m(sink, top.take("milter"), "milter");
    read_milter(m, config.milter, *snapshot);
  }
  {
    YamlMap m(sink, top.take("logging"), "logging");
    read_logging(m, config.logging);
  }
  {
    YamlMap m(sink, top.take("limits"), "limits");
    read_limits(m, snapshot->limits);
  }
  {
    YamlMap m(sink, top.take("verdict"), "verdict");
    read_verdict(m, *snapshot);
  }
  std::vector<policy::rules::HeaderRuleSpec> header_rules;
  read_rules(sink, top.take("rules"), header_rules);
  top.finish();

  if (!header_rules.empty()) {
    snapshot->checks.push_back(std::make_unique<policy::rules::HeaderRulesFactory>(std::move(header_rules)));
  }
  config.snapshot = std::move(snapshot);
  return config;
}

}  // namespace

tl::expected<Config, std::vector<ConfigError>> load_from_string(const std::string& text, const std::string& name) {
  ErrorSink sink(name);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    sink.add(e.mark, "", e.msg);
    return tl::unexpected(std::move(sink.errors()));
  }
  if (!root.IsMap()) {
    sink.add(root, "", "the configuration must be a mapping of sections (milter, logging, ...)");
    return tl::unexpected(std::move(sink.errors()));
  }
  Config config;
  try {
    config = build(root, sink, text, name);
  } catch (const YAML::Exception& e) {
    sink.add(e.mark, "", e.msg);
  }
  if (!sink.errors().empty()) return tl::unexpected(std::move(sink.errors()));
  return config;
}

tl::expected<Config, std::vector<ConfigError>> load(const std::filesystem::path& file) {
  const std::string name = file.string();
  const auto fail = [&](std::string message) {
    return tl::unexpected(std::vector<ConfigError>{ConfigError{name, 0, 0, "", std::move(message)}});
  };
  struct stat st {};
  if (::stat(name.c_str(), &st) != 0) return fail(fmt::format("cannot read: {}", std::strerror(errno)));
  if (!S_ISREG(st.st_mode)) return fail("not a regular file");
  if ((st.st_mode & S_IWOTH) != 0) return fail("refused: the file is world-writable");
  if (static_cast<std::size_t>(st.st_size) > kMaxConfigFileBytes) {
    return fail(fmt::format("refused: larger than {} bytes", kMaxConfigFileBytes));
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(fmt::format("cannot open: {}", std::strerror(errno)));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (!in && !in.eof()) return fail("read error");
  std::string text = buffer.str();
  if (text.size() > kMaxConfigFileBytes) return fail(fmt::format("refused: larger than {} bytes", kMaxConfigFileBytes));
  return load_from_string(text, name);
}

}  // namespace brandguard::config
