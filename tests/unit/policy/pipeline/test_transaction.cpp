#include <catch2/catch.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "metrics/registry.hpp"
#include "pipeline/transaction.hpp"

using namespace brandguard::policy;

namespace {

// Records the stages it sees and can be told to throw at one of them.
struct Probe {
  std::vector<std::string> stages;
  std::string throw_at;
  int instances = 0;
};

class ProbeCheck final : public Check {
 public:
  explicit ProbeCheck(Probe& p) : p_(p) {}
  void hit(const std::string& stage) {
    p_.stages.push_back(stage);
    if (stage == p_.throw_at) throw std::runtime_error("boom at " + stage);
  }
  void on_connect(const ConnectionInfo&) override { hit("connect"); }
  void on_helo(const ConnectionInfo& c) override { hit("helo:" + c.helo); }
  void on_mail_from(MessageContext& ctx) override { hit("mail:" + ctx.message.envelope().mail_from); }
  void on_rcpt(MessageContext&, std::string_view r) override { hit("rcpt:" + std::string(r)); }
  void on_header(MessageContext&, const Header& h) override { hit("header:" + h.name); }
  void on_end_of_headers(MessageContext&) override { hit("eoh"); }
  void on_body(MessageContext&, std::string_view) override { hit("body"); }
  void on_end_of_message(MessageContext& ctx) override {
    hit("eom");
    ctx.result.add("PROBE", 6.0, "seen " + std::to_string(ctx.message.headers().size()) + " headers");
  }
  void on_message_reset() override { hit("reset"); }

 private:
  Probe& p_;
};

class ProbeFactory final : public CheckFactory {
 public:
  explicit ProbeFactory(Probe& p) : p_(p) {}
  std::string_view name() const noexcept override { return "probe"; }
  std::unique_ptr<Check> create() const override {
    ++p_.instances;
    return std::make_unique<ProbeCheck>(p_);
  }

 private:
  Probe& p_;
};

std::shared_ptr<Snapshot> snapshot_with(Probe& probe) {
  auto s = std::make_shared<Snapshot>();
  s->checks.push_back(std::make_unique<ProbeFactory>(probe));
  return s;
}

void send_message(Transaction& t) {
  t.mail_from("a@sender.example", "");
  t.rcpt("b@rcpt.example");
  t.header("From", " a@sender.example");
  t.end_of_headers();
  t.body("hello\r\n");
}

}  // namespace

TEST_CASE("transaction: every stage reaches the check in order", "[pipeline]") {
  Probe probe;
  Transaction t(snapshot_with(probe));
  t.connect(ConnectionInfo{"192.0.2.1", "client.example", ""});
  t.helo("helo.example");
  send_message(t);
  const Verdict v = t.end_of_message();
  CHECK(probe.instances == 1);
  CHECK(probe.stages == std::vector<std::string>{"connect", "helo:helo.example", "reset", "mail:a@sender.example",
                                                 "rcpt:b@rcpt.example", "header:From", "eoh", "body", "eom"});
  CHECK(v.action == Action::tag);
  CHECK(v.score == Approx(6.0));
}

TEST_CASE("transaction: a second message starts clean", "[pipeline]") {
  Probe probe;
  Transaction t(snapshot_with(probe));
  t.connect({});
  send_message(t);
  t.header("X-Extra", " 1");
  CHECK(t.end_of_message().symbols.at(0).evidence == "seen 2 headers");
  send_message(t);
  const Verdict second = t.end_of_message();
  REQUIRE(second.symbols.size() == 1);
  CHECK(second.symbols[0].evidence == "seen 1 headers");
  CHECK(t.message().envelope().rcpt.size() == 1);
}

TEST_CASE("transaction: abort drops the message", "[pipeline]") {
  Probe probe;
  Transaction t(snapshot_with(probe));
  t.connect({});
  send_message(t);
  t.abort();
  CHECK_FALSE(t.in_message());
  CHECK(t.message().headers().empty());
  t.abort();  // twice is harmless
  CHECK(probe.stages.back() == "reset");
}

TEST_CASE("transaction: a throwing check yields the on_error action, not an exception", "[pipeline]") {
  Probe probe;
  probe.throw_at = "eoh";
  auto snapshot = snapshot_with(probe);
  snapshot->on_error = Action::tempfail;
  Transaction t(snapshot);
  t.connect({});
  send_message(t);
  Verdict v;
  REQUIRE_NOTHROW(v = t.end_of_message());
  CHECK(v.action == Action::tempfail);
  CHECK(v.forced);
  bool saw_internal = false;
  for (const auto& s : v.symbols) saw_internal |= s.name == "INTERNAL_ERROR" && s.evidence.find("boom at eoh") != std::string::npos;
  CHECK(saw_internal);

  // The failure does not leak into the next message.
  probe.throw_at.clear();
  send_message(t);
  CHECK(t.end_of_message().action == Action::tag);
}

TEST_CASE("transaction: on_error accept lets a failed message through untouched", "[pipeline]") {
  Probe probe;
  probe.throw_at = "body";
  auto snapshot = snapshot_with(probe);
  snapshot->on_error = Action::accept;
  snapshot->thresholds = Thresholds{100, 200, 300};
  Transaction t(snapshot);
  t.connect({});
  send_message(t);
  CHECK(t.end_of_message().action == Action::accept);
}

TEST_CASE("transaction: stages before MAIL FROM start a message implicitly", "[pipeline]") {
  Probe probe;
  Transaction t(snapshot_with(probe));
  t.header("Subject", " no envelope");
  t.body("x");
  const Verdict v = t.end_of_message();
  CHECK(v.action == Action::tag);
  CHECK(t.message().headers().size() == 1);
}

TEST_CASE("transaction: limits add a LIMIT symbol once and keep going", "[pipeline]") {
  auto snapshot = std::make_shared<Snapshot>();
  snapshot->limits.max_headers = 2;
  snapshot->limits.max_body_bytes = 4;
  snapshot->limits.max_recipients = 1;
  Transaction t(snapshot);
  t.mail_from("", "");
  for (int i = 0; i < 3; ++i) t.rcpt("r@example.org");
  for (int i = 0; i < 5; ++i) t.header("X-N", " v");
  t.body("123456");
  t.body("7");
  const Verdict v = t.end_of_message();
  int limit_headers = 0, limit_body = 0, limit_rcpt = 0;
  for (const auto& s : v.symbols) {
    limit_headers += s.name == "LIMIT_HEADERS";
    limit_body += s.name == "LIMIT_BODY";
    limit_rcpt += s.name == "LIMIT_RECIPIENTS";
  }
  CHECK(limit_headers == 1);
  CHECK(limit_body == 1);
  CHECK(limit_rcpt == 1);
  CHECK(v.action == Action::accept);
}

TEST_CASE("transaction: end-of-headers and end-of-message work is timed, a failed check counted",
          "[pipeline][metrics]") {
  auto& metrics = metrics::process_registry();
  const auto eoh_before = metrics.stage(metrics::Stage::end_of_headers).count();
  const auto eom_before = metrics.stage(metrics::Stage::end_of_message).count();
  const auto wait_before = metrics.stage(metrics::Stage::eom_dns_wait).count();
  const auto errors_before = metrics.internal_errors(metrics::ErrorSource::check);
  Probe probe;
  Transaction t(snapshot_with(probe));
  t.connect({});
  send_message(t);
  t.end_of_message();
  CHECK(metrics.stage(metrics::Stage::end_of_headers).count() == eoh_before + 1);
  CHECK(metrics.stage(metrics::Stage::end_of_message).count() == eom_before + 1);
  CHECK(metrics.stage(metrics::Stage::eom_dns_wait).count() == wait_before + 1);
  CHECK(metrics.internal_errors(metrics::ErrorSource::check) == errors_before);
  probe.throw_at = "body";
  send_message(t);
  t.end_of_message();
  CHECK(metrics.internal_errors(metrics::ErrorSource::check) == errors_before + 1);
}

namespace {

// Reads the decoded content at end of message, as content checks do.
class ContentReader final : public Check {
 public:
  void on_end_of_message(MessageContext& ctx) override { (void)ctx.content.mime(); }
};

class ContentReaderFactory final : public CheckFactory {
 public:
  std::string_view name() const noexcept override { return "content-reader"; }
  std::unique_ptr<Check> create() const override { return std::make_unique<ContentReader>(); }
};

Verdict scan_with_reader(const std::string& content_type, const std::string& body, bool reader = true) {
  auto snapshot = std::make_shared<Snapshot>();
  if (reader) snapshot->checks.push_back(std::make_unique<ContentReaderFactory>());
  Transaction t(snapshot);
  t.mail_from("a@sender.example", "");
  t.header("From", " a@sender.example");
  t.header("Content-Type", " " + content_type);
  t.end_of_headers();
  for (std::size_t i = 0; i < body.size(); i += 65535) t.body(std::string_view(body).substr(i, 65535));
  return t.end_of_message();
}

const Symbol* find_symbol(const Verdict& v, std::string_view name) {
  for (const auto& s : v.symbols) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("transaction: a partly decoded message gets CONTENT_PARTIAL, never an action by itself (B13)",
          "[pipeline]") {
  std::string deep;
  for (int i = 0; i < 100; ++i) {
    deep += "--b" + std::to_string(i) + "\r\nContent-Type: multipart/mixed; boundary=\"b" + std::to_string(i + 1) +
            "\"\r\n\r\n";
  }
  deep += "--b100\r\nContent-Type: text/plain\r\n\r\nhello\r\n";
  const Verdict v = scan_with_reader("multipart/mixed; boundary=\"b0\"", deep);
  const Symbol* partial = find_symbol(v, "CONTENT_PARTIAL");
  REQUIRE(partial != nullptr);
  CHECK(partial->score == 0.0);
  CHECK(partial->evidence.find("partial scan: MIME nesting too deep") == 0);
  CHECK(v.action == Action::accept);

  // A whole message, and one whose content no check read, have none.
  CHECK(find_symbol(scan_with_reader("text/plain", "hello\r\n"), "CONTENT_PARTIAL") == nullptr);
  CHECK(find_symbol(scan_with_reader("multipart/mixed; boundary=\"b0\"", deep, false), "CONTENT_PARTIAL") == nullptr);
}
