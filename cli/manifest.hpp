// Reading a labelled corpus in CORPUS-FORMAT.md: manifest.jsonl lines and
// the message files they name. Shared by scan, eval and bench.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/offline_scan.hpp"

namespace brandguard::cli {

struct CorpusItem {
  std::string file;     // path to read
  std::string display;  // as written in the manifest or on the command line
  policy::ScanEnvelope envelope;
  std::string label;            // phish, ham, spam or empty
  std::string expected_action;  // expect.action, or empty
};

// Reads the manifest; false with `error` naming file:line on a bad line.
bool read_manifest(const std::filesystem::path& path, std::vector<CorpusItem>& items, std::string& error);

// Reads a whole file of at most `max_bytes`; nullopt with `error` set.
std::optional<std::string> read_file(const std::filesystem::path& path, std::size_t max_bytes, std::string& error);

}  // namespace brandguard::cli
