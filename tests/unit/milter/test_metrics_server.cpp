// MetricsServer: serves the registry on a loopback port while it lives,
// answers 404 off /metrics, and a port in use leaves the daemon running
// without it (no exception).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <string>

#include "config.hpp"
#include "daemon.hpp"
#include "metrics/registry.hpp"
#include "metrics_server.hpp"

namespace brandguard::milter {
namespace {

// A TCP port that was free a moment ago (the kernel picks it).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// One HTTP/1.0 request over a plain socket; the whole reply, or "" when
// nothing listens.
std::string http_get(int port, const std::string& path) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string reply;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    const std::string request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    REQUIRE(::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()));
    char buffer[4096];
    for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) reply.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return reply;
}

config::Config config_with_metrics(int port) {
  config::LoadOptions options;
  options.offline = true;
  auto loaded = config::load_from_string(
      "dns:\n  mode: zonefile\nmetrics:\n  listen: \"127.0.0.1:" + std::to_string(port) + "\"\n", "(test)", options);
  REQUIRE(loaded);
  return std::move(*loaded);
}

TEST_CASE("metrics server: GET /metrics serves the daemon's registry while the server lives", "[milter][metrics]") {
  const int port = free_port();
  auto config = config_with_metrics(port);
  const auto settings = config.metrics;
  policy::metrics::Registry registry;
  Daemon daemon("(test)", std::move(config), registry);
  registry.reload_result(false);
  {
    MetricsServer server(daemon, settings);
    REQUIRE(server.listening());
    const std::string ok = http_get(port, "/metrics");
    CHECK(ok.rfind("HTTP/1.1 200", 0) == 0);
    CHECK(ok.find("Content-Type: text/plain; version=0.0.4") != std::string::npos);
    CHECK(ok.find("\r\n\r\n# HELP brandguard_messages_total ") != std::string::npos);
    CHECK(ok.find("brandguard_reloads_total{result=\"failed\"} 1\n") != std::string::npos);
    CHECK(ok.find("brandguard_config_info{version=\"" + daemon.registry().pin()->version + "\"} 1\n") !=
          std::string::npos);
    // The daemon registered the snapshot's symbols as labels at publish.
    CHECK(ok.find("brandguard_symbol_hits_total{symbol=\"SPF_FAIL\"} 0\n") != std::string::npos);
    CHECK(http_get(port, "/").rfind("HTTP/1.1 404", 0) == 0);
    CHECK(http_get(port, "/metrics/../x").rfind("HTTP/1.1 404", 0) == 0);

    SECTION("a second server on the same port stays off instead of throwing") {
      MetricsServer second(daemon, settings);
      CHECK_FALSE(second.listening());
    }
  }
  // Stopped with its owner: nothing answers any more.
  CHECK(http_get(port, "/metrics").empty());
}

TEST_CASE("metrics server: an empty listen address starts nothing", "[milter][metrics]") {
  auto config = config_with_metrics(free_port());
  policy::metrics::Registry registry;
  Daemon daemon("(test)", std::move(config), registry);
  MetricsServer server(daemon, config::MetricsSettings{});
  CHECK_FALSE(server.listening());
}

}  // namespace
}  // namespace brandguard::milter
