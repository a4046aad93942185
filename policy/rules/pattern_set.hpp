// PatternSet: many content patterns (literal phrases and regular
// expressions) compiled into one Hyperscan database, matched in one pass.
// Hyperscan is not a backtracking engine: scan time is linear in the text,
// whatever the patterns; that is why no other regex engine touches mail.
//
// Compiled once per Snapshot (config load), shared read-only by all
// threads. Scratch space is per thread (Hyperscan forbids sharing it) and
// grown for each database a thread scans with.
//
// Patterns are caseless and UTF-8; the text scanned must be valid UTF-8
// (MimeText guarantees it).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

struct hs_database;

namespace brandguard::policy::rules {

struct PatternSpec {
  std::string expression;  // a phrase (literal) or a Hyperscan regex
  bool literal = true;
  unsigned id = 0;         // reported on match; several patterns may share one
};

class PatternSet {
 public:
  // An error names the pattern ("pattern 3 (\"a(b\"): missing )").
  static tl::expected<std::shared_ptr<const PatternSet>, std::string> compile(const std::vector<PatternSpec>& patterns);
  ~PatternSet();
  PatternSet(const PatternSet&) = delete;
  PatternSet& operator=(const PatternSet&) = delete;

  // Ids of the patterns found in `text`, each once, in order of first
  // match. False if Hyperscan failed (the caller treats the scan as
  // incomplete, never as "no match found" silently).
  bool scan(std::string_view text, std::vector<unsigned>& ids) const;

  std::size_t size() const noexcept { return count_; }

 private:
  PatternSet() = default;
  hs_database* database_ = nullptr;
  std::size_t count_ = 0;
};

// A literal phrase as a Hyperscan expression: ASCII punctuation escaped,
// everything else (letters, digits, UTF-8) as it is.
std::string escape_literal(std::string_view phrase);

}  // namespace brandguard::policy::rules
