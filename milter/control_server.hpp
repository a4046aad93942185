// ControlServer: the daemon's control socket, for `brandguard reload`,
// `status` and `stats`. A unix socket (mode 0600 by default: root and the
// daemon's user only), one request line per connection, one reply, close.
//
// Runs one thread of its own, started before main() unblocks the stop and
// reload signals (so the thread keeps them blocked). Requests are bounded
// (256 bytes, 2 s); a slow or hostile client cannot hold the thread long.
#pragma once

#include <atomic>
#include <string>
#include <thread>

#include "config.hpp"
#include "daemon.hpp"

namespace brandguard::milter {

class ControlServer {
 public:
  // Binds the socket; an empty path disables the server.
  ControlServer(Daemon& daemon, const config::ControlSettings& settings);
  ~ControlServer();
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  bool listening() const noexcept { return fd_ >= 0; }
  // The reply to one request line (exposed for tests).
  std::string handle(std::string_view request);

 private:
  void run();

  Daemon& daemon_;
  std::string path_;
  int fd_ = -1;
  int wake_fd_ = -1;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace brandguard::milter
