#include "brand/first_seen_store.hpp"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace brandguard::policy::brand {

namespace {

constexpr char kMagic[8] = {'B', 'G', 'S', 'E', 'E', 'N', '0', '1'};
constexpr std::uint64_t kMinSlots = 1024;
constexpr std::uint64_t kMaxSlots = std::uint64_t{1} << 28;  // 2 GiB: far beyond any mail server's domains
constexpr std::uint64_t kDayMask = 0xffff;

// On disk, native endianness: the file never leaves the machine.
struct FileHeader {
  char magic[8];
  std::uint64_t slots;
  std::uint32_t created_day;
  std::uint32_t reserved;
  std::uint64_t reserved2;
};
static_assert(sizeof(FileHeader) == 32);

std::uint64_t round_up_pow2(std::uint64_t n) {
  std::uint64_t p = kMinSlots;
  while (p < n && p < kMaxSlots) p <<= 1;
  return p;
}

// FNV-1a then the splitmix64 finalizer: stable across builds and
// processes (the file outlives them), well mixed in every bit.
std::uint64_t domain_hash(std::string_view domain) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : domain) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

std::uint64_t key_of(std::uint64_t hash) {
  const std::uint64_t key = hash & ~kDayMask;
  return key == 0 ? (std::uint64_t{1} << 16) : key;  // 0 marks an empty slot
}

std::string errno_text(int e) { return std::strerror(e); }

}  // namespace

tl::expected<std::shared_ptr<FirstSeenStore>, std::string> FirstSeenStore::open(const std::string& path,
                                                                                  const Options& options,
                                                                                  std::uint32_t today) {
  std::shared_ptr<FirstSeenStore> store(new FirstSeenStore());
  store->read_only_ = options.read_only;
  store->learn_days_ = options.learn_days;
  const int flags = options.read_only ? O_RDONLY : (O_RDWR | O_CREAT);
  store->fd_ = ::open(path.c_str(), flags | O_CLOEXEC | O_NOFOLLOW, 0640);
  if (store->fd_ < 0) return tl::unexpected(fmt::format("cannot open {}: {}", path, errno_text(errno)));

  struct stat st {};
  if (::fstat(store->fd_, &st) != 0) return tl::unexpected(fmt::format("cannot stat {}: {}", path, errno_text(errno)));
  if (!S_ISREG(st.st_mode)) return tl::unexpected(fmt::format("{} is not a regular file", path));

  FileHeader header{};
  if (st.st_size == 0) {
    if (options.read_only) return tl::unexpected(fmt::format("{} is empty", path));
    // A new store. Written header-last would be nicer, but a crash here
    // leaves a file that fails the size check below and is reported.
    std::memcpy(header.magic, kMagic, sizeof kMagic);
    header.slots = round_up_pow2(options.slots);
    header.created_day = today;
    const auto size = static_cast<off_t>(sizeof(FileHeader) + header.slots * sizeof(std::uint64_t));
    if (::ftruncate(store->fd_, size) != 0) {
      return tl::unexpected(fmt::format("cannot size {}: {}", path, errno_text(errno)));
    }
    if (::pwrite(store->fd_, &header, sizeof header, 0) != static_cast<ssize_t>(sizeof header)) {
      return tl::unexpected(fmt::format("cannot write {}: {}", path, errno_text(errno)));
    }
    st.st_size = size;
  } else {
    if (st.st_size < static_cast<off_t>(sizeof header) ||
        ::pread(store->fd_, &header, sizeof header, 0) != static_cast<ssize_t>(sizeof header) ||
        std::memcmp(header.magic, kMagic, sizeof kMagic) != 0) {
      return tl::unexpected(fmt::format("{} is not a BrandGuard first-seen store (remove it to start a new one)", path));
    }
    if (header.slots < kMinSlots || header.slots > kMaxSlots || (header.slots & (header.slots - 1)) != 0 ||
        static_cast<std::uint64_t>(st.st_size) != sizeof(FileHeader) + header.slots * sizeof(std::uint64_t)) {
      return tl::unexpected(fmt::format("{} has a damaged header or the wrong size (remove it to start a new one)", path));
    }
  }

  store->map_size_ = static_cast<std::size_t>(st.st_size);
  const int prot = options.read_only ? PROT_READ : (PROT_READ | PROT_WRITE);
  void* map = ::mmap(nullptr, store->map_size_, prot, MAP_SHARED, store->fd_, 0);
  if (map == MAP_FAILED) return tl::unexpected(fmt::format("cannot map {}: {}", path, errno_text(errno)));
  store->map_ = map;
  store->slots_ = reinterpret_cast<std::uint64_t*>(static_cast<char*>(map) + sizeof(FileHeader));
  store->slot_count_ = header.slots;
  store->created_day_ = header.created_day;
  return store;
}

FirstSeenStore::~FirstSeenStore() {
  if (map_ != nullptr) ::munmap(map_, map_size_);
  if (fd_ >= 0) ::close(fd_);
}

std::uint32_t FirstSeenStore::peek(std::string_view domain) const {
  const std::uint64_t hash = domain_hash(domain);
  const std::uint64_t key = key_of(hash);
  const std::uint64_t mask = slot_count_ - 1;
  for (std::size_t i = 0; i < kMaxProbe; ++i) {
    const std::uint64_t word = std::atomic_ref<std::uint64_t>(slots_[(hash + i) & mask]).load(std::memory_order_relaxed);
    if (word == 0) return 0;
    if ((word & ~kDayMask) == key) return static_cast<std::uint32_t>(word & kDayMask);
  }
  return 0;
}

std::uint32_t FirstSeenStore::observe(std::string_view domain, std::uint32_t today) {
  if (read_only_) {
    const std::uint32_t day = peek(domain);
    return day == 0 ? today : day;
  }
  const std::uint64_t hash = domain_hash(domain);
  const std::uint64_t key = key_of(hash);
  const std::uint64_t mask = slot_count_ - 1;
  const std::uint64_t entry = key | (today & kDayMask);
  std::size_t oldest = 0;
  std::uint64_t oldest_word = ~std::uint64_t{0};
  for (std::size_t i = 0; i < kMaxProbe; ++i) {
    const std::size_t index = (hash + i) & mask;
    std::atomic_ref<std::uint64_t> slot(slots_[index]);
    std::uint64_t word = slot.load(std::memory_order_relaxed);
    if (word == 0) {
      if (slot.compare_exchange_strong(word, entry, std::memory_order_relaxed)) return today;
      // Another thread claimed it just now: it may have been this domain.
    }
    if ((word & ~kDayMask) == key) return static_cast<std::uint32_t>(word & kDayMask);
    if ((word & kDayMask) < (oldest_word & kDayMask)) {
      oldest = index;
      oldest_word = word;
    }
  }
  // Window full: forget the longest-known domain in it. If another thread
  // changed that slot meanwhile, leave it; this domain is then simply not
  // recorded and will be new again next time, which errs towards "new" for
  // one domain only on a table that is full.
  std::atomic_ref<std::uint64_t>(slots_[oldest]).compare_exchange_strong(oldest_word, entry,
                                                                          std::memory_order_relaxed);
  return today;
}

bool FirstSeenStore::learning(std::uint32_t today) const noexcept {
  return today < created_day_ || today - created_day_ < learn_days_;
}

std::uint32_t FirstSeenStore::today_utc() {
  const auto now = std::chrono::system_clock::now();
  return static_cast<std::uint32_t>(std::chrono::floor<std::chrono::days>(now).time_since_epoch().count());
}

}  // namespace brandguard::policy::brand
