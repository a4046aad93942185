#include "rules/pattern_set.hpp"

#include <hs/hs.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cstdint>
#include <new>
#include <vector>

#include <fmt/format.h>

namespace brandguard::policy::rules {

namespace {

// Scratch spaces outlive threads. libmilter runs each SMTP session's
// milter connection on a new thread; a fresh scratch for every thread (a
// large allocation, faulted in page by page, grown once per database)
// cost more CPU than the scans themselves. A thread takes a scratch from
// this pool at its first scan and gives it back when it ends: one atomic
// exchange per thread start and end, never a lock, nothing per message.
//
// hs_alloc_scratch is not a cheap "is it big enough" check: it allocates
// and copies a prototype on every call (about 0.2 ms with the content
// lexicon, measured in bench/README.md "Profile"). So each scratch
// remembers the databases it has been grown for; a scratch only grows, so
// it stays valid for them, and hs_alloc_scratch runs once per scratch and
// database instead of once per scan.
struct GrownScratch {
  hs_scratch_t* scratch = nullptr;
  // Serial numbers of the databases `scratch` fits. Bounded: past the
  // bound (many reloads) it is forgotten and refilled as scans come.
  std::vector<std::uint64_t> grown_for;
  static constexpr std::size_t kMaxRemembered = 64;

  ~GrownScratch() {
    if (scratch != nullptr) hs_free_scratch(scratch);
  }
  // False if Hyperscan could not allocate.
  bool fit(const hs_database_t* database, std::uint64_t serial) {
    if (std::find(grown_for.begin(), grown_for.end(), serial) != grown_for.end()) return true;
    if (hs_alloc_scratch(database, &scratch) != HS_SUCCESS) {
      grown_for.clear();  // a failed resize may have freed or replaced it
      return false;
    }
    if (grown_for.size() >= kMaxRemembered) grown_for.clear();
    grown_for.push_back(serial);
    return true;
  }
};

class ScratchPool {
 public:
  GrownScratch* take() noexcept {
    for (auto& slot : slots_) {
      if (GrownScratch* s = slot.exchange(nullptr, std::memory_order_acquire)) return s;
    }
    return nullptr;
  }
  void give(GrownScratch* scratch) noexcept {
    for (auto& slot : slots_) {
      GrownScratch* empty = nullptr;
      if (slot.compare_exchange_strong(empty, scratch, std::memory_order_release, std::memory_order_relaxed)) return;
    }
    delete scratch;  // more idle scratch spaces than slots: let this one go
  }

 private:
  std::array<std::atomic<GrownScratch*>, 128> slots_{};
};

// Never destroyed: threads may end (and give back) after static destruction.
ScratchPool& scratch_pool() {
  static ScratchPool* pool = new ScratchPool();
  return *pool;
}

// This thread's scratch, grown to fit every database it scans.
struct ThreadScratch {
  GrownScratch* grown = nullptr;
  // The scratch, fitted to `database`; nullptr if Hyperscan (or memory)
  // failed. Must not throw: called from noexcept-sensitive scan paths.
  hs_scratch_t* fitted(const hs_database_t* database, std::uint64_t serial) noexcept {
    if (grown == nullptr) grown = scratch_pool().take();
    if (grown == nullptr) grown = new (std::nothrow) GrownScratch();
    if (grown == nullptr) return nullptr;
    try {
      return grown->fit(database, serial) ? grown->scratch : nullptr;
    } catch (...) {  // bad_alloc from the remembered list
      return nullptr;
    }
  }
  ~ThreadScratch() {
    if (grown != nullptr) scratch_pool().give(grown);
  }
};
thread_local ThreadScratch t_scratch;

// Gives each compiled database a number never reused, unlike its address.
std::atomic<std::uint64_t> g_next_serial{1};

struct MatchState {
  std::vector<unsigned>* ids;
};

int on_match(unsigned int id, unsigned long long /*from*/, unsigned long long /*to*/, unsigned int /*flags*/,
             void* context) {
  auto* state = static_cast<MatchState*>(context);
  if (std::find(state->ids->begin(), state->ids->end(), id) == state->ids->end()) state->ids->push_back(id);
  return 0;  // continue: other patterns may still match
}

struct CallbackState {
  const std::function<bool(const Match&)>* callback;
  std::size_t offset;  // of the window in the whole text
  bool starts;         // compiled with SOM: `from` is meaningful
};

int on_match_callback(unsigned int id, unsigned long long from, unsigned long long to, unsigned int /*flags*/,
                      void* context) {
  auto* state = static_cast<CallbackState*>(context);
  const Match match{id, state->starts ? state->offset + static_cast<std::size_t>(from) : 0,
                    state->offset + static_cast<std::size_t>(to)};
  return (*state->callback)(match) ? 0 : 1;  // non-zero: stop (HS_SCAN_TERMINATED)
}

// Hyperscan takes an unsigned int length; longer texts are scanned in
// windows (our texts are bounded far below that anyway; a match across a
// window edge is lost).
constexpr std::size_t kWindow = 1u << 30;

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
  return compile(patterns, CompileOptions{});
}

tl::expected<std::shared_ptr<const PatternSet>, std::string> PatternSet::compile(
    const std::vector<PatternSpec>& patterns, CompileOptions options) {
  std::shared_ptr<PatternSet> set(new PatternSet());
  set->count_ = patterns.size();
  set->match_starts_ = options.match_starts;
  unsigned pattern_flags = HS_FLAG_CASELESS | HS_FLAG_UTF8;
  if (!options.all_matches) pattern_flags |= HS_FLAG_SINGLEMATCH;
  if (options.match_starts) pattern_flags |= HS_FLAG_SOM_LEFTMOST;
  if (patterns.empty()) return std::shared_ptr<const PatternSet>(std::move(set));
  std::vector<std::string> expressions;
  std::vector<const char*> pointers;
  std::vector<unsigned> flags;
  std::vector<unsigned> ids;
  expressions.reserve(patterns.size());
  for (const auto& p : patterns) {
    expressions.push_back(p.literal ? escape_literal(p.expression) : p.expression);
    flags.push_back(pattern_flags);
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
  set->serial_ = g_next_serial.fetch_add(1, std::memory_order_relaxed);
  return std::shared_ptr<const PatternSet>(std::move(set));
}

PatternSet::~PatternSet() {
  if (database_ != nullptr) hs_free_database(database_);
}

bool PatternSet::scan(std::string_view text, std::vector<unsigned>& ids) const {
  if (database_ == nullptr) return true;
  hs_scratch_t* scratch = t_scratch.fitted(database_, serial_);
  if (scratch == nullptr) return false;
  MatchState state{&ids};
  for (std::size_t off = 0; off < text.size() || off == 0; off += kWindow) {
    const std::string_view part = text.substr(off, kWindow);
    if (hs_scan(database_, part.data(), static_cast<unsigned>(part.size()), 0, scratch, on_match, &state) !=
        HS_SUCCESS) {
      return false;
    }
    if (text.empty()) break;
  }
  return true;
}

bool PatternSet::scan(std::string_view text, const std::function<bool(const Match&)>& on_match) const {
  if (database_ == nullptr) return true;
  hs_scratch_t* scratch = t_scratch.fitted(database_, serial_);
  if (scratch == nullptr) return false;
  CallbackState state{&on_match, 0, match_starts_};
  for (std::size_t off = 0; off < text.size() || off == 0; off += kWindow) {
    const std::string_view part = text.substr(off, kWindow);
    state.offset = off;
    const hs_error_t rc = hs_scan(database_, part.data(), static_cast<unsigned>(part.size()), 0, scratch,
                                  on_match_callback, &state);
    if (rc == HS_SCAN_TERMINATED) return true;  // the caller asked to stop
    if (rc != HS_SUCCESS) return false;
    if (text.empty()) break;
  }
  return true;
}

}  // namespace brandguard::policy::rules
