// FirstSeenStore: the day each registrable domain was first seen in mail,
// kept in a memory-mapped file so that it survives restarts and reloads
// and is shared by every connection (and every process mapping the file)
// without a lock.
//
// Why: phishing runs on domains registered for the campaign; a sender
// domain this server has never seen before is weak evidence on its own but
// tips a message that already claims a brand. A feed of newly registered
// domains catches some of them; the local store catches the rest, including
// old domains freshly bought by phishers.
//
// Layout: a fixed header and a power-of-two array of 64-bit slots, each an
// atomic word: the upper 48 bits a hash of the domain (never 0), the lower
// 16 bits the day number (days since 1970) it was first seen. A slot is
// claimed with one compare-and-swap; a bounded linear probe (kMaxProbe)
// finds a domain; when the probe window is full the oldest entry in it is
// overwritten, so the table forgets the longest-known domains first and
// never grows. 2^20 slots (8 MiB) remember about a million domains.
//
// A hash collision (48 bits) can make a new domain look known: the error
// goes towards not adding a symbol, never towards adding a false one.
//
// Learning: a store younger than `learn_days` reports nothing as new (on a
// fresh install every domain is new); it records all the same.
//
// Thread safety: observe() and peek() are lock-free and may run on any
// number of threads and processes at once (std::atomic_ref on shared
// memory). The file must not be truncated while mapped (SIGBUS); only
// BrandGuard writes it.
//
// Errors: open() returns one line naming the file and the reason (cannot
// create, not a store, wrong size). A file that is not a valid store is
// never overwritten: the admin removes it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace brandguard::policy::brand {

class FirstSeenStore {
 public:
  static constexpr std::size_t kMaxProbe = 16;
  static constexpr std::uint64_t kDefaultSlots = std::uint64_t{1} << 20;

  struct Options {
    std::uint64_t slots = kDefaultSlots;  // rounded up to a power of two, 1024 .. 2^28
    unsigned learn_days = 7;              // nothing is new while the store is younger
    bool read_only = false;               // peek only; the file must exist
  };

  // Opens or creates (mode 0640) the store at `path`. `today` is the day
  // number used as the creation day of a new store.
  static tl::expected<std::shared_ptr<FirstSeenStore>, std::string> open(const std::string& path,
                                                                         const Options& options, std::uint32_t today);

  ~FirstSeenStore();
  FirstSeenStore(const FirstSeenStore&) = delete;
  FirstSeenStore& operator=(const FirstSeenStore&) = delete;

  // The day `domain` (a normalized registrable domain) was first seen,
  // recording `today` if it was not known. Read-only stores only look.
  std::uint32_t observe(std::string_view domain, std::uint32_t today);

  // The day `domain` was first seen, or 0 if it is not known.
  std::uint32_t peek(std::string_view domain) const;

  // True while the store is younger than learn_days.
  bool learning(std::uint32_t today) const noexcept;

  std::uint64_t slots() const noexcept { return slot_count_; }
  std::uint32_t created_day() const noexcept { return created_day_; }

  // Days since 1970-01-01 (UTC) now.
  static std::uint32_t today_utc();

 private:
  FirstSeenStore() = default;
  int fd_ = -1;
  void* map_ = nullptr;
  std::size_t map_size_ = 0;
  std::uint64_t* slots_ = nullptr;
  std::uint64_t slot_count_ = 0;
  std::uint32_t created_day_ = 0;
  unsigned learn_days_ = 0;
  bool read_only_ = false;
};

}  // namespace brandguard::policy::brand
