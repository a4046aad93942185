#include <catch2/catch.hpp>

#include <string>

#include "message/message.hpp"

using namespace brandguard::policy;

TEST_CASE("header: value() trims the leading space and folding whitespace", "[message]") {
  Header h{"Subject", " hello\r\n\tworld \r\n"};
  CHECK(h.value() == "hello\r\n\tworld");
  CHECK(Header{"X", ""}.value().empty());
}

TEST_CASE("header: case-insensitive helpers", "[message]") {
  CHECK(iequals("Subject", "sUBJECT"));
  CHECK_FALSE(iequals("Subject", "Subjects"));
  CHECK(icontains("Please VERIFY your wallet", "verify"));
  CHECK_FALSE(icontains("short", "longer needle"));
  CHECK(icontains("anything", ""));
}

TEST_CASE("message: header count limit drops later fields", "[message]") {
  Limits limits;
  limits.max_headers = 3;
  Message m(limits);
  CHECK(m.add_header("A", " 1"));
  CHECK(m.add_header("B", " 2"));
  CHECK(m.add_header("C", " 3"));
  CHECK_FALSE(m.add_header("D", " 4"));
  CHECK(m.headers().size() == 3);
  CHECK(m.headers_truncated());
}

TEST_CASE("message: header byte limit is exact", "[message]") {
  Limits limits;
  limits.max_header_bytes = 10;
  Message m(limits);
  CHECK(m.add_header("Ab", "cdef"));   // 6 bytes
  CHECK(m.add_header("Gh", "ij"));     // 10 bytes total
  CHECK_FALSE(m.add_header("K", ""));  // 11 would be over
  CHECK(m.headers().size() == 2);
}

TEST_CASE("message: body is kept up to the limit and the rest is counted", "[message]") {
  Limits limits;
  limits.max_body_bytes = 8;
  Message m(limits);
  CHECK(m.append_body("12345"));
  CHECK_FALSE(m.append_body("67890"));
  CHECK(m.body() == "12345678");
  CHECK(m.body_bytes_seen() == 10);
  CHECK(m.body_truncated());
  CHECK_FALSE(m.append_body("x"));
  CHECK(m.body() == "12345678");
}

TEST_CASE("message: find and count headers ignore case; reset clears everything", "[message]") {
  Limits limits;
  limits.max_recipients = 1;
  Message m(limits);
  m.add_header("From", " a@b.example");
  m.add_header("FROM", " c@d.example");
  CHECK(m.count_headers("from") == 2);
  REQUIRE(m.find_header("from") != nullptr);
  CHECK(m.find_header("from")->value() == "a@b.example");
  CHECK(m.find_header("to") == nullptr);
  CHECK(m.add_recipient("x@y"));
  CHECK_FALSE(m.add_recipient("z@y"));
  CHECK(m.recipients_truncated());
  m.append_body("body");
  m.envelope().mail_from = "s@t";
  m.reset();
  CHECK(m.headers().empty());
  CHECK(m.body().empty());
  CHECK(m.envelope().mail_from.empty());
  CHECK(m.envelope().rcpt.empty());
  CHECK_FALSE(m.recipients_truncated());
  CHECK(m.add_recipient("again@y"));
}
