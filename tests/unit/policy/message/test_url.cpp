#include <catch2/catch.hpp>

#include "message/url.hpp"

using namespace brandguard::policy;

TEST_CASE("url_host: host of absolute URLs, lowercase, without userinfo and port", "[url]") {
  CHECK(url_host("https://user@Host.Example:8443/x?y#z") == "host.example");
  CHECK(url_host("http://www.ledger.com") == "www.ledger.com");
  CHECK(url_host("  <https://ledger.com.secure-verify.net/login>  ") == "ledger.com.secure-verify.net");
  CHECK(url_host("https://[2001:DB8::1]:443/") == "[2001:db8::1]");
  CHECK(url_host("https://ledger.com@evil.example/") == "evil.example");
  CHECK(url_host("https://a.example\\@b.example/") == "a.example");
}

TEST_CASE("url_host: no host for relative, mailto, tel and broken URLs", "[url]") {
  CHECK(url_host("mailto:support@ledger.com").empty());
  CHECK(url_host("tel:+33123456789").empty());
  CHECK(url_host("/relative/path").empty());
  CHECK(url_host("://no-scheme.example").empty());
  CHECK(url_host("ht tp://x.example").empty());
  CHECK(url_host("https://[2001:db8::1").empty());
  CHECK(url_host("").empty());
}

TEST_CASE("text_host: what visible text presents as a destination", "[url]") {
  CHECK(text_host("https://www.ledger.com/start") == "www.ledger.com");
  CHECK(text_host("www.Ledger.com") == "www.ledger.com");
  CHECK(text_host("ledger.com/verify") == "ledger.com");
  CHECK(text_host("(shop.ledger.com).") == "shop.ledger.com");
  CHECK(text_host("xn--ledgr-2we.xn--p1ai") == "xn--ledgr-2we.xn--p1ai");
  CHECK(text_host("Click here").empty());
  CHECK(text_host("Version 2.8.3").empty());
  CHECK(text_host("2.8.3").empty());
  CHECK(text_host("Ledger").empty());
  CHECK(text_host("Total: 12.50").empty());
  CHECK(text_host("ledger.com is safe").empty());
}

TEST_CASE("find_text_urls: URLs in plain text, bounded", "[url]") {
  const auto urls = find_text_urls("Visit https://ledger-verify.app/x?a=1 now, or http://b.example.\n(https://c.example)", 10);
  REQUIRE(urls.size() == 3);
  CHECK(urls[0] == "https://ledger-verify.app/x?a=1");
  CHECK(urls[1] == "http://b.example.");
  CHECK(urls[2] == "https://c.example");
  CHECK(find_text_urls("https://a.example https://b.example https://c.example", 2).size() == 2);
  CHECK(find_text_urls("httpx http:/ https:// nothing", 10).empty());
}
