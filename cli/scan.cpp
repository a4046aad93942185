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
#include "pipeline/offline_scan.hpp"
#include "scan_setup.hpp"

namespace brandguard::cli {

namespace {

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
  CommonOptions options;
  policy::ScanEnvelope envelope;
  const auto parsed = parse_common_args(
      argc, argv, "scan", options,
      {"--client-ip", "--client-name", "--helo", "--mail-from", "--rcpt", "--auth-user"},
      [&](const std::string& option, const std::string& value) {
        if (option == "--client-ip") envelope.client_ip = value;
        else if (option == "--client-name") envelope.client_name = value;
        else if (option == "--helo") envelope.helo = value;
        else if (option == "--mail-from") envelope.mail_from = value;
        else if (option == "--rcpt") envelope.rcpt.push_back(value);
        else envelope.auth_user = value;
        return true;
      });
  if (parsed == ParseOutcome::help) {
    usage(stdout);
    return 0;
  }
  if (parsed == ParseOutcome::usage || options.files.empty() == !options.manifest_path.has_value()) {
    usage(stderr);
    return EX_USAGE;
  }

  std::vector<config::Config> configs;
  if (const int status = load_configs(options, std::nullopt, configs); status != 0) return status;
  const std::shared_ptr<const policy::Snapshot> snapshot = configs.front().snapshot;

  std::vector<CorpusItem> items;
  if (const int status = load_corpus(options, envelope, "", items); status != 0) return status;

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
    if (options.json) {
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
