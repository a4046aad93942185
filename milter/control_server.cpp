#include "control_server.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace brandguard::milter {

namespace {

namespace metrics = policy::metrics;

// The figures of the metrics endpoint, one "name value" per line after the
// original lines: symbol_<NAME> (symbol names are [A-Z0-9_]; "symbol_other"
// is the bucket of unknown names), dns_<TYPE>_<outcome>, stage_<stage>_*;
// original lines (scripts read those; never reorder or rename them).
// Symbols and DNS outcomes that never happened are left out to keep the
// reply short; the Prometheus endpoint lists every series.
void append_metrics(std::string& out, const metrics::Registry& m, const std::string& version) {
  out += fmt::format("config_version {}\nconfig_last_reload_successful {}\nsessions_active {}\n", version,
                     m.last_reload_ok() ? 1 : 0, m.active_sessions());
  for (auto source : {metrics::ErrorSource::check, metrics::ErrorSource::milter}) {
    out += fmt::format("internal_errors_{} {}\n", metrics::to_string(source), m.internal_errors(source));
  }
  const auto& symbols = m.symbols();
  for (std::size_t slot = 0, n = symbols.size(); slot < n; ++slot) {
    if (const auto hits = symbols.hits(slot)) out += fmt::format("symbol_{} {}\n", symbols.name(slot), hits);
  }
  out += fmt::format("symbol_{} {}\n", metrics::SymbolCounters::kOtherLabel,
                     symbols.hits(metrics::SymbolCounters::kOther));
  for (std::size_t s = 0; s < metrics::kStageCount; ++s) {
    const auto stage = static_cast<metrics::Stage>(s);
    const auto& h = m.stage(stage);
    out += fmt::format("stage_{}_count {}\nstage_{}_seconds_sum {:.6f}\n", metrics::to_string(stage), h.count(),
                       metrics::to_string(stage), h.sum_seconds());
  }
  for (std::size_t t = 0; t < metrics::kDnsTypeCount; ++t) {
    for (std::size_t o = 0; o < metrics::kDnsOutcomeCount; ++o) {
      const auto type = static_cast<metrics::DnsType>(t);
      const auto outcome = static_cast<metrics::DnsOutcome>(o);
      if (const auto n = m.dns_lookups(type, outcome)) {
        out += fmt::format("dns_{}_{} {}\n", metrics::to_string(type), metrics::to_string(outcome), n);
      }
    }
  }
}

}  // namespace

ControlServer::ControlServer(Daemon& daemon, const config::ControlSettings& settings)
    : daemon_(daemon), path_(settings.socket) {
  if (path_.empty()) return;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path_.size() >= sizeof addr.sun_path) return;
  std::memcpy(addr.sun_path, path_.c_str(), path_.size() + 1);
  struct stat st {};
  if (::lstat(path_.c_str(), &st) == 0 && S_ISSOCK(st.st_mode)) ::unlink(path_.c_str());  // stale socket
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const mode_t old_umask = ::umask(0177);
  const bool bound = fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::umask(old_umask);
  if (!bound || ::listen(fd, 16) != 0 || ::chmod(path_.c_str(), settings.socket_mode) != 0) {
    spdlog::error("control socket {}: {}; reload with SIGUSR1 instead", path_, std::strerror(errno));
    if (fd >= 0) ::close(fd);
    return;
  }
  fd_ = fd;
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  thread_ = std::thread([this] { run(); });
}

ControlServer::~ControlServer() {
  if (thread_.joinable()) {
    stop_.store(true);
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = ::write(wake_fd_, &one, sizeof one);
    thread_.join();
  }
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

std::string ControlServer::handle(std::string_view request) {
  while (!request.empty() && (request.back() == '\n' || request.back() == '\r' || request.back() == ' ')) {
    request.remove_suffix(1);
  }
  const auto snapshot = daemon_.registry().pin();
  const std::string version = snapshot ? snapshot->version : "none";
  if (request == "reload") {
    std::vector<std::string> errors;
    if (daemon_.reload(&errors)) return fmt::format("OK reloaded, config {}\n", daemon_.registry().pin()->version);
    std::string out = fmt::format("ERROR reload refused, keeping config {}\n", version);
    for (const auto& e : errors) out += e + "\n";
    return out;
  }
  if (request == "status") {
    const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() -
                                                                        daemon_.started());
    return fmt::format("OK running\nconfig {}\nuptime_seconds {}\nmilter_socket {}\nreloads_ok {}\nreloads_failed {}\n",
                       version, uptime.count(), daemon_.milter_settings().socket, daemon_.reloads_ok(),
                       daemon_.reloads_failed());
  }
  if (request == "stats") {
    std::string out = "OK\n";
    for (auto action : {policy::Action::accept, policy::Action::tag, policy::Action::quarantine,
                        policy::Action::tempfail, policy::Action::reject}) {
      out += fmt::format("messages_{} {}\n", policy::to_string(action), daemon_.count_of(action));
    }
    out += fmt::format("reloads_ok {}\nreloads_failed {}\n", daemon_.reloads_ok(), daemon_.reloads_failed());
    append_metrics(out, daemon_.metrics(), version);
    return out;
  }
  return "ERROR unknown command; expected reload, status or stats\n";
}

void ControlServer::run() {
  pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
  while (!stop_.load()) {
    if (::poll(fds, 2, -1) < 0 && errno != EINTR) break;
    if ((fds[1].revents & POLLIN) != 0) break;
    if ((fds[0].revents & POLLIN) == 0) continue;
    const int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    std::string request;
    char buffer[256];
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (request.size() < sizeof buffer && request.find('\n') == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      pollfd p{client, POLLIN, 0};
      if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      const ssize_t n = ::recv(client, buffer, sizeof buffer - request.size(), 0);
      if (n <= 0) break;
      request.append(buffer, static_cast<std::size_t>(n));
    }
    std::string reply;
    try {
      reply = handle(request.substr(0, request.find('\n')));
    } catch (const std::exception& e) {
      reply = fmt::format("ERROR {}\n", e.what());
    }
    [[maybe_unused]] const ssize_t sent = ::send(client, reply.data(), reply.size(), MSG_NOSIGNAL);
    ::close(client);
  }
}

}  // namespace brandguard::milter
