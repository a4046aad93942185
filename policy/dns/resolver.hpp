// Resolver: the one DNS layer of the process. SPF (libspf2), DKIM
// (libopendkim) and DMARC all resolve through it.
//
// One libunbound context in async-thread mode with one pump thread of ours
// that calls ub_process(); callers start a lookup (start()) as soon as its
// input exists and collect the answer later (Lookup::wait) with a deadline,
// so DNS waits overlap with the SMTP transfer. The synchronous ub_resolve()
// is never used: it costs ~2 ms of CPU per call (DEPENDENCIES.md 2d).
//
// Modes:
//   system   - the nameservers of /etc/resolv.conf (the site's resolver)
//   recursive- full recursion from the root hints, with the unbound cache
//   forward  - forward everything to the given addresses ("127.0.0.1@5353")
//   zonefile - hermetic: a catch-all static zone "." plus the records given;
//              any other name answers NXDOMAIN at once, no packet leaves.
//
// Errors never become pass or fail: a timeout, SERVFAIL or malformed answer
// is Status::servfail/timeout, which the auth checks map to temperror.
// Tests can inject SERVFAIL or a timeout for one name+type (inject()).
//
// Thread safety: start() and inject() from any thread; a Lookup is used by
// one thread at a time. The Resolver must outlive every Lookup it started.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace brandguard::policy::dns {

enum class RrType : std::uint16_t { a = 1, ns = 2, cname = 5, ptr = 12, mx = 15, txt = 16, aaaa = 28, spf = 99 };

enum class Status {
  ok,        // NOERROR with data
  nodata,    // NOERROR, name exists, no record of that type
  nxdomain,  // the name does not exist
  servfail,  // SERVFAIL, REFUSED, malformed or any other DNS failure
  timeout,   // no answer before the deadline
};

std::string_view to_string(Status status) noexcept;

struct Answer {
  Status status = Status::servfail;
  // rdata of each record, raw wire format as libunbound gives it (TXT:
  // length-prefixed strings; MX: 2-byte preference + uncompressed name;
  // A: 4 bytes; AAAA: 16 bytes; PTR/CNAME/NS: uncompressed name).
  std::vector<std::string> rdata;
  // The whole reply packet in wire format (what libopendkim wants); empty
  // on servfail/timeout.
  std::string packet;
  bool secure = false;  // DNSSEC validated (only when a trust anchor is set)
};

// Decoders for rdata; nullopt-like empty results on malformed input.
// TXT: the character-strings of one record concatenated.
std::string decode_txt(std::string_view rdata);
// A domain name in uncompressed wire format -> "a.b.c" (no trailing dot);
// empty if malformed.
std::string decode_name(std::string_view wire);
struct Mx {
  std::uint16_t preference = 0;
  std::string exchange;
};
bool decode_mx(std::string_view rdata, Mx& out);

class Lookup {
 public:
  virtual ~Lookup() = default;
  // Blocks until the answer or the deadline; repeated calls return the same
  // answer. After the deadline the answer is Status::timeout.
  virtual const Answer& wait(std::chrono::steady_clock::time_point deadline) = 0;
  // True once an answer (or failure) is available without blocking.
  virtual bool ready() const = 0;
  // Abandons the query; wait() then reports timeout unless already answered.
  virtual void cancel() = 0;
};

enum class Mode { system, recursive, forward, zonefile };

struct ResolverSettings {
  Mode mode = Mode::system;
  std::vector<std::string> forwarders;  // forward: "ADDR" or "ADDR@PORT"
  std::vector<std::string> records;     // zonefile: RR lines ("name. TTL IN TYPE rdata")
  // Names under these zones are sent upstream (to the forwarders) instead
  // of being answered locally: in zonefile mode they escape the catch-all;
  // in every mode they escape libunbound's default local zones (test.,
  // invalid., ...). Integration tests against a local nsd use this.
  std::vector<std::string> passthrough_zones;
  std::chrono::milliseconds timeout{5000};  // default per-lookup deadline
};

class Resolver {
 public:
  // Builds and starts the resolver; a setting libunbound refuses is an error
  // message naming it.
  static tl::expected<std::unique_ptr<Resolver>, std::string> create(const ResolverSettings& settings);
  virtual ~Resolver() = default;

  // Starts a lookup; never blocks on the network. `name` may end with a dot.
  // A name that cannot exist (empty label, label over 63 octets, name over
  // 253) answers nxdomain at once without a query. Any other byte is
  // looked up as it is (escaped for libunbound).
  virtual std::shared_ptr<Lookup> start(std::string_view name, RrType type) = 0;

  // start() + wait() with the default timeout.
  const Answer resolve(std::string_view name, RrType type);

  std::chrono::milliseconds default_timeout() const noexcept { return timeout_; }

  // Test hook: answers for name+type become `status` (servfail or timeout)
  // without asking libunbound. Name is compared case-insensitively.
  virtual void inject(std::string_view name, RrType type, Status status) = 0;

  // Lookups started since creation (for metrics and budgets).
  virtual std::uint64_t lookups_started() const noexcept = 0;

 protected:
  std::chrono::milliseconds timeout_{5000};
};

// Reads a zone file in the CORPUS-FORMAT.md syntax (RFC 1035 master-file
// lines, absolute owner names, class IN, types A AAAA MX TXT PTR CNAME),
// validating every line; returns the RR lines for ResolverSettings::records
// or an error "file:line: problem".
tl::expected<std::vector<std::string>, std::string> read_zone_text(std::string_view text, std::string_view name);

}  // namespace brandguard::policy::dns
