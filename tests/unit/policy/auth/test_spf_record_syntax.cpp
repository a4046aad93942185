#include <catch2/catch.hpp>

#include "auth/spf_record_syntax.hpp"

using namespace brandguard::policy::auth;

TEST_CASE("spf syntax: valid records pass", "[spf]") {
  for (const char* ok : {"v=spf1", "v=spf1 -all", "V=SPF1 ip4:192.0.2.0/24 ip6:2001:db8::/32 ~all",
                         "v=spf1 a mx/24 a:mail.example.com/24//64 ptr include:_spf.example.net -all",
                         "v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} -all", "v=spf1 redirect=_spf.example.com",
                         "v=spf1 -all exp=explain._spf.%{d}", "v=spf1 moo.cow-far_out=man:dog/cat ip4:1.2.3.4 -all",
                         "v=spf1 a:%{d}  -all "}) {
    INFO(ok);
    CHECK_FALSE(spf_record_syntax_error(ok).has_value());
  }
}

TEST_CASE("spf syntax: RFC 7208 errors libspf2 lets through are caught", "[spf]") {
  CHECK(spf_record_syntax_error("v=spf1 a:example.com:8080").has_value());      // ':' in the top label
  CHECK(spf_record_syntax_error("v=spf1 a:111.222.33.44").has_value());         // numeric top label
  CHECK(spf_record_syntax_error("v=spf1 a:").has_value());                      // empty domain-spec
  CHECK(spf_record_syntax_error("v=spf1 exists:%{x}.example.com").has_value()); // bad macro letter
  CHECK(spf_record_syntax_error("v=spf1 a:%{c}.example.com").has_value());      // c only in exp
  CHECK(spf_record_syntax_error("v=spf1 a:foo%.example.com").has_value());      // bare '%'
  CHECK(spf_record_syntax_error("v=spf1 redirect=a.example redirect=b.example").value() == "redirect= appears twice");
  CHECK(spf_record_syntax_error("v=spf1 -all exp=a.example exp=b.example").value() == "exp= appears twice");
  CHECK(spf_record_syntax_error("v=spf1 ip4:192.0.2.0/33").has_value());
  CHECK(spf_record_syntax_error("v=spf1 ip4:999.0.2.0").has_value());
  CHECK(spf_record_syntax_error("v=spf1 -all/8").has_value());
  CHECK(spf_record_syntax_error("v=spf1 foo:bar").value() == "unknown mechanism \"foo:bar\"");
  CHECK(spf_record_syntax_error("v=spf1 a:ctrl.example.com\rptr -all").has_value());
  CHECK(spf_record_syntax_error("v=spf1\t-all").has_value());
  CHECK(spf_record_syntax_error("v=spf1 a:\xC3\xA9.example.com").has_value());  // non-ASCII
}

TEST_CASE("spf syntax: only v=spf1 followed by space or end is an SPF record", "[spf]") {
  CHECK(is_spf_record("v=spf1"));
  CHECK(is_spf_record("V=Spf1 -all"));
  CHECK_FALSE(is_spf_record("v=spf10"));
  CHECK_FALSE(is_spf_record("v=spf1-all"));
  CHECK_FALSE(is_spf_record("spf1"));
}
