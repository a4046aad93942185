// DkimLibrary: libopendkim's library handle and our DNS callbacks. See
// dkim_library.hpp for the contract; DEPENDENCIES.md 2b and 5.4 for the
// libopendkim facts relied on here:
//  - the key query is start -> waitreply -> cancel, on the thread that
//    called dkim_eoh() (or dkim_eom()); cancel is called on every path;
//  - waitreply must return DKIM_DNS_SUCCESS with the reply's byte count,
//    DKIM_DNS_ERROR, or DKIM_DNS_EXPIRED on timeout. (DKIM_DNS_NOREPLY
//    without a DNS callback makes libopendkim parse an unfilled buffer, so
//    it is never returned);
//  - libopendkim parses the reply packet itself: NXDOMAIN in the header
//    becomes "no key", an answer without TXT records too;
//  - dkim_close() calls the DNS close hook on the service handle, which is
//    ours: the hook is cleared so libopendkim's res_nclose() never sees it;
//  - option sizes must match exactly (TIMEOUT and MINKEYBITS are u_int).
#include "auth/dkim_library.hpp"

#include <sys/time.h>
#include <sys/types.h>

#define _Bool bool
#include <opendkim/dkim.h>
#undef _Bool

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "message/ascii.hpp"

namespace brandguard::policy::auth {

namespace {

thread_local DkimLibrary::MessageHooks* t_hooks = nullptr;

// The DNS service handle libopendkim passes back to every callback.
struct Service {
  dns::Resolver* resolver = nullptr;
  std::chrono::milliseconds timeout{5000};
};

// One key query between start and cancel.
struct Query {
  std::shared_ptr<dns::Lookup> lookup;  // null: refused by the message's budget
  std::string name;
  DkimLibrary::MessageHooks* hooks = nullptr;
  unsigned char* buf = nullptr;
  std::size_t buflen = 0;
};

constexpr std::uint16_t kTypeTxt = 16;
constexpr std::uint16_t kClassIn = 1;

void put16(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v & 0xff));
}

// `name` in wire format; the root name if it cannot be encoded (the
// question is only skipped by libopendkim, never compared).
std::string wire_name(std::string_view name) {
  std::string out;
  std::size_t start = 0;
  while (start < name.size()) {
    std::size_t dot = name.find('.', start);
    if (dot == std::string_view::npos) dot = name.size();
    const std::size_t len = dot - start;
    if (len == 0 || len > 63 || out.size() + len + 2 > 255) return std::string(1, '\0');
    out.push_back(static_cast<char>(len));
    out.append(name.substr(start, len));
    start = dot + 1;
  }
  out.push_back('\0');
  return out;
}

// A reply packet for answers that came without one (injected or
// synthesized answers): header, the question, and one TXT record per
// rdata for Status::ok.
std::string synthesize_packet(std::string_view name, const dns::Answer& answer) {
  std::string p;
  put16(p, 0);                                                     // id
  const std::uint16_t rcode = answer.status == dns::Status::nxdomain ? 3 : 0;
  put16(p, static_cast<std::uint16_t>(0x8180 | rcode));            // QR RD RA
  put16(p, 1);                                                     // qdcount
  const bool with_data = answer.status == dns::Status::ok;
  put16(p, static_cast<std::uint16_t>(with_data ? std::min<std::size_t>(answer.rdata.size(), 0xffff) : 0));
  put16(p, 0);
  put16(p, 0);
  p += wire_name(name);
  put16(p, kTypeTxt);
  put16(p, kClassIn);
  if (with_data) {
    for (const auto& rdata : answer.rdata) {
      if (rdata.size() > 0xffff) return {};
      put16(p, 0xc00c);  // pointer to the question name
      put16(p, kTypeTxt);
      put16(p, kClassIn);
      put16(p, 0);
      put16(p, 300);  // TTL
      put16(p, static_cast<std::uint16_t>(rdata.size()));
      p += rdata;
    }
  }
  return p;
}

std::chrono::steady_clock::duration from_timeval(const struct timeval& tv) {
  return std::chrono::seconds(std::max<long>(tv.tv_sec, 0)) + std::chrono::microseconds(std::max<long>(tv.tv_usec, 0));
}

// --- libopendkim callbacks: C calling convention, never throw. ---

int query_start(void* service, int type, unsigned char* query, unsigned char* buf, std::size_t buflen,
                void** handle) noexcept {
  try {
    if (service == nullptr || query == nullptr || buf == nullptr || handle == nullptr || type != kTypeTxt) return -1;
    auto* s = static_cast<Service*>(service);
    auto q = std::make_unique<Query>();
    q->name = ascii_lower(std::string_view(reinterpret_cast<const char*>(query),
                                           ::strnlen(reinterpret_cast<const char*>(query), 1024)));
    if (!q->name.empty() && q->name.back() == '.') q->name.pop_back();
    q->buf = buf;
    q->buflen = buflen;
    q->hooks = t_hooks;
    if (q->hooks != nullptr) {
      q->lookup = q->hooks->key_lookup(q->name);
    } else {
      q->lookup = s->resolver->start(q->name, dns::RrType::txt);
    }
    *handle = q.release();
    return 0;
  } catch (...) {
    return -1;
  }
}

int query_waitreply(void* service, void* handle, struct timeval* timeout, std::size_t* bytes, int* error,
                    int* dnssec) noexcept {
  auto* q = static_cast<Query*>(handle);
  if (service == nullptr || q == nullptr) return DKIM_DNS_ERROR;
  try {
    if (error != nullptr) *error = 0;
    if (dnssec != nullptr) *dnssec = DKIM_DNSSEC_UNKNOWN;
    if (!q->lookup) {
      if (q->hooks != nullptr) q->hooks->key_query_done(q->name, dns::Status::servfail, true);
      return DKIM_DNS_ERROR;
    }
    const auto* s = static_cast<const Service*>(service);
    const auto now = std::chrono::steady_clock::now();
    auto deadline = now + (timeout != nullptr ? from_timeval(*timeout)
                                              : std::chrono::steady_clock::duration(s->timeout));
    if (q->hooks != nullptr) deadline = std::min(deadline, q->hooks->deadline());
    const dns::Answer& answer = q->lookup->wait(deadline);
    if (q->hooks != nullptr) q->hooks->key_query_done(q->name, answer.status, false);
    switch (answer.status) {
      case dns::Status::timeout:
        return DKIM_DNS_EXPIRED;
      case dns::Status::servfail:
        return DKIM_DNS_ERROR;
      case dns::Status::ok:
      case dns::Status::nodata:
      case dns::Status::nxdomain:
        break;
    }
    std::string synthesized;
    std::string_view packet = answer.packet;
    if (packet.size() < 12) {
      synthesized = synthesize_packet(q->name, answer);
      packet = synthesized;
    }
    if (packet.empty() || packet.size() > q->buflen) return DKIM_DNS_ERROR;
    std::memcpy(q->buf, packet.data(), packet.size());
    if (bytes != nullptr) *bytes = packet.size();
    if (dnssec != nullptr && answer.secure) *dnssec = DKIM_DNSSEC_SECURE;
    return DKIM_DNS_SUCCESS;
  } catch (...) {
    return DKIM_DNS_ERROR;
  }
}

int query_cancel(void* /*service*/, void* handle) noexcept {
  // The lookup itself stays with the verifier (several signatures may share
  // one key record); only our bookkeeping goes.
  delete static_cast<Query*>(handle);
  return 0;
}

DKIM_CBSTAT prescreen(DKIM* /*dkim*/, DKIM_SIGINFO** signatures, int count) noexcept {
  if (t_hooks != nullptr && signatures != nullptr && count > 0) t_hooks->prescreen(signatures, count);
  return DKIM_CBSTAT_CONTINUE;
}

}  // namespace

struct DkimLibrary::Impl {
  DkimLibrarySettings settings;
  Service service;
  DKIM_LIB* lib = nullptr;
  bool ed25519 = false;

  ~Impl() {
    if (lib != nullptr) dkim_close(lib);
  }
};

DkimLibrary::DkimLibrary(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DkimLibrary::~DkimLibrary() = default;

tl::expected<std::unique_ptr<DkimLibrary>, std::string> DkimLibrary::create(dns::Resolver& resolver,
                                                                           const DkimLibrarySettings& settings) {
  if (settings.query_timeout.count() < 1 || settings.query_timeout.count() > 3600) {
    return tl::unexpected(std::string("dkim query timeout must be between 1 and 3600 seconds"));
  }
  if (settings.min_key_bits > 16384) {
    return tl::unexpected(std::string("dkim minimum key bits must be at most 16384"));
  }
  auto impl = std::make_unique<Impl>();
  impl->settings = settings;
  impl->service.resolver = &resolver;
  impl->service.timeout = settings.query_timeout;
  impl->lib = dkim_init(nullptr, nullptr);
  if (impl->lib == nullptr) return tl::unexpected(std::string("dkim_init failed"));

  u_int timeout = static_cast<u_int>(settings.query_timeout.count());
  if (DKIM_STAT st = dkim_options(impl->lib, DKIM_OP_SETOPT, DKIM_OPTS_TIMEOUT, &timeout, sizeof timeout);
      st != DKIM_STAT_OK) {
    return tl::unexpected(fmt::format("libopendkim refused the query timeout (status {})", st));
  }
  u_int min_bits = settings.min_key_bits;
  if (DKIM_STAT st = dkim_options(impl->lib, DKIM_OP_SETOPT, DKIM_OPTS_MINKEYBITS, &min_bits, sizeof min_bits);
      st != DKIM_STAT_OK) {
    return tl::unexpected(fmt::format("libopendkim refused the minimum key size (status {})", st));
  }

  // Our resolver, never libopendkim's: no init (the service is set), no
  // close (the service is not a res_state).
  dkim_dns_set_query_service(impl->lib, &impl->service);
  dkim_dns_set_query_start(impl->lib, query_start);
  dkim_dns_set_query_waitreply(impl->lib, query_waitreply);
  dkim_dns_set_query_cancel(impl->lib, query_cancel);
  dkim_dns_set_init(impl->lib, nullptr);
  dkim_dns_set_close(impl->lib, nullptr);
  dkim_dns_set_nslist(impl->lib, nullptr);
  dkim_dns_set_config(impl->lib, nullptr);
  dkim_dns_set_trustanchor(impl->lib, nullptr);
  if (DKIM_STAT st = dkim_set_prescreen(impl->lib, prescreen); st != DKIM_STAT_OK) {
    return tl::unexpected(fmt::format("libopendkim refused the prescreen callback (status {})", st));
  }
  impl->ed25519 = dkim_libfeature(impl->lib, DKIM_FEATURE_ED25519);
  return std::unique_ptr<DkimLibrary>(new DkimLibrary(std::move(impl)));
}

const DkimLibrarySettings& DkimLibrary::settings() const noexcept { return impl_->settings; }
bool DkimLibrary::supports_ed25519() const noexcept { return impl_->ed25519; }
dns::Resolver& DkimLibrary::resolver() const noexcept { return *impl_->service.resolver; }
dkim_lib* DkimLibrary::handle() const noexcept { return impl_->lib; }

DkimLibrary::Binding::Binding(MessageHooks& hooks) noexcept : previous_(t_hooks) { t_hooks = &hooks; }
DkimLibrary::Binding::~Binding() { t_hooks = previous_; }

}  // namespace brandguard::policy::auth
