// brandguard-milter: the daemon. Reads the configuration, opens the milter
// socket, serves the MTA through libmilter until TERM/INT, reloads on
// USR1/HUP.
//
// Threads: main (signals only), control (reloads), milter (smfi_main and
// libmilter's pool), control socket, metrics endpoint (metrics_server.hpp,
// when metrics.listen is set). See signals.hpp for why main does nothing
// else.
#include <sysexits.h>
#include <grp.h>
#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include <libmilter/mfapi.h>
#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include "callbacks.hpp"
#include "config.hpp"
#include "control_server.hpp"
#include "daemon.hpp"
#include "metrics_server.hpp"
#include "signals.hpp"

namespace {

using brandguard::milter::Daemon;


void usage(std::FILE* out) {
  std::fputs(
      "usage: brandguard-milter -c FILE\n"
      "  -c FILE   configuration (default /etc/brandguard/brandguard.yaml)\n"
      "  -V        print the version and exit\n"
      "Signals: USR1 or HUP reload the configuration; TERM or INT stop gracefully.\n",
      out);
}

// The path of a unix socket spec, or empty for inet sockets.
std::string unix_socket_path(const std::string& spec) {
  const auto colon = spec.find(':');
  const std::string kind = spec.substr(0, colon);
  return (kind == "unix" || kind == "local") ? spec.substr(colon + 1) : std::string();
}

// Removes our socket file after a clean stop (libmilter leaves it), so a
// stale socket never makes Postfix believe the filter is up.
void remove_unix_socket(const std::string& spec) {
  const std::string path = unix_socket_path(spec);
  struct stat st {};
  if (!path.empty() && ::lstat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode)) ::unlink(path.c_str());
}

// Applies socket_mode / socket_group to a unix socket after libmilter made it.
bool adjust_unix_socket(const brandguard::config::MilterSettings& settings) {
  const std::string path = unix_socket_path(settings.socket);
  if (path.empty()) return true;
  if (!settings.socket_group.empty()) {
    const group* g = ::getgrnam(settings.socket_group.c_str());
    if (g == nullptr) {
      spdlog::critical("milter.socket_group {}: no such group", settings.socket_group);
      return false;
    }
    if (::chown(path.c_str(), static_cast<uid_t>(-1), g->gr_gid) != 0) {
      spdlog::critical("chgrp {} {}: {}", settings.socket_group, path, std::strerror(errno));
      return false;
    }
  }
  if (settings.socket_mode && ::chmod(path.c_str(), *settings.socket_mode) != 0) {
    spdlog::critical("chmod {:o} {}: {}", *settings.socket_mode, path, std::strerror(errno));
    return false;
  }
  return true;
}

// libmilter writes an end-of-message reply (header changes, then the
// verdict) as several small packets; with Nagle's algorithm on, the second
// one waits for the MTA's delayed ACK: ~40 ms per message over TCP. Linux
// copies TCP_NODELAY from a listening socket to the sockets it accepts, and
// libmilter does not expose its listener, so find it among our descriptors
// by its SO_ACCEPTCONN flag and TCP family.
void disable_nagle_on_listener() {
  for (int fd = 0; fd < 4096; ++fd) {
    int listening = 0;
    socklen_t len = sizeof listening;
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || listening == 0) continue;
    sockaddr_storage addr{};
    socklen_t addr_len = sizeof addr;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &addr_len) != 0) continue;
    if (addr.ss_family != AF_INET && addr.ss_family != AF_INET6) continue;
    const int one = 1;
    if (::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0) {
      spdlog::warn("TCP_NODELAY on the milter listener: {}", std::strerror(errno));
    }
  }
}

// Reloads requested by signals run here, one at a time, off the mail path.
class ControlThread {
 public:
  explicit ControlThread(Daemon& daemon) : daemon_(daemon), thread_([this] { run(); }) {}
  ~ControlThread() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  void request_reload() {
    {
      std::lock_guard lock(mutex_);
      ++pending_;
    }
    wake_.notify_one();
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [&] { return stop_ || pending_ > 0; });
      if (stop_) return;
      pending_ = 0;  // several requests while busy collapse into one reload
      lock.unlock();
      sd_notify(0, "RELOADING=1");
      daemon_.reload();
      sd_notify(0, "READY=1");
      lock.lock();
    }
  }

  Daemon& daemon_;
  std::mutex mutex_;
  std::condition_variable wake_;
  unsigned pending_ = 0;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace

int main(int argc, char** argv) {
  // First, before any thread exists: see signals.hpp.
  brandguard::milter::block_stop_and_reload_signals();
  // libmilter runs every connection on a thread of its own; glibc gives
  // threads their own malloc arenas (up to 8 per core), each keeping the
  // memory its messages freed. Two arenas hold RSS at 64 concurrent
  // connections to about 60 MiB instead of 90 (bench/README.md) at no
  // measurable throughput cost. MALLOC_ARENA_MAX in the environment wins.
  if (::getenv("MALLOC_ARENA_MAX") == nullptr) ::mallopt(M_ARENA_MAX, 2);

  std::string config_path = "/etc/brandguard/brandguard.yaml";
  int opt = 0;
  while ((opt = ::getopt(argc, argv, "c:Vh")) != -1) {
    switch (opt) {
      case 'c': config_path = optarg; break;
      case 'V': std::printf("brandguard-milter %s\n", BRANDGUARD_VERSION); return 0;
      case 'h': usage(stdout); return 0;
      default: usage(stderr); return EX_USAGE;
    }
  }
  if (optind != argc) {
    usage(stderr);
    return EX_USAGE;
  }

  auto loaded = brandguard::config::load(config_path);
  if (!loaded) {
    for (const auto& error : loaded.error()) std::fprintf(stderr, "%s\n", error.to_string().c_str());
    return EX_CONFIG;
  }
  brandguard::policy::log::configure(loaded->logging);
  const auto settings = loaded->milter;
  const auto control_settings = loaded->control;
  const auto metrics_settings = loaded->metrics;
  const std::string version = loaded->snapshot->version;
  Daemon daemon(config_path, std::move(*loaded));
  brandguard::milter::set_current_daemon(&daemon);

  smfiDesc description = brandguard::milter::make_filter_description();
  smfi_setmaxdatasize(settings.max_data_size);
  if (smfi_settimeout(settings.timeout_seconds) != MI_SUCCESS ||
      smfi_setconn(const_cast<char*>(settings.socket.c_str())) != MI_SUCCESS ||
      smfi_register(description) == MI_FAILURE) {
    spdlog::critical("libmilter setup failed for socket {}", settings.socket);
    return EX_SOFTWARE;
  }
  // Unix sockets are created with no access for others; adjust_unix_socket
  // then grants exactly what the config asks for.
  const mode_t old_umask = ::umask(0077);
  const bool opened = smfi_opensocket(true) == MI_SUCCESS;
  ::umask(old_umask);
  if (!opened) {
    spdlog::critical("cannot open milter socket {} (in use, or directory missing?)", settings.socket);
    return EX_TEMPFAIL;
  }
  if (!adjust_unix_socket(settings)) return EX_CONFIG;
  disable_nagle_on_listener();

  brandguard::milter::SignalPipe signals;
  ControlThread control(daemon);
  brandguard::milter::ControlServer control_server(daemon, control_settings);
  brandguard::milter::MetricsServer metrics_server(daemon, metrics_settings);
  std::atomic<bool> stop_requested{false};
  std::atomic<int> milter_status{MI_SUCCESS};
  std::thread milter_thread([&] {
    milter_status = smfi_main();
    // If libmilter stopped on its own (it consumed a signal), wake main.
    if (!stop_requested.load()) brandguard::milter::SignalPipe::notify(0);
  });

  signals.unblock_in_this_thread();
  spdlog::info("brandguard-milter {} listening on {} with config {} ({})", BRANDGUARD_VERSION, settings.socket,
               version, config_path);
  sd_notify(0, "READY=1");

  // systemd's watchdog (WatchdogSec=): ping at half the interval.
  std::uint64_t watchdog_usec = 0;
  const bool watchdog = sd_watchdog_enabled(0, &watchdog_usec) > 0 && watchdog_usec > 0;
  const auto ping_every = std::chrono::milliseconds(watchdog ? watchdog_usec / 2000 : 3600 * 1000);
  bool unrequested_stop = false;
  for (;;) {
    const auto received = signals.wait_for(ping_every);
    if (!received) {
      if (watchdog) sd_notify(0, "WATCHDOG=1");
      continue;
    }
    const int signo = *received;
    if (signo == SIGUSR1 || signo == SIGHUP) {
      control.request_reload();
      continue;
    }
    unrequested_stop = signo == 0;
    break;  // TERM, INT, or libmilter ended
  }
  stop_requested = true;
  sd_notify(0, "STOPPING=1");
  spdlog::info("stopping: finishing open sessions");
  smfi_stop();
  milter_thread.join();
  remove_unix_socket(settings.socket);
  brandguard::milter::set_current_daemon(nullptr);
  if (unrequested_stop) {
    spdlog::error("libmilter stopped without being asked to; exiting so the supervisor restarts us");
    return EX_TEMPFAIL;
  }
  spdlog::info("stopped");
  return milter_status.load() == MI_SUCCESS ? 0 : EX_SOFTWARE;
}
