// Files a configuration is built from besides the main one: rule files
// (include_rules) and brand files (brands.files), named by glob patterns
// relative to the main file, as rspamd's local.d and nginx's include do.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "yaml_map.hpp"

namespace brandguard::config {

// Regular files matching `pattern` (a glob on the file name only, e.g.
// "brands/*.yaml"), relative to `base_dir` unless absolute, sorted by
// name so the order is stable and documented. `error` is set when the
// directory cannot be read.
std::vector<std::filesystem::path> expand_file_pattern(const std::string& pattern,
                                                       const std::filesystem::path& base_dir, std::string& error);

// A whole file of at most `max_bytes`; `error` set (and "" returned) when
// it cannot be read, is larger, is a symbolic link, is not a regular file
// or is world-writable (S6). expand_file_pattern lists symbolic links
// that match, so a linked brand or rule file is refused, never skipped.
std::string read_config_file(const std::filesystem::path& path, std::size_t max_bytes, std::string& error);

// The entries of a list file (feeds, blocklists): one per line, '#' starts
// a comment, surrounding blanks and blank lines ignored. `entry` gets the
// 1-based line number and the entry; returning false stops the reading.
void for_each_list_entry(std::string_view text,
                         const std::function<bool(std::size_t line_no, std::string_view entry)>& entry);

// Reads every YAML file the patterns name, in order, for its parser. The
// path and text of each go into `version_material`, so the snapshot
// version covers them. `parse` gets the file's path, its YAML root and an
// ErrorSink naming the file; that sink's errors, and YAML syntax or read
// errors (at their line), are moved into `sink`. A pattern whose folder
// cannot be read goes to `on_glob_error`.
void for_each_config_file(
    const std::vector<std::string>& patterns, const std::filesystem::path& base_dir, ErrorSink& sink,
    std::string& version_material, const std::function<void(const std::string& glob_error)>& on_glob_error,
    const std::function<void(const std::filesystem::path&, const YAML::Node&, ErrorSink&)>& parse);

}  // namespace brandguard::config
