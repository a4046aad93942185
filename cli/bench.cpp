#include "bench.hpp"

#include <sys/resource.h>
#include <sysexits.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "manifest.hpp"
#include "message/raw_message.hpp"
#include "milter_client.hpp"

namespace brandguard::cli {

namespace {

constexpr int kExitFailures = 1;

void usage(std::FILE* out) {
  std::fputs(
      "usage: brandguard bench --socket SPEC (--manifest M.jsonl | FILE.eml...) [--concurrency N]\n"
      "                        [--messages N] [--timeout-ms MS] [--json]\n"
      "Replays the messages over N concurrent milter connections (one message per\n"
      "connection, as Postfix does for one message per SMTP session) and reports\n"
      "msgs/s, end-of-message latency percentiles, errors and the client's own CPU.\n"
      "SPEC: unix:/path or inet:PORT@127.0.0.1 (libmilter syntax).\n",
      out);
}

struct Prepared {
  Envelope envelope;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

double cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0.0;
  const auto index = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(index, sorted.size() - 1)];
}

}  // namespace

int run_bench(int argc, char** argv) {
  std::string socket, manifest;
  std::vector<std::string> files;
  int concurrency = 8;
  long total = 0;
  long timeout_ms = 30000;
  bool json = false;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : std::string(); };
    if (arg == "--socket") socket = next();
    else if (arg == "--manifest") manifest = next();
    else if (arg == "--concurrency") concurrency = std::atoi(next().c_str());
    else if (arg == "--messages") total = std::atol(next().c_str());
    else if (arg == "--timeout-ms") timeout_ms = std::atol(next().c_str());
    else if (arg == "--json") json = true;
    else if (arg == "-h" || arg == "--help") {
      usage(stdout);
      return 0;
    } else if (arg.rfind("--", 0) == 0) {
      usage(stderr);
      return EX_USAGE;
    } else {
      files.push_back(arg);
    }
  }
  if (socket.empty() || (manifest.empty() == files.empty()) || concurrency < 1 || concurrency > 1024 ||
      timeout_ms < 1) {
    usage(stderr);
    return EX_USAGE;
  }

  std::vector<CorpusItem> items;
  std::string error;
  if (!manifest.empty()) {
    if (!read_manifest(manifest, items, error)) {
      std::fprintf(stderr, "%s\n", error.c_str());
      return EX_DATAERR;
    }
  } else {
    for (const auto& f : files) items.push_back(CorpusItem{f, f, {}, "", ""});
  }
  std::vector<Prepared> corpus;
  for (const auto& item : items) {
    auto bytes = read_file(item.file, 64 * 1024 * 1024, error);
    if (!bytes) {
      std::fprintf(stderr, "%s\n", error.c_str());
      return EX_DATAERR;
    }
    const policy::RawMessage raw = policy::split_message(*bytes);
    Prepared p;
    p.envelope.client_ip = item.envelope.client_ip.empty() ? "192.0.2.1" : item.envelope.client_ip;
    p.envelope.client_name = item.envelope.client_name;
    p.envelope.helo = item.envelope.helo.empty() ? "client.example" : item.envelope.helo;
    p.envelope.mail_from = item.envelope.mail_from;
    p.envelope.rcpt = item.envelope.rcpt.empty() ? std::vector<std::string>{"rcpt@bench.test"} : item.envelope.rcpt;
    for (const auto& h : raw.headers) p.headers.emplace_back(h.name, h.raw_value);
    p.body = raw.body;
    corpus.push_back(std::move(p));
  }
  if (corpus.empty()) {
    std::fprintf(stderr, "brandguard bench: no messages\n");
    return EX_DATAERR;
  }
  if (total <= 0) total = static_cast<long>(corpus.size());

  std::atomic<long> next_index{0};
  std::atomic<long> failures{0};
  std::mutex results_mutex;  // bench client bookkeeping, not the milter's path
  std::vector<double> latencies_ms;
  std::map<char, long> finals;
  std::string first_error;
  latencies_ms.reserve(static_cast<std::size_t>(total));

  const double cpu_before = cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (int w = 0; w < concurrency; ++w) {
    workers.emplace_back([&, w] {
      std::vector<double> mine;
      std::map<char, long> my_finals;
      for (;;) {
        const long i = next_index.fetch_add(1);
        if (i >= total) break;
        Prepared p = corpus[static_cast<std::size_t>(i) % corpus.size()];
        p.envelope.queue_id = fmt::format("B{:X}W{}", i, w);
        const auto t0 = std::chrono::steady_clock::now();
        auto client = MilterClient::connect(socket, std::chrono::milliseconds(timeout_ms));
        std::string failure;
        if (!client) {
          failure = client.error();
        } else if (auto neg = client->negotiate(); !neg) {
          failure = neg.error();
        } else {
          auto eom = client->send_message(p.envelope, p.headers, p.body);
          if (!eom) {
            failure = eom.error();
          } else {
            const char code = eom->final.code;
            if (std::string_view("catryd").find(code) == std::string_view::npos) {
              failure = fmt::format("unexpected final reply '{}'", code);
            }
            ++my_finals[code];
          }
          client->quit();
        }
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        if (!failure.empty()) {
          failures.fetch_add(1);
          std::lock_guard lock(results_mutex);
          if (first_error.empty()) first_error = failure;
        } else {
          mine.push_back(ms);
        }
      }
      std::lock_guard lock(results_mutex);
      latencies_ms.insert(latencies_ms.end(), mine.begin(), mine.end());
      for (const auto& [code, n] : my_finals) finals[code] += n;
    });
  }
  for (auto& t : workers) t.join();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = cpu_seconds() - cpu_before;
  std::sort(latencies_ms.begin(), latencies_ms.end());
  const double done = static_cast<double>(latencies_ms.size());
  std::string final_counts;
  for (const auto& [code, n] : finals) final_counts += fmt::format("{}{}={}", final_counts.empty() ? "" : ",", code, n);
  if (json) {
    fmt::print(
        "{{\"socket\":\"{}\",\"concurrency\":{},\"messages\":{},\"errors\":{},\"seconds\":{:.3f},\"msgs_per_s\":{:.1f},"
        "\"p50_ms\":{:.3f},\"p99_ms\":{:.3f},\"p999_ms\":{:.3f},\"client_cpu_ms_per_msg\":{:.4f},\"finals\":\"{}\"}}\n",
        socket, concurrency, latencies_ms.size(), failures.load(), wall, done / wall, percentile(latencies_ms, 0.50),
        percentile(latencies_ms, 0.99), percentile(latencies_ms, 0.999), done > 0 ? cpu * 1000 / done : 0.0,
        final_counts);
  } else {
    fmt::print("socket {}  concurrency {}  messages {}  errors {}\n", socket, concurrency, latencies_ms.size(),
               failures.load());
    fmt::print("{:.1f} msgs/s over {:.2f} s; end-of-message latency p50 {:.2f} ms  p99 {:.2f} ms  p99.9 {:.2f} ms\n",
               done / wall, wall, percentile(latencies_ms, 0.50), percentile(latencies_ms, 0.99),
               percentile(latencies_ms, 0.999));
    fmt::print("bench client CPU {:.3f} ms per message; final replies {}\n", done > 0 ? cpu * 1000 / done : 0.0,
               final_counts);
  }
  if (failures.load() > 0) {
    std::fprintf(stderr, "brandguard bench: %ld failed; first: %s\n", failures.load(), first_error.c_str());
    return kExitFailures;
  }
  return 0;
}

}  // namespace brandguard::cli
