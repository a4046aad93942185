#include "eval.hpp"

#include <sysexits.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "manifest.hpp"
#include "pipeline/offline_scan.hpp"
#include "scan_setup.hpp"

namespace brandguard::cli {

namespace {

using policy::Action;
using Json = nlohmann::ordered_json;

// Rows and columns of the confusion matrix, in print order.
constexpr std::array<std::string_view, 4> kLabels{"phish", "ham", "spam", "unlabelled"};
constexpr std::size_t kPhish = 0, kHam = 1, kUnlabelled = 3;
constexpr std::array<Action, 5> kColumns{Action::accept, Action::tag, Action::quarantine, Action::reject,
                                         Action::tempfail};
// Mismatches against expect.action listed in the text report.
constexpr std::size_t kMaxListedMismatches = 20;

void usage(std::FILE* out) {
  std::fputs(
      "usage: brandguard eval [--config FILE] [--zone ZONE] [--compare OTHER.yaml] [--json] [--jobs N]\n"
      "                       [--fail-under-phish-tag PCT] [--fail-over-ham-tag PCT]\n"
      "                       (--manifest M.jsonl | --label phish|ham|spam FILE.eml...)\n"
      "Scans a labelled corpus with scan's pipeline and reports the confusion matrix\n"
      "(label x action), phish and ham rates, expect.action mismatches, per-symbol hits\n"
      "and scan time. --label gives every FILE that label and an empty envelope (no\n"
      "client IP: SPF none). --compare scans with a second config too and lists every\n"
      "message whose action changed. The --fail-* gates exit 1 when the phish messages\n"
      "tagged or stronger are under PCT percent, or the ham ones over PCT percent\n"
      "(of the --compare config when given).\n",
      out);
}

std::optional<std::size_t> label_index(std::string_view label) {
  if (label.empty()) return kUnlabelled;
  for (std::size_t i = 0; i < kUnlabelled; ++i) {
    if (kLabels[i] == label) return i;
  }
  return std::nullopt;
}

std::size_t column_of(Action action) {
  return static_cast<std::size_t>(std::find(kColumns.begin(), kColumns.end(), action) - kColumns.begin());
}

// "Tag or stronger": the message was marked or stopped as suspicious. A
// tempfail is no judgement of the message, so it does not count.
bool flagged(Action a) {
  return a == Action::tag || a == Action::quarantine || a == Action::reject;
}
bool held(Action a) {
  return a == Action::quarantine || a == Action::reject;
}

std::string action_name(Action a) {
  return std::string(policy::to_string(a));
}

// One message under one configuration.
struct Scored {
  Action action = Action::accept;
  double score = 0.0;
  std::vector<std::string> symbols;  // distinct names
  double ms = 0.0;                   // wall clock of scan_message
};

// One message: an error, or one Scored per configuration.
struct Outcome {
  std::string error;
  std::vector<Scored> runs;
};

using Row = std::array<std::size_t, kColumns.size()>;
using Matrix = std::array<Row, kLabels.size()>;

struct SymbolHits {
  std::string name;
  std::array<std::size_t, kLabels.size()> by_label{};
  std::size_t total = 0;
};

struct Rates {
  std::size_t phish = 0, phish_flagged = 0, phish_held = 0;
  std::size_t ham = 0, ham_flagged = 0, ham_rejected = 0;
};

struct Report {
  std::string config;   // path, or "(defaults)"
  std::string version;  // Snapshot version
  std::size_t messages = 0;
  Matrix matrix{};
  Rates rates;
  std::size_t expectations = 0;         // messages with expect.action
  std::vector<std::size_t> mismatches;  // item indexes
  std::vector<SymbolHits> symbols;      // total desc, then name
  double mean_ms = 0.0, p95_ms = 0.0;
};

std::size_t row_total(const Row& row) {
  std::size_t n = 0;
  for (const auto c : row) n += c;
  return n;
}

std::optional<double> percent(std::size_t part, std::size_t whole) {
  if (whole == 0) return std::nullopt;
  return 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

std::string percent_text(std::size_t part, std::size_t whole) {
  const auto p = percent(part, whole);
  return p ? fmt::format("{:.1f}%", *p) : "-";
}

Json percent_json(std::size_t part, std::size_t whole) {
  const auto p = percent(part, whole);
  return p ? Json(std::round(*p * 10.0) / 10.0) : Json(nullptr);
}

Outcome scan_one(const CorpusItem& item, const std::vector<std::shared_ptr<const policy::Snapshot>>& snapshots) {
  Outcome outcome;
  try {
    auto bytes = read_file(item.file, kMaxMessageBytes, outcome.error);
    if (!bytes) return outcome;
    for (const auto& snapshot : snapshots) {
      const auto start = std::chrono::steady_clock::now();
      const policy::ScanResult result = policy::scan_message(snapshot, item.envelope, *bytes);
      const std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
      Scored scored{result.verdict.action, result.verdict.score, {}, elapsed.count()};
      for (const auto& s : result.verdict.symbols) scored.symbols.push_back(s.name);
      std::sort(scored.symbols.begin(), scored.symbols.end());
      scored.symbols.erase(std::unique(scored.symbols.begin(), scored.symbols.end()), scored.symbols.end());
      outcome.runs.push_back(std::move(scored));
    }
  } catch (const std::exception& e) {
    outcome.runs.clear();
    outcome.error = fmt::format("{}: scan failed: {}", item.display, e.what());
  }
  return outcome;
}

// Scans every item on `jobs` threads (this one included); outcomes by index.
std::vector<Outcome> scan_all(const std::vector<CorpusItem>& items,
                              const std::vector<std::shared_ptr<const policy::Snapshot>>& snapshots, unsigned jobs) {
  std::vector<Outcome> outcomes(items.size());
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < items.size();) {
      outcomes[i] = scan_one(items[i], snapshots);
    }
  };
  {
    std::vector<std::jthread> threads;
    for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(work);
    work();
  }
  return outcomes;
}

Report summarize(const std::vector<CorpusItem>& items, const std::vector<std::size_t>& labels,
                 const std::vector<Outcome>& outcomes, std::size_t run, const std::string& config,
                 const std::string& version) {
  Report report;
  report.config = config;
  report.version = version;
  std::map<std::string, SymbolHits> hits;
  std::vector<double> times;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!outcomes[i].error.empty()) continue;
    const Scored& s = outcomes[i].runs[run];
    const std::size_t label = labels[i];
    ++report.messages;
    ++report.matrix[label][column_of(s.action)];
    if (!items[i].expected_action.empty()) {
      ++report.expectations;
      if (items[i].expected_action != policy::to_string(s.action)) report.mismatches.push_back(i);
    }
    for (const auto& name : s.symbols) {
      auto& h = hits[name];
      h.name = name;
      ++h.by_label[label];
      ++h.total;
    }
    times.push_back(s.ms);
  }
  for (auto& [name, h] : hits) report.symbols.push_back(std::move(h));
  std::stable_sort(report.symbols.begin(), report.symbols.end(),
                   [](const SymbolHits& a, const SymbolHits& b) { return a.total > b.total; });
  if (!times.empty()) {
    double sum = 0.0;
    for (const double t : times) sum += t;
    report.mean_ms = sum / static_cast<double>(times.size());
    std::sort(times.begin(), times.end());
    // Nearest rank: the smallest time at or above 95% of the messages.
    const auto rank = static_cast<std::size_t>(std::ceil(0.95 * static_cast<double>(times.size())));
    report.p95_ms = times[std::max<std::size_t>(rank, 1) - 1];
  }
  const Row& phish = report.matrix[kPhish];
  const Row& ham = report.matrix[kHam];
  for (std::size_t c = 0; c < kColumns.size(); ++c) {
    if (flagged(kColumns[c])) {
      report.rates.phish_flagged += phish[c];
      report.rates.ham_flagged += ham[c];
    }
    if (held(kColumns[c])) report.rates.phish_held += phish[c];
  }
  report.rates.phish = row_total(phish);
  report.rates.ham = row_total(ham);
  report.rates.ham_rejected = ham[column_of(Action::reject)];
  return report;
}

std::string label_text(const CorpusItem& item) {
  return item.label.empty() ? "unlabelled" : item.label;
}

// ---- text ----

void print_matrix(const Matrix& matrix) {
  fmt::print("{:<11}", "label");
  for (const auto a : kColumns) fmt::print("  {:>14}", policy::to_string(a));
  fmt::print("  {:>6}\n", "total");
  for (std::size_t l = 0; l < kLabels.size(); ++l) {
    const std::size_t total = row_total(matrix[l]);
    fmt::print("{:<11}", kLabels[l]);
    for (const auto n : matrix[l]) {
      fmt::print("  {:>5} {:<8}", n, total == 0 ? "" : "(" + percent_text(n, total) + ")");
    }
    fmt::print("  {:>6}\n", total);
  }
}

void print_rates(const Rates& r) {
  fmt::print("phish: tag or stronger: {}/{} ({})  quarantine or reject: {}/{} ({})\n", r.phish_flagged, r.phish,
             percent_text(r.phish_flagged, r.phish), r.phish_held, r.phish, percent_text(r.phish_held, r.phish));
  fmt::print("ham: tagged or stronger: {}/{} ({})  rejected: {}\n", r.ham_flagged, r.ham,
             percent_text(r.ham_flagged, r.ham), r.ham_rejected);
}

void print_report(const Report& report, const std::vector<CorpusItem>& items, const std::vector<Outcome>& outcomes,
                  std::size_t run) {
  fmt::print("config {} (version {}): {} message(s)\n\n", report.config, report.version, report.messages);
  print_matrix(report.matrix);
  fmt::print("\n");
  print_rates(report.rates);
  if (report.expectations > 0) {
    fmt::print("\nexpect.action: {} of {} differ\n", report.mismatches.size(), report.expectations);
    for (std::size_t k = 0; k < report.mismatches.size() && k < kMaxListedMismatches; ++k) {
      const auto& item = items[report.mismatches[k]];
      fmt::print("  {}: expected {}, got {} (label {})\n", item.display, item.expected_action,
                 policy::to_string(outcomes[report.mismatches[k]].runs[run].action), label_text(item));
    }
    if (report.mismatches.size() > kMaxListedMismatches) {
      fmt::print("  ... and {} more\n", report.mismatches.size() - kMaxListedMismatches);
    }
  }
  std::size_t width = 6;
  for (const auto& s : report.symbols) width = std::max(width, s.name.size());
  fmt::print("\n{:<{}}  {:>7}  {:>7}  {:>7}  {:>7}\n", "symbol", width, "phish", "ham", "spam", "total");
  for (const auto& s : report.symbols) {
    fmt::print("{:<{}}  {:>7}  {:>7}  {:>7}  {:>7}\n", s.name, width, s.by_label[0], s.by_label[1], s.by_label[2],
               s.total);
  }
  if (report.symbols.empty()) fmt::print("(no symbols)\n");
  fmt::print("\nscan time per message: mean {:.2f} ms, p95 {:.2f} ms (wall clock, for information)\n", report.mean_ms,
             report.p95_ms);
}

std::string signed_points(std::size_t a_part, std::size_t a_whole, std::size_t b_part, std::size_t b_whole) {
  const auto a = percent(a_part, a_whole), b = percent(b_part, b_whole);
  return a && b ? fmt::format("{:+.1f} points", *b - *a) : "-";
}

struct Change {
  std::size_t item;
  Action from, to;
};

std::vector<Change> changes(const std::vector<Outcome>& outcomes) {
  std::vector<Change> out;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const auto& runs = outcomes[i].runs;
    if (runs.size() == 2 && runs[0].action != runs[1].action) out.push_back({i, runs[0].action, runs[1].action});
  }
  return out;
}

void print_delta(const Report& base, const Report& other, const std::vector<CorpusItem>& items,
                 const std::vector<Change>& changed) {
  fmt::print("{:<11}", "label");
  for (const auto a : kColumns) fmt::print("  {:>10}", policy::to_string(a));
  fmt::print("\n");
  for (std::size_t l = 0; l < kLabels.size(); ++l) {
    fmt::print("{:<11}", kLabels[l]);
    for (std::size_t c = 0; c < kColumns.size(); ++c) {
      const auto d = static_cast<long long>(other.matrix[l][c]) - static_cast<long long>(base.matrix[l][c]);
      fmt::print("  {:>10}", d == 0 ? "0" : fmt::format("{:+}", d));
    }
    fmt::print("\n");
  }
  const Rates& a = base.rates;
  const Rates& b = other.rates;
  fmt::print("\nphish: tag or stronger: {}/{} -> {}/{} ({})  quarantine or reject: {}/{} -> {}/{} ({})\n",
             a.phish_flagged, a.phish, b.phish_flagged, b.phish,
             signed_points(a.phish_flagged, a.phish, b.phish_flagged, b.phish), a.phish_held, a.phish, b.phish_held,
             b.phish, signed_points(a.phish_held, a.phish, b.phish_held, b.phish));
  fmt::print("ham: tagged or stronger: {}/{} -> {}/{} ({})  rejected: {} -> {}\n", a.ham_flagged, a.ham, b.ham_flagged,
             b.ham, signed_points(a.ham_flagged, a.ham, b.ham_flagged, b.ham), a.ham_rejected, b.ham_rejected);
  fmt::print("\naction changed: {} message(s)\n", changed.size());
  for (const auto& c : changed) {
    fmt::print("  {}: {} -> {} (label {})\n", items[c.item].display, policy::to_string(c.from), policy::to_string(c.to),
               label_text(items[c.item]));
  }
}

// ---- JSON ----

Json matrix_json(const Matrix& matrix) {
  Json out = Json::object();
  for (std::size_t l = 0; l < kLabels.size(); ++l) {
    Json row = Json::object();
    for (std::size_t c = 0; c < kColumns.size(); ++c) row[action_name(kColumns[c])] = matrix[l][c];
    row["total"] = row_total(matrix[l]);
    out[std::string(kLabels[l])] = row;
  }
  return out;
}

Json report_json(const Report& report, const std::vector<CorpusItem>& items, const std::vector<Outcome>& outcomes,
                 std::size_t run) {
  const Rates& r = report.rates;
  Json mismatches = Json::array();
  for (const auto i : report.mismatches) {
    mismatches.push_back({{"file", items[i].display},
                          {"label", label_text(items[i])},
                          {"expected", items[i].expected_action},
                          {"action", action_name(outcomes[i].runs[run].action)}});
  }
  Json symbols = Json::array();
  for (const auto& s : report.symbols) {
    symbols.push_back({{"name", s.name},
                       {"phish", s.by_label[0]},
                       {"ham", s.by_label[1]},
                       {"spam", s.by_label[2]},
                       {"total", s.total}});
  }
  Json files = Json::array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!outcomes[i].error.empty()) continue;
    const Scored& s = outcomes[i].runs[run];
    files.push_back({{"file", items[i].display},
                     {"label", label_text(items[i])},
                     {"action", action_name(s.action)},
                     {"score", s.score}});
  }
  return {{"config", report.config},
          {"config_version", report.version},
          {"messages", report.messages},
          {"matrix", matrix_json(report.matrix)},
          {"phish",
           {{"total", r.phish},
            {"tag_or_stronger", r.phish_flagged},
            {"tag_or_stronger_pct", percent_json(r.phish_flagged, r.phish)},
            {"quarantine_or_reject", r.phish_held},
            {"quarantine_or_reject_pct", percent_json(r.phish_held, r.phish)}}},
          {"ham",
           {{"total", r.ham},
            {"tag_or_stronger", r.ham_flagged},
            {"tag_or_stronger_pct", percent_json(r.ham_flagged, r.ham)},
            {"reject", r.ham_rejected}}},
          {"expect", {{"checked", report.expectations}, {"mismatches", mismatches}}},
          {"symbols", symbols},
          {"scan_ms", {{"mean", report.mean_ms}, {"p95", report.p95_ms}}},
          {"files", files}};
}

// ---- options ----

std::optional<double> parse_percent(const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !(v >= 0.0 && v <= 100.0)) return std::nullopt;
  return v;
}

struct EvalOptions {
  std::optional<std::string> compare;
  std::optional<std::string> label;
  unsigned jobs = 1;
  std::optional<double> fail_under_phish_tag, fail_over_ham_tag;
};

bool parse_eval_option(const std::string& option, const std::string& value, EvalOptions& eval) {
  if (option == "--compare") {
    eval.compare = value;
  } else if (option == "--label") {
    if (!label_index(value) || value.empty()) {
      std::fprintf(stderr, "brandguard eval: --label must be phish, ham or spam, not \"%s\"\n", value.c_str());
      return false;
    }
    eval.label = value;
  } else if (option == "--jobs") {
    const unsigned cpus = std::max(1U, std::thread::hardware_concurrency());
    unsigned n = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size() || n < 1 || n > cpus) {
      std::fprintf(stderr, "brandguard eval: --jobs must be 1 to %u (the number of CPUs), not \"%s\"\n", cpus,
                   value.c_str());
      return false;
    }
    eval.jobs = n;
  } else {
    const auto pct = parse_percent(value);
    if (!pct) {
      std::fprintf(stderr, "brandguard eval: %s must be a percentage from 0 to 100, not \"%s\"\n", option.c_str(),
                   value.c_str());
      return false;
    }
    (option == "--fail-under-phish-tag" ? eval.fail_under_phish_tag : eval.fail_over_ham_tag) = pct;
  }
  return true;
}

// The CI gates, on the report of the configuration being judged. True when
// one is crossed; says which on stderr.
bool gate_crossed(const EvalOptions& eval, const Report& report) {
  bool crossed = false;
  const Rates& r = report.rates;
  if (eval.fail_under_phish_tag) {
    const auto p = percent(r.phish_flagged, r.phish);
    if (!p || *p < *eval.fail_under_phish_tag) {
      std::fprintf(stderr, "brandguard eval: %s: phish tagged or stronger %s (%zu/%zu) is under %g%%\n",
                   report.config.c_str(), percent_text(r.phish_flagged, r.phish).c_str(), r.phish_flagged, r.phish,
                   *eval.fail_under_phish_tag);
      crossed = true;
    }
  }
  if (eval.fail_over_ham_tag) {
    const auto p = percent(r.ham_flagged, r.ham);
    if (p && *p > *eval.fail_over_ham_tag) {
      std::fprintf(stderr, "brandguard eval: %s: ham tagged or stronger %s (%zu/%zu) is over %g%%\n",
                   report.config.c_str(), percent_text(r.ham_flagged, r.ham).c_str(), r.ham_flagged, r.ham,
                   *eval.fail_over_ham_tag);
      crossed = true;
    }
  }
  return crossed;
}

}  // namespace

int run_eval(int argc, char** argv) {
  CommonOptions options;
  EvalOptions eval;
  const auto parsed = parse_common_args(
      argc, argv, "eval", options, {"--compare", "--label", "--jobs", "--fail-under-phish-tag", "--fail-over-ham-tag"},
      [&](const std::string& option, const std::string& value) { return parse_eval_option(option, value, eval); });
  if (parsed == ParseOutcome::help) {
    usage(stdout);
    return 0;
  }
  const char* problem = nullptr;
  if (options.manifest_path && (!options.files.empty() || eval.label)) {
    problem = "give either --manifest or --label with message files, not both";
  } else if (!options.manifest_path && options.files.empty()) {
    problem = "no messages: give --manifest M.jsonl or --label L FILE.eml...";
  } else if (!options.manifest_path && !eval.label) {
    problem = "message files need --label phish|ham|spam";
  }
  if (parsed == ParseOutcome::usage || problem != nullptr) {
    if (problem != nullptr) std::fprintf(stderr, "brandguard eval: %s\n", problem);
    usage(stderr);
    return EX_USAGE;
  }

  std::vector<config::Config> configs;
  if (const int status = load_configs(options, eval.compare, configs); status != 0) return status;
  std::vector<std::shared_ptr<const policy::Snapshot>> snapshots;
  snapshots.reserve(configs.size());
  for (const auto& c : configs) snapshots.push_back(c.snapshot);

  std::vector<CorpusItem> items;
  if (const int status = load_corpus(options, policy::ScanEnvelope{}, eval.label.value_or(""), items); status != 0) {
    return status;
  }
  std::vector<std::size_t> labels;
  for (const auto& item : items) {
    const auto index = label_index(item.label);
    if (!index) {
      std::fprintf(stderr, "%s: %s: label \"%s\" is not phish, ham or spam\n",
                   options.manifest_path.value_or("").c_str(), item.display.c_str(), item.label.c_str());
      return EX_DATAERR;
    }
    labels.push_back(*index);
  }

  const std::vector<Outcome> outcomes = scan_all(items, snapshots, eval.jobs);
  std::vector<Report> reports;
  const std::vector<std::string> names{options.config_path.value_or("(defaults)"), eval.compare.value_or("")};
  for (std::size_t run = 0; run < snapshots.size(); ++run) {
    reports.push_back(summarize(items, labels, outcomes, run, names[run], snapshots[run]->version));
  }
  const std::vector<Change> changed = changes(outcomes);

  Json errors = Json::array();
  for (const auto& o : outcomes) {
    if (!o.error.empty()) {
      std::fprintf(stderr, "%s\n", o.error.c_str());
      errors.push_back(o.error);
    }
  }

  if (options.json) {
    Json out;
    if (reports.size() == 1) {
      out = report_json(reports[0], items, outcomes, 0);
    } else {
      Json delta = Json::object();
      for (std::size_t l = 0; l < kLabels.size(); ++l) {
        Json row = Json::object();
        for (std::size_t c = 0; c < kColumns.size(); ++c) {
          row[action_name(kColumns[c])] =
              static_cast<long long>(reports[1].matrix[l][c]) - static_cast<long long>(reports[0].matrix[l][c]);
        }
        delta[std::string(kLabels[l])] = row;
      }
      Json list = Json::array();
      for (const auto& c : changed) {
        list.push_back({{"file", items[c.item].display},
                        {"label", label_text(items[c.item])},
                        {"from", action_name(c.from)},
                        {"to", action_name(c.to)}});
      }
      out = {{"base", report_json(reports[0], items, outcomes, 0)},
             {"compare", report_json(reports[1], items, outcomes, 1)},
             {"delta", {{"matrix", delta}}},
             {"changed", list}};
    }
    out["errors"] = errors;
    std::cout << out.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
  } else if (reports.size() == 1) {
    print_report(reports[0], items, outcomes, 0);
  } else {
    fmt::print("== base ==\n");
    print_report(reports[0], items, outcomes, 0);
    fmt::print("\n== compare ==\n");
    print_report(reports[1], items, outcomes, 1);
    fmt::print("\n== delta (compare minus base) ==\n");
    print_delta(reports[0], reports[1], items, changed);
  }
  std::cout.flush();
  std::fflush(stdout);

  if (!errors.empty()) return EX_NOINPUT;
  return gate_crossed(eval, reports.back()) ? 1 : 0;
}

}  // namespace brandguard::cli
