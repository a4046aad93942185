// Fuzz target: the milter session state machine, commands in, replies out
// (S1, B15). The input is a stream of milter packets as an MTA sends them
// (4-byte big-endian length, command byte, data); each is decoded as
// libmilter decodes it and dispatched to milter::Session and the engine's
// Transaction exactly as milter/callbacks.cpp does, in any order and with
// any arguments: body before MAIL, EOM twice, ABORT anywhere, a new
// negotiation mid-connection, truncated packets, NULs missing. libmilter
// itself is not linked in the loop (its own framing is exercised by
// tests/cli/test_milter_hostile.py against the daemon).
//
// Asserts, at every end of message: the reply is a well-formed SMTP reply
// (4xx or 5xx with a matching enhanced code, one printable-ASCII line
// without '%'), every header value we would add is one header (no CR, no
// NUL, LF only as our "\n\t" folds), deletions are 1-based and highest
// first, and a deferred failure is answered once.
//
// The snapshot checks authentication against a hermetic zone file (SPF,
// DKIM, DMARC glue with a fake DNS) and runs header, body and link rules.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

#include <libmilter/mfapi.h>

#include "config.hpp"
#include "edit_plan.hpp"
#include "session.hpp"

namespace {

using brandguard::milter::Disposition;
using brandguard::milter::EditPlan;
using brandguard::milter::MessageFacts;
using brandguard::milter::Session;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz_milter_session: %s\n", what);
  __builtin_trap();
}

const char* kZone =
    "brand.test. 300 IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n"
    "_dmarc.brand.test. 300 IN TXT \"v=DMARC1; p=reject; rua=mailto:r@brand.test\"\n"
    "s1._domainkey.brand.test. 300 IN TXT \"v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC\"\n"
    "sender.example. 300 IN TXT \"v=spf1 include:brand.test ~all\"\n"
    "_dmarc.sender.example. 300 IN TXT \"v=DMARC1; p=quarantine; sp=reject; pct=50\"\n";

const std::shared_ptr<const brandguard::policy::Snapshot>& snapshot() {
  static const auto s = [] {
    char dir[] = "/tmp/bg-fuzz-session-XXXXXX";
    if (::mkdtemp(dir) == nullptr) fail("mkdtemp");
    const std::string zone = std::string(dir) + "/zone.txt";
    if (FILE* f = std::fopen(zone.c_str(), "w")) {
      std::fputs(kZone, f);
      std::fclose(f);
    } else {
      fail("zone file");
    }
    auto c = brandguard::config::load_from_string(
        "dns: {mode: zonefile, zone_file: " + zone + "}\n" + R"(
authentication: {authserv_id: mx.receiver.test, trusted_networks: []}
limits: {max_headers: 100, max_header_bytes: 65536, max_body_bytes: 65536, max_recipients: 10}
rules:
  - {symbol: R1, field: "header:Subject", literal: ["ledger", "seed"], score: 3}
  - {symbol: R2, field: "header:From", literal: ["support"], score: 2}
  - {symbol: R3, field: body.text, literal: ["recovery phrase"], regex: ["order\\s*#?[0-9]{5,}"], score: 2}
  - {symbol: R4, field: link.host, regex: ["ledger-[a-z]+"], score: 2}
  - {symbol: R5, field: "header:Subject", literal: ["reject"], score: 30}
)",
        "fuzz.yaml");
    if (!c) {
      for (const auto& e : c.error()) std::fprintf(stderr, "%s\n", e.to_string().c_str());
      fail("config");
    }
    ::unlink(zone.c_str());
    ::rmdir(dir);
    return c->snapshot;
  }();
  return s;
}

// libmilter's argument decoding: NUL-separated strings; a trailing piece
// without its NUL is still an argument (we are more lenient than libmilter,
// which is the safe direction for a fuzzer).
std::vector<std::string_view> split_nul(std::string_view data) {
  std::vector<std::string_view> out;
  while (!data.empty() && out.size() < 64) {
    const auto nul = data.find('\0');
    out.push_back(data.substr(0, nul));
    if (nul == std::string_view::npos) break;
    data.remove_prefix(nul + 1);
  }
  return out;
}

std::string_view strip_brackets(std::string_view s) {
  if (s.size() >= 2 && s.front() == '<' && s.back() == '>') s = s.substr(1, s.size() - 2);
  return s;
}

bool printable_line(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e || c == '%') return false;
  }
  return true;
}

void check_header_value(const std::string& v) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\r' || v[i] == '\0') fail("CR or NUL in a header value");
    if (v[i] == '\n' && (i + 1 >= v.size() || (v[i + 1] != '\t' && v[i + 1] != ' '))) fail("bare LF in a header value");
  }
}

void check_plan(const EditPlan& plan, int status) {
  for (std::size_t i = 0; i < plan.delete_authentication_results.size(); ++i) {
    if (plan.delete_authentication_results[i] == 0) fail("A-R index 0");
    if (i > 0 && plan.delete_authentication_results[i] >= plan.delete_authentication_results[i - 1]) {
      fail("A-R deletions not highest first");
    }
  }
  if (plan.header_value) check_header_value(*plan.header_value);
  if (plan.authentication_results) check_header_value(*plan.authentication_results);
  // A new Subject is our prefix and the MTA's own Subject bytes: only the
  // part we add is ours to check.
  if (plan.new_subject && plan.new_subject->find(snapshot()->presentation.subject_prefix) > 1) {
    fail("new Subject does not start with the prefix");
  }
  if (plan.quarantine_reason) check_header_value(*plan.quarantine_reason);
  if (plan.reply) {
    const auto& r = *plan.reply;
    if (r.code.size() != 3 || (r.code[0] != '4' && r.code[0] != '5') || r.code[1] < '0' || r.code[1] > '9' ||
        r.code[2] < '0' || r.code[2] > '9') {
      fail("reply code");
    }
    if (r.extended_code.size() < 5 || r.extended_code[0] != r.code[0] || r.extended_code[1] != '.') {
      fail("extended code does not match the reply code");
    }
    if (!printable_line(r.text) || r.text.size() > 1000) fail("reply text");
  }
  if (plan.disposition == Disposition::reject && (!plan.reply || plan.reply->code[0] != '5')) fail("reject without 5xx");
  if (plan.disposition == Disposition::tempfail && (!plan.reply || plan.reply->code[0] != '4')) {
    fail("tempfail without 4xx");
  }
  (void)status;
}

// One connection: what callbacks.cpp keeps between callbacks.
struct Connection {
  std::unique_ptr<Session> session;
  std::string queue_id;
  std::string auth_authen;
  int eoms = 0;
};

void eom(Connection& c) {
  Session& s = *c.session;
  if (const std::optional<int> failure = s.take_deferred_failure()) {
    if (*failure == SMFIS_CONTINUE || *failure == SMFIS_NOREPLY) fail("a deferred failure that is not a failure");
    return;
  }
  if (!c.queue_id.empty()) s.transaction().set_queue_id(c.queue_id);
  const brandguard::policy::Verdict verdict = s.transaction().end_of_message();
  MessageFacts facts{s.own_header_count(), s.has_subject(), s.subject_raw(), s.leading_space,
                     s.transaction().message().envelope().queue_id};
  const EditPlan plan = brandguard::milter::plan_edits(verdict, s.snapshot(), facts);
  check_plan(plan, 0);
  if (plan.disposition == Disposition::accept && plan.delete_own_headers != s.own_header_count()) {
    fail("not every forged X-BrandGuard is deleted");
  }
  ++c.eoms;
}

void dispatch(Connection& c, char cmd, std::string_view data) {
  if (!c.session) c.session = std::make_unique<Session>(snapshot());
  Session& s = *c.session;
  const auto args = split_nul(data);
  const std::string_view first = args.empty() ? std::string_view() : args[0];
  switch (cmd) {
    case 'O': {  // negotiate: version, actions, protocol
      unsigned long protocol = 0;
      if (data.size() >= 12) {
        for (int i = 8; i < 12; ++i) protocol = (protocol << 8) | static_cast<unsigned char>(data[i]);
      }
      constexpr unsigned long kNoReply =
          SMFIP_NR_CONN | SMFIP_NR_HELO | SMFIP_NR_MAIL | SMFIP_NR_RCPT | SMFIP_NR_HDR | SMFIP_NR_EOH | SMFIP_NR_BODY;
      s.leading_space = (protocol & SMFIP_HDR_LEADSPC) != 0;
      s.no_reply = protocol & kNoReply;
      break;
    }
    case 'D':  // macros: the stage letter, then name/value pairs
      for (std::size_t i = 1; i + 1 < args.size(); i += 2) {
        std::string_view name = args[i];
        if (i == 1 && !name.empty()) name.remove_prefix(1);  // the stage letter precedes the first name
        if (name == "i") c.queue_id.assign(args[i + 1].substr(0, 64));
        if (name == "{auth_authen}") c.auth_authen.assign(args[i + 1].substr(0, 256));
      }
      break;
    case 'C': {
      brandguard::policy::ConnectionInfo info;
      info.client_name = std::string(first);
      // family byte, port, address after the hostname's NUL
      if (args.size() >= 2 && args[1].size() >= 3) info.client_ip = std::string(args[1].substr(3));
      s.transaction().connect(std::move(info));
      (void)s.reply_at(SMFIP_NR_CONN, Session::Scope::connection, SMFIS_CONTINUE);
      break;
    }
    case 'H':
      s.transaction().helo(first);
      break;
    case 'M':
      s.forget_message_failure();
      s.start_message();
      s.transaction().mail_from(strip_brackets(first), c.auth_authen);
      s.transaction().set_queue_id(c.queue_id);
      break;
    case 'R':
      s.transaction().rcpt(strip_brackets(first));
      break;
    case 'L':
      s.header(first, args.size() >= 2 ? args[1] : std::string_view());
      break;
    case 'N':
      s.transaction().end_of_headers();
      break;
    case 'B':
      s.transaction().body(data);
      break;
    case 'E':
      if (!data.empty()) s.transaction().body(data);  // libmilter passes a final chunk to body first
      eom(c);
      break;
    case 'A':
      s.forget_message_failure();
      s.transaction().abort();
      break;
    case 'Q':  // close: the next command opens a new connection
    case 'K':  // QUIT_NC: the same connection, a new session
      c.session.reset();
      c.queue_id.clear();
      c.auth_authen.clear();
      break;
    case 'F': {  // stands for a failing stage without reply: deferred to EOM
      const unsigned long flag = data.empty() ? SMFIP_NR_HDR : (1UL << (static_cast<unsigned char>(data[0]) % 24));
      const int status = s.reply_at(flag, data.size() > 1 && (data[1] & 1) ? Session::Scope::connection
                                                                            : Session::Scope::message,
                                    SMFIS_TEMPFAIL);
      if ((s.no_reply & flag) != 0 && status != SMFIS_NOREPLY) fail("no-reply stage answered");
      if ((s.no_reply & flag) == 0 && status != SMFIS_TEMPFAIL) fail("replying stage lost its status");
      break;
    }
    default:  // unknown command: libmilter closes the connection
      c.session.reset();
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  Connection c;
  int packets = 0;
  while (in.size() >= 5 && packets < 4096) {
    std::uint32_t length = 0;
    for (int i = 0; i < 4; ++i) length = (length << 8) | static_cast<unsigned char>(in[i]);
    in.remove_prefix(4);
    // libmilter refuses 0 and anything over max_data_size; a truncated
    // packet ends the connection. Here: length 0 ends it too, and a length
    // past the input takes what is left.
    if (length == 0) break;
    const std::size_t take = std::min<std::size_t>(length, in.size());
    const char cmd = in[0];
    const std::string_view payload = in.substr(1, take - 1);
    in.remove_prefix(take);
    dispatch(c, cmd, payload);
    ++packets;
  }
  // Close without QUIT: the session is destroyed mid-message.
  c.session.reset();
  return 0;
}
