// ConfigError: one problem found in a configuration file, located precisely
// enough for an admin to fix it: file, line, column and the key path
// ("verdict.thresholds.tag").
#pragma once

#include <string>

namespace brandguard::config {

struct ConfigError {
  std::string file;
  int line = 0;    // 1-based; 0 when the problem is the file as a whole
  int column = 0;  // 1-based; 0 when unknown
  std::string key;
  std::string message;

  // "file:line:column: key: message", the format editors jump to.
  std::string to_string() const;
};

}  // namespace brandguard::config
