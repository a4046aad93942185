#include "bench.hpp"

#include <sys/resource.h>
#include <sysexits.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "manifest.hpp"
#include "message/raw_message.hpp"
#include "milter_client.hpp"

namespace brandguard::cli {

namespace {

constexpr int kExitFailures = 1;

void usage(std::FILE* out) {
  std::fputs(
      "usage: brandguard bench --socket SPEC [--socket SPEC...] (--manifest M.jsonl | FILE.eml...)\n"
      "                        [--concurrency N] [--messages N] [--timeout-ms MS] [--json]\n"
      "                        [--interleave] [--record OUT.jsonl]\n"
      "Replays the messages over N concurrent milter connections (one message per\n"
      "connection, as Postfix does for one message per SMTP session) and reports\n"
      "msgs/s, end-of-message latency percentiles, errors and the client's own CPU.\n"
      "SPEC: unix:/path or inet:PORT@127.0.0.1 (libmilter syntax).\n"
      "Several --socket chain the milters as Postfix's smtpd_milters = A, B: one\n"
      "connection to each per message; connect, helo, mail and rcpt go to A then B,\n"
      "then the whole content (headers, body, end of message) to A and, with A's\n"
      "header edits applied, to B, as Postfix's cleanup does. --interleave sends\n"
      "every event, content included, to A then B, each seeing the message as sent.\n"
      "The first reject/tempfail/discard ends the message (the others get abort)\n"
      "and is the final reply. Latency runs from the first connect to the last\n"
      "end-of-message reply.\n"
      "--record writes one JSON line per message: its start (CLOCK_MONOTONIC ms) and\n"
      "latency, each milter's reply and the headers it added or changed (e.g.\n"
      "Authentication-Results).\n",
      out);
}

struct Prepared {
  std::string file;
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

std::string final_counts_text(const std::map<char, long>& counts) {
  std::string out;
  for (const auto& [code, n] : counts) {
    out += fmt::format("{}{}={}", out.empty() ? "" : ",", code == 0 ? '-' : code, n);
  }
  return out;
}

std::string json_string(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A modification as JSON: header edits decoded, others by kind and size.
nlohmann::ordered_json modification_json(char code, const std::string& data) {
  nlohmann::ordered_json j;
  j["op"] = std::string(1, code);
  std::string_view rest = data;
  if ((code == 'i' || code == 'm') && rest.size() >= 4) {
    const auto* b = reinterpret_cast<const unsigned char*>(rest.data());
    j["index"] = (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
    rest.remove_prefix(4);
  }
  if (code == 'h' || code == 'i' || code == 'm') {
    const auto nul = rest.find('\0');
    j["name"] = std::string(rest.substr(0, nul));
    std::string_view value = nul == std::string_view::npos ? std::string_view() : rest.substr(nul + 1);
    if (!value.empty() && value.back() == '\0') value.remove_suffix(1);
    j["value"] = std::string(value);
  } else if (code == 'q' || code == '+' || code == '-') {
    std::string_view value = rest;
    if (!value.empty() && value.back() == '\0') value.remove_suffix(1);
    j["value"] = std::string(value);
  } else {
    j["bytes"] = rest.size();
  }
  return j;
}

}  // namespace

int run_bench(int argc, char** argv) {
  std::vector<std::string> sockets;
  std::string manifest, record;
  std::vector<std::string> files;
  int concurrency = 8;
  long total = 0;
  long timeout_ms = 30000;
  bool json = false;
  ChainOrder order = ChainOrder::postfix;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : std::string(); };
    if (arg == "--socket") sockets.push_back(next());
    else if (arg == "--record") record = next();
    else if (arg == "--manifest") manifest = next();
    else if (arg == "--concurrency") concurrency = std::atoi(next().c_str());
    else if (arg == "--messages") total = std::atol(next().c_str());
    else if (arg == "--timeout-ms") timeout_ms = std::atol(next().c_str());
    else if (arg == "--json") json = true;
    else if (arg == "--interleave") order = ChainOrder::interleaved;
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
  const bool empty_socket = std::any_of(sockets.begin(), sockets.end(), [](const auto& s) { return s.empty(); });
  if (sockets.empty() || empty_socket || (manifest.empty() == files.empty()) || concurrency < 1 || concurrency > 1024 ||
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
    p.file = item.file;
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
  std::vector<std::map<char, long>> finals_per_socket(sockets.size());
  std::string first_error;
  std::ofstream record_out;
  if (!record.empty()) {
    record_out.open(record, std::ios::binary | std::ios::trunc);
    if (!record_out) {
      std::fprintf(stderr, "brandguard bench: cannot write %s\n", record.c_str());
      return EX_CANTCREAT;
    }
  }
  latencies_ms.reserve(static_cast<std::size_t>(total));

  const double cpu_before = cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (int w = 0; w < concurrency; ++w) {
    workers.emplace_back([&, w] {
      std::vector<double> mine;
      std::map<char, long> my_finals;
      std::vector<std::map<char, long>> my_finals_per_socket(sockets.size());
      for (;;) {
        const long i = next_index.fetch_add(1);
        if (i >= total) break;
        Prepared p = corpus[static_cast<std::size_t>(i) % corpus.size()];
        p.envelope.queue_id = fmt::format("B{:X}W{}", i, w);
        const auto t0 = std::chrono::steady_clock::now();
        std::vector<MilterClient> chain;
        chain.reserve(sockets.size());
        std::string failure;
        for (const auto& spec : sockets) {
          auto client = MilterClient::connect(spec, std::chrono::milliseconds(timeout_ms));
          if (!client) {
            failure = client.error();
            break;
          }
          if (auto neg = client->negotiate(); !neg) {
            failure = sockets.size() > 1 ? fmt::format("{}: {}", spec, neg.error()) : neg.error();
            break;
          }
          chain.push_back(std::move(*client));
        }
        double ms = 0;
        if (failure.empty()) {
          auto result = run_chain(chain, p.envelope, p.headers, p.body, order);
          ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
          if (!result) {
            failure = result.error();
          } else {
            const char code = result->final.code;
            if (std::string_view("catryd").find(code) == std::string_view::npos) {
              failure = fmt::format("unexpected final reply '{}'", code);
            }
            ++my_finals[code];
            for (std::size_t m = 0; m < chain.size(); ++m) ++my_finals_per_socket[m][result->per_milter[m].final.code];
            if (record_out.is_open()) {
              nlohmann::ordered_json line;
              line["index"] = i;
              line["file"] = p.file;
              // CLOCK_MONOTONIC, as Python's time.monotonic(): lines up with other tools' logs
              line["start_ms"] = std::chrono::duration<double, std::milli>(t0.time_since_epoch()).count();
              line["latency_ms"] = ms;
              line["final"] = std::string(1, code);
              line["final_text"] = result->final.text;
              line["ended_by"] = result->ended_by < 0 ? nlohmann::ordered_json() : nlohmann::ordered_json(sockets[static_cast<std::size_t>(result->ended_by)]);
              line["milters"] = nlohmann::ordered_json::array();
              for (std::size_t m = 0; m < chain.size(); ++m) {
                const EomResult& r = result->per_milter[m];
                nlohmann::ordered_json mj;
                mj["socket"] = sockets[m];
                mj["reply"] = r.final.code == 0 ? std::string("-") : std::string(1, r.final.code);
                mj["text"] = r.final.text;
                mj["modifications"] = nlohmann::ordered_json::array();
                for (const auto& [mod, data] : r.modifications) mj["modifications"].push_back(modification_json(mod, data));
                line["milters"].push_back(std::move(mj));
              }
              const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
              std::lock_guard lock(results_mutex);
              record_out << text;
            }
          }
        }
        for (auto& client : chain) client.quit();
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
      for (std::size_t m = 0; m < sockets.size(); ++m) {
        for (const auto& [code, n] : my_finals_per_socket[m]) finals_per_socket[m][code] += n;
      }
    });
  }
  for (auto& t : workers) t.join();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = cpu_seconds() - cpu_before;
  std::sort(latencies_ms.begin(), latencies_ms.end());
  const double done = static_cast<double>(latencies_ms.size());
  const std::string final_counts = final_counts_text(finals);
  std::string socket_list;  // "A, B" as in smtpd_milters
  for (const auto& spec : sockets) socket_list += (socket_list.empty() ? "" : ", ") + spec;
  if (record_out.is_open()) record_out.close();
  if (json) {
    std::string sockets_json, per_socket_json;
    for (std::size_t m = 0; m < sockets.size(); ++m) {
      sockets_json += (m ? "," : "") + json_string(sockets[m]);
      per_socket_json += (m ? "," : "") + json_string(final_counts_text(finals_per_socket[m]));
    }
    fmt::print(
        "{{\"socket\":{},\"sockets\":[{}],\"concurrency\":{},\"messages\":{},\"errors\":{},\"seconds\":{:.3f},"
        "\"msgs_per_s\":{:.1f},\"p50_ms\":{:.3f},\"p99_ms\":{:.3f},\"p999_ms\":{:.3f},\"client_cpu_ms_per_msg\":{:.4f},"
        "\"finals\":\"{}\",\"finals_per_socket\":[{}],\"chain_order\":\"{}\"}}\n",
        json_string(socket_list), sockets_json, concurrency, latencies_ms.size(), failures.load(), wall, done / wall,
        percentile(latencies_ms, 0.50), percentile(latencies_ms, 0.99), percentile(latencies_ms, 0.999),
        done > 0 ? cpu * 1000 / done : 0.0, final_counts, per_socket_json,
        order == ChainOrder::postfix ? "postfix" : "interleaved");
  } else {
    fmt::print("socket {}  concurrency {}  messages {}  errors {}\n", socket_list, concurrency, latencies_ms.size(),
               failures.load());
    fmt::print("{:.1f} msgs/s over {:.2f} s; end-of-message latency p50 {:.2f} ms  p99 {:.2f} ms  p99.9 {:.2f} ms\n",
               done / wall, wall, percentile(latencies_ms, 0.50), percentile(latencies_ms, 0.99),
               percentile(latencies_ms, 0.999));
    fmt::print("bench client CPU {:.3f} ms per message; final replies {}\n", done > 0 ? cpu * 1000 / done : 0.0,
               final_counts);
    if (sockets.size() > 1) {
      for (std::size_t m = 0; m < sockets.size(); ++m) {
        fmt::print("  {}: replies {}\n", sockets[m], final_counts_text(finals_per_socket[m]));
      }
    }
  }
  if (failures.load() > 0) {
    std::fprintf(stderr, "brandguard bench: %ld failed; first: %s\n", failures.load(), first_error.c_str());
    return kExitFailures;
  }
  return 0;
}

}  // namespace brandguard::cli
