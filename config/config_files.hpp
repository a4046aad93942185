// Files a configuration is built from besides the main one: rule files
// (include_rules) and brand files (brands.files), named by glob patterns
// relative to the main file, as rspamd's local.d and nginx's include do.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace brandguard::config {

// Regular files matching `pattern` (a glob on the file name only, e.g.
// "brands/*.yaml"), relative to `base_dir` unless absolute, sorted by
// name so the order is stable and documented. `error` is set when the
// directory cannot be read.
std::vector<std::filesystem::path> expand_file_pattern(const std::string& pattern,
                                                       const std::filesystem::path& base_dir, std::string& error);

// A whole file of at most `max_bytes`; `error` set (and "" returned) when
// it cannot be read or is larger.
std::string read_config_file(const std::filesystem::path& path, std::size_t max_bytes, std::string& error);

}  // namespace brandguard::config
