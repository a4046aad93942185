// symbol_catalog: every symbol name a Snapshot can produce: the
// pipeline's own (INTERNAL_ERROR, LIMIT_*) and each check's
// (CheckFactory::symbol_names()), sorted and without duplicates.
//
// Used when a snapshot is published, off the mail path, to bound the
// per-symbol metric labels. Thread safety: reads an immutable Snapshot.
#pragma once

#include <string>
#include <vector>

#include "pipeline/snapshot.hpp"

namespace brandguard::policy {

std::vector<std::string> symbol_catalog(const Snapshot& snapshot);

}  // namespace brandguard::policy
