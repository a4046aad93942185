#include <catch2/catch.hpp>

#include "log/logging.hpp"

using namespace brandguard::policy::log;

TEST_CASE("logging: JSON escaping keeps every line one valid JSON string", "[log]") {
  CHECK(json_escape("plain") == "plain");
  CHECK(json_escape("a\"b\\c") == "a\\\"b\\\\c");
  CHECK(json_escape("line1\nline2\r\t") == "line1\\nline2\\r\\t");
  CHECK(json_escape(std::string("nul\0x", 5)) == "nul\\u0000x");
  CHECK(json_escape("\x7f") == "\\u007f");
  CHECK(json_escape("\xE6\x97\xA5") == "\xE6\x97\xA5");  // UTF-8 passes through
}

TEST_CASE("logging: settings parse only the documented spellings", "[log]") {
  CHECK(parse_target("journald") == Target::journald);
  CHECK(parse_target("syslog") == Target::syslog);
  CHECK_FALSE(parse_target("file").has_value());
  CHECK(parse_format("json") == Format::json);
  CHECK_FALSE(parse_format("JSON").has_value());
  CHECK(parse_level("warning") == spdlog::level::warn);
  CHECK_FALSE(parse_level("trace").has_value());
}
