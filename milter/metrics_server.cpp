#include "metrics_server.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <exception>

#include <spdlog/spdlog.h>

#include "metrics/exposition.hpp"

namespace brandguard::milter {

MetricsServer::MetricsServer(Daemon& daemon, const config::MetricsSettings& settings) : daemon_(daemon) {
  if (settings.listen.empty()) return;
  try {
    auto server = std::make_unique<httplib::Server>();
    // One worker: scrapes are rare and cheap; httplib's default pool would
    // start a thread per core for nothing.
    server->new_task_queue = [] { return new httplib::ThreadPool(1); };
    // httplib's default also sets SO_REUSEPORT: a second daemon (or any
    // process of the same user) could then bind the same port and answer
    // half the scrapes with its own figures. SO_REUSEADDR alone still lets
    // a restart bind while old connections sit in TIME_WAIT.
    server->set_socket_options([](auto sock) {
      const int yes = 1;
      ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    server->set_read_timeout(5, 0);
    server->set_write_timeout(5, 0);
    server->set_keep_alive_max_count(10);
    server->set_payload_max_length(1024);
    server->Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
      try {
        res.set_content(render(), std::string(policy::metrics::kContentType));
      } catch (const std::exception& e) {
        res.status = 500;
        res.set_content(std::string("error: ") + e.what() + "\n", "text/plain");
      }
    });
    // A handler that throws anyway becomes a 500, never a dead thread.
    server->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
      res.status = 500;
      res.set_content("internal error\n", "text/plain");
    });
    server->set_error_handler([](const httplib::Request&, httplib::Response& res) {
      if (res.body.empty()) res.set_content(res.status == 404 ? "not found; try /metrics\n" : "error\n", "text/plain");
    });
    if (!server->bind_to_port(settings.host, settings.port)) {
      spdlog::error("metrics: cannot listen on {} (in use?); running without the metrics endpoint", settings.listen);
      return;
    }
    server_ = std::move(server);
    thread_ = std::thread([this] {
      try {
        server_->listen_after_bind();
      } catch (const std::exception& e) {
        spdlog::error("metrics: endpoint stopped: {}", e.what());
      } catch (...) {
        spdlog::error("metrics: endpoint stopped");
      }
    });
    spdlog::info("metrics: serving http://{}/metrics", settings.listen);
  } catch (const std::exception& e) {
    spdlog::error("metrics: cannot start the endpoint on {}: {}", settings.listen, e.what());
  }
}

MetricsServer::~MetricsServer() {
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

std::string MetricsServer::render() const {
  const auto snapshot = daemon_.registry().pin();
  return policy::metrics::render_prometheus(daemon_.metrics(),
                                            {snapshot ? snapshot->version : std::string("none")});
}

}  // namespace brandguard::milter
