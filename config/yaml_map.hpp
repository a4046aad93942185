// YamlMap: strict reading of one YAML mapping for the config loader.
//
// Every key read is marked; finish() reports each key that nobody read as
// "unknown key", so a typo never silently falls back to a default. Type
// mismatches and duplicate keys are reported with the file, line and the
// full key path. Errors are collected, not thrown, so one run of
// `brandguard check` lists them all.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config_error.hpp"

namespace brandguard::config {

class ErrorSink {
 public:
  explicit ErrorSink(std::string file) : file_(std::move(file)) {}
  void add(const YAML::Mark& mark, std::string key, std::string message);
  void add(const YAML::Node& at, std::string key, std::string message) { add(at.Mark(), std::move(key), std::move(message)); }
  const std::string& file() const noexcept { return file_; }
  std::vector<ConfigError>& errors() noexcept { return errors_; }

 private:
  std::string file_;
  std::vector<ConfigError> errors_;
};

class YamlMap {
 public:
  // `node` may be null/undefined (treated as an empty map) or a map; any
  // other kind is reported.
  YamlMap(ErrorSink& sink, const YAML::Node& node, std::string path);
  YamlMap(const YamlMap&) = delete;
  YamlMap& operator=(const YamlMap&) = delete;

  bool has(std::string_view key) const;

  // The value under `key`, marked as read; an undefined node if absent.
  YAML::Node take(std::string_view key);

  // Typed reads: nullopt if absent or wrong (a wrong value is reported).
  std::optional<std::string> string(std::string_view key);
  std::optional<long long> integer(std::string_view key, long long min, long long max);
  std::optional<double> number(std::string_view key, double min, double max);
  std::optional<bool> boolean(std::string_view key);
  // One of `choices` (exact spelling); anything else is reported with the list.
  std::optional<std::string> choice(std::string_view key, std::initializer_list<std::string_view> choices);
  std::optional<std::vector<std::string>> string_list(std::string_view key);

  // Full dotted path of a key in this map, for messages.
  std::string path_of(std::string_view key) const;
  const YAML::Node& node() const noexcept { return node_; }
  ErrorSink& sink() noexcept { return sink_; }

  // Reports unread keys. Called once, when the section is fully read.
  void finish();

 private:
  struct Entry {
    std::string key;
    YAML::Node key_node;
    YAML::Node value;
    bool read = false;
  };
  Entry* find(std::string_view key);
  const Entry* find(std::string_view key) const;

  ErrorSink& sink_;
  YAML::Node node_;
  std::string path_;
  std::vector<Entry> entries_;
  bool finished_ = false;
};

}  // namespace brandguard::config
