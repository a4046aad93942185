#include "rules/pattern_set.hpp"

#include <hs/hs.h>

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace brandguard::policy::rules {

namespace {

// One scratch per thread, grown to fit every database the thread scans.
struct ThreadScratch {
  hs_scratch_t* scratch = nullptr;
  ~ThreadScratch() {
    if (scratch != nullptr) hs_free_scratch(scratch);
  }
};
thread_local ThreadScratch t_scratch;

struct MatchState {
  std::vector<unsigned>* ids;
};

int on_match(unsigned int id, unsigned long long /*from*/, unsigned long long /*to*/, unsigned int /*flags*/,
             void* context) {
  auto* state = static_cast<MatchState*>(context);
  if (std::find(state->ids->begin(), state->ids->end(), id) == state->ids->end()) state->ids->push_back(id);
  return 0;  // continue: other patterns may still match
}

}  // namespace

std::string escape_literal(std::string_view phrase) {
  std::string out;
  out.reserve(phrase.size() * 2);
  for (char c : phrase) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || std::isalnum(u) != 0) {
      out.push_back(c);
    } else if (u == ' ') {
      out += "\\x20";
    } else {
      out += fmt::format("\\x{:02x}", u);
    }
  }
  return out;
}

tl::expected<std::shared_ptr<const PatternSet>, std::string> PatternSet::compile(
    const std::vector<PatternSpec>& patterns) {
  std::shared_ptr<PatternSet> set(new PatternSet());
  set->count_ = patterns.size();
  if (patterns.empty()) return std::shared_ptr<const PatternSet>(std::move(set));
  std::vector<std::string> expressions;
  std::vector<const char*> pointers;
  std::vector<unsigned> flags;
  std::vector<unsigned> ids;
  expressions.reserve(patterns.size());
  for (const auto& p : patterns) {
    expressions.push_back(p.literal ? escape_literal(p.expression) : p.expression);
    flags.push_back(HS_FLAG_CASELESS | HS_FLAG_UTF8 | HS_FLAG_SINGLEMATCH);
    ids.push_back(p.id);
  }
  for (const auto& e : expressions) pointers.push_back(e.c_str());
  hs_compile_error_t* error = nullptr;
  hs_database_t* db = nullptr;
  if (hs_compile_multi(pointers.data(), flags.data(), ids.data(), static_cast<unsigned>(pointers.size()),
                       HS_MODE_BLOCK, nullptr, &db, &error) != HS_SUCCESS) {
    std::string message = error != nullptr && error->message != nullptr ? error->message : "compile failed";
    const int index = error != nullptr ? error->expression : -1;
    hs_free_compile_error(error);
    if (index >= 0 && static_cast<std::size_t>(index) < patterns.size()) {
      return tl::unexpected(fmt::format("pattern {} (\"{}\"): {}", index, patterns[index].expression, message));
    }
    return tl::unexpected(message);
  }
  set->database_ = db;
  return std::shared_ptr<const PatternSet>(std::move(set));
}

PatternSet::~PatternSet() {
  if (database_ != nullptr) hs_free_database(database_);
}

bool PatternSet::scan(std::string_view text, std::vector<unsigned>& ids) const {
  if (database_ == nullptr) return true;
  if (hs_alloc_scratch(database_, &t_scratch.scratch) != HS_SUCCESS) return false;
  MatchState state{&ids};
  // Hyperscan takes an unsigned int length; longer texts are scanned in
  // windows (our texts are bounded far below that anyway).
  constexpr std::size_t kWindow = 1u << 30;
  for (std::size_t off = 0; off < text.size() || off == 0; off += kWindow) {
    const std::string_view part = text.substr(off, kWindow);
    if (hs_scan(database_, part.data(), static_cast<unsigned>(part.size()), 0, t_scratch.scratch, on_match, &state) !=
        HS_SUCCESS) {
      return false;
    }
    if (text.empty()) break;
  }
  return true;
}

}  // namespace brandguard::policy::rules
