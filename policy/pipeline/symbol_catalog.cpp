#include "pipeline/symbol_catalog.hpp"

#include <algorithm>

namespace brandguard::policy {

std::vector<std::string> symbol_catalog(const Snapshot& snapshot) {
  // The Transaction's own symbols (transaction.cpp).
  std::vector<std::string> names{"INTERNAL_ERROR", "LIMIT_RECIPIENTS", "LIMIT_HEADERS", "LIMIT_BODY"};
  for (const auto& factory : snapshot.checks) {
    auto more = factory->symbol_names();
    names.insert(names.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

}  // namespace brandguard::policy
