#include <catch2/catch.hpp>

#include "message/raw_message.hpp"

using namespace brandguard::policy;

TEST_CASE("raw message: fields keep the leading space and join folds with LF, as Postfix sends them", "[message]") {
  const RawMessage m = split_message(
      "From: A <a@x.test>\r\nX-Fold: first part\r\n\tsecond part\r\n  third\r\nX-Empty:\r\nX-NoSpace:value\r\n\r\nbody\r\n");
  REQUIRE(m.headers.size() == 4);
  CHECK(m.headers[0].name == "From");
  CHECK(m.headers[0].raw_value == " A <a@x.test>");
  CHECK(m.headers[1].raw_value == " first part\n\tsecond part\n  third");
  CHECK(m.headers[2].raw_value.empty());
  CHECK(m.headers[3].raw_value == "value");
  CHECK(m.body == "body\r\n");
}

TEST_CASE("raw message: LF-only input gets a CRLF body", "[message]") {
  const RawMessage m = split_message("Subject: hi\n\nline 1\nline 2\n");
  REQUIRE(m.headers.size() == 1);
  CHECK(m.body == "line 1\r\nline 2\r\n");
}

TEST_CASE("raw message: mbox separator skipped, a non-field line starts the body", "[message]") {
  const RawMessage m = split_message("From someone Mon Jan 1 00:00:00 2024\nSubject: a\nnot a header\nmore\n");
  REQUIRE(m.headers.size() == 1);
  CHECK(m.headers[0].name == "Subject");
  CHECK(m.body == "not a header\r\nmore\r\n");
}

TEST_CASE("raw message: no body, no headers, NUL bytes and a continuation first are all defined", "[message]") {
  CHECK(split_message("").headers.empty());
  CHECK(split_message("Subject: x").headers.size() == 1);
  CHECK(split_message("Subject: x").body.empty());
  const RawMessage leading = split_message(" continuation first\nSubject: y\n\nb");
  CHECK(leading.headers.empty());
  CHECK(leading.body == " continuation first\r\nSubject: y\r\n\r\nb\r\n");
  const RawMessage nul = split_message(std::string("X-N: a\0b\n\nc\0d", 13));
  REQUIRE(nul.headers.size() == 1);
  CHECK(nul.headers[0].raw_value == std::string(" a\0b", 4));
  CHECK(nul.body == std::string("c\0d\r\n", 5));
  CHECK(split_message("Name : v\n\n").headers.at(0).name == "Name");
}
