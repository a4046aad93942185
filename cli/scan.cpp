#include "scan.hpp"

#include <sysexits.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "config.hpp"
#include "manifest.hpp"
#include "dns/resolver.hpp"
#include "pipeline/offline_scan.hpp"

namespace brandguard::cli {

namespace {

constexpr std::size_t kMaxMessageBytes = 64 * 1024 * 1024;

void usage(std::FILE* out) {
  std::fputs(
      "usage: brandguard scan [--config FILE] [--zone ZONE] [--client-ip IP] [--client-name NAME]\n"
      "                       [--helo NAME] [--mail-from ADDR] [--rcpt ADDR]... [--auth-user USER]\n"
      "                       [--json] (FILE.eml... | --manifest M.jsonl)\n"
      "Runs the daemon's pipeline on each message and explains the verdict.\n"
      "--zone makes DNS hermetic: only the zone file's records exist (CORPUS-FORMAT).\n"
      "Without --config the built-in defaults are used, with hermetic DNS.\n",
      out);
}

std::string action_of(const policy::Verdict& v) { return std::string(policy::to_string(v.action)); }

// Our results, or a trusted upstream's for skipped clients; "none" when
// neither checked the method.
std::string spf_text(const policy::auth::AuthResults& auth) {
  return auth.spf ? std::string(policy::auth::to_string(auth.spf->result)) : "none";
}

std::string dkim_text(const policy::auth::AuthResults& auth) {
  return auth.dkim ? std::string(policy::auth::to_string(auth.dkim->result)) : "none";
}

std::string dmarc_text(const policy::auth::AuthResults& auth) {
  return auth.dmarc ? std::string(policy::auth::to_string(auth.dmarc->result)) : "none";
}

nlohmann::ordered_json to_json(const CorpusItem& item, const policy::ScanResult& r, const std::string& version) {
  nlohmann::ordered_json symbols = nlohmann::ordered_json::array();
  for (const auto& s : r.verdict.symbols) {
    symbols.push_back({{"name", s.name}, {"score", s.score}, {"evidence", s.evidence}});
  }
  return {{"file", item.display},
          {"action", action_of(r.verdict)},
          {"score", r.verdict.score},
          {"symbols", symbols},
          {"spf", spf_text(r.auth)},
          {"dkim", dkim_text(r.auth)},
          {"dmarc", dmarc_text(r.auth)},
          {"authentication_results", r.verdict.edits.authentication_results.value_or("")},
          {"config_version", version}};
}

void print_text(const CorpusItem& item, const policy::ScanResult& r) {
  fmt::print("{}: {} (score {:.2f}){}\n", item.display, action_of(r.verdict), r.verdict.score,
             r.verdict.forced ? " forced: " + r.verdict.reason : "");
  if (!r.auth.evaluated) {
    fmt::print("  authentication not checked{}\n",
               r.auth.skipped_reason.empty() ? "" : ": " + r.auth.skipped_reason);
  } else {
    fmt::print("  spf={} dkim={} dmarc={}\n", spf_text(r.auth), dkim_text(r.auth), dmarc_text(r.auth));
  }
  if (r.verdict.edits.authentication_results) {
    fmt::print("  Authentication-Results: {}\n", *r.verdict.edits.authentication_results);
  }
  for (const auto& s : r.verdict.symbols) {
    fmt::print("  {:>7.2f}  {}{}\n", s.score, s.name, s.evidence.empty() ? "" : "  " + s.evidence);
  }
}

}  // namespace

int run_scan(int argc, char** argv) {
  std::optional<std::string> config_path, zone_path, manifest_path;
  policy::ScanEnvelope envelope;
  bool json = false;
  std::vector<std::string> files;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      return std::string(argv[++i]);
    };
    std::optional<std::string> v;
    if (arg == "--json") {
      json = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      usage(stdout);
      return 0;
    }
    if (arg.rfind("--", 0) != 0) {
      files.push_back(arg);
      continue;
    }
    if (!(v = value())) {
      usage(stderr);
      return EX_USAGE;
    }
    if (arg == "--config" || arg == "-c") config_path = *v;
    else if (arg == "--zone") zone_path = *v;
    else if (arg == "--manifest") manifest_path = *v;
    else if (arg == "--client-ip") envelope.client_ip = *v;
    else if (arg == "--client-name") envelope.client_name = *v;
    else if (arg == "--helo") envelope.helo = *v;
    else if (arg == "--mail-from") envelope.mail_from = *v;
    else if (arg == "--rcpt") envelope.rcpt.push_back(*v);
    else if (arg == "--auth-user") envelope.auth_user = *v;
    else {
      std::fprintf(stderr, "brandguard scan: unknown option %s\n", arg.c_str());
      usage(stderr);
      return EX_USAGE;
    }
  }
  if (files.empty() == !manifest_path.has_value()) {
    usage(stderr);
    return EX_USAGE;
  }

  config::LoadOptions options;
  if (zone_path || !config_path) {
    policy::dns::ResolverSettings dns;
    dns.mode = policy::dns::Mode::zonefile;
    dns.timeout = std::chrono::milliseconds(2000);
    if (zone_path) {
      std::string error;
      auto text = read_file(*zone_path, kMaxMessageBytes, error);
      if (!text) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return EX_NOINPUT;
      }
      auto records = policy::dns::read_zone_text(*text, *zone_path);
      if (!records) {
        std::fprintf(stderr, "%s\n", records.error().c_str());
        return EX_DATAERR;
      }
      dns.records = std::move(*records);
    }
    options.dns = std::move(dns);
  }
  auto loaded = config_path ? config::load(*config_path, options) : config::load_from_string("{}", "(defaults)", options);
  if (!loaded) {
    for (const auto& e : loaded.error()) std::fprintf(stderr, "%s\n", e.to_string().c_str());
    return EX_CONFIG;
  }
  const std::shared_ptr<const policy::Snapshot> snapshot = loaded->snapshot;

  std::vector<CorpusItem> items;
  if (manifest_path) {
    std::string error;
    if (!read_manifest(*manifest_path, items, error)) {
      std::fprintf(stderr, "%s\n", error.c_str());
      return EX_DATAERR;
    }
  } else {
    for (const auto& f : files) items.push_back(CorpusItem{f, f, envelope, "", ""});
  }

  int status = 0;
  for (const auto& item : items) {
    std::string error;
    auto bytes = read_file(item.file, kMaxMessageBytes, error);
    if (!bytes) {
      std::fprintf(stderr, "%s\n", error.c_str());
      status = EX_NOINPUT;
      continue;
    }
    const policy::ScanResult result = policy::scan_message(snapshot, item.envelope, *bytes);
    if (json) {
      std::cout << to_json(item, result, snapshot->version).dump(-1, ' ', false,
                                                                  nlohmann::ordered_json::error_handler_t::replace)
                << '\n';
    } else {
      print_text(item, result);
    }
  }
  std::cout.flush();
  return status;
}

}  // namespace brandguard::cli
