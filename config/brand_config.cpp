#include "brand_config.hpp"

#include <algorithm>
#include <fstream>

#include <fmt/format.h>

#include "config.hpp"
#include "config_files.hpp"
#include "domain/domain_name.hpp"
#include "brand/text_fingerprint.hpp"
#include "brand/content_signals.hpp"
#include "validate.hpp"

namespace brandguard::config {

namespace {

using policy::brand::BrandProfile;
using policy::brand::Secret;

// Feeds of newly registered domains are large (tens of thousands of names
// a day); past this many lines the rest is ignored with an error.
constexpr std::size_t kMaxFeedDomains = 2'000'000;
constexpr std::size_t kMaxFeedBytes = 128 * 1024 * 1024;

bool is_brand_id(std::string_view id) {
  if (id.empty() || id.size() > 32) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

bool is_e164(std::string_view phone) {
  if (phone.size() < 8 || phone.size() > 16 || phone[0] != '+' || phone[1] == '0') return false;
  return std::all_of(phone.begin() + 1, phone.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A list of domains, each normalized (lowercase A-label); a public suffix
// ("com", "co.uk") is refused because it would match every domain under it.
std::vector<std::string> read_domains(YamlMap& map, std::string_view key, bool allow_suffix = false) {
  std::vector<std::string> out;
  const auto list = map.string_list(key);
  if (!list) return out;
  for (const auto& raw : *list) {
    const auto d = policy::domain::normalize_domain(raw);
    if (!d) {
      map.sink().add(map.take(key), map.path_of(key), fmt::format("\"{}\" is not a domain name", raw));
    } else if (!allow_suffix && policy::domain::PublicSuffixList::system().is_public_suffix(*d)) {
      map.sink().add(map.take(key), map.path_of(key),
                     fmt::format("\"{}\" is a public suffix; name the registered domain", raw));
    } else if (std::find(out.begin(), out.end(), *d) == out.end()) {
      out.push_back(*d);
    }
  }
  return out;
}

std::vector<std::string> read_phrases(YamlMap& map, std::string_view key, std::size_t max_bytes) {
  std::vector<std::string> out;
  if (auto list = map.string_list(key)) {
    for (auto& p : *list) {
      if (p.empty() || p.size() > max_bytes) {
        map.sink().add(map.take(key), map.path_of(key), fmt::format("entries must be 1 to {} bytes long", max_bytes));
        continue;
      }
      out.push_back(std::move(p));
    }
  }
  return out;
}

void read_authorized_senders(YamlMap& map, BrandProfile& brand) {
  const YAML::Node list = map.take("authorized_senders");
  if (!list.IsDefined() || list.IsNull()) return;
  if (!list.IsSequence()) {
    map.sink().add(list, map.path_of("authorized_senders"), "expected a list of {domain, note}");
    return;
  }
  std::size_t index = 0;
  for (const auto& entry : list) {
    const std::string path = fmt::format("{}[{}]", map.path_of("authorized_senders"), index++);
    std::string raw, note;
    if (entry.IsScalar()) {
      raw = entry.Scalar();
    } else {
      YamlMap sender(map.sink(), entry, path);
      raw = sender.string("domain").value_or("");
      note = sender.string("note").value_or("");
      sender.finish();
    }
    const auto d = policy::domain::normalize_domain(raw);
    if (!d || policy::domain::PublicSuffixList::system().is_public_suffix(*d)) {
      map.sink().add(entry, path, fmt::format("\"{}\" is not a registered domain name", raw));
      continue;
    }
    brand.authorized_senders.push_back({*d, note});
  }
}

void read_never_asks(YamlMap& map, BrandProfile& brand) {
  const auto list = map.string_list("never_asks");
  if (!list) return;
  for (const auto& item : *list) {
    std::optional<Secret> s;
    if (item == "recovery_phrase") s = Secret::recovery_phrase;
    else if (item == "private_key") s = Secret::private_key;
    else if (item == "pin") s = Secret::pin;
    else if (item == "password") s = Secret::password;
    else if (item == "remote_access") s = Secret::remote_access;
    if (!s) {
      map.sink().add(map.take("never_asks"), map.path_of("never_asks"),
                     fmt::format("\"{}\": expected recovery_phrase, private_key, pin, password or remote_access", item));
      continue;
    }
    if (std::find(brand.never_asks.begin(), brand.never_asks.end(), *s) == brand.never_asks.end()) {
      brand.never_asks.push_back(*s);
    }
  }
}

std::optional<BrandProfile> read_brand_file(ErrorSink& sink, const YAML::Node& root) {
  YamlMap map(sink, root, "");
  BrandProfile brand;
  const std::size_t errors_before = sink.errors().size();
  if (auto id = map.string("id"); id && is_brand_id(*id)) {
    brand.id = *id;
  } else {
    sink.add(id ? map.take("id") : root, "id", "required: lowercase letters, digits, - and _, at most 32 characters");
  }
  if (auto name = map.string("name"); name && !name->empty() && name->size() <= 100) {
    brand.name = *name;
  } else {
    sink.add(name ? map.take("name") : root, "name", "required: the brand's name, 1 to 100 bytes");
  }
  brand.names = read_phrases(map, "names", 100);
  if (brand.names.empty() && !brand.name.empty()) brand.names.push_back(brand.name);
  brand.keywords = read_phrases(map, "keywords", 40);
  for (auto& k : brand.keywords) {
    const bool ok = k.size() >= 3 && std::all_of(k.begin(), k.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    });
    if (!ok) sink.add(map.take("keywords"), "keywords", fmt::format("\"{}\": lowercase ASCII letters and digits, at least 3", k));
  }
  brand.official_domains = read_domains(map, "official_domains");
  if (brand.official_domains.empty() && !map.has("official_domains")) {
    sink.add(root, "official_domains", "required: at least one domain the brand sends from");
  }
  read_authorized_senders(map, brand);
  brand.link_hosts = read_domains(map, "link_hosts");
  if (auto phones = map.string_list("phone_numbers")) {
    for (const auto& p : *phones) {
      if (is_e164(p)) brand.phone_numbers.push_back(p);
      else sink.add(map.take("phone_numbers"), "phone_numbers", fmt::format("\"{}\" is not E.164 (+ and 7 to 15 digits)", p));
    }
  }
  read_never_asks(map, brand);
  brand.order_numbers = read_phrases(map, "order_numbers", 200);
  for (std::size_t i = 0; i < brand.order_numbers.size(); ++i) {
    if (auto error = policy::brand::ContentSignalScanner::order_pattern_error(brand.order_numbers[i])) {
      sink.add(map.take("order_numbers")[i], fmt::format("order_numbers[{}]", i), "does not compile: " + *error);
    }
  }
  map.finish();
  if (sink.errors().size() != errors_before) return std::nullopt;
  return brand;
}

// One registrable domain per line; '#' comments; blank lines ignored.
void read_feed(YamlMap& map, const std::filesystem::path& path, std::unordered_set<std::string>& out) {
  std::string error;
  const std::string text = read_config_file(path, kMaxFeedBytes, error);
  if (!error.empty()) {
    map.sink().add(map.take("newly_registered_domains"), map.path_of("newly_registered_domains"), error);
    return;
  }
  for_each_list_entry(text, [&](std::size_t line_no, std::string_view line) {
    if (auto d = policy::domain::normalize_domain(line)) out.insert(std::move(*d));
    else map.sink().add(map.take("newly_registered_domains"), map.path_of("newly_registered_domains"),
                        fmt::format("{}:{}: not a domain name", path.string(), line_no));
    return out.size() < kMaxFeedDomains;
  });
}

// templates: [{name, fingerprint}] of known campaigns.
void read_templates(YamlMap& map, policy::brand::BrandSettings& settings) {
  if (auto d = map.integer("template_max_distance", 0, 32)) settings.template_max_distance = static_cast<unsigned>(*d);
  const YAML::Node list = map.take("templates");
  if (!list.IsDefined() || list.IsNull()) return;
  if (!list.IsSequence()) {
    map.sink().add(list, map.path_of("templates"), "expected a list of {name, fingerprint}");
    return;
  }
  std::size_t index = 0;
  for (const auto& entry : list) {
    YamlMap t(map.sink(), entry, fmt::format("{}[{}]", map.path_of("templates"), index++));
    const auto name = t.string("name");
    const auto text = t.string("fingerprint");
    const auto fingerprint = text ? policy::brand::parse_fingerprint(*text) : std::nullopt;
    if (!name || name->empty() || name->size() > 64) {
      map.sink().add(entry, t.path_of("name"), "required: 1 to 64 bytes");
    } else if (!fingerprint) {
      map.sink().add(entry, t.path_of("fingerprint"), "required: 16 hex digits, as `brandguard fingerprint` prints");
    } else {
      settings.templates.push_back({*name, *fingerprint});
    }
    t.finish();
  }
}

// first_seen: {path, new_for_days, learn_days, slots}. The store is opened
// here so that a path the daemon cannot write is a configuration error at
// load (and at reload, keeping the running snapshot), not a silent gap.
void read_first_seen(YamlMap& parent, bool open_state_files, policy::brand::BrandSettings& settings) {
  const YAML::Node node = parent.take("first_seen");
  if (!node.IsDefined() || node.IsNull()) return;
  YamlMap map(parent.sink(), node, parent.path_of("first_seen"));
  const auto path = map.string("path");
  policy::brand::FirstSeenStore::Options options;
  if (auto v = map.integer("new_for_days", 1, 365)) settings.new_for_days = static_cast<unsigned>(*v);
  if (auto v = map.integer("learn_days", 0, 365)) options.learn_days = static_cast<unsigned>(*v);
  if (auto v = map.integer("slots", 1024, 1LL << 28)) options.slots = static_cast<std::uint64_t>(*v);
  map.finish();
  if (!path || path->empty() || (*path)[0] != '/') {
    map.sink().add(node, map.path_of("path"), "required: an absolute path (e.g. /var/lib/brandguard/first-seen.db)");
    return;
  }
  if (!open_state_files) return;
  auto store = policy::brand::FirstSeenStore::open(*path, options, policy::brand::FirstSeenStore::today_utc());
  if (!store) {
    map.sink().add(node, map.path_of("path"), store.error());
    return;
  }
  settings.first_seen = std::move(*store);
}

}  // namespace

void read_brand_section(YamlMap& map, const std::filesystem::path& base_dir, bool open_state_files,
                        BrandSection& out, std::string& version_material) {
  if (auto enabled = map.boolean("enabled")) out.enabled = *enabled;
  // Without a `files` key the shipped layout is read: brands/*.yaml beside
  // the main file, if that folder exists.
  std::vector<std::string> patterns{"brands/*.yaml"};
  bool explicit_files = false;
  if (auto files = map.string_list("files")) {
    patterns = *files;
    explicit_files = true;
  }
  if (auto v = map.boolean("check_trusted")) out.settings.check_trusted = *v;
  out.settings.free_hosting_suffixes = read_domains(map, "free_hosting_suffixes", true);
  if (auto feed = map.string("newly_registered_domains"); feed && !feed->empty()) {
    std::filesystem::path path(*feed);
    if (path.is_relative()) path = base_dir / path;
    read_feed(map, path, out.settings.newly_registered);
  }
  read_templates(map, out.settings);
  read_first_seen(map, open_state_files, out.settings);
  {
    YamlMap scores(map.sink(), map.take("scores"), map.path_of("scores"));
    for (const auto& info : policy::brand::kBrandSymbols) {
      if (auto v = scores.number(info.name, -1000, 1000)) out.settings.scores[info.symbol] = *v;
    }
    scores.finish();  // an unknown symbol is reported, with the key
  }
  map.finish();
  if (!out.enabled) return;

  for_each_config_file(
      patterns, base_dir, map.sink(), version_material,
      [&](const std::string& glob_error) {
        if (explicit_files) map.sink().add(map.node(), map.path_of("files"), glob_error);
      },
      [&](const std::filesystem::path&, const YAML::Node& root, ErrorSink& file_sink) {
        auto brand = read_brand_file(file_sink, root);
        if (!brand) return;
        const bool duplicate = std::any_of(out.settings.brands.begin(), out.settings.brands.end(),
                                           [&](const BrandProfile& b) { return b.id == brand->id; });
        if (duplicate) file_sink.add(YAML::Mark::null_mark(), "id", fmt::format("brand {} is defined twice", brand->id));
        else out.settings.brands.push_back(std::move(*brand));
      });
}

}  // namespace brandguard::config
