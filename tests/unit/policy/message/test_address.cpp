// parse_author / parse_author_from_headers: the RFC 5322 From field as
// DMARC reads it (RFC 7489 6.6.1). Every status, the tolerated obsolete
// syntax, the bounds, CVE-2021-34555 and the never-log-a-local-part rule.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "message/address.hpp"
#include "message/header.hpp"

using namespace brandguard::policy;

namespace {

AuthorResult parse1(std::string_view value) { return parse_author(std::span<const std::string_view>(&value, 1)); }

AuthorResult parse_fields(const std::vector<std::string>& values) {
  std::vector<std::string_view> views(values.begin(), values.end());
  return parse_author(views);
}

bool author_domain_defined(AuthorStatus s) {
  return s == AuthorStatus::single || s == AuthorStatus::multiple_same_domain;
}

// The invariants every result keeps, whatever the input.
void check_invariants(const AuthorResult& r) {
  CHECK(r.mailboxes.size() <= kMaxAuthorMailboxes);
  if (author_domain_defined(r.status)) {
    CHECK_FALSE(r.author_domain.empty());
  } else {
    CHECK(r.author_domain.empty());
  }
  if (r.status == AuthorStatus::single) {
    CHECK(r.mailboxes.size() == 1);
    CHECK(r.problem.empty());
  } else {
    CHECK_FALSE(r.problem.empty());
  }
  for (const char c : r.author_domain) CHECK_FALSE((c >= 'A' && c <= 'Z'));
}

AuthorResult checked(std::string_view value) {
  AuthorResult r = parse1(value);
  check_invariants(r);
  return r;
}

std::string many_mailboxes(std::size_t n, const char* domain_of_last = nullptr) {
  std::string v = " ";
  for (std::size_t i = 0; i < n; ++i) {
    if (i != 0) v += ", ";
    v += "u" + std::to_string(i) + "@";
    v += (domain_of_last != nullptr && i + 1 == n) ? domain_of_last : "x.example";
  }
  return v;
}

}  // namespace

TEST_CASE("address: to_string names every status", "[address]") {
  CHECK(to_string(AuthorStatus::single) == "single");
  CHECK(to_string(AuthorStatus::multiple_same_domain) == "multiple_same_domain");
  CHECK(to_string(AuthorStatus::multiple_domains) == "multiple_domains");
  CHECK(to_string(AuthorStatus::multiple_from_headers) == "multiple_from_headers");
  CHECK(to_string(AuthorStatus::missing) == "missing");
  CHECK(to_string(AuthorStatus::empty) == "empty");
  CHECK(to_string(AuthorStatus::group_without_address) == "group_without_address");
  CHECK(to_string(AuthorStatus::unparseable) == "unparseable");
}

TEST_CASE("address: a plain addr-spec is single, the author domain lowercased", "[address]") {
  const AuthorResult r = checked(" user@example.com");
  REQUIRE(r.status == AuthorStatus::single);
  REQUIRE(r.mailboxes.size() == 1);
  CHECK(r.mailboxes[0].local_part == "user");
  CHECK(r.mailboxes[0].domain == "example.com");
  CHECK(r.mailboxes[0].display_name_raw.empty());
  CHECK(r.author_domain == "example.com");
  CHECK(r.from_fields == 1);
  CHECK(r.problem.empty());

  // Without the leading space Postfix normally leaves, and in upper case:
  // the mailbox keeps the case as written, the author domain does not.
  const AuthorResult upper = checked("Orders@Shop.EXAMPLE.Com");
  REQUIRE(upper.status == AuthorStatus::single);
  CHECK(upper.mailboxes[0].local_part == "Orders");
  CHECK(upper.mailboxes[0].domain == "Shop.EXAMPLE.Com");
  CHECK(upper.author_domain == "shop.example.com");

  // Leading and trailing whitespace of every kind.
  const AuthorResult spaced = checked(" \t user@example.com \t ");
  REQUIRE(spaced.status == AuthorStatus::single);
  CHECK(spaced.author_domain == "example.com");
}

TEST_CASE("address: display names are kept raw: quotes, quoted-pairs, RFC 2047 words, obs-phrase dots",
          "[address]") {
  SECTION("quoted display name with a comma") {
    const AuthorResult r = checked(" \"Doe, John\" <john@example.com>");
    REQUIRE(r.status == AuthorStatus::single);
    CHECK(r.mailboxes[0].display_name_raw == "\"Doe, John\"");
    CHECK(r.mailboxes[0].local_part == "john");
    CHECK(r.author_domain == "example.com");
  }
  SECTION("quoted-pairs inside the quoted display name (B6)") {
    const AuthorResult r = checked(R"( "\"Medtronic, Inc.\"" <u@ex.com>)");
    REQUIRE(r.status == AuthorStatus::single);
    CHECK(r.mailboxes[0].display_name_raw == R"("\"Medtronic, Inc.\"")");
    CHECK(r.author_domain == "ex.com");
  }
  SECTION("escaped backslash at the end of a quoted string") {
    const AuthorResult r = checked(R"( "back\\" <b@example.org>)");
    REQUIRE(r.status == AuthorStatus::single);
    CHECK(r.mailboxes[0].display_name_raw == R"("back\\")");
  }
  SECTION("RFC 2047 encoded words are left encoded") {
    const AuthorResult r = checked(" =?UTF-8?B?w4lsw6hvbm9yZQ==?= =?ISO-8859-1?Q?M=FCller?= <e@example.org>");
    REQUIRE(r.status == AuthorStatus::single);
    CHECK(r.mailboxes[0].display_name_raw == "=?UTF-8?B?w4lsw6hvbm9yZQ==?= =?ISO-8859-1?Q?M=FCller?=");
    CHECK(r.author_domain == "example.org");
  }
  SECTION("unquoted '.' in a display name (obs-phrase)") {
    const AuthorResult r = checked(" John Q. Public <jqp@example.net>");
    REQUIRE(r.status == AuthorStatus::single);
    CHECK(r.mailboxes[0].display_name_raw == "John Q. Public");
  }
  SECTION("a comment inside the display name stays in the raw text") {
    const AuthorResult r = checked(" John (the boss) Smith <js@example.net>");
    REQUIRE(r.status == AuthorStatus::single);
    CHECK(r.mailboxes[0].display_name_raw == "John (the boss) Smith");
  }
  SECTION("UTF-8 display name (RFC 6532)") {
    const AuthorResult r = checked(" Jörg Müller <j@example.de>");
    REQUIRE(r.status == AuthorStatus::single);
    CHECK(r.mailboxes[0].display_name_raw == "Jörg Müller");
  }
  SECTION("an empty angle-addr display name") {
    const AuthorResult r = checked(" <noreply@example.com>");
    REQUIRE(r.status == AuthorStatus::single);
    CHECK(r.mailboxes[0].display_name_raw.empty());
    CHECK(r.mailboxes[0].local_part == "noreply");
  }
  SECTION("a quoted local part keeps its quotes") {
    const AuthorResult r = checked(" \"john doe\"@example.com");
    REQUIRE(r.status == AuthorStatus::single);
    CHECK(r.mailboxes[0].local_part == "\"john doe\"");
    CHECK(r.author_domain == "example.com");
  }
}

TEST_CASE("address: comments anywhere are skipped; nesting is bounded", "[address]") {
  const AuthorResult r = checked(" (lead) user(c1)@(c2)example(c3).(c4)com (trail (nested (deeper)))");
  REQUIRE(r.status == AuthorStatus::single);
  CHECK(r.mailboxes[0].local_part == "user");
  CHECK(r.mailboxes[0].domain == "example.com");
  CHECK(r.author_domain == "example.com");

  // An escaped parenthesis does not open or close a comment; a quote inside
  // a comment is just text.
  const AuthorResult escaped = checked(R"( (a \) b " c) user@example.com (x \( y))");
  REQUIRE(escaped.status == AuthorStatus::single);
  CHECK(escaped.author_domain == "example.com");

  const std::string at_limit = std::string(kMaxCommentDepth, '(') + std::string(kMaxCommentDepth, ')');
  const AuthorResult ok = checked(" user@example.com " + at_limit);
  CHECK(ok.status == AuthorStatus::single);

  const std::string over = std::string(kMaxCommentDepth + 1, '(') + std::string(kMaxCommentDepth + 1, ')');
  const AuthorResult deep = checked(" user@example.com " + over);
  CHECK(deep.status == AuthorStatus::unparseable);
  CHECK(deep.problem == "comments nested too deep");

  // Far too deep (no recursion, so no stack to exhaust).
  const std::string very = std::string(60000, '(');
  const AuthorResult huge = checked(" user@example.com " + very);
  CHECK(huge.status == AuthorStatus::unparseable);
  CHECK(huge.problem == "comments nested too deep");
}

TEST_CASE("address: folded values (CRLF SP as written, LF TAB as Postfix joins them)", "[address]") {
  const AuthorResult crlf = checked(" Jane Doe\r\n <jane@example.com>");
  REQUIRE(crlf.status == AuthorStatus::single);
  CHECK(crlf.mailboxes[0].display_name_raw == "Jane Doe");
  CHECK(crlf.author_domain == "example.com");

  const AuthorResult lf = checked(" \"Jane\n\tDoe\"\n\t<jane@\n\texample\n\t.com>");
  REQUIRE(lf.status == AuthorStatus::single);
  CHECK(lf.mailboxes[0].display_name_raw == "\"Jane\tDoe\"");  // line breaks removed, the rest kept
  CHECK(lf.mailboxes[0].domain == "example.com");

  const AuthorResult list = checked(" a@example.com,\r\n b@example.com");
  CHECK(list.status == AuthorStatus::multiple_same_domain);
  CHECK(list.mailboxes.size() == 2);

  // A display name folded between words keeps no CR or LF.
  const AuthorResult name = checked(" \"A\r\n B\" C\n\tD <x@example.com>");
  REQUIRE(name.status == AuthorStatus::single);
  CHECK(name.mailboxes[0].display_name_raw.find_first_of("\r\n") == std::string::npos);
  CHECK(name.mailboxes[0].display_name_raw == "\"A B\" C\tD");
}

TEST_CASE("address: routes in angle brackets are tolerated and ignored", "[address]") {
  const AuthorResult r = checked(" Relay <@relay1.example,@relay2.example:user@example.com>");
  REQUIRE(r.status == AuthorStatus::single);
  CHECK(r.mailboxes[0].local_part == "user");
  CHECK(r.mailboxes[0].domain == "example.com");
  CHECK(r.author_domain == "example.com");

  const AuthorResult bad = checked(" <@relay.example user@example.com>");
  CHECK(bad.status == AuthorStatus::unparseable);
  CHECK(bad.problem == "malformed route");
  CHECK(bad.mailboxes.empty());
}

TEST_CASE("address: CFWS around '@' and '.' (obsolete syntax) is removed", "[address]") {
  const AuthorResult r = checked(" first . last @ example . com");
  REQUIRE(r.status == AuthorStatus::single);
  CHECK(r.mailboxes[0].local_part == "first.last");
  CHECK(r.mailboxes[0].domain == "example.com");

  const AuthorResult angle = checked(" Name < user \r\n @ \r\n sub . Example . ORG >");
  REQUIRE(angle.status == AuthorStatus::single);
  CHECK(angle.mailboxes[0].domain == "sub.Example.ORG");
  CHECK(angle.author_domain == "sub.example.org");
}

TEST_CASE("address: UTF-8 local parts and domains (RFC 6532) are accepted; only A-Z is lowercased", "[address]") {
  const AuthorResult r = checked(" Jörg <jörg@bücher.example>");
  REQUIRE(r.status == AuthorStatus::single);
  CHECK(r.mailboxes[0].local_part == "jörg");
  CHECK(r.mailboxes[0].domain == "bücher.example");
  CHECK(r.author_domain == "bücher.example");

  const AuthorResult upper = checked(" ÜBER@BÜCHER.EXAMPLE");
  REQUIRE(upper.status == AuthorStatus::single);
  CHECK(upper.author_domain == "bÜcher.example");  // not IDNA-mapped here; DMARC normalizes it

  // Raw 8-bit (not UTF-8) is tolerated as atext too.
  const AuthorResult latin1 = checked(" M\xfcller <m\xfc@example.de>");
  REQUIRE(latin1.status == AuthorStatus::single);
  CHECK(latin1.author_domain == "example.de");
}

TEST_CASE("address: domain literals", "[address]") {
  const AuthorResult v4 = checked(" user@[192.0.2.1]");
  REQUIRE(v4.status == AuthorStatus::single);
  CHECK(v4.mailboxes[0].domain == "[192.0.2.1]");
  CHECK(v4.author_domain == "[192.0.2.1]");

  const AuthorResult v6 = checked(" Admin <admin@[IPv6:2001:DB8::1]>");
  REQUIRE(v6.status == AuthorStatus::single);
  CHECK(v6.mailboxes[0].domain == "[IPv6:2001:DB8::1]");
  CHECK(v6.author_domain == "[ipv6:2001:db8::1]");

  const AuthorResult nested = checked(" user@[1.2[3].4]");
  CHECK(nested.status == AuthorStatus::unparseable);
  CHECK(nested.problem == "'[' inside a domain literal");

  const AuthorResult open = checked(" user@[192.0.2.1");
  CHECK(open.status == AuthorStatus::unparseable);
  CHECK(open.problem == "unterminated domain literal");

  const AuthorResult trailing = checked(" user@[192.0.2.1].com");
  CHECK(trailing.status == AuthorStatus::unparseable);
  CHECK(trailing.mailboxes.empty());

  const AuthorResult stray = checked(" user@example.com]");
  CHECK(stray.status == AuthorStatus::unparseable);
  CHECK(stray.problem == "unbalanced ']'");
}

TEST_CASE("address: one trailing dot in the domain is dropped from the author domain; empty labels are not",
          "[address]") {
  const AuthorResult r = checked(" user@Example.COM.");
  REQUIRE(r.status == AuthorStatus::single);
  CHECK(r.mailboxes[0].domain == "Example.COM.");
  CHECK(r.author_domain == "example.com");

  const AuthorResult two = checked(" user@example.com..");
  CHECK(two.status == AuthorStatus::unparseable);
  CHECK(two.problem == "empty label in the domain");
  CHECK(two.mailboxes.empty());

  const AuthorResult inner = checked(" user@example..com");
  CHECK(inner.status == AuthorStatus::unparseable);
  CHECK(inner.problem == "empty label in the domain");

  const AuthorResult leading = checked(" user@.example.com");
  CHECK(leading.status == AuthorStatus::unparseable);
  CHECK(leading.problem == "mailbox without a domain");
}

TEST_CASE("address: several mailboxes in one domain (case and trailing dot ignored) are multiple_same_domain",
          "[address]") {
  const AuthorResult r = checked(" \"A\" <a@Example.com>, b@example.COM., C <c@EXAMPLE.com>");
  REQUIRE(r.status == AuthorStatus::multiple_same_domain);
  REQUIRE(r.mailboxes.size() == 3);
  CHECK(r.mailboxes[0].local_part == "a");
  CHECK(r.mailboxes[0].display_name_raw == "\"A\"");
  CHECK(r.mailboxes[1].local_part == "b");
  CHECK(r.mailboxes[1].domain == "example.COM.");
  CHECK(r.mailboxes[2].display_name_raw == "C");
  CHECK(r.author_domain == "example.com");
  CHECK(r.problem == "3 mailboxes in one domain");

  // Empty list elements are tolerated (obs-addr-list).
  const AuthorResult gaps = checked(" , a@example.com, , ,b@example.com,");
  CHECK(gaps.status == AuthorStatus::multiple_same_domain);
  CHECK(gaps.mailboxes.size() == 2);
  CHECK(gaps.author_domain == "example.com");
}

TEST_CASE("address: mailboxes in different domains are multiple_domains, never an author domain", "[address]") {
  const AuthorResult r = checked(" a@x.example, b@y.example");
  REQUIRE(r.status == AuthorStatus::multiple_domains);
  CHECK(r.mailboxes.size() == 2);
  CHECK(r.author_domain.empty());
  CHECK(r.problem == "mailboxes in 2 domains");

  const AuthorResult three = checked(" a@x.example, b@y.example, c@Z.example, d@x.example");
  CHECK(three.status == AuthorStatus::multiple_domains);
  CHECK(three.problem == "mailboxes in 3 domains");

  // A subdomain is a different domain.
  const AuthorResult sub = checked(" a@brand.example, b@mail.brand.example");
  CHECK(sub.status == AuthorStatus::multiple_domains);
}

TEST_CASE("address: two From fields are multiple_from_headers, parsed for evidence only (B4)", "[address]") {
  const AuthorResult r = parse_fields({" a@brand.example", " a@brand.example"});
  check_invariants(r);
  CHECK(r.status == AuthorStatus::multiple_from_headers);
  CHECK(r.from_fields == 2);
  CHECK(r.mailboxes.size() == 2);
  CHECK(r.author_domain.empty());
  CHECK(r.problem == "2 From fields");

  // Even when the second one is empty or broken.
  const AuthorResult broken = parse_fields({" a@brand.example", "", " user2"});
  check_invariants(broken);
  CHECK(broken.status == AuthorStatus::multiple_from_headers);
  CHECK(broken.from_fields == 3);
  CHECK(broken.mailboxes.size() == 1);
  CHECK(broken.problem == "3 From fields");
}

TEST_CASE("address: no From field is missing", "[address]") {
  const AuthorResult r = parse_author({});
  check_invariants(r);
  CHECK(r.status == AuthorStatus::missing);
  CHECK(r.from_fields == 0);
  CHECK(r.mailboxes.empty());
  CHECK(r.problem == "no From field");

  const std::vector<Header> headers{{"Subject", " hi"}, {"Sender", " s@example.com"}, {"Resent-From", " r@x.example"}};
  const AuthorResult none = parse_author_from_headers(headers);
  CHECK(none.status == AuthorStatus::missing);
  CHECK(none.from_fields == 0);
}

TEST_CASE("address: From fields are found by name in any ASCII case", "[address]") {
  const std::vector<Header> one{{"Subject", " a"}, {"fROM", " Shop <orders@Shop.example>"}, {"To", " t@y.example"}};
  const AuthorResult r = parse_author_from_headers(one);
  check_invariants(r);
  REQUIRE(r.status == AuthorStatus::single);
  CHECK(r.author_domain == "shop.example");
  CHECK(r.mailboxes[0].display_name_raw == "Shop");

  const std::vector<Header> two{{"From", " a@x.example"}, {"Subject", " a"}, {"FROM", " b@x.example"}};
  const AuthorResult both = parse_author_from_headers(two);
  CHECK(both.status == AuthorStatus::multiple_from_headers);
  CHECK(both.from_fields == 2);
  REQUIRE(both.mailboxes.size() == 2);
  CHECK(both.mailboxes[1].local_part == "b");
}

TEST_CASE("address: a From field with nothing in it is empty", "[address]") {
  for (const char* v : {"", " ", " \t", "\r\n ", " , ,", " (just a comment)", " (a) (b (c))\n\t"}) {
    INFO("value: " << v);
    const AuthorResult r = checked(v);
    CHECK(r.status == AuthorStatus::empty);
    CHECK(r.mailboxes.empty());
    CHECK(r.problem == "From field is empty");
  }
}

TEST_CASE("address: groups (RFC 6854)", "[address]") {
  SECTION("undisclosed-recipients:; has no address") {
    const AuthorResult r = checked(" undisclosed-recipients:;");
    CHECK(r.status == AuthorStatus::group_without_address);
    CHECK(r.mailboxes.empty());
    CHECK(r.author_domain.empty());
    CHECK(r.problem == "group without a mailbox");
  }
  SECTION("multi-word names, CFWS and several empty groups") {
    CHECK(checked(" Undisclosed recipients: (none) ;").status == AuthorStatus::group_without_address);
    CHECK(checked(" A:;, \"B group\":;").status == AuthorStatus::group_without_address);
  }
  SECTION("a group with members") {
    const AuthorResult r = checked(" Team: a@x.example, B <b@X.example>;");
    REQUIRE(r.status == AuthorStatus::multiple_same_domain);
    CHECK(r.mailboxes.size() == 2);
    CHECK(r.author_domain == "x.example");
    const AuthorResult one = checked(" Team: a@x.example;");
    CHECK(one.status == AuthorStatus::single);
    CHECK(one.author_domain == "x.example");
    const AuthorResult mixed = checked(" Nobody:;, c@x.example");
    CHECK(mixed.status == AuthorStatus::single);
    const AuthorResult two = checked(" Team: a@x.example;, b@y.example");
    CHECK(two.status == AuthorStatus::multiple_domains);
  }
  SECTION("malformed groups are unparseable") {
    const AuthorResult open = checked(" Team: a@x.example");
    CHECK(open.status == AuthorStatus::unparseable);
    CHECK(open.problem == "group without its closing ';'");
    CHECK(open.author_domain.empty());
    const AuthorResult nested = checked(" A: B: c@x.example;;");
    CHECK(nested.status == AuthorStatus::unparseable);
    CHECK(nested.problem == "group inside a group");
    const AuthorResult nameless = checked(" :;");
    CHECK(nameless.status == AuthorStatus::unparseable);
    CHECK(nameless.problem == "group without a name");
    const AuthorResult stray = checked(" a@x.example;");
    CHECK(stray.status == AuthorStatus::unparseable);
    CHECK(stray.problem == "unexpected ';' after an address");
    const AuthorResult semicolon = checked(" ;");
    CHECK(semicolon.status == AuthorStatus::unparseable);
    CHECK(semicolon.problem == "';' outside a group");
    const AuthorResult tail = checked(" Team:; junk");
    CHECK(tail.status == AuthorStatus::unparseable);
    CHECK(tail.problem == "unexpected a word after a group");
  }
}

TEST_CASE("address: unbalanced angle brackets are unparseable (B6)", "[address]") {
  const AuthorResult open = checked(" Name <user@example.com");
  CHECK(open.status == AuthorStatus::unparseable);
  CHECK(open.problem == "'<' without '>'");
  CHECK(open.mailboxes.empty());
  CHECK(open.author_domain.empty());

  const AuthorResult close = checked(" user@example.net>");
  CHECK(close.status == AuthorStatus::unparseable);
  CHECK(close.problem == "unexpected '>' after an address");
  CHECK(close.mailboxes.empty());

  const AuthorResult lone = checked(" > user@example.net");
  CHECK(lone.status == AuthorStatus::unparseable);
  CHECK(lone.problem == "'>' without '<'");

  const AuthorResult doubled = checked(" <<user@example.net>>");
  CHECK(doubled.status == AuthorStatus::unparseable);

  const AuthorResult two = checked(" <a@example.net> <b@example.net>");
  CHECK(two.status == AuthorStatus::unparseable);
  CHECK(two.mailboxes.empty());

  const AuthorResult null_addr = checked(" Bounce <>");
  CHECK(null_addr.status == AuthorStatus::unparseable);
  CHECK(null_addr.problem == "empty address '<>'");

  const AuthorResult no_at = checked(" Name <user>");
  CHECK(no_at.status == AuthorStatus::unparseable);
  CHECK(no_at.problem == "address in '<>' without '@'");
}

TEST_CASE("address: mailboxes without a domain or local part are unparseable (B6)", "[address]") {
  struct Case {
    const char* value;
    const char* problem;
  };
  const Case cases[] = {
      {" user2", "mailbox without a domain"},
      {" user@", "mailbox without a domain"},
      {" User Two", "mailbox without a domain"},
      {" @example.com", "mailbox without a local part"},
      {" Name <@example.com>", "malformed route"},
      {" John Smith@example.com", "words without '<' before '@'"},
      {" user@example.com extra", "unexpected a word after an address"},
      {" a@b@example.com", "unexpected '@' after an address"},
      {" user@@example.com", "mailbox without a domain"},
      {" Name <user@>", "mailbox without a domain"},
      {" \"quoted\" <u@x.example> \"trailing\"", "unexpected a quoted string after '>'"},
  };
  for (const Case& c : cases) {
    INFO("value: " << c.value);
    const AuthorResult r = checked(c.value);
    CHECK(r.status == AuthorStatus::unparseable);
    CHECK(r.problem == c.problem);
    CHECK(r.mailboxes.empty());
    CHECK(r.author_domain.empty());
  }
}

TEST_CASE("address: NUL and control bytes are unparseable wherever they are", "[address]") {
  struct Case {
    std::string value;
    const char* problem;
  };
  const std::vector<Case> cases{
      {std::string(" user@exa\0mple.com", 18), "NUL byte"},
      {std::string(" \"a\0b\" <user@example.com>", 25), "NUL byte"},
      {std::string(" \"a\\\0b\" <user@example.com>", 26), "NUL byte"},
      {std::string(" (a\0b) user@example.com", 23), "NUL byte"},
      {" user@exa\x01mple.com", "control character"},
      {" \"a\x1b[31m\" <user@example.com>", "control character"},
      {" (a\x7f) user@example.com", "control character"},
      {" user@example.com\x7f", "control character"},
      {" user@example.com\f", "control character"},
      {" Name \\ <user@example.com>", "backslash outside a quoted string"},
      {" user@example.com)", "unbalanced ')'"},
  };
  for (const Case& c : cases) {
    INFO("value: " << c.value);
    const AuthorResult r = checked(c.value);
    CHECK(r.status == AuthorStatus::unparseable);
    CHECK(r.problem == c.problem);
    CHECK(r.mailboxes.empty());
  }
}

TEST_CASE("address: unterminated quoted strings and comments are unparseable", "[address]") {
  const AuthorResult quote = checked(" \"Doe <d@x.example>");
  CHECK(quote.status == AuthorStatus::unparseable);
  CHECK(quote.problem == "unterminated quoted string");
  CHECK(quote.mailboxes.empty());

  const AuthorResult backslash = checked(" \"Doe\\\" <d@x.example>");
  CHECK(backslash.status == AuthorStatus::unparseable);
  CHECK(backslash.problem == "unterminated quoted string");

  const AuthorResult trailing_backslash = checked(" \"Doe\\");
  CHECK(trailing_backslash.status == AuthorStatus::unparseable);
  CHECK(trailing_backslash.problem == "unterminated quoted string");

  const AuthorResult comment = checked(" d@x.example (comment");
  CHECK(comment.status == AuthorStatus::unparseable);
  CHECK(comment.problem == "unterminated comment");
  CHECK(comment.author_domain.empty());

  const AuthorResult nested = checked(" (a (b) d@x.example");
  CHECK(nested.status == AuthorStatus::unparseable);
  CHECK(nested.problem == "unterminated comment");
}

TEST_CASE("address: CVE-2021-34555: different domains are multiple_domains even beside broken elements (B5)",
          "[address]") {
  SECTION("a@x, user2, b@y") {
    const AuthorResult r = checked(" a@x.example, user2, b@y.example");
    CHECK(r.status == AuthorStatus::multiple_domains);
    REQUIRE(r.mailboxes.size() == 2);
    CHECK(r.mailboxes[0].domain == "x.example");
    CHECK(r.mailboxes[1].domain == "y.example");
    CHECK(r.author_domain.empty());
    CHECK(r.problem == "mailboxes in 2 domains (and mailbox without a domain)");
  }
  SECTION("the broken element between two good ones is unbalanced") {
    const AuthorResult r = checked(" a@x.example, <broken, b@y.example");
    CHECK(r.status == AuthorStatus::multiple_domains);
    CHECK(r.author_domain.empty());
  }
  SECTION("a broken element in one domain is never single") {
    const AuthorResult r = checked(" a@x.com, <broken");
    CHECK(r.status == AuthorStatus::unparseable);
    REQUIRE(r.mailboxes.size() == 1);
    CHECK(r.mailboxes[0].domain == "x.com");
    CHECK(r.author_domain.empty());
    CHECK(r.problem == "address in '<>' without '@'");

    const AuthorResult user2 = checked(" a@x.example, user2");
    CHECK(user2.status == AuthorStatus::unparseable);
    CHECK(user2.mailboxes.size() == 1);
    CHECK(user2.author_domain.empty());
  }
  SECTION("x@evil.com, bad@@good.com: the broken mailbox names no domain") {
    const AuthorResult r = checked(" x@evil.com, bad@@good.com");
    CHECK(r.status == AuthorStatus::unparseable);
    REQUIRE(r.mailboxes.size() == 1);
    CHECK(r.mailboxes[0].domain == "evil.com");
    CHECK(r.author_domain.empty());
  }
  SECTION("a lexical error in a later element keeps the well-formed mailboxes before it") {
    // "Every well-formed mailbox ... elements that failed to parse
    // contribute none": an unterminated quote or a control byte breaks only
    // its own element, and two domains before it still say multiple_domains.
    const AuthorResult quote = checked(" a@x.example, b@y.example, \"unterminated <c@z.example>");
    CHECK(quote.status == AuthorStatus::multiple_domains);
    CHECK(quote.mailboxes.size() == 2);
    CHECK(quote.problem == "mailboxes in 2 domains (and unterminated quoted string)");

    const AuthorResult control = checked(" a@x.example, b@y.example, c@z\x01.example");
    CHECK(control.status == AuthorStatus::multiple_domains);
    CHECK(control.mailboxes.size() == 2);

    const AuthorResult nul = checked(std::string(" a@x.example, b@y.example, c@\0", 30));
    CHECK(nul.status == AuthorStatus::multiple_domains);

    // The element holding the error contributes nothing, not a truncated
    // mailbox: "b@y.exa" must not appear.
    const AuthorResult cut = checked(" a@x.example, b@y.exa\x01mple");
    CHECK(cut.status == AuthorStatus::unparseable);
    REQUIRE(cut.mailboxes.size() == 1);
    CHECK(cut.mailboxes[0].domain == "x.example");
    CHECK(cut.problem == "control character");

    const AuthorResult first = checked(" \"broken, a@x.example, b@y.example");
    CHECK(first.status == AuthorStatus::unparseable);
    CHECK(first.mailboxes.empty());
  }
}

TEST_CASE("address: at most kMaxAuthorMailboxes mailboxes are examined", "[address]") {
  const AuthorResult at_limit = checked(many_mailboxes(kMaxAuthorMailboxes));
  CHECK(at_limit.status == AuthorStatus::multiple_same_domain);
  CHECK(at_limit.mailboxes.size() == kMaxAuthorMailboxes);
  CHECK(at_limit.author_domain == "x.example");

  // One more: not all were examined, so no author domain is claimed.
  const AuthorResult over = checked(many_mailboxes(kMaxAuthorMailboxes + 1));
  CHECK(over.status == AuthorStatus::unparseable);
  CHECK(over.mailboxes.size() == kMaxAuthorMailboxes);
  CHECK(over.problem == "more than 100 mailboxes");

  const AuthorResult hidden = checked(many_mailboxes(kMaxAuthorMailboxes + 1, "evil.example"));
  CHECK(hidden.status == AuthorStatus::unparseable);
  CHECK(hidden.author_domain.empty());

  const AuthorResult last_in = checked(many_mailboxes(kMaxAuthorMailboxes, "evil.example"));
  CHECK(last_in.status == AuthorStatus::multiple_domains);

  const AuthorResult huge = checked(many_mailboxes(3000));
  CHECK(huge.mailboxes.size() == kMaxAuthorMailboxes);
  CHECK(huge.status == AuthorStatus::unparseable);

  // The cap spans all From fields.
  std::vector<std::string> fields(kMaxAuthorFields, many_mailboxes(10));
  const AuthorResult multi = parse_fields(fields);
  check_invariants(multi);
  CHECK(multi.status == AuthorStatus::multiple_from_headers);
  CHECK(multi.mailboxes.size() == kMaxAuthorMailboxes);
}

TEST_CASE("address: at most kMaxAuthorFields From fields are examined", "[address]") {
  std::vector<std::string> fields;
  for (std::size_t i = 0; i < kMaxAuthorFields + 4; ++i) fields.push_back(" u@d" + std::to_string(i) + ".example");
  const AuthorResult r = parse_fields(fields);
  check_invariants(r);
  CHECK(r.status == AuthorStatus::multiple_from_headers);
  CHECK(r.from_fields == kMaxAuthorFields + 4);
  REQUIRE(r.mailboxes.size() == kMaxAuthorFields);
  CHECK(r.mailboxes.back().domain == "d15.example");
  CHECK(r.problem == "20 From fields");
}

TEST_CASE("address: a field over kMaxFromFieldBytes is not parsed", "[address]") {
  std::string at_limit = " user@example.com ";
  at_limit += "(" + std::string(kMaxFromFieldBytes - at_limit.size() - 2, 'c') + ")";
  REQUIRE(at_limit.size() == kMaxFromFieldBytes);
  const AuthorResult ok = checked(at_limit);
  CHECK(ok.status == AuthorStatus::single);
  CHECK(ok.author_domain == "example.com");

  const std::string over = at_limit + " ";
  const AuthorResult r = checked(over);
  CHECK(r.status == AuthorStatus::unparseable);
  CHECK(r.mailboxes.empty());
  CHECK(r.problem == "From field over 65536 bytes");

  // In a multi-field message the oversized field adds nothing.
  const AuthorResult multi = parse_fields({over, " a@x.example"});
  CHECK(multi.status == AuthorStatus::multiple_from_headers);
  REQUIRE(multi.mailboxes.size() == 1);
  CHECK(multi.mailboxes[0].domain == "x.example");

  // A long but legal display name is fine.
  const AuthorResult long_name = checked(" \"" + std::string(60000, 'n') + "\" <u@example.com>");
  CHECK(long_name.status == AuthorStatus::single);
}

TEST_CASE("address: the problem text never holds a local part or display name", "[address]") {
  const std::vector<std::string> inputs{
      " \"Secret Person\" <secretlocal@x.example>, secretlocal2@y.example",
      " Secret Person <secretlocal@x.example>, secretlocal@x.example",
      " secretlocal",
      " secretlocal@",
      " Secret Person <secretlocal@x.example",
      " secretlocal@x.example>",
      " \"Secret Person <secretlocal@x.example>",
      " Secret Person (secretcomment <secretlocal@x.example>",
      " secretlocal@x.example, Secret Person\x01",
      std::string(" secretlocal\0@x.example", 23),
      " SecretGroup: secretlocal@x.example",
      " SecretGroup:;",
      " secretlocal@x.example secretlocal@x.example",
      " Secret Person <secretlocal@x.example> trailing",
      " Secret <secretlocal>",
      " Secret <@route.example secretlocal@x.example>",
      " secretlocal@@x.example",
      " secretlocal@x..example",
      " a@x.example, secretlocal, b@y.example",
      "",
  };
  for (const auto& input : inputs) {
    INFO("value: " << input);
    const AuthorResult r = checked(input);
    CHECK(r.status != AuthorStatus::single);
    CHECK_FALSE(r.problem.empty());
    std::string lower = r.problem;
    for (char& c : lower) c = static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
    CHECK(lower.find("secret") == std::string::npos);
    CHECK(lower.find("person") == std::string::npos);
    CHECK(r.problem.find('\n') == std::string::npos);
  }
  const AuthorResult multi = parse_fields({" Secret <secretlocal@x.example>", " secretlocal@x.example"});
  CHECK(multi.problem.find("secret") == std::string::npos);
}
