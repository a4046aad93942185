#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "config.hpp"
#include "auth/auth_check.hpp"
#include "rules/rule_set.hpp"
#include "validate.hpp"

using namespace brandguard::config;

namespace {

// All messages joined, one per line, for matching.
std::string errors_of(const std::string& yaml) {
  auto r = load_from_string(yaml, "test.yaml");
  if (r) return "";
  std::string out;
  for (const auto& e : r.error()) out += e.to_string() + "\n";
  return out;
}

const char* kMinimal = R"(
milter:
  socket: inet:15301@127.0.0.1
dns:
  mode: zonefile
)";

}  // namespace

TEST_CASE("config: a minimal file loads with defaults", "[config]") {
  auto r = load_from_string(kMinimal, "test.yaml");
  REQUIRE(r);
  CHECK(r->milter.socket == "inet:15301@127.0.0.1");
  CHECK(r->snapshot->thresholds.tag == 5.0);
  CHECK(r->snapshot->on_error == brandguard::policy::Action::tempfail);
  CHECK(r->snapshot->version.size() == 16);
  REQUIRE(r->snapshot->checks.size() == 1);
  CHECK(r->snapshot->checks[0]->name() == "authentication");
}

TEST_CASE("config: the shipped default configuration is valid", "[config]") {
  // Offline, as `brandguard check` loads it: the first-seen store under
  // /var/lib/brandguard is the daemon's, not the test's.
  brandguard::config::LoadOptions options;
  options.offline = true;
  auto r = load(BRANDGUARD_SOURCE_DIR "/config/brandguard.yaml", options);
  if (!r) FAIL(r.error().front().to_string());
  CHECK(r->milter.socket == "unix:/run/brandguard/milter.sock");
  CHECK(r->milter.socket_mode == 0660);
  REQUIRE(r->snapshot->checks.size() == 3);
  CHECK(r->snapshot->checks[0]->name() == "authentication");
  CHECK(r->snapshot->checks[1]->name() == "brand");
  CHECK(r->snapshot->checks[2]->name() == "rules");
}

TEST_CASE("config: an unknown key is an error with file, line and key path", "[config]") {
  const std::string e = errors_of("milter:\n  socket: inet:1@127.0.0.1\n  sockte_mode: \"0660\"\n");
  CHECK(e == "test.yaml:3:3: milter.sockte_mode: unknown key\n");
}

TEST_CASE("config: an unknown section is an error", "[config]") {
  CHECK(errors_of("milters: {}\n") == "test.yaml:1:1: milters: unknown key\n");
}

TEST_CASE("config: YAML syntax errors name the line", "[config]") {
  const std::string e = errors_of("milter:\n  socket: [unclosed\nlogging: {}\n");
  CHECK(e.rfind("test.yaml:", 0) == 0);
  CHECK(e.find("test.yaml:0") == std::string::npos);
}

TEST_CASE("config: duplicate keys are refused", "[config]") {
  CHECK(errors_of("limits:\n  max_headers: 10\n  max_headers: 20\n") ==
        "test.yaml:3:3: limits.max_headers: duplicate key\n");
}

TEST_CASE("config: wrong types and ranges are reported, all at once", "[config]") {
  const std::string e = errors_of(
      "limits:\n  max_headers: lots\n  max_body_bytes: -1\n"
      "verdict:\n  thresholds: {tag: 9, quarantine: 3, reject: 20}\n");
  CHECK(e.find("test.yaml:2:16: limits.max_headers: expected a whole number") != std::string::npos);
  CHECK(e.find("limits.max_body_bytes: -1 is out of range") != std::string::npos);
  CHECK(e.find("thresholds must rise") != std::string::npos);
}

TEST_CASE("config: socket specs are validated", "[config]") {
  CHECK(validate_socket_spec("unix:/run/x.sock") == std::nullopt);
  CHECK(validate_socket_spec("inet:8894@127.0.0.1") == std::nullopt);
  CHECK(validate_socket_spec("inet:127.0.0.1:8894").has_value());  // Postfix syntax, port last
  CHECK(validate_socket_spec("inet:8894").has_value());            // would listen everywhere
  CHECK(validate_socket_spec("inet:99999@127.0.0.1").has_value());
  CHECK(validate_socket_spec("unix:relative.sock").has_value());
  CHECK(validate_socket_spec("tcp:1@x").has_value());
  CHECK(errors_of("milter:\n  socket: inet:127.0.0.1:8894\n").find("test.yaml:2:11: milter.socket:") == 0);
}

TEST_CASE("config: reply texts cannot break the SMTP reply", "[config]") {
  CHECK(errors_of("verdict:\n  reject_text: \"line\\r\\nbreak\"\n").find("verdict.reject_text: only printable ASCII") !=
        std::string::npos);
  CHECK(errors_of("verdict:\n  reject_text: \"100% sure\"\n").find("'%' is not allowed") != std::string::npos);
  CHECK(errors_of("verdict:\n  reject_text: \"\"\n").find("must not be empty") != std::string::npos);
  CHECK(errors_of("verdict:\n  subject_prefix: \"\"\n").empty());
}

TEST_CASE("config: rules compile into a header rule check", "[config]") {
  auto r = load_from_string(R"(
authentication:
  enabled: false
rules:
  - symbol: SPAM_FLAG
    description: upstream says spam
    field: header:X-Spam-Flag
    literal: ["YES", "TRUE"]
    score: 3.5
)",
                            "test.yaml");
  REQUIRE(r);
  REQUIRE(r->snapshot->checks.size() == 1);
  const auto* factory = dynamic_cast<const brandguard::policy::rules::RuleSetFactory*>(r->snapshot->checks[0].get());
  REQUIRE(factory != nullptr);
  REQUIRE(factory->rules().size() == 1);
  CHECK(factory->rules()[0].header == "X-Spam-Flag");
  CHECK(factory->rules()[0].literals == std::vector<std::string>{"YES", "TRUE"});
  CHECK(factory->rules()[0].score == 3.5);
}

TEST_CASE("config: bad rules are refused with their index", "[config]") {
  const std::string e = errors_of(R"(
rules:
  - symbol: lower_case
    field: header:X
    literal: [a]
    score: 1
  - symbol: OK_NAME
    field: subject
    literal: []
  - symbol: OK_NAME2
    field: header:X
    literal: [a]
    score: 1
    extra: 1
  - symbol: OK_NAME2
    field: header:X
    literal: [b]
    score: 2
)");
  CHECK(e.find("rules[0].symbol: required") != std::string::npos);
  CHECK(e.find("rules[1].field") == std::string::npos);  // subject is a field now
  CHECK(e.find("rules[1].literal: required: literal, regex, lookalike_of or list_file") != std::string::npos);
  CHECK(e.find("rules[1].score: required") != std::string::npos);
  CHECK(e.find("rules[2].extra: unknown key") != std::string::npos);
  CHECK(e.find("rules[3].symbol: symbol OK_NAME2 is defined twice") != std::string::npos);
}

TEST_CASE("config: the file loader refuses missing and world-writable files", "[config]") {
  char dir_template[] = "/tmp/bg-config-test-XXXXXX";
  REQUIRE(::mkdtemp(dir_template) != nullptr);
  const std::string dir = dir_template;
  const std::string path = dir + "/bg.yaml";
  {
    std::ofstream out(path);
    out << kMinimal;
  }
  ::chmod(path.c_str(), 0644);
  CHECK(load(path).has_value());
  ::chmod(path.c_str(), 0666);
  auto r = load(path);
  REQUIRE_FALSE(r);
  CHECK(r.error()[0].to_string() == path + ": refused: the file is world-writable");
  auto missing = load(dir + "/nope.yaml");
  REQUIRE_FALSE(missing);
  CHECK(missing.error()[0].to_string().find("cannot read") != std::string::npos);
  ::unlink(path.c_str());
  ::rmdir(dir.c_str());
}

TEST_CASE("config: the file loader refuses a symlinked main file (S6)", "[config]") {
  char dir_template[] = "/tmp/bg-config-test-XXXXXX";
  REQUIRE(::mkdtemp(dir_template) != nullptr);
  const std::string dir = dir_template;
  const std::string real = dir + "/real.yaml";
  const std::string link = dir + "/bg.yaml";
  {
    std::ofstream out(real);
    out << kMinimal;
  }
  ::chmod(real.c_str(), 0644);
  REQUIRE(::symlink(real.c_str(), link.c_str()) == 0);
  CHECK(load(real).has_value());
  auto r = load(link);
  REQUIRE_FALSE(r);
  CHECK(r.error()[0].to_string() == link + ": refused: a symbolic link (name the file itself)");
  auto d = load(dir);
  REQUIRE_FALSE(d);
  CHECK(d.error()[0].to_string() == dir + ": not a regular file");
  ::unlink(link.c_str());
  ::unlink(real.c_str());
  ::rmdir(dir.c_str());
}

TEST_CASE("config: version identifies the content", "[config]") {
  CHECK(content_version("a") == content_version("a"));
  CHECK(content_version("a") != content_version("b"));
  CHECK(parse_file_mode("0660") == 0660);
  CHECK_FALSE(parse_file_mode("0968").has_value());
  CHECK_FALSE(parse_file_mode("66").has_value());
}

TEST_CASE("config: dns and authentication sections", "[config]") {
  auto r = load_from_string(R"(
dns:
  mode: zonefile
  timeout_ms: 700
  max_lookups_per_message: 20
authentication:
  authserv_id: mx.example.org
  trusted_networks: ["10.0.0.0/8"]
  skip_authenticated: false
  spf: {enabled: true, check_helo: false}
  scores: {SPF_FAIL: 2.5}
)", "test.yaml");
  if (!r) FAIL(r.error().front().to_string());
  REQUIRE(r->snapshot->checks.size() == 1);
  CHECK(errors_of("dns:\n  mode: forward\n").find("dns.forwarders: forward mode needs at least one forwarder") != std::string::npos);
  CHECK(errors_of("dns:\n  mode: magic\n").find("dns.mode: expected system") != std::string::npos);
  CHECK(errors_of("dns:\n  mode: zonefile\n  zone_file: /nonexistent/zone.txt\n").find("dns.zone_file: cannot open") != std::string::npos);
  CHECK(errors_of("dns:\n  mode: zonefile\nauthentication:\n  trusted_networks: [\"10.0.0.0/33\"]\n").find("is not an address or prefix") != std::string::npos);
  CHECK(errors_of("dns:\n  mode: zonefile\nauthentication:\n  authserv_id: \"a b\"\n").find("authentication.authserv_id") != std::string::npos);
  CHECK(errors_of("dns:\n  mode: zonefile\nauthentication:\n  scores: {SPF_FAIIL: 1}\n").find("authentication.scores.SPF_FAIIL: unknown key") != std::string::npos);
}

TEST_CASE("config: a zone file with a bad line names the zone file's line", "[config]") {
  char dir_template[] = "/tmp/bg-zone-test-XXXXXX";
  REQUIRE(::mkdtemp(dir_template) != nullptr);
  const std::string dir = dir_template;
  {
    std::ofstream(dir + "/zone.txt") << "ok.test. IN A 192.0.2.1\nbad.test. IN A 300.0.0.1\n";
    std::ofstream(dir + "/bg.yaml") << "dns:\n  mode: zonefile\n  zone_file: zone.txt\n";
  }
  auto r = load(dir + "/bg.yaml");
  REQUIRE_FALSE(r);
  CHECK(r.error()[0].to_string() == dir + "/bg.yaml:3:14: dns.zone_file: " + dir + "/zone.txt:2: bad A address");
  ::unlink((dir + "/zone.txt").c_str());
  ::unlink((dir + "/bg.yaml").c_str());
  ::rmdir(dir.c_str());
}

TEST_CASE("config: a reload with the same DNS settings reuses the resolver and its cache", "[config]") {
  const char* yaml = "dns:\n  mode: zonefile\n  timeout_ms: 900\n";
  auto a = load_from_string(yaml, "a.yaml");
  auto b = load_from_string(yaml, "b.yaml");
  auto c = load_from_string("dns:\n  mode: zonefile\n  timeout_ms: 901\n", "c.yaml");
  REQUIRE((a && b && c));
  using brandguard::policy::auth::AuthCheckFactory;
  const auto resolver_of = [](const Config& config) {
    const auto* f = dynamic_cast<const AuthCheckFactory*>(config.snapshot->checks.at(0).get());
    REQUIRE(f != nullptr);
    return f->environment().resolver.get();
  };
  CHECK(a->snapshot.get() != b->snapshot.get());
  CHECK(resolver_of(*a) == resolver_of(*b));
  CHECK(resolver_of(*a) != resolver_of(*c));
}

TEST_CASE("config: a regex that does not compile is refused at its rule and index", "[config]") {
  const std::string e = errors_of(R"(
authentication: {enabled: false}
rules:
  - symbol: GOOD
    field: body.text
    regex: ["seed\\s+phrase", "a(b"]
    score: 1
  - symbol: BADFIELD
    field: body
    literal: [x]
    score: 1
)");
  CHECK(e.find("test.yaml:6:31: rules[0].regex[1]: does not compile: Missing close parenthesis") != std::string::npos);
  CHECK(e.find("rules[1].field: required") != std::string::npos);
}

TEST_CASE("config: included rule files are read in name order and their errors name the included file", "[config]") {
  char dir_template[] = "/tmp/bg-include-test-XXXXXX";
  REQUIRE(::mkdtemp(dir_template) != nullptr);
  const std::string dir = dir_template;
  ::mkdir((dir + "/rules.d").c_str(), 0755);
  {
    std::ofstream(dir + "/rules.d/20-b.yaml") << "- {symbol: B, field: subject, literal: [b], score: 1}\n";
    std::ofstream(dir + "/rules.d/10-a.yaml") << "- {symbol: A, field: subject, literal: [a], score: 1}\n";
    std::ofstream(dir + "/bg.yaml") << "authentication: {enabled: false}\ninclude_rules: [\"rules.d/*.yaml\"]\n";
  }
  auto ok = load(dir + "/bg.yaml");
  if (!ok) FAIL(ok.error().front().to_string());
  const auto* f = dynamic_cast<const brandguard::policy::rules::RuleSetFactory*>(ok->snapshot->checks.at(0).get());
  REQUIRE(f != nullptr);
  REQUIRE(f->rules().size() == 2);
  CHECK(f->rules()[0].symbol == "A");
  CHECK(f->rules()[1].symbol == "B");
  const std::string version_before = ok->snapshot->version;
  std::ofstream(dir + "/rules.d/30-c.yaml") << "- {symbol: C, field: subject, literal: [c], score: 1}\n"
                                               "- {symbol: A, field: subject, literal: [x], score: 1}\n";
  auto bad = load(dir + "/bg.yaml");
  REQUIRE_FALSE(bad);
  CHECK(bad.error()[0].to_string() == dir + "/rules.d/30-c.yaml:2:12: rules[1].symbol: symbol A is defined twice");
  std::ofstream(dir + "/rules.d/30-c.yaml") << "- {symbol: C, field: subject, literal: [c], score: 1}\n";
  auto changed = load(dir + "/bg.yaml");
  REQUIRE(changed);
  CHECK(changed->snapshot->version != version_before);  // the version covers included files
  for (const char* f2 : {"/rules.d/10-a.yaml", "/rules.d/20-b.yaml", "/rules.d/30-c.yaml", "/bg.yaml"}) ::unlink((dir + f2).c_str());
  ::rmdir((dir + "/rules.d").c_str());
  ::rmdir(dir.c_str());
}

TEST_CASE("config: control socket settings", "[config]") {
  auto r = load_from_string("dns: {mode: zonefile}\ncontrol:\n  socket: /tmp/x/control.sock\n  socket_mode: \"0660\"\n", "t.yaml");
  REQUIRE(r);
  CHECK(r->control.socket == "/tmp/x/control.sock");
  CHECK(r->control.socket_mode == 0660);
  auto off = load_from_string("dns: {mode: zonefile}\ncontrol: {socket: \"\"}\n", "t.yaml");
  REQUIRE(off);
  CHECK(off->control.socket.empty());
  CHECK(errors_of("control:\n  socket: relative.sock\n").find("control.socket: an absolute path") != std::string::npos);
}

TEST_CASE("config: composite, list_file and lookalike_of rules are checked at load", "[config][rules]") {
  CHECK(errors_of("rules:\n  - {symbol: C, all: [A], field: subject, score: 1}\n")
            .find("rules[0].field: a composite (all/any/not) has no field") != std::string::npos);
  CHECK(errors_of("rules:\n  - {symbol: C, not: [A], score: 1}\n").find("a composite needs symbols in all or any") !=
        std::string::npos);
  CHECK(errors_of("rules:\n  - {symbol: C, all: [not-a-symbol], score: 1}\n").find("is not a symbol name") !=
        std::string::npos);
  CHECK(errors_of("rules:\n  - {symbol: L, field: body.text, lookalike_of: [ledger], score: 1}\n")
            .find("applies to host fields only") != std::string::npos);
  CHECK(errors_of("rules:\n  - {symbol: L, field: link.host, lookalike_of: [ledger], score: 1}\n")
            .find("needs the brand engine") != std::string::npos);
  CHECK(errors_of("rules:\n  - {symbol: F, field: from.domain, list_file: /nonexistent/blocked.txt, score: 1}\n")
            .find("rules[0].list_file") != std::string::npos);
  CHECK(errors_of("rules:\n  - {symbol: F, field: from.domain, score: 1}\n")
            .find("required: literal, regex, lookalike_of or list_file") != std::string::npos);
}

TEST_CASE("config: a list_file is read relative to its config file, commented and lowercased", "[config][rules]") {
  char dir_template[] = "/tmp/bg-list-XXXXXX";
  REQUIRE(mkdtemp(dir_template) != nullptr);
  const std::string dir = dir_template;
  std::ofstream(dir + "/blocked.txt") << "# phishing domains\nLedger-Care.TEST.\n\n  evil.test  # seen 2026-11\n";
  std::ofstream(dir + "/brandguard.yaml")
      << "dns: {mode: zonefile}\nbrands: {enabled: false}\nrules:\n  - {symbol: BLOCKED, field: from.domain, list_file: blocked.txt, score: 4}\n";
  auto r = load(dir + "/brandguard.yaml");
  std::remove((dir + "/blocked.txt").c_str());
  std::remove((dir + "/brandguard.yaml").c_str());
  rmdir(dir.c_str());
  if (!r) FAIL(r.error().front().to_string());
  const brandguard::policy::rules::RuleSetFactory* rules = nullptr;
  for (const auto& c : r->snapshot->checks) {
    if (auto* f = dynamic_cast<const brandguard::policy::rules::RuleSetFactory*>(c.get())) rules = f;
  }
  REQUIRE(rules != nullptr);
  REQUIRE(rules->rules().size() == 1);
  REQUIRE(rules->rules()[0].list);
  CHECK(*rules->rules()[0].list == brandguard::policy::rules::ListEntries{"ledger-care.test", "evil.test"});
}

TEST_CASE("config: metrics.listen is off by default and takes loopback addresses", "[config][metrics]") {
  auto r = load_from_string(kMinimal, "test.yaml");
  REQUIRE(r);
  CHECK(r->metrics.listen.empty());

  auto v4 = load_from_string(std::string(kMinimal) + "metrics:\n  listen: \"127.0.0.1:9325\"\n", "test.yaml");
  REQUIRE(v4);
  CHECK(v4->metrics.host == "127.0.0.1");
  CHECK(v4->metrics.port == 9325);
  auto other_loopback = load_from_string(std::string(kMinimal) + "metrics:\n  listen: 127.1.2.3:80\n", "test.yaml");
  REQUIRE(other_loopback);
  CHECK(other_loopback->metrics.host == "127.1.2.3");
  auto v6 = load_from_string(std::string(kMinimal) + "metrics:\n  listen: \"[::1]:9325\"\n", "test.yaml");
  REQUIRE(v6);
  CHECK(v6->metrics.host == "::1");
  auto off = load_from_string(std::string(kMinimal) + "metrics:\n  listen: \"\"\n", "test.yaml");
  REQUIRE(off);
  CHECK(off->metrics.listen.empty());
}

TEST_CASE("config: metrics.listen refuses non-loopback and malformed addresses", "[config][metrics]") {
  const auto with = [](const std::string& listen) {
    return errors_of(std::string(kMinimal) + "metrics:\n  listen: \"" + listen + "\"\n");
  };
  for (const char* bad : {"0.0.0.0:9325", "192.0.2.1:9325", "[::]:9325", "[2001:db8::1]:9325"}) {
    INFO(bad);
    const std::string e = with(bad);
    CHECK(e.find("metrics.listen") != std::string::npos);
    CHECK(e.find("not a loopback address") != std::string::npos);
    CHECK(e.find("test.yaml:") == 0);  // file:line:col like every other error
  }
  CHECK(with("localhost:9325").find("not an IP address") != std::string::npos);
  CHECK(with("::1:9325").find("not an IP address") != std::string::npos);  // IPv6 needs brackets
  CHECK(with("127.0.0.1").find("metrics.listen") != std::string::npos);
  CHECK(with("127.0.0.1:0").find("port must be 1..65535") != std::string::npos);
  CHECK(with("127.0.0.1:http").find("numeric port") != std::string::npos);
  CHECK(errors_of(std::string(kMinimal) + "metrics:\n  listne: \"127.0.0.1:9325\"\n").find("metrics.listne") !=
        std::string::npos);
}
