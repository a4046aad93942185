#include "scan_setup.hpp"

#include <sysexits.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace brandguard::cli {

ParseOutcome parse_common_args(int argc, char** argv, const char* command, CommonOptions& options,
                               std::initializer_list<std::string_view> extra_options,
                               const std::function<bool(const std::string& option, const std::string& value)>& extra) {
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--json") {
      options.json = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") return ParseOutcome::help;
    if (arg.rfind("--", 0) != 0 && arg != "-c") {
      options.files.push_back(arg);
      continue;
    }
    const bool common = arg == "-c" || arg == "--config" || arg == "--zone" || arg == "--manifest";
    if (!common && std::find(extra_options.begin(), extra_options.end(), arg) == extra_options.end()) {
      std::fprintf(stderr, "brandguard %s: unknown option %s\n", command, arg.c_str());
      return ParseOutcome::usage;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "brandguard %s: %s needs a value\n", command, arg.c_str());
      return ParseOutcome::usage;
    }
    const std::string value = argv[++i];
    if (arg == "-c" || arg == "--config") {
      options.config_path = value;
    } else if (arg == "--zone") {
      options.zone_path = value;
    } else if (arg == "--manifest") {
      options.manifest_path = value;
    } else if (!extra(arg, value)) {
      return ParseOutcome::usage;
    }
  }
  return ParseOutcome::ok;
}

int load_configs(const CommonOptions& options, const std::optional<std::string>& other_config,
                 std::vector<config::Config>& configs) {
  config::LoadOptions load_options;
  load_options.offline = true;
  if (options.zone_path || !options.config_path) {
    policy::dns::ResolverSettings dns;
    dns.mode = policy::dns::Mode::zonefile;
    dns.timeout = std::chrono::milliseconds(2000);
    if (options.zone_path) {
      std::string error;
      auto text = read_file(*options.zone_path, kMaxMessageBytes, error);
      if (!text) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return EX_NOINPUT;
      }
      auto records = policy::dns::read_zone_text(*text, *options.zone_path);
      if (!records) {
        std::fprintf(stderr, "%s\n", records.error().c_str());
        return EX_DATAERR;
      }
      dns.records = std::move(*records);
    }
    load_options.dns = std::move(dns);
  }
  std::vector<std::optional<std::string>> paths{options.config_path};
  if (other_config) paths.push_back(other_config);
  for (const auto& path : paths) {
    auto loaded = path ? config::load(*path, load_options) : config::load_from_string("{}", "(defaults)", load_options);
    if (!loaded) {
      for (const auto& e : loaded.error()) std::fprintf(stderr, "%s\n", e.to_string().c_str());
      return EX_CONFIG;
    }
    configs.push_back(std::move(*loaded));
  }
  return 0;
}

int load_corpus(const CommonOptions& options, const policy::ScanEnvelope& envelope, const std::string& label,
                std::vector<CorpusItem>& items) {
  if (options.manifest_path) {
    std::string error;
    if (!read_manifest(*options.manifest_path, items, error)) {
      std::fprintf(stderr, "%s\n", error.c_str());
      return EX_DATAERR;
    }
    return 0;
  }
  for (const auto& f : options.files) items.push_back(CorpusItem{f, f, envelope, label, ""});
  return 0;
}

}  // namespace brandguard::cli
