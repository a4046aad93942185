#include "yaml_map.hpp"

#include <cmath>

#include <fmt/format.h>

namespace brandguard::config {

std::string ConfigError::to_string() const {
  std::string out = file;
  if (line > 0) out += fmt::format(":{}", line);
  if (line > 0 && column > 0) out += fmt::format(":{}", column);
  out += ": ";
  if (!key.empty()) out += key + ": ";
  out += message;
  return out;
}

void ErrorSink::add(const YAML::Mark& mark, std::string key, std::string message) {
  // yaml-cpp marks are 0-based and -1 when unknown.
  errors_.push_back(ConfigError{file_, mark.line >= 0 ? mark.line + 1 : 0,
                                mark.column >= 0 ? mark.column + 1 : 0, std::move(key),
                                std::move(message)});
}

YamlMap::YamlMap(ErrorSink& sink, const YAML::Node& node, std::string path)
    : sink_(sink), node_(node), path_(std::move(path)) {
  if (!node.IsDefined() || node.IsNull()) return;
  if (!node.IsMap()) {
    sink_.add(node, path_, "expected a mapping of keys to values");
    return;
  }
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar()) {
      sink_.add(it->first, path_, "keys must be plain strings");
      continue;
    }
    std::string key = it->first.Scalar();
    if (find(key) != nullptr) {
      sink_.add(it->first, path_of(key), "duplicate key");
      continue;
    }
    entries_.push_back(Entry{std::move(key), it->first, it->second, false});
  }
}

YamlMap::Entry* YamlMap::find(std::string_view key) {
  for (auto& e : entries_) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

const YamlMap::Entry* YamlMap::find(std::string_view key) const {
  for (const auto& e : entries_) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

bool YamlMap::has(std::string_view key) const { return find(key) != nullptr; }

std::string YamlMap::path_of(std::string_view key) const {
  return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
}

YAML::Node YamlMap::take(std::string_view key) {
  Entry* e = find(key);
  if (e == nullptr) return YAML::Node(YAML::NodeType::Undefined);
  e->read = true;
  return e->value;
}

std::optional<std::string> YamlMap::string(std::string_view key) {
  YAML::Node v = take(key);
  if (!v.IsDefined()) return std::nullopt;
  if (!v.IsScalar()) {
    sink_.add(v, path_of(key), "expected a string");
    return std::nullopt;
  }
  return v.Scalar();
}

std::optional<long long> YamlMap::integer(std::string_view key, long long min, long long max) {
  YAML::Node v = take(key);
  if (!v.IsDefined()) return std::nullopt;
  long long value = 0;
  if (!v.IsScalar() || !YAML::convert<long long>::decode(v, value)) {
    sink_.add(v, path_of(key), "expected a whole number");
    return std::nullopt;
  }
  if (value < min || value > max) {
    sink_.add(v, path_of(key), fmt::format("{} is out of range [{}, {}]", value, min, max));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> YamlMap::boolean(std::string_view key) {
  YAML::Node v = take(key);
  if (!v.IsDefined()) return std::nullopt;
  bool value = false;
  if (!v.IsScalar() || !YAML::convert<bool>::decode(v, value)) {
    sink_.add(v, path_of(key), "expected true or false");
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> YamlMap::choice(std::string_view key, std::initializer_list<std::string_view> choices) {
  YAML::Node v = take(key);
  if (!v.IsDefined()) return std::nullopt;
  std::string list;
  for (const auto c : choices) {
    if (!list.empty()) list += ", ";
    list += c;
  }
  if (v.IsScalar()) {
    for (const auto c : choices) {
      if (v.Scalar() == c) return std::string(c);
    }
  }
  sink_.add(v, path_of(key), fmt::format("expected one of: {}", list));
  return std::nullopt;
}

std::optional<double> YamlMap::number(std::string_view key, double min, double max) {
  YAML::Node v = take(key);
  if (!v.IsDefined()) return std::nullopt;
  double value = 0;
  if (!v.IsScalar() || !YAML::convert<double>::decode(v, value) || !std::isfinite(value)) {
    sink_.add(v, path_of(key), "expected a finite number");
    return std::nullopt;
  }
  if (value < min || value > max) {
    sink_.add(v, path_of(key), fmt::format("{} is out of range [{}, {}]", value, min, max));
    return std::nullopt;
  }
  return value;
}

std::optional<std::vector<std::string>> YamlMap::string_list(std::string_view key) {
  YAML::Node v = take(key);
  if (!v.IsDefined()) return std::nullopt;
  if (!v.IsSequence()) {
    sink_.add(v, path_of(key), "expected a list of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (const auto& item : v) {
    if (!item.IsScalar()) {
      sink_.add(item, path_of(key), "expected a string in the list");
      ok = false;
      continue;
    }
    out.push_back(item.Scalar());
  }
  if (!ok) return std::nullopt;
  return out;
}

void YamlMap::finish() {
  if (finished_) return;
  finished_ = true;
  for (const auto& e : entries_) {
    if (!e.read) sink_.add(e.key_node, path_of(e.key), "unknown key");
  }
}

}  // namespace brandguard::config
