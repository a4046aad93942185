// Resolver implementation over libunbound. See resolver.hpp for the
// contract; DEPENDENCIES.md 2d for the libunbound facts relied on here:
//  - ub_ctx_async(ctx, 1) must come before any zone/data add, or the
//    context silently stays in fork mode;
//  - ub_cancel() in thread mode only marks the query; a cancelled query's
//    callback is never called, so its argument is freed by the canceller;
//  - answer_packet holds the wire reply; its length is 0 on SERVFAIL.
#include "dns/resolver.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include <unbound.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>

#include "metrics/registry.hpp"

namespace brandguard::policy::dns {

std::string_view to_string(Status status) noexcept {
  switch (status) {
    case Status::ok: return "ok";
    case Status::nodata: return "nodata";
    case Status::nxdomain: return "nxdomain";
    case Status::servfail: return "servfail";
    case Status::timeout: return "timeout";
  }
  return "unknown";
}

std::string decode_txt(std::string_view rdata) {
  std::string out;
  std::size_t i = 0;
  while (i < rdata.size()) {
    const std::size_t len = static_cast<unsigned char>(rdata[i]);
    if (i + 1 + len > rdata.size()) break;  // truncated string: keep the complete ones
    out.append(rdata.substr(i + 1, len));
    i += 1 + len;
  }
  return out;
}

std::string decode_name(std::string_view wire) {
  std::string out;
  std::size_t i = 0;
  while (i < wire.size()) {
    const std::size_t len = static_cast<unsigned char>(wire[i]);
    if (len == 0) return out.empty() ? std::string(".") : out;
    if (len > 63 || i + 1 + len > wire.size()) return {};  // compression or truncation: malformed here
    if (!out.empty()) out.push_back('.');
    out.append(wire.substr(i + 1, len));
    if (out.size() > 253) return {};
    i += 1 + len;
  }
  return {};  // no terminating root label
}

bool decode_mx(std::string_view rdata, Mx& out) {
  if (rdata.size() < 3) return false;
  out.preference = static_cast<std::uint16_t>((static_cast<unsigned char>(rdata[0]) << 8) |
                                              static_cast<unsigned char>(rdata[1]));
  out.exchange = decode_name(rdata.substr(2));
  return !out.exchange.empty();
}

const Answer Resolver::resolve(std::string_view name, RrType type) {
  return start(name, type)->wait(std::chrono::steady_clock::now() + timeout_);
}

namespace {

// Lowercase presentation format for libunbound, no trailing dot; empty if
// the name cannot exist (empty label, label over 63 octets, name over 253).
// Bytes other than letters, digits, '-', '_' and '.' are written as \DDD:
// SPF macros can expand to names with spaces or '%', which must be looked
// up as they are, not reinterpreted by a zone-file parser.
std::string canonical_name(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (name.empty() || name.size() > 253) return {};
  std::string out;
  out.reserve(name.size());
  std::size_t label = 0;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '.') {
      if (label == 0) return {};
      label = 0;
      out.push_back('.');
      continue;
    }
    if (++label > 63) return {};
    if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
      out.push_back(c);
    } else {
      out += fmt::format("\\{:03d}", static_cast<unsigned>(u));
    }
  }
  return label == 0 ? std::string() : out;
}

// Shared between the caller's Lookup and libunbound's callback. The mutex
// is per lookup: it hands one answer from the pump thread to one waiter and
// is never contended across messages.
struct LookupState {
  explicit LookupState(RrType t) : type(t) {}

  std::mutex mutex;
  std::condition_variable cv;
  bool done = false;
  Answer answer;
  int async_id = 0;
  void* callback_arg = nullptr;  // owned by libunbound until the callback or a successful cancel
  const RrType type;
  const std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

  // `from_callback`: libunbound has released callback_arg (it is being
  // deleted), so a later cancel() must not touch it.
  void finish(Answer&& a, bool from_callback) {
    Status status;
    {
      std::lock_guard lock(mutex);
      if (from_callback) callback_arg = nullptr;
      if (done) return;
      answer = std::move(a);
      done = true;
      status = answer.status;
    }
    cv.notify_all();
    // Counted once, by whoever completed the lookup (answer or deadline).
    record(metrics::dns_outcome(status));
  }

  void record(metrics::DnsOutcome outcome) const noexcept {
    const std::chrono::nanoseconds elapsed = std::chrono::steady_clock::now() - started;
    metrics::process_registry().observe_dns(type, outcome, &elapsed);
  }
};

using StateHandle = std::shared_ptr<LookupState>;

Answer answer_from(int err, ub_result* result) {
  Answer a;
  if (err != 0 || result == nullptr) {
    a.status = Status::servfail;
    return a;
  }
  if (result->bogus) {
    a.status = Status::servfail;
  } else if (result->rcode == 3) {
    a.status = Status::nxdomain;
  } else if (result->rcode != 0) {
    a.status = Status::servfail;
  } else if (result->havedata) {
    a.status = Status::ok;
    for (int i = 0; result->data != nullptr && result->data[i] != nullptr; ++i) {
      a.rdata.emplace_back(result->data[i], static_cast<std::size_t>(result->len[i]));
    }
  } else {
    a.status = Status::nodata;
  }
  a.secure = result->secure != 0;
  if (result->answer_packet != nullptr && result->answer_len > 0) {
    a.packet.assign(static_cast<const char*>(result->answer_packet), static_cast<std::size_t>(result->answer_len));
  }
  return a;
}

extern "C" void on_unbound_answer(void* arg, int err, ub_result* result) {
  auto* handle = static_cast<StateHandle*>(arg);
  try {
    (*handle)->finish(answer_from(err, result), true);
  } catch (...) {
    Answer failed;
    failed.status = Status::servfail;
    (*handle)->finish(std::move(failed), true);
  }
  ub_resolve_free(result);
  delete handle;
}

class UnboundLookup final : public Lookup {
 public:
  UnboundLookup(ub_ctx* ctx, StateHandle state) : ctx_(ctx), state_(std::move(state)) {}
  ~UnboundLookup() override { cancel(); }

  const Answer& wait(std::chrono::steady_clock::time_point deadline) override {
    const auto waiting_since = std::chrono::steady_clock::now();
    std::unique_lock lock(state_->mutex);
    if (!state_->cv.wait_until(lock, deadline, [&] { return state_->done; })) {
      lock.unlock();
      Answer timed_out;
      timed_out.status = Status::timeout;
      state_->finish(std::move(timed_out), false);
      cancel();
      lock.lock();
    }
    metrics::add_thread_dns_wait(std::chrono::steady_clock::now() - waiting_since);
    return state_->answer;
  }

  bool ready() const override {
    std::lock_guard lock(state_->mutex);
    return state_->done;
  }

  void cancel() override {
    if (ctx_ == nullptr) return;
    void* arg = nullptr;
    bool given_up = false;
    {
      std::lock_guard lock(state_->mutex);
      arg = state_->callback_arg;
      state_->callback_arg = nullptr;
      if (!state_->done) {
        state_->answer = Answer{};
        state_->answer.status = Status::timeout;
        state_->done = true;
        given_up = true;
      }
    }
    if (given_up) state_->record(metrics::DnsOutcome::cancelled);
    if (arg != nullptr && ub_cancel(ctx_, state_->async_id) == 0) {
      delete static_cast<StateHandle*>(arg);  // the callback will not run
    }
    ctx_ = nullptr;
  }

 private:
  ub_ctx* ctx_;
  StateHandle state_;
};

// A Lookup answered at once (injected failures, impossible names).
class ImmediateLookup final : public Lookup {
 public:
  ImmediateLookup(RrType type, Status status) {
    answer_.status = status;
    metrics::process_registry().observe_dns(type, metrics::dns_outcome(status), nullptr);
  }
  const Answer& wait(std::chrono::steady_clock::time_point deadline) override {
    if (answer_.status == Status::timeout) {
      const auto waiting_since = std::chrono::steady_clock::now();
      std::this_thread::sleep_until(deadline);
      metrics::add_thread_dns_wait(std::chrono::steady_clock::now() - waiting_since);
    }
    return answer_;
  }
  bool ready() const override { return answer_.status != Status::timeout; }
  void cancel() override {}

 private:
  Answer answer_;
};

class UnboundResolver final : public Resolver {
 public:
  UnboundResolver() = default;
  UnboundResolver(const UnboundResolver&) = delete;
  UnboundResolver& operator=(const UnboundResolver&) = delete;

  ~UnboundResolver() override {
    if (pump_.joinable()) {
      stop_.store(true);
      const std::uint64_t one = 1;
      [[maybe_unused]] const ssize_t n = ::write(wake_fd_, &one, sizeof one);
      pump_.join();
    }
    if (ctx_ != nullptr) ub_ctx_delete(ctx_);
    if (wake_fd_ >= 0) ::close(wake_fd_);
  }

  tl::expected<void, std::string> init(const ResolverSettings& settings) {
    timeout_ = settings.timeout;
    ctx_ = ub_ctx_create();
    if (ctx_ == nullptr) return tl::unexpected(std::string("ub_ctx_create failed"));
    // First of all: thread mode, before anything finalizes the context.
    if (int rc = ub_ctx_async(ctx_, 1); rc != 0) return fail("ub_ctx_async", rc);
    switch (settings.mode) {
      case Mode::system:
        if (int rc = ub_ctx_resolvconf(ctx_, nullptr); rc != 0) return fail("reading /etc/resolv.conf", rc);
        break;
      case Mode::recursive:
        break;
      case Mode::forward:
        if (settings.forwarders.empty()) return tl::unexpected(std::string("forward mode needs forwarders"));
        break;
      case Mode::zonefile:
        break;
    }
    for (const auto& address : settings.forwarders) {
      if (int rc = ub_ctx_set_fwd(ctx_, address.c_str()); rc != 0) return fail("forwarder " + address, rc);
    }
    // Passthrough zones are asked upstream even where libunbound would
    // answer itself (its default local zones include test. and invalid.).
    for (const auto& zone : settings.passthrough_zones) {
      if (int rc = ub_ctx_zone_add(ctx_, zone.c_str(), "transparent"); rc != 0) return fail("zone " + zone, rc);
    }
    if (settings.mode == Mode::zonefile) {
      // Answers in the zone file's order, so hermetic runs are repeatable.
      if (int rc = ub_ctx_set_option(ctx_, "rrset-roundrobin:", "no"); rc != 0) return fail("rrset-roundrobin", rc);
      // Hermetic: everything not in the records answers NXDOMAIN locally.
      if (int rc = ub_ctx_zone_add(ctx_, ".", "static"); rc != 0) return fail("catch-all zone", rc);
      for (const auto& record : settings.records) {
        if (int rc = ub_ctx_data_add(ctx_, record.c_str()); rc != 0) return fail("record \"" + record + "\"", rc);
      }
    }
    wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake_fd_ < 0) return tl::unexpected(fmt::format("eventfd: {}", std::strerror(errno)));
    pump_ = std::thread([this] { pump(); });
    return {};
  }

  std::shared_ptr<Lookup> start(std::string_view name, RrType type) override {
    started_.fetch_add(1, std::memory_order_relaxed);
    std::string canonical = canonical_name(name);
    if (canonical.empty()) return std::make_shared<ImmediateLookup>(type, Status::nxdomain);
    if (has_injections_.load(std::memory_order_acquire)) {
      std::lock_guard lock(inject_mutex_);
      if (auto it = injected_.find(key(canonical, type)); it != injected_.end()) {
        return std::make_shared<ImmediateLookup>(type, it->second);
      }
    }
    auto state = std::make_shared<LookupState>(type);
    auto* arg = new StateHandle(state);
    {
      std::lock_guard lock(state->mutex);
      state->callback_arg = arg;
    }
    int id = 0;
    const int rc = ub_resolve_async(ctx_, canonical.c_str(), static_cast<int>(type), 1 /* IN */, arg,
                                    on_unbound_answer, &id);
    if (rc != 0) {
      delete arg;
      return std::make_shared<ImmediateLookup>(type, Status::servfail);
    }
    {
      std::lock_guard lock(state->mutex);
      state->async_id = id;
    }
    return std::make_shared<UnboundLookup>(ctx_, std::move(state));
  }

  void inject(std::string_view name, RrType type, Status status) override {
    std::lock_guard lock(inject_mutex_);
    injected_[key(canonical_name(name), type)] = status;
    has_injections_.store(true, std::memory_order_release);
  }

  std::uint64_t lookups_started() const noexcept override { return started_.load(std::memory_order_relaxed); }

 private:
  static std::string key(const std::string& name, RrType type) {
    return fmt::format("{}/{}", name, static_cast<int>(type));
  }

  tl::expected<void, std::string> fail(const std::string& what, int rc) {
    return tl::unexpected(fmt::format("{}: {}", what, ub_strerror(rc)));
  }

  // The one thread that runs libunbound's callbacks.
  void pump() {
    pollfd fds[2] = {{ub_fd(ctx_), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    while (!stop_.load(std::memory_order_acquire)) {
      const int n = ::poll(fds, 2, 1000);
      if (n < 0 && errno != EINTR) break;
      if (n > 0 && (fds[0].revents & POLLIN) != 0) ub_process(ctx_);
    }
  }

  ub_ctx* ctx_ = nullptr;
  int wake_fd_ = -1;
  std::thread pump_;
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> started_{0};
  std::atomic<bool> has_injections_{false};
  std::mutex inject_mutex_;  // tests only: taken when injections exist
  std::unordered_map<std::string, Status> injected_;
};

}  // namespace

tl::expected<std::unique_ptr<Resolver>, std::string> Resolver::create(const ResolverSettings& settings) {
  auto resolver = std::make_unique<UnboundResolver>();
  if (auto ok = resolver->init(settings); !ok) return tl::unexpected(ok.error());
  return std::unique_ptr<Resolver>(std::move(resolver));
}

}  // namespace brandguard::policy::dns
