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
//
// Two ways to compile and scan: by default each pattern reports once
// (rules only need "did it match"); with CompileOptions::all_matches every
// match is reported with its offsets, for callers that look at where a
// phrase is (the content signals judge negation from the words before it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
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

struct CompileOptions {
  // Report every match, not only the first of each pattern.
  bool all_matches = false;
  // Report where each match starts (leftmost start, HS_FLAG_SOM_LEFTMOST).
  // Without it Match::from is 0. Costs database size; some complex regexes
  // are refused with it ("pattern too large").
  bool match_starts = false;
};

// One match: pattern id and byte offsets [from, to) in the scanned text.
struct Match {
  unsigned id = 0;
  std::size_t from = 0;
  std::size_t to = 0;
};

class PatternSet {
 public:
  // An error names the pattern ("pattern 3 (\"a(b\"): missing )").
  static tl::expected<std::shared_ptr<const PatternSet>, std::string> compile(const std::vector<PatternSpec>& patterns);
  static tl::expected<std::shared_ptr<const PatternSet>, std::string> compile(const std::vector<PatternSpec>& patterns,
                                                                              CompileOptions options);
  ~PatternSet();
  PatternSet(const PatternSet&) = delete;
  PatternSet& operator=(const PatternSet&) = delete;

  // Ids of the patterns found in `text`, each once, in order of first
  // match. False if Hyperscan failed (the caller treats the scan as
  // incomplete, never as "no match found" silently).
  bool scan(std::string_view text, std::vector<unsigned>& ids) const;

  // Every match in `text`, in the order Hyperscan reports them (by end
  // offset, mostly; callers must not rely on it). `on_match` returns false
  // to stop the scan early, which is not a failure. False only if
  // Hyperscan failed. On a set compiled without all_matches each pattern
  // reports once. `on_match` must not throw (it runs inside Hyperscan) nor
  // scan with a PatternSet (the thread's scratch is in use).
  bool scan(std::string_view text, const std::function<bool(const Match&)>& on_match) const;

  std::size_t size() const noexcept { return count_; }

 private:
  PatternSet() = default;
  hs_database* database_ = nullptr;
  std::uint64_t serial_ = 0;  // identifies the database to the thread scratch spaces
  std::size_t count_ = 0;
  bool match_starts_ = false;
};

// A literal phrase as a Hyperscan expression: ASCII punctuation escaped,
// everything else (letters, digits, UTF-8) as it is.
std::string escape_literal(std::string_view phrase);

}  // namespace brandguard::policy::rules
