// In-process scan benchmark: the CPU the whole check set costs per message,
// without the milter protocol, sockets or thread switches around it.
//
// Loads the configuration once (hermetic DNS from --zone), reads the corpus
// into memory, then scans it --rounds times on one thread and reports the
// thread's CPU time per message. This is the figure the performance target
// (CPU ms per message) is about, and the binary to run under perf or
// callgrind: nothing else happens in it.
//
//   bench-scan-cpu --config CONFIG --zone bench/corpus/zone.txt
//                  --manifest bench/corpus/manifest.jsonl --rounds 5
#include <sysexits.h>
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "manifest.hpp"
#include "pipeline/offline_scan.hpp"
#include "scan_setup.hpp"

namespace {

double thread_cpu_seconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace brandguard;
  cli::CommonOptions options;
  long rounds = 5;
  const auto outcome = cli::parse_common_args(
      argc - 1, argv + 1, "bench-scan-cpu", options, {"--rounds"},
      [&](const std::string&, const std::string& value) {
        rounds = std::atol(value.c_str());
        return rounds > 0;
      });
  if (outcome != cli::ParseOutcome::ok || !options.manifest_path) {
    std::fputs("usage: bench-scan-cpu --config FILE --zone ZONE --manifest M.jsonl [--rounds N]\n", stderr);
    return outcome == cli::ParseOutcome::help ? 0 : EX_USAGE;
  }
  std::vector<config::Config> configs;
  if (const int rc = cli::load_configs(options, std::nullopt, configs); rc != 0) return rc;
  std::vector<cli::CorpusItem> items;
  if (const int rc = cli::load_corpus(options, {}, "", items); rc != 0) return rc;
  std::vector<std::string> messages;
  std::string error;
  for (const auto& item : items) {
    auto bytes = cli::read_file(item.file, cli::kMaxMessageBytes, error);
    if (!bytes) {
      std::fprintf(stderr, "%s\n", error.c_str());
      return EX_NOINPUT;
    }
    messages.push_back(std::move(*bytes));
  }
  if (messages.empty()) return EX_DATAERR;

  // One warm-up pass: first-touch page faults, ICU data, key cache.
  std::map<std::string, long> actions;
  for (std::size_t i = 0; i < messages.size(); ++i)
    policy::scan_message(configs.front().snapshot, items[i].envelope, messages[i]);

  const double start = thread_cpu_seconds();
  for (long r = 0; r < rounds; ++r) {
    for (std::size_t i = 0; i < messages.size(); ++i) {
      const auto result = policy::scan_message(configs.front().snapshot, items[i].envelope, messages[i]);
      if (r == 0) ++actions[std::string(policy::to_string(result.verdict.action))];
    }
  }
  const double cpu = thread_cpu_seconds() - start;
  const double scanned = static_cast<double>(rounds) * static_cast<double>(messages.size());
  std::printf("messages scanned: %.0f (%zu x %ld rounds)\n", scanned, messages.size(), rounds);
  std::printf("cpu per message: %.3f ms (scanning thread)\n", cpu * 1000.0 / scanned);
  for (const auto& [action, count] : actions) std::printf("action %s: %ld\n", action.c_str(), count);
  return 0;
}
