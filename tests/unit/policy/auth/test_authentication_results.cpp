// Authentication-Results (RFC 8601): reading the authserv-id of incoming
// fields (forged-field removal), parsing a trusted upstream's results,
// formatting ours, and quoting property values.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "auth/authentication_results.hpp"

using namespace brandguard::policy;
using namespace brandguard::policy::auth;

namespace {

using Properties = std::vector<std::pair<std::string, std::string>>;

struct Expected {
  std::string method;
  std::string result;
  Properties properties;
};

void check_results(const ParsedAuthenticationResults& parsed, const std::vector<Expected>& expected) {
  REQUIRE(parsed.results.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("result " << i);
    CHECK(parsed.results[i].method == expected[i].method);
    CHECK(parsed.results[i].result == expected[i].result);
    CHECK(parsed.results[i].properties == expected[i].properties);
  }
}

// Our output must stay one header field: no CR, every LF starts a fold.
void check_folding(const std::string& value) {
  CHECK(value.find('\r') == std::string::npos);
  CHECK(value.find('\0') == std::string::npos);
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\n') {
      INFO("LF at " << i);
      REQUIRE(i + 1 < value.size());
      CHECK(value[i + 1] == '\t');
    }
  }
}

SpfOutcome spf(SpfResult result, const char* domain, const char* reason = "", SpfIdentity identity = SpfIdentity::mailfrom) {
  SpfOutcome s;
  s.result = result;
  s.domain = domain;
  s.reason = reason;
  s.identity = identity;
  return s;
}

DkimSignatureResult sig(DkimResult result, const char* domain, const char* selector, const char* reason = "") {
  DkimSignatureResult s;
  s.result = result;
  s.domain = domain;
  s.selector = selector;
  s.algorithm = "rsa-sha256";
  s.b_prefix = "abcdEFGH";
  s.reason = reason;
  return s;
}

DmarcOutcome dmarc(DmarcResult result, const char* author_domain, DmarcPolicy policy = DmarcPolicy::reject,
                   const char* reason = "") {
  DmarcOutcome d;
  d.result = result;
  d.author_domain = author_domain;
  d.policy = policy;
  d.disposition = result == DmarcResult::fail ? policy : DmarcPolicy::none;
  d.reason = reason;
  return d;
}

// A header value that is exactly kMaxParsedBytes long up to and including
// `tail`, padded inside an spf comment.
std::string padded_to_limit(const std::string& head, const std::string& tail) {
  const std::size_t fixed = head.size() + 3 + tail.size();  // " (" + ")"
  REQUIRE(fixed < kMaxParsedBytes);
  std::string v = head + " (" + std::string(kMaxParsedBytes - fixed, 'p') + ")" + tail;
  REQUIRE(v.size() == kMaxParsedBytes);
  return v;
}

}  // namespace

TEST_CASE("authentication results: authserv_id_of returns the id as written", "[auth-results]") {
  CHECK(authserv_id_of("mx.example.org; spf=pass smtp.mailfrom=example.com") == "mx.example.org");
  CHECK(authserv_id_of(" mx.example.org; spf=pass") == "mx.example.org");
  CHECK(authserv_id_of(" mx.example.org 1; spf=pass") == "mx.example.org");
  CHECK(authserv_id_of(" mx.example.org") == "mx.example.org");
  // Case is kept: the caller compares ASCII case-insensitively.
  CHECK(authserv_id_of(" MX.Example.ORG; dkim=pass") == "MX.Example.ORG");
  CHECK(authserv_id_of(" (comment (nested \\) still)) mx.test; none") == "mx.test");
  CHECK(authserv_id_of(" mx.test(after); none") == "mx.test");
  CHECK(authserv_id_of(" mx.test (after) 1 (more); none") == "mx.test");
  CHECK(authserv_id_of("\r\n\tmx.test\r\n\t;\r\n\tdkim=pass") == "mx.test");
  CHECK(authserv_id_of("\n\t mx.test;\n\tdkim=pass") == "mx.test");
  CHECK(authserv_id_of(" \"mx.test\"; none") == "mx.test");
  CHECK(authserv_id_of(" \"mx \\\"quoted\\\" id\"; none") == "mx \"quoted\" id");
  CHECK(authserv_id_of(" mx.tëst.example; none") == "mx.tëst.example");
  CHECK(authserv_id_of(" mx.test;spf=pass") == "mx.test");
}

TEST_CASE("authentication results: authserv_id_of is nullopt without an id", "[auth-results]") {
  for (const std::string v : {"", " ", "\r\n\t", "; spf=pass", " ;none", " (only a comment)",
                              " (unterminated mx.test; none", " \"unterminated; none", " \"\"; none",
                              " =pass", " @mx.test", " (a (b) mx.test", " \\mx.test"}) {
    INFO("value: " << v);
    CHECK_FALSE(authserv_id_of(v));
    CHECK_FALSE(parse_authentication_results(v));
  }
  CHECK_FALSE(authserv_id_of(std::string("\0mx.test; none", 14)));
  CHECK(authserv_id_of(std::string("mx.test\0; none", 14)) == "mx.test");
}

TEST_CASE("authentication results: huge fields still show their authserv-id (B7)", "[auth-results]") {
  const std::string huge_tail = " mx.test; spf=pass " + std::string(200 * 1024, 'x');
  CHECK(authserv_id_of(huge_tail) == "mx.test");

  // Padding or nesting in front of the id must not hide a forged field
  // carrying our id (RFC 8601 5): the id is read from the whole field.
  const std::string spaces = std::string(kMaxParsedBytes + 10, ' ') + "mx.test; dmarc=pass header.from=brand.com";
  CHECK(authserv_id_of(spaces) == "mx.test");
  const std::string folds = [] {
    std::string v;
    for (int i = 0; i < 10000; ++i) v += "\r\n\t";
    return v + "mx.test; dmarc=pass";
  }();
  CHECK(authserv_id_of(folds) == "mx.test");
  const std::string comment = " (" + std::string(64 * 1024, 'c') + ") mx.test; dmarc=pass";
  CHECK(authserv_id_of(comment) == "mx.test");
  const std::string nested =
      " " + std::string(auth::kMaxCommentDepth + 4, '(') + std::string(auth::kMaxCommentDepth + 4, ')') + " mx.test; dmarc=pass";
  CHECK(authserv_id_of(nested) == "mx.test");

  // Whatever the padding, both readers agree on the id.
  for (const std::string* v : {&huge_tail, &spaces, &folds, &comment, &nested}) {
    const auto parsed = parse_authentication_results(*v);
    if (parsed) CHECK(parsed->authserv_id == authserv_id_of(*v));
  }

  // An id that is itself huge is returned whole, by both.
  const std::string long_id(20000, 'a');
  const auto id = authserv_id_of(long_id + "; spf=pass");
  REQUIRE(id);
  CHECK(id->size() == long_id.size());
  CHECK((*id == long_id));
  const auto parsed = parse_authentication_results(long_id + "; spf=pass");
  REQUIRE(parsed);
  CHECK(parsed->authserv_id.size() == long_id.size());
  CHECK((parsed->authserv_id == long_id));
  CHECK(parsed->results.empty());  // past kMaxParsedBytes: nothing more is read
}

TEST_CASE("authentication results: several results with properties", "[auth-results]") {
  const auto parsed = parse_authentication_results(
      " mx.example.org;\r\n\tspf=pass smtp.mailfrom=bounce@example.com;\r\n"
      "\tdkim=pass header.d=example.com header.s=sel1 header.b=abcd1234;\r\n"
      "\tdkim=fail header.d=other.example;\n\tdmarc=pass header.from=example.com");
  REQUIRE(parsed);
  CHECK(parsed->authserv_id == "mx.example.org");
  check_results(*parsed, {
                             {"spf", "pass", {{"smtp.mailfrom", "bounce@example.com"}}},
                             {"dkim", "pass", {{"header.d", "example.com"}, {"header.s", "sel1"}, {"header.b", "abcd1234"}}},
                             {"dkim", "fail", {{"header.d", "other.example"}}},
                             {"dmarc", "pass", {{"header.from", "example.com"}}},
                         });
  CHECK(parsed->results[1].property("header.s") == "sel1");
  CHECK(parsed->results[1].property("header.i").empty());
}

TEST_CASE("authentication results: 'none' means no results (RFC 8601 2.2)", "[auth-results]") {
  for (const char* v : {" mx.example.org; none", " mx.example.org 1; none", "mx.example.org;none",
                        " mx.example.org; none (nothing checked)", " mx.example.org;\n\tnone", " mx.example.org"}) {
    INFO("value: " << v);
    const auto parsed = parse_authentication_results(v);
    REQUIRE(parsed);
    CHECK(parsed->authserv_id == "mx.example.org");
    CHECK(parsed->results.empty());
  }
}

TEST_CASE("authentication results: comments, versions, case and folding anywhere", "[auth-results]") {
  const auto parsed = parse_authentication_results(
      " (a) mx.example.org (b) 1 (c) ; (d) SPF (e) = (f) Pass (g) (sender IP (nested) is 192.0.2.1)"
      " smtp (h) . (i) MailFrom (j) = (k) Example.COM (l) ;\n\tdkim/1=pass\r\n header.d=example.com");
  REQUIRE(parsed);
  CHECK(parsed->authserv_id == "mx.example.org");
  check_results(*parsed, {
                             {"spf", "pass", {{"smtp.mailfrom", "Example.COM"}}},
                             {"dkim", "pass", {{"header.d", "example.com"}}},
                         });
}

TEST_CASE("authentication results: reasons and quoted or address values", "[auth-results]") {
  const auto parsed = parse_authentication_results(
      " mx.test; dkim=fail reason=\"signature did not verify\" header.d=example.com;"
      " spf=fail reason = \"a \\\"quoted\\\" word; and a semicolon\" smtp.mailfrom=\"john doe\"@example.com;"
      " dkim=pass header.i=@example.com; auth=pass smtp.auth=user@example.com");
  REQUIRE(parsed);
  check_results(*parsed, {
                             {"dkim", "fail", {{"reason", "signature did not verify"}, {"header.d", "example.com"}}},
                             {"spf",
                              "fail",
                              {{"reason", "a \"quoted\" word; and a semicolon"}, {"smtp.mailfrom", "john doe@example.com"}}},
                             {"dkim", "pass", {{"header.i", "@example.com"}}},
                             {"auth", "pass", {{"smtp.auth", "user@example.com"}}},
                         });
  CHECK(parsed->results[0].property("reason") == "signature did not verify");
}

TEST_CASE("authentication results: a malformed or truncated tail keeps the results before it", "[auth-results]") {
  const std::string good = " mx.test; spf=pass smtp.mailfrom=example.com; dkim=pass header.d=example.com";
  const std::vector<Expected> first_two{
      {"spf", "pass", {{"smtp.mailfrom", "example.com"}}},
      {"dkim", "pass", {{"header.d", "example.com"}}},
  };
  // The tail breaks before a result word: the list ends there.
  for (const std::string tail : {"; dmarc", "; dmarc=", "; =pass", ";;", "; dmarc pass", "; (unterminated",
                                 "; dmarc=(deep", "; \"quoted\"=pass", " junk; dmarc=pass", " @@; dmarc=pass"}) {
    INFO("tail: " << tail);
    const auto parsed = parse_authentication_results(good + tail);
    REQUIRE(parsed);
    check_results(*parsed, first_two);
  }
  // A result whose properties break keeps the method, the result word and
  // the properties read whole before the break; nothing after it is read.
  for (const std::string tail : {"; dmarc=pass header.from=\"unterminated; spf=fail",
                                 "; dmarc=pass header.from=example.com (open; spf=fail",
                                 "; dmarc=pass header.from=example.com @@; spf=fail",
                                 "; dmarc=pass header.from=example.com header; spf=fail"}) {
    INFO("tail: " << tail);
    const auto parsed = parse_authentication_results(good + tail);
    REQUIRE(parsed);
    REQUIRE(parsed->results.size() == 3);
    CHECK(parsed->results[0].properties == first_two[0].properties);
    CHECK(parsed->results[1].properties == first_two[1].properties);
    CHECK(parsed->results[2].method == "dmarc");
    CHECK(parsed->results[2].result == "pass");
    const std::string from = parsed->results[2].property("header.from");
    CHECK((from.empty() || from == "example.com"));
  }
  for (const std::string tail : {" header.s", " header.s=", " header.=x", " header.s=\"open", " .s=x", " header.s=sel (open",
                                 " header.s=sel @@@; dmarc=pass header.from=example.com"}) {
    INFO("tail: " << tail);
    const auto parsed = parse_authentication_results(good + tail);
    REQUIRE(parsed);
    REQUIRE(parsed->results.size() == 2);
    CHECK(parsed->results[0].properties == first_two[0].properties);
    CHECK(parsed->results[1].method == "dkim");
    CHECK(parsed->results[1].properties.front() == std::make_pair(std::string("header.d"), std::string("example.com")));
    const std::string selector = parsed->results[1].property("header.s");
    CHECK((selector.empty() || selector == "sel"));
  }
  // Comments nested beyond auth::kMaxCommentDepth end the parse too.
  const std::string deep = good + "; dmarc=pass " + std::string(auth::kMaxCommentDepth + 1, '(') +
                           std::string(auth::kMaxCommentDepth + 1, ')') + " header.from=example.com";
  const auto parsed = parse_authentication_results(deep);
  REQUIRE(parsed);
  REQUIRE(parsed->results.size() >= 2);
  for (const auto& r : parsed->results) CHECK(r.property("header.from").empty());
  const std::string ok_depth = good + "; dmarc=pass " + std::string(auth::kMaxCommentDepth, '(') +
                               std::string(auth::kMaxCommentDepth, ')') + " header.from=example.com";
  const auto at_limit = parse_authentication_results(ok_depth);
  REQUIRE(at_limit);
  REQUIRE(at_limit->results.size() == 3);
  CHECK(at_limit->results[2].property("header.from") == "example.com");
}

TEST_CASE("authentication results: at most kMaxResults results and properties", "[auth-results]") {
  std::string v = "mx.test";
  for (int i = 0; i < 40; ++i) v += "; dkim=pass header.d=d" + std::to_string(i) + ".example";
  const auto parsed = parse_authentication_results(v);
  REQUIRE(parsed);
  REQUIRE(parsed->results.size() == kMaxResults);
  CHECK(parsed->results.back().property("header.d") == "d31.example");

  std::string props = "mx.test; dkim=pass";
  for (int i = 0; i < 40; ++i) props += " header.p" + std::to_string(i) + "=v" + std::to_string(i);
  const auto many = parse_authentication_results(props + "; spf=pass");
  REQUIRE(many);
  REQUIRE_FALSE(many->results.empty());
  CHECK(many->results[0].properties.size() == kMaxResults);
  CHECK(many->results[0].property("header.p31") == "v31");
  CHECK(many->results[0].property("header.p32").empty());
}

TEST_CASE("authentication results: nothing past kMaxParsedBytes is read, and no value is cut there",
          "[auth-results]") {
  const std::string head = " border.example; spf=pass smtp.mailfrom=x.example";
  SECTION("a result ending exactly at the limit is complete and kept") {
    const std::string v = padded_to_limit(head, "; dmarc=pass header.from=brand.com");
    const auto parsed = parse_authentication_results(v);
    REQUIRE(parsed);
    REQUIRE(parsed->results.size() == 2);
    CHECK(parsed->results[1].property("header.from") == "brand.com");
  }
  SECTION("a value running past the limit is not returned cut short") {
    // The sender picks "brand.com.attacker.example" as its From domain and
    // pads the field so the limit falls after "brand.com".
    const std::string v = padded_to_limit(head, "; dmarc=pass header.from=brand.com") + ".attacker.example";
    const auto parsed = parse_authentication_results(v);
    REQUIRE(parsed);
    REQUIRE_FALSE(parsed->results.empty());
    CHECK(parsed->results[0].method == "spf");
    CHECK(parsed->results[0].property("smtp.mailfrom") == "x.example");
    for (const auto& r : parsed->results) CHECK(r.property("header.from") != "brand.com");
  }
  SECTION("a result word cut at the limit is not returned") {
    const std::string v = padded_to_limit(head, "; dkim=pa") + "ssive";
    const auto parsed = parse_authentication_results(v);
    REQUIRE(parsed);
    for (const auto& r : parsed->results) CHECK(r.result != "pa");
  }
  SECTION("results wholly past the limit are ignored, earlier ones kept") {
    const std::string v = head + " (" + std::string(kMaxParsedBytes, 'p') + ") ; dmarc=pass header.from=brand.com";
    const auto parsed = parse_authentication_results(v);
    REQUIRE(parsed);
    CHECK(parsed->authserv_id == "border.example");
    for (const auto& r : parsed->results) CHECK(r.method != "dmarc");
    const auto after = parse_authentication_results(head + "; dkim=pass header.d=x.example; dmarc=pass " +
                                                    std::string(kMaxParsedBytes, 'h'));
    REQUIRE(after);
    REQUIRE(after->results.size() >= 2);
    CHECK(after->results[1].property("header.d") == "x.example");
  }
}

TEST_CASE("authentication results: authserv_id_of agrees with the parser", "[auth-results]") {
  for (const std::string v : {" mx.test; none", "(c) \"mx.test\" 1; spf=pass", "MX.TEST;dkim=pass", "mx.test",
                              "mx.test junk", "\r\n\tmx.test\r\n\t(c); none"}) {
    INFO("value: " << v);
    const auto id = authserv_id_of(v);
    const auto parsed = parse_authentication_results(v);
    REQUIRE(id);
    REQUIRE(parsed);
    CHECK(parsed->authserv_id == *id);
  }
}

TEST_CASE("authentication results: format with no results says none", "[auth-results]") {
  const AuthResults nothing;
  const std::string v = format_authentication_results("mx.example.org", nothing);
  CHECK(v == "mx.example.org; none");
  const auto parsed = parse_authentication_results(v);
  REQUIRE(parsed);
  CHECK(parsed->authserv_id == "mx.example.org");
  CHECK(parsed->results.empty());
}

TEST_CASE("authentication results: format writes every method, folded with LF TAB", "[auth-results]") {
  AuthResults r;
  r.evaluated = true;
  r.spf = spf(SpfResult::pass, "example.com", "sender IP is permitted");
  r.dkim.emplace();
  r.dkim->signatures.push_back(sig(DkimResult::pass, "example.com", "sel1", "signature verified"));
  r.dkim->signatures.back().key_bits = 2048;
  r.dkim->signatures.push_back(sig(DkimResult::fail, "other.example", "s2", "body hash mismatch"));
  r.dmarc = dmarc(DmarcResult::pass, "example.com");
  const std::string v = format_authentication_results("mx.example.org", r);
  CHECK(v ==
        "mx.example.org;\n"
        "\tspf=pass (sender IP is permitted) smtp.mailfrom=example.com;\n"
        "\tdkim=pass (2048-bit key) header.d=example.com header.s=sel1 header.a=rsa-sha256 header.b=abcdEFGH;\n"
        "\tdkim=fail (body hash mismatch) header.d=other.example header.s=s2 header.a=rsa-sha256 header.b=abcdEFGH;\n"
        "\tdmarc=pass (p=reject dis=none) header.from=example.com");
  check_folding(v);
}

TEST_CASE("authentication results: format then parse gives the same methods, results and properties",
          "[auth-results]") {
  AuthResults r;
  r.spf = spf(SpfResult::softfail, "bounces.example.com", "not permitted; (maybe) \\ \"so\"");
  r.spf_helo = spf(SpfResult::none, "mail.example.com", "", SpfIdentity::helo);
  r.dkim.emplace();
  auto odd = sig(DkimResult::permerror, "example.com", "sel with space", "key \r\nbroken)(");
  odd.algorithm = "rsa-sha1";
  odd.b_prefix = "ab/+cd=e";
  r.dkim->signatures.push_back(odd);
  auto unchecked = sig(DkimResult::none, "skipped.example", "s");
  unchecked.checked = false;
  r.dkim->signatures.push_back(unchecked);
  r.dkim->signatures.push_back(sig(DkimResult::temperror, "tëst.example", "s;1"));
  r.dmarc = dmarc(DmarcResult::fail, "Example.com", DmarcPolicy::quarantine);
  const std::string v = format_authentication_results("mx.example.org", r);
  check_folding(v);
  const auto parsed = parse_authentication_results(v);
  REQUIRE(parsed);
  CHECK(parsed->authserv_id == "mx.example.org");
  const Properties odd_props{{"header.d", "example.com"},
                             {"header.s", "sel with space"},
                             {"header.a", "rsa-sha1"},
                             {"header.b", "ab/+cd=e"}};
  const Properties temp_props{{"header.d", "tëst.example"},
                              {"header.s", "s;1"},
                              {"header.a", "rsa-sha256"},
                              {"header.b", "abcdEFGH"}};
  check_results(*parsed, {
                             {"spf", "softfail", {{"smtp.mailfrom", "bounces.example.com"}}},
                             {"spf", "none", {{"smtp.helo", "mail.example.com"}}},
                             {"dkim", "permerror", odd_props},
                             {"dkim", "temperror", temp_props},
                             {"dmarc", "fail", {{"header.from", "Example.com"}}},
                         });
  CHECK(v.find("skipped.example") == std::string::npos);
  CHECK(v.find("(p=quarantine dis=quarantine)") != std::string::npos);
}

TEST_CASE("authentication results: reasons become clean comments", "[auth-results]") {
  AuthResults r;
  r.spf = spf(SpfResult::permerror, "example.com", "bad (record)\r\n with \\ and \x01 bytes");
  r.dmarc = dmarc(DmarcResult::permerror, "example.com", DmarcPolicy::none, "From has 2 (two) domains\n");
  const std::string v = format_authentication_results("mx.test", r);
  check_folding(v);
  CHECK(v.find("(bad record with  and  bytes)") != std::string::npos);
  CHECK(v.find("dmarc=permerror (From has 2 two domains) header.from=example.com") != std::string::npos);
  const auto parsed = parse_authentication_results(v);
  REQUIRE(parsed);
  check_results(*parsed, {
                             {"spf", "permerror", {{"smtp.mailfrom", "example.com"}}},
                             {"dmarc", "permerror", {{"header.from", "example.com"}}},
                         });
}

TEST_CASE("authentication results: format shows domains only, never local parts", "[auth-results]") {
  AuthResults r;
  r.spf = spf(SpfResult::pass, "example.com");
  r.dkim.emplace();
  auto s = sig(DkimResult::pass, "example.com", "sel", "signature verified");
  s.identity = "secret.person@example.com";
  r.dkim->signatures.push_back(s);
  r.dmarc = dmarc(DmarcResult::none, "example.com", DmarcPolicy::none, "no policy");
  r.author_domain = "example.com";
  const std::string v = format_authentication_results("mx.test", r);
  CHECK(v.find('@') == std::string::npos);
  CHECK(v.find("secret") == std::string::npos);
  CHECK(v.find("smtp.mailfrom=example.com") != std::string::npos);
  CHECK(v.find("header.i") == std::string::npos);
  CHECK(v.find("dmarc=none (no policy) header.from=example.com") != std::string::npos);

  // The null sender: the HELO identity.
  AuthResults helo;
  helo.spf = spf(SpfResult::pass, "mail.example.net", "", SpfIdentity::helo);
  CHECK(format_authentication_results("mx.test", helo) == "mx.test;\n\tspf=pass smtp.helo=mail.example.net");
}

TEST_CASE("authentication results: DKIM with no checked signature is dkim=none", "[auth-results]") {
  AuthResults r;
  r.dkim.emplace();
  CHECK(format_authentication_results("mx.test", r) == "mx.test;\n\tdkim=none");
  auto s = sig(DkimResult::pass, "example.com", "sel");
  s.checked = false;
  r.dkim->signatures.push_back(s);
  const std::string v = format_authentication_results("mx.test", r);
  CHECK(v == "mx.test;\n\tdkim=none");
  const auto parsed = parse_authentication_results(v);
  REQUIRE(parsed);
  check_results(*parsed, {{"dkim", "none", {}}});
}

TEST_CASE("authentication results: the authserv-id is quoted when it is not a token", "[auth-results]") {
  AuthResults r;
  r.spf = spf(SpfResult::pass, "example.com");
  for (const std::string id : {"mx.example.org", "mx example", "mx;evil", "mx\"q\\", "user@mx.example", "@mx",
                               "mx.tëst"}) {
    INFO("id: " << id);
    const std::string v = format_authentication_results(id, r);
    check_folding(v);
    CHECK(authserv_id_of(v) == id);
    const auto parsed = parse_authentication_results(v);
    REQUIRE(parsed);
    CHECK(parsed->authserv_id == id);
    check_results(*parsed, {{"spf", "pass", {{"smtp.mailfrom", "example.com"}}}});
  }
  CHECK(format_authentication_results("mx example", AuthResults{}) == "\"mx example\"; none");
}

TEST_CASE("authentication results: quote_value leaves tokens, domains and addr-specs alone", "[auth-results]") {
  for (const char* v : {"pass", "example.com", "Example.COM.", "rsa-sha256", "user@example.com", "@example.com",
                        "a.b+tag@sub.example.org", "bücher.example", "20230601", "x_y-z.1"}) {
    INFO("value: " << v);
    CHECK(quote_value(v) == v);
  }
}

TEST_CASE("authentication results: quote_value makes a valid quoted-string of everything else", "[auth-results]") {
  CHECK(quote_value("") == "\"\"");
  CHECK(quote_value("two words") == "\"two words\"");
  CHECK(quote_value("a;b") == "\"a;b\"");
  CHECK(quote_value("say \"hi\"") == "\"say \\\"hi\\\"\"");
  CHECK(quote_value("back\\slash") == "\"back\\\\slash\"");
  CHECK(quote_value("ab/+cd=e") == "\"ab/+cd=e\"");
  CHECK(quote_value("(comment)") == "\"(comment)\"");
  CHECK(quote_value("line\r\nbreak") == "\"line??break\"");
  CHECK(quote_value(std::string("nul\0tab\tdel\x7f", 12)) == "\"nul?tab?del?\"");
  // More than one '@', or nothing after it, is not an addr-spec.
  CHECK(quote_value("a@b@c.example") == "\"a@b@c.example\"");
  CHECK(quote_value("user@") == "\"user@\"");
  CHECK(quote_value("@") == "\"@\"");

  // Whatever the value, it reads back as itself (control bytes as '?').
  const std::vector<std::string> values{"",       "two words", "a;b", "say \"hi\"", "back\\slash\\", "a@b@c",
                                        "user@",  "@",         "\"",  "\\",         "x\r\ny",        "(a)(b",
                                        "é\"\\é", "a b@c d",   "=",   "a=b; c=d",   "\t",            "@@"};
  for (const std::string& value : values) {
    INFO("value: " << value);
    const std::string quoted = quote_value(value);
    for (const char c : quoted) {
      const auto u = static_cast<unsigned char>(c);
      CHECK((u >= 0x20 && u != 0x7f));
    }
    const auto parsed = parse_authentication_results("mx.test; x=pass p.v=" + quoted + " p.w=end");
    REQUIRE(parsed);
    REQUIRE(parsed->results.size() == 1);
    std::string expected = value;
    for (char& c : expected) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || u == 0x7f) c = '?';
    }
    CHECK(parsed->results[0].property("p.v") == expected);
    CHECK(parsed->results[0].property("p.w") == "end");
  }
}
