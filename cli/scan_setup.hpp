// What `brandguard scan` and `brandguard eval` share before the first
// message is scanned: the common command-line options, the configuration
// (with scan's hermetic DNS rule) and the list of messages.
//
// Each function prints its own diagnostics to stderr and returns a sysexits
// status (0 on success), so a subcommand can `return` it unchanged.
// Single-threaded; called once per run, before any scan.
#pragma once

#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "manifest.hpp"
#include "pipeline/offline_scan.hpp"

namespace brandguard::cli {

// Largest message or zone file read.
inline constexpr std::size_t kMaxMessageBytes = 64 * 1024 * 1024;

struct CommonOptions {
  std::optional<std::string> config_path;    // --config / -c
  std::optional<std::string> zone_path;      // --zone
  std::optional<std::string> manifest_path;  // --manifest
  bool json = false;                         // --json
  std::vector<std::string> files;            // words that are not options
};

enum class ParseOutcome { ok, help, usage };

// Parses argv. `--json` and `-h/--help` are flags; every other option takes
// one value: the common ones fill `options`, those named in `extra_options`
// go to `extra`, which returns false when it rejects the value (having said
// why on stderr). Words that are not options are files. An unknown option
// or a missing value is reported on stderr, naming `command`.
ParseOutcome parse_common_args(int argc, char** argv, const char* command, CommonOptions& options,
                               std::initializer_list<std::string_view> extra_options,
                               const std::function<bool(const std::string& option, const std::string& value)>& extra);

// Loads the configuration as scan does: with --zone, or without --config,
// DNS is hermetic (zonefile mode; only the zone's records exist). The same
// DNS override applies to `other_config` (eval --compare) when given, so
// both configurations see the same DNS. Fills `configs` in that order.
int load_configs(const CommonOptions& options, const std::optional<std::string>& other_config,
                 std::vector<config::Config>& configs);

// The messages: the manifest's lines, or `options.files` each with
// `envelope` and `label`.
int load_corpus(const CommonOptions& options, const policy::ScanEnvelope& envelope, const std::string& label,
                std::vector<CorpusItem>& items);

}  // namespace brandguard::cli
