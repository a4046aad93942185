// The config loader: YAML text -> validated Config with a compiled
// Snapshot. Sections are read by one function each; each function reads
// every key it knows and lets YamlMap report the rest.
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>

#include <unistd.h>

#include <fmt/format.h>

#include "config.hpp"
#include "config_files.hpp"
#include "auth/auth_check.hpp"
#include "brand/brand_check.hpp"
#include "brand_config.hpp"
#include "dns/resolver.hpp"
#include "message/ascii.hpp"
#include "net/ip_network.hpp"
#include "rules/rule_set.hpp"
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

// list_file bounds: large enough for a blocklist of a few hundred thousand
// domains, small enough that a wrong path (a disk image) is refused.
constexpr std::size_t kMaxListFileBytes = 64 * 1024 * 1024;
constexpr std::size_t kMaxListEntries = 1'000'000;

// A list_file: one entry per line, '#' comments, blank lines ignored,
// lowercased. Relative paths are relative to the file naming them.
std::shared_ptr<const policy::rules::ListEntries> read_list_file(ErrorSink& sink, const YAML::Node& node,
                                                                 const std::string& key_path,
                                                                 const std::filesystem::path& path,
                                                                 std::string& version_material) {
  std::string error;
  const std::string text = read_config_file(path, kMaxListFileBytes, error);
  if (!error.empty()) {
    sink.add(node, key_path, error);
    return nullptr;
  }
  version_material += path.string();
  version_material += text;
  auto entries = std::make_shared<policy::rules::ListEntries>();
  bool too_many = false;
  for_each_list_entry(text, [&](std::size_t, std::string_view line) {
    if (entries->size() >= kMaxListEntries) {
      too_many = true;
      return false;
    }
    std::string entry = policy::ascii_lower(line);
    while (!entry.empty() && entry.back() == '.') entry.pop_back();
    if (!entry.empty()) entries->insert(std::move(entry));
    return true;
  });
  if (too_many) {
    sink.add(node, key_path, fmt::format("{}: more than {} entries", path.string(), kMaxListEntries));
    return nullptr;
  }
  return entries;
}

// Composite keys: all / any / not, lists of symbol names.
bool read_composite(ErrorSink& sink, YamlMap& rule, policy::rules::RuleSpec& spec) {
  bool ok = true;
  const auto read = [&](std::string_view key, std::vector<std::string>& out) {
    if (auto list = rule.string_list(key)) {
      for (auto& s : *list) {
        if (!is_symbol_name(s)) {
          sink.add(rule.take(key), rule.path_of(key), fmt::format("\"{}\" is not a symbol name", s));
          ok = false;
        }
      }
      out = std::move(*list);
    }
  };
  read("all", spec.all_of);
  read("any", spec.any_of);
  read("not", spec.none_of);
  spec.composite = rule.has("all") || rule.has("any") || rule.has("not");
  if (spec.composite && spec.all_of.empty() && spec.any_of.empty()) {
    sink.add(rule.node(), rule.path_of("all"), "a composite needs symbols in all or any");
    ok = false;
  }
  return ok;
}

// rules: a list of {symbol, field, matcher, score, monitor} or
// {symbol, all/any/not, score, monitor}. Each regex is compiled on its own
// here so that an error points at its rule; the rule set is compiled as a
// whole once all rules are read.
void read_rules(ErrorSink& sink, const YAML::Node& node, const std::filesystem::path& base_dir,
                std::vector<policy::rules::RuleSpec>& out, std::string& version_material) {
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
    policy::rules::RuleSpec spec;
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
    ok &= read_composite(sink, rule, spec);
    const auto field = rule.string("field");
    const auto parsed = field ? policy::rules::parse_field(*field) : std::nullopt;
    if (spec.composite) {
      if (field) {
        sink.add(rule.take("field"), rule.path_of("field"), "a composite (all/any/not) has no field");
        ok = false;
      }
    } else if (parsed && (parsed->first != policy::rules::Field::header || is_header_field_name(parsed->second))) {
      spec.field = parsed->first;
      spec.header = parsed->second;
    } else {
      sink.add(field ? rule.take("field") : item, rule.path_of("field"),
               "required: header:NAME, subject, body.text, display_name, from.address, from.domain, link.url, "
               "link.text, link.host, mail_from, rcpt, helo, client.ip or client.name (or all/any/not)");
      ok = false;
    }
    if (auto brands = rule.string_list("lookalike_of")) {
      if (brands->empty()) {
        sink.add(rule.take("lookalike_of"), rule.path_of("lookalike_of"), "list brand ids, or any");
        ok = false;
      } else if (parsed && !policy::rules::is_host_field(parsed->first)) {
        sink.add(rule.take("lookalike_of"), rule.path_of("lookalike_of"),
                 "applies to host fields only: from.domain, link.host, mail_from, helo, client.name");
        ok = false;
      }
      spec.lookalike_of = std::move(*brands);
    }
    if (auto list = rule.string("list_file")) {
      std::filesystem::path file(*list);
      if (file.is_relative()) file = base_dir / file;
      spec.list_name = *list;
      spec.list = read_list_file(sink, rule.take("list_file"), rule.path_of("list_file"), file, version_material);
      if (!spec.list) ok = false;
    }
    const auto phrases_ok = [&](std::string_view key, const std::vector<std::string>& list) {
      for (const auto& phrase : list) {
        if (phrase.empty() || phrase.size() > 1000) {
          sink.add(rule.take(key), rule.path_of(key), "entries must be 1 to 1000 bytes long");
          return false;
        }
      }
      return true;
    };
    if (auto literal = rule.string_list("literal")) {
      ok &= phrases_ok("literal", *literal);
      spec.literals = std::move(*literal);
    }
    if (auto regex = rule.string_list("regex")) {
      ok &= phrases_ok("regex", *regex);
      for (std::size_t r = 0; r < regex->size(); ++r) {
        auto compiled = policy::rules::PatternSet::compile({{(*regex)[r], false, 0}});
        if (!compiled) {
          sink.add(rule.take("regex")[r], fmt::format("{}[{}]", rule.path_of("regex"), r),
                   fmt::format("does not compile: {}", compiled.error().substr(compiled.error().find(':') + 2)));
          ok = false;
        }
      }
      spec.regexes = std::move(*regex);
    }
    const bool matcher = !spec.literals.empty() || !spec.regexes.empty() || !spec.lookalike_of.empty() || spec.list;
    if (spec.composite && (matcher || rule.has("literal") || rule.has("regex"))) {
      sink.add(item, rule.path_of("all"), "a composite (all/any/not) has no matcher");
      ok = false;
    } else if (!spec.composite && !matcher && !rule.has("list_file") && !rule.has("lookalike_of")) {
      sink.add(item, rule.path_of("literal"), "required: literal, regex, lookalike_of or list_file");
      ok = false;
    }
    const bool has_score = rule.has("score");
    if (auto score = rule.number("score", -1000, 1000)) {
      spec.score = *score;
    } else {
      if (!has_score) sink.add(item, rule.path_of("score"), "required: a number in [-1000, 1000]");
      ok = false;
    }
    if (auto v = rule.take("monitor"); v.IsDefined()) {
      if (!v.IsScalar() || !YAML::convert<bool>::decode(v, spec.monitor)) {
        sink.add(v, rule.path_of("monitor"), "expected true or false");
        ok = false;
      }
    }
    rule.take("description");  // free text for humans
    rule.finish();
    if (ok) out.push_back(std::move(spec));
  }
}

// include_rules: glob patterns (relative to the config file) of YAML files
// that each hold a list of rules, in the rspamd local.d spirit: shipped rule
// files and local ones side by side, admins never edit the shipped ones.
// Errors inside an included file name that file and line.
void read_rule_files(YamlMap& top, const std::vector<std::string>& patterns, const std::filesystem::path& base_dir,
                     std::vector<policy::rules::RuleSpec>& rules, std::string& version_material) {
  for_each_config_file(
      patterns, base_dir, top.sink(), version_material,
      [&](const std::string& glob_error) { top.sink().add(top.take("include_rules"), "include_rules", glob_error); },
      [&](const std::filesystem::path& path, const YAML::Node& root, ErrorSink& file_sink) {
        read_rules(file_sink, root, path.parent_path(), rules, version_material);
      });
}

struct DnsSection {
  policy::dns::ResolverSettings resolver;
  std::size_t max_lookups_per_message = 50;
};

void read_dns(YamlMap& map, DnsSection& out, const std::filesystem::path& base_dir) {
  auto& r = out.resolver;
  if (auto mode = map.string("mode")) {
    if (*mode == "system") r.mode = policy::dns::Mode::system;
    else if (*mode == "recursive") r.mode = policy::dns::Mode::recursive;
    else if (*mode == "forward") r.mode = policy::dns::Mode::forward;
    else if (*mode == "zonefile") r.mode = policy::dns::Mode::zonefile;
    else map.sink().add(map.take("mode"), map.path_of("mode"), "expected system, recursive, forward or zonefile");
  }
  if (auto forwarders = map.string_list("forwarders")) r.forwarders = *forwarders;
  if (auto zones = map.string_list("passthrough_zones")) r.passthrough_zones = *zones;
  if (auto ms = map.integer("timeout_ms", 50, 60000)) r.timeout = std::chrono::milliseconds(*ms);
  if (auto n = map.integer("max_lookups_per_message", 1, 1000)) out.max_lookups_per_message = static_cast<std::size_t>(*n);
  if (auto zone = map.string("zone_file")) {
    std::filesystem::path path(*zone);
    if (path.is_relative()) path = base_dir / path;
    std::string error;
    const std::string text = read_config_file(path, kMaxConfigFileBytes * 16, error);  // zone files may be large
    if (!error.empty()) {
      map.sink().add(map.take("zone_file"), map.path_of("zone_file"), error);
    } else if (auto records = policy::dns::read_zone_text(text, path.string()); !records) {
      map.sink().add(map.take("zone_file"), map.path_of("zone_file"), records.error());
    } else {
      r.records = std::move(*records);
    }
  } 
  if (r.mode == policy::dns::Mode::forward && r.forwarders.empty()) {
    map.sink().add(map.node(), map.path_of("forwarders"), "forward mode needs at least one forwarder");
  }
  if (r.mode != policy::dns::Mode::zonefile && !r.records.empty()) {
    map.sink().add(map.take("zone_file"), map.path_of("zone_file"), "a zone file is only used in zonefile mode");
  }
  map.finish();
}

std::string host_name() {
  char buffer[256] = {};
  if (::gethostname(buffer, sizeof buffer - 1) != 0 || buffer[0] == '\0') return "localhost";
  return buffer;
}

std::optional<policy::Action> read_action(YamlMap& map, std::string_view key,
                                          std::initializer_list<std::string_view> allowed) {
  auto text = map.choice(key, allowed);
  if (!text) return std::nullopt;
  return policy::parse_action(*text);
}

void read_dkim(YamlMap& map, policy::auth::AuthSettings& out) {
  if (auto b = map.boolean("enabled")) out.dkim_enabled = *b;
  if (auto n = map.integer("min_key_bits", 512, 16384)) out.dkim_library.min_key_bits = static_cast<unsigned>(*n);
  if (auto n = map.integer("max_signatures", 1, 64)) out.dkim.max_signatures = static_cast<std::size_t>(*n);
  if (auto b = map.boolean("allow_rsa_sha1")) out.dkim.allow_rsa_sha1 = *b;
  map.finish();
}

void read_dmarc(YamlMap& map, policy::auth::AuthSettings& out) {
  if (auto b = map.boolean("enabled")) out.dmarc_enabled = *b;
  if (auto mode = map.choice("mode", {"enforce", "monitor"})) out.dmarc_enforce = *mode == "enforce";
  if (auto a = read_action(map, "reject_action", {"accept", "tag", "quarantine", "reject"})) out.dmarc_reject_action = *a;
  if (auto a = read_action(map, "quarantine_action", {"accept", "tag", "quarantine", "reject"})) {
    out.dmarc_quarantine_action = *a;
  }
  if (auto a = read_action(map, "temperror_action", {"accept", "tempfail"})) out.dmarc_temperror_action = *a;
  if (auto node = map.take("overrides"); node.IsDefined()) {
    YamlMap overrides(map.sink(), node, map.path_of("overrides"));
    if (node.IsMap()) {
      for (const auto& entry : node) {
        const std::string key = entry.first.as<std::string>("");
        const auto domain = policy::domain::normalize_domain(key);
        if (!domain) {
          map.sink().add(entry.first, overrides.path_of(key), "expected a domain name");
          (void)overrides.take(key);
          continue;
        }
        if (auto a = read_action(overrides, key, {"accept", "tag", "quarantine", "reject"})) {
          out.dmarc_overrides[*domain] = *a;
        }
      }
    }
    overrides.finish();
  }
  map.finish();
}

void read_authentication(YamlMap& map, policy::auth::AuthSettings& out, bool& enabled) {
  if (auto b = map.boolean("enabled")) enabled = *b;
  out.authserv_id = host_name();
  if (auto id = map.string("authserv_id")) {
    if (id->empty() || id->size() > 253 || id->find_first_of(" \t\r\n;()\"") != std::string::npos) {
      map.sink().add(map.take("authserv_id"), map.path_of("authserv_id"), "expected a host name (no spaces, ';' or quotes)");
    } else {
      out.authserv_id = *id;
    }
  }
  out.trusted_networks.clear();
  std::vector<std::string> networks = {"127.0.0.0/8", "::1/128"};
  if (auto list = map.string_list("trusted_networks")) networks = *list;
  for (const auto& text : networks) {
    if (auto n = policy::net::IpNetwork::parse(text)) out.trusted_networks.push_back(*n);
    else map.sink().add(map.take("trusted_networks"), map.path_of("trusted_networks"), fmt::format("\"{}\" is not an address or prefix", text));
  }
  if (auto list = map.string_list("trusted_authserv_ids")) out.trusted_authserv_ids = *list;
  if (auto b = map.boolean("skip_authenticated")) out.skip_authenticated = *b;
  {
    YamlMap spf(map.sink(), map.take("spf"), map.path_of("spf"));
    if (auto b = spf.boolean("enabled")) out.spf_enabled = *b;
    if (auto b = spf.boolean("check_helo")) out.spf_helo = *b;
    spf.finish();
  }
  {
    YamlMap dkim(map.sink(), map.take("dkim"), map.path_of("dkim"));
    read_dkim(dkim, out);
  }
  {
    YamlMap dmarc(map.sink(), map.take("dmarc"), map.path_of("dmarc"));
    read_dmarc(dmarc, out);
  }
  out.scores = policy::auth::default_auth_scores();
  {
    YamlMap scores(map.sink(), map.take("scores"), map.path_of("scores"));
    for (auto& [symbol, value] : out.scores) {
      if (auto v = scores.number(symbol, -1000, 1000)) value = *v;
    }
    scores.finish();
  }
  if (auto ms = map.integer("dns_deadline_ms", 100, 120000)) out.dns_deadline = std::chrono::milliseconds(*ms);
  map.finish();
}

// Reloads reuse the live resolver when the DNS settings did not change, so
// libunbound's cache (and its one pump thread) survive a reload. Called on
// the reload thread only, but guarded anyway since `brandguard check` and
// tests may load from several threads.
tl::expected<std::shared_ptr<policy::dns::Resolver>, std::string> shared_resolver(
    const policy::dns::ResolverSettings& settings) {
  struct Entry {
    policy::dns::ResolverSettings settings;
    std::weak_ptr<policy::dns::Resolver> resolver;
  };
  static std::mutex mutex;
  static std::vector<Entry> entries;
  const auto same = [](const policy::dns::ResolverSettings& a, const policy::dns::ResolverSettings& b) {
    return a.mode == b.mode && a.forwarders == b.forwarders && a.records == b.records &&
           a.passthrough_zones == b.passthrough_zones && a.timeout == b.timeout;
  };
  std::lock_guard lock(mutex);
  std::erase_if(entries, [](const Entry& e) { return e.resolver.expired(); });
  for (const auto& e : entries) {
    if (same(e.settings, settings)) {
      if (auto live = e.resolver.lock()) return live;
    }
  }
  auto created = policy::dns::Resolver::create(settings);
  if (!created) return tl::unexpected(created.error());
  std::shared_ptr<policy::dns::Resolver> resolver(std::move(*created));
  entries.push_back(Entry{settings, resolver});
  return resolver;
}

Config build(const YAML::Node& root, ErrorSink& sink, const std::string& text, const std::string& name,
             const LoadOptions& options) {
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
    YamlMap m(sink, top.take("control"), "control");
    if (auto path = m.string("socket")) {
      if (!path->empty() && (path->front() != '/' || path->size() > 100)) {
        sink.add(m.take("socket"), "control.socket", "an absolute path shorter than 100 bytes, or \"\" for none");
      } else {
        config.control.socket = *path;
      }
    }
    if (auto mode = m.string("socket_mode")) {
      if (auto parsed = parse_file_mode(*mode)) config.control.socket_mode = *parsed;
      else sink.add(m.take("socket_mode"), "control.socket_mode", "expected an octal mode such as \"0600\"");
    }
    m.finish();
  }
  {
    YamlMap m(sink, top.take("metrics"), "metrics");
    if (auto listen = m.string("listen"); listen && !listen->empty()) {
      std::string error;
      if (auto parsed = parse_loopback_listen(*listen, &error)) {
        config.metrics.listen = *listen;
        config.metrics.host = parsed->host;
        config.metrics.port = parsed->port;
      } else {
        sink.add(m.take("listen"), "metrics.listen", error);
      }
    }
    m.finish();
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
  DnsSection dns;
  {
    YamlMap m(sink, top.take("dns"), "dns");
    read_dns(m, dns, std::filesystem::path(name).parent_path());
  }
  if (options.dns) dns.resolver = *options.dns;
  policy::auth::AuthSettings auth_settings;
  bool auth_enabled = true;
  {
    YamlMap m(sink, top.take("authentication"), "authentication");
    read_authentication(m, auth_settings, auth_enabled);
  }
  auth_settings.max_lookups_per_message = dns.max_lookups_per_message;
  // The version covers every file the snapshot is built from.
  std::string material = text;
  BrandSection brands;
  {
    YamlMap m(sink, top.take("brands"), "brands");
    read_brand_section(m, std::filesystem::path(name).parent_path(), !options.offline, brands, material);
  }
  std::vector<policy::rules::RuleSpec> rules;
  read_rules(sink, top.take("rules"), std::filesystem::path(name).parent_path(), rules, material);
  if (auto includes = top.string_list("include_rules")) {
    read_rule_files(top, *includes, std::filesystem::path(name).parent_path(), rules, material);
  }
  snapshot->version = content_version(material);
  top.finish();

  if (auth_enabled && sink.errors().empty()) {
    auto env = std::make_shared<policy::auth::AuthEnvironment>();
    env->settings = std::move(auth_settings);
    auto resolver = shared_resolver(dns.resolver);
    if (!resolver) {
      sink.add(root["dns"].IsDefined() ? root["dns"].Mark() : root.Mark(), "dns", resolver.error());
    } else {
      env->resolver = std::move(*resolver);
      auto spf = policy::auth::SpfVerifier::create(*env->resolver, env->settings.authserv_id);
      if (!spf) sink.add(root.Mark(), "authentication.spf", spf.error());
      else env->spf = std::move(*spf);
      if (env->settings.dkim_enabled) {
        auto dkim = policy::auth::DkimLibrary::create(*env->resolver, env->settings.dkim_library);
        if (!dkim) sink.add(root.Mark(), "authentication.dkim", dkim.error());
        else env->dkim = std::move(*dkim);
      }
      snapshot->checks.push_back(std::make_unique<policy::auth::AuthCheckFactory>(std::move(env)));
    }
  }

  // After authentication: the brand check reads its results.
  std::shared_ptr<const policy::brand::BrandRegistry> brand_registry;
  if (brands.enabled && !brands.settings.brands.empty() && sink.errors().empty()) {
    auto registry = policy::brand::BrandRegistry::create(std::move(brands.settings));
    if (!registry) {
      sink.add(root["brands"].IsDefined() ? root["brands"].Mark() : root.Mark(), "brands", registry.error());
    } else {
      brand_registry = *registry;
      snapshot->checks.push_back(std::make_unique<policy::brand::BrandCheckFactory>(std::move(*registry)));
    }
  }

  // Last: composites see every other check's symbols.
  if (!rules.empty() && sink.errors().empty()) {
    auto rule_set = policy::rules::RuleSetFactory::create(std::move(rules), brand_registry);
    if (!rule_set) sink.add(root["rules"].Mark(), "rules", rule_set.error());
    else snapshot->checks.push_back(std::move(*rule_set));
  }
  config.snapshot = std::move(snapshot);
  return config;
}

}  // namespace

tl::expected<Config, std::vector<ConfigError>> load_from_string(const std::string& text, const std::string& name,
                                                                const LoadOptions& options) {
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
    config = build(root, sink, text, name, options);
  } catch (const YAML::Exception& e) {
    sink.add(e.mark, "", e.msg);
  }
  if (!sink.errors().empty()) return tl::unexpected(std::move(sink.errors()));
  return config;
}

tl::expected<Config, std::vector<ConfigError>> load(const std::filesystem::path& file, const LoadOptions& options) {
  const std::string name = file.string();
  const auto fail = [&](std::string message) {
    return tl::unexpected(std::vector<ConfigError>{ConfigError{name, 0, 0, "", std::move(message)}});
  };
  std::string error;
  std::string text = read_config_file(file, kMaxConfigFileBytes, error);
  if (!error.empty()) {
    // read_config_file names the file; ConfigError names it already.
    if (const std::string open_prefix = "cannot open " + name + ": "; error.rfind(open_prefix, 0) == 0) {
      error = "cannot read: " + error.substr(open_prefix.size());
    } else if (error.rfind(name + ": ", 0) == 0) {
      error.erase(0, name.size() + 2);
    }
    return fail(std::move(error));
  }
  return load_from_string(text, name, options);
}

}  // namespace brandguard::config
