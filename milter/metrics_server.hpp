// MetricsServer: the Prometheus endpoint, GET /metrics on a loopback
// address (metrics.listen), served by cpp-httplib (Debian's
// libcpp-httplib); every other path gets 404 (other methods: httplib's
// own 4xx answer).
//
// Lifetime (RAII): the constructor binds, so a taken port is reported at
// start, and starts one accept thread plus one worker of httplib's; the
// destructor stops and joins them. Constructed in main() before the stop
// and reload signals are unblocked, so its threads keep them blocked.
//
// Never in the way of mail: a scrape reads relaxed atomics and pins the
// current snapshot for its version; no lock of the mail path is taken. A
// failure to bind is logged and the daemon runs without the endpoint.
// Requests are bounded (payload 1 KiB, 5 s read/write timeouts, one
// worker): a slow scraper delays only other scrapers. No exception leaves
// the handler or the thread.
//
// SECURITY: no authentication and no TLS, hence loopback only (the config
// loader refuses anything else). The figures carry symbol names, counts,
// timings and the config version; never addresses, domains or content.
#pragma once

#include <memory>
#include <thread>

#include "config.hpp"
#include "daemon.hpp"

namespace httplib {
class Server;
}

namespace brandguard::milter {

class MetricsServer {
 public:
  // An empty settings.listen disables the server.
  MetricsServer(Daemon& daemon, const config::MetricsSettings& settings);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  bool listening() const noexcept { return thread_.joinable(); }
  // The body of GET /metrics (exposed for tests).
  std::string render() const;

 private:
  Daemon& daemon_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
};

}  // namespace brandguard::milter
