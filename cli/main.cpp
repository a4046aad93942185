// brandguard: the admin's tool. Subcommands:
//   check -c FILE   validate a configuration like `postfix check`;
//   scan            run the pipeline offline on .eml files (scan.hpp);
//   eval            confusion matrix and symbol hits over a labelled corpus (eval.hpp);
//   fingerprint     text fingerprints of campaign templates (fingerprint.hpp);
//   reload/status/stats  talk to the daemon (control.hpp);
//   bench           milter-protocol load generator (bench.hpp).
#include <sysexits.h>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "config.hpp"
#include "control.hpp"
#include "bench.hpp"
#include "eval.hpp"
#include "fingerprint.hpp"
#include "scan.hpp"

namespace {


void usage(std::FILE* out) {
  std::fputs(
      "usage: brandguard COMMAND [OPTIONS]\n"
      "commands:\n"
      "  check [-c FILE]   validate a configuration; prints file:line: key: problem\n"
      "  scan [OPTIONS] FILE.eml... | --manifest M.jsonl\n"
      "                    run the pipeline offline and explain each verdict (--json)\n"
      "  eval [OPTIONS] (--manifest M.jsonl | --label phish|ham|spam FILE.eml...)\n"
      "                    confusion matrix, phish/ham rates and symbol hits over a labelled\n"
      "                    corpus; --compare OTHER.yaml diffs two configs; --fail-* gate CI\n"
      "  fingerprint FILE.eml...\n"
      "                    text fingerprints of messages, for brands.templates\n"
      "  reload | status | stats [--control PATH]\n"
      "                    talk to the running daemon over its control socket\n"
      "  bench --socket SPEC [--socket SPEC...] (--manifest M.jsonl | FILE.eml...) [--concurrency N]\n"
      "        [--messages N]\n"
      "                    load a milter (ours or another), or a chain of milters as Postfix's\n"
      "                    smtpd_milters = A, B, over the milter protocol\n"
      "  version           print the version\n",
      out);
}

int run_check(int argc, char** argv) {
  std::string path = "/etc/brandguard/brandguard.yaml";
  for (int i = 0; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if ((arg == "-c" || arg == "--config") && i + 1 < argc) {
      path = argv[++i];
    } else {
      usage(stderr);
      return EX_USAGE;
    }
  }
  // Offline: checking a configuration must not create the daemon's state
  // files (often as another user); the daemon reports those at load.
  brandguard::config::LoadOptions options;
  options.offline = true;
  auto loaded = brandguard::config::load(path, options);
  if (!loaded) {
    for (const auto& error : loaded.error()) std::fprintf(stderr, "%s\n", error.to_string().c_str());
    std::fprintf(stderr, "%s: %zu error(s)\n", path.c_str(), loaded.error().size());
    return EX_CONFIG;
  }
  std::printf("%s: OK (config %s, %zu check(s))\n", path.c_str(), loaded->snapshot->version.c_str(),
              loaded->snapshot->checks.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    usage(stderr);
    return EX_USAGE;
  }
  const std::string_view command = argv[1];
  if (command == "check") return run_check(argc - 2, argv + 2);
  if (command == "scan") return brandguard::cli::run_scan(argc - 2, argv + 2);
  if (command == "eval") return brandguard::cli::run_eval(argc - 2, argv + 2);
  if (command == "fingerprint") return brandguard::cli::run_fingerprint(argc - 2, argv + 2);
  if (command == "reload" || command == "status" || command == "stats") {
    return brandguard::cli::run_control(argv[1], argc - 2, argv + 2);
  }
  if (command == "bench") return brandguard::cli::run_bench(argc - 2, argv + 2);
  if (command == "version" || command == "--version") {
    std::printf("brandguard %s\n", BRANDGUARD_VERSION);
    return 0;
  }
  if (command == "help" || command == "--help" || command == "-h") {
    usage(stdout);
    return 0;
  }
  std::fprintf(stderr, "brandguard: unknown command \"%s\"\n", std::string(command).c_str());
  usage(stderr);
  return EX_USAGE;
}
