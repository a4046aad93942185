#include "control.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sysexits.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace brandguard::cli {

int run_control(const char* command, int argc, char** argv) {
  std::string path = "/run/brandguard/control.sock";
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--control" || arg == "-s") && i + 1 < argc) {
      path = argv[++i];
    } else {
      std::fprintf(stderr, "usage: brandguard %s [--control /run/brandguard/control.sock]\n", command);
      return EX_USAGE;
    }
  }
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) {
    std::fprintf(stderr, "brandguard: control socket path too long\n");
    return EX_USAGE;
  }
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    std::fprintf(stderr, "brandguard: cannot reach the daemon at %s: %s\n", path.c_str(), std::strerror(errno));
    if (fd >= 0) ::close(fd);
    return EX_UNAVAILABLE;
  }
  const std::string request = std::string(command) + "\n";
  if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) {
    std::fprintf(stderr, "brandguard: send: %s\n", std::strerror(errno));
    ::close(fd);
    return EX_IOERR;
  }
  std::string reply;
  char buffer[4096];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    // A reload compiles the whole configuration: allow it time.
    if (::poll(&p, 1, 60000) <= 0) break;
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0 || reply.size() > (1u << 20)) break;
    reply.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  std::fputs(reply.c_str(), stdout);
  return reply.rfind("OK", 0) == 0 ? 0 : 1;
}

}  // namespace brandguard::cli
