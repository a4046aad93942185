// The brand check through the whole pipeline (config with the shipped
// brands/ledger.yaml -> Snapshot -> scan_message), with hermetic DNS: who
// is credited as Ledger, which impersonation symbols fire, and that
// authenticated brand mail passes whatever it talks about.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "config.hpp"
#include "pipeline/offline_scan.hpp"

using namespace brandguard;
using namespace brandguard::policy;

namespace {

const std::vector<std::string> kZone = {
    "ledger.com. 300 IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"",
    "_dmarc.ledger.com. 300 IN TXT \"v=DMARC1; p=reject\"",
    "global-e.com. 300 IN TXT \"v=spf1 ip4:198.51.100.0/24 -all\"",
    "ledger-support-center.com. 300 IN TXT \"v=spf1 ip4:203.0.113.0/24 -all\"",
    "_dmarc.ledger-support-center.com. 300 IN TXT \"v=DMARC1; p=none\"",
    "news.example. 300 IN TXT \"v=spf1 ip4:203.0.113.0/24 -all\"",
    "tradestars.example. 300 IN TXT \"v=spf1 ip4:203.0.113.0/24 -all\"",
};

struct Fixture {
  std::shared_ptr<const Snapshot> snapshot;

  Fixture() {
    config::LoadOptions options;
    dns::ResolverSettings dns;
    dns.mode = dns::Mode::zonefile;
    dns.records = kZone;
    dns.timeout = std::chrono::milliseconds(500);
    options.dns = dns;
    const std::string yaml = std::string("authentication:\n  authserv_id: mx.test\n  trusted_networks: [\"10.0.0.0/8\"]\n") +
                             "brands:\n  files: [\"" + BRANDGUARD_SOURCE_DIR + "/config/brands/*.yaml\"]\n";
    auto loaded = config::load_from_string(yaml, "test.yaml", options);
    if (!loaded) {
      for (const auto& e : loaded.error()) FAIL(e.to_string());
    }
    snapshot = loaded->snapshot;
  }

  ScanResult scan(const std::string& message, const std::string& mail_from, const std::string& ip) const {
    ScanEnvelope env;
    env.client_ip = ip;
    env.helo = "mail.sender.example";
    env.mail_from = mail_from;
    env.rcpt = {"customer@example.org"};
    return scan_message(snapshot, env, message);
  }
};

const Fixture& fixture() {
  static const Fixture f;
  return f;
}

bool has_symbol(const ScanResult& r, const std::string& name) {
  return std::any_of(r.verdict.symbols.begin(), r.verdict.symbols.end(),
                     [&](const Symbol& s) { return s.name == name; });
}

std::string symbols_of(const ScanResult& r) {
  std::string out;
  for (const auto& s : r.verdict.symbols) out += s.name + "(" + s.evidence + ") ";
  return out;
}

std::string plain(const std::string& from, const std::string& subject, const std::string& body,
                  const std::string& extra_headers = "") {
  return "From: " + from + "\r\nTo: customer@example.org\r\nSubject: " + subject +
         "\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\nMessage-ID: <1@mail.sender.example>\r\n" + extra_headers +
         "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
         body + "\r\n";
}

}  // namespace

TEST_CASE("brand check: a display name claiming Ledger from an unrelated domain", "[brand_check]") {
  const auto r = fixture().scan(plain("Ledger Support <rodrigo@tradestars.example>", "Ledger Data Breach",
                                      "Your Ledger wallet may be at risk. Please verify your wallet."),
                                "rodrigo@tradestars.example", "203.0.113.9");
  INFO(symbols_of(r));
  CHECK(has_symbol(r, "BRAND_NAME_SPOOF"));
  CHECK(has_symbol(r, "BRAND_SUBJECT_CLAIM"));
  CHECK_FALSE(has_symbol(r, "BRAND_AUTHENTICATED"));
  CHECK(r.verdict.action >= Action::quarantine);
}

TEST_CASE("brand check: genuine Ledger mail about orders and the 24 words is credited and accepted", "[brand_check]") {
  const auto r = fixture().scan(
      plain("Ledger <orders@ledger.com>", "Your Ledger order #4815162 has shipped",
            "Your order #4815162 has shipped with DHL. Ledger will never ask for your 24 words: never share your "
            "recovery phrase with anyone. Track it at https://shop.ledger.com/orders/4815162"),
      "bounce@ledger.com", "192.0.2.10");
  INFO(symbols_of(r));
  CHECK(has_symbol(r, "BRAND_AUTHENTICATED"));
  CHECK_FALSE(has_symbol(r, "SECRET_REQUEST"));
  CHECK_FALSE(has_symbol(r, "ORDER_BAIT"));
  CHECK(r.verdict.action == Action::accept);
}

TEST_CASE("brand check: Ledger's own domain without authentication", "[brand_check]") {
  const auto r = fixture().scan(plain("Ledger <orders@ledger.com>", "Ledger security notice", "Verify your wallet."),
                                "orders@ledger.com", "203.0.113.9");
  INFO(symbols_of(r));
  CHECK(has_symbol(r, "BRAND_OFFICIAL_UNAUTHENTICATED"));
  CHECK_FALSE(has_symbol(r, "BRAND_NAME_SPOOF"));
  CHECK(r.verdict.action == Action::reject);  // DMARC p=reject forces it
}

TEST_CASE("brand check: an authorized sender under its own domain is Ledger's", "[brand_check]") {
  const auto r = fixture().scan(plain("Ledger via Global-e <noreply@global-e.com>", "Your Ledger order 4815162",
                                      "Your order 4815162 is on its way with UPS; customs duties are prepaid."),
                                "noreply@global-e.com", "198.51.100.20");
  INFO(symbols_of(r));
  CHECK(has_symbol(r, "BRAND_AUTHENTICATED"));
  CHECK_FALSE(has_symbol(r, "BRAND_NAME_SPOOF"));
  CHECK(r.verdict.action == Action::accept);
}

TEST_CASE("brand check: a lookalike domain with its own valid SPF and DMARC", "[brand_check]") {
  const auto r = fixture().scan(plain("Ledger <alerts@ledger-support-center.com>", "Security alert",
                                      "Please confirm your recovery phrase to keep access to your wallet."),
                                "alerts@ledger-support-center.com", "203.0.113.5");
  INFO(symbols_of(r));
  CHECK(has_symbol(r, "LOOKALIKE_FROM"));
  CHECK(has_symbol(r, "SECRET_REQUEST"));
  CHECK(r.verdict.action >= Action::quarantine);
}

TEST_CASE("brand check: confusable characters in the display name", "[brand_check]") {
  const auto r = fixture().scan(plain("=?UTF-8?B?TNC1ZGfQtXI=?= <jennifer@tradestars.example>", "Recent breach",
                                      "Your device needs an update."),
                                "jennifer@tradestars.example", "203.0.113.9");
  INFO(symbols_of(r));
  CHECK(has_symbol(r, "BRAND_NAME_SPOOF"));
  CHECK(has_symbol(r, "BRAND_NAME_OBFUSCATED"));
}

TEST_CASE("brand check: link text shows ledger.com, the link goes elsewhere", "[brand_check]") {
  const std::string html =
      "From: Support <help@tradestars.example>\r\nSubject: Update\r\nMIME-Version: 1.0\r\n"
      "Content-Type: text/html; charset=utf-8\r\n\r\n"
      "<p>Update your Ledger Live:</p><a href=\"https://verify-wallet.example/start\">https://www.ledger.com/start</a>\r\n";
  const auto r = fixture().scan(html, "help@tradestars.example", "203.0.113.9");
  INFO(symbols_of(r));
  CHECK(has_symbol(r, "LINK_TEXT_MISMATCH"));
}

TEST_CASE("brand check: news about the Ledger leak is not impersonation", "[brand_check]") {
  const auto r = fixture().scan(
      plain("Crypto Daily <newsletter@news.example>", "Ledger data breach: what customers should know",
            "Ledger confirmed a data breach at its partner Global-e. Phishers may ask for your recovery phrase; "
            "Ledger never does. Read more at https://www.ledger.com/blog"),
      "newsletter@news.example", "203.0.113.9");
  INFO(symbols_of(r));
  CHECK_FALSE(has_symbol(r, "BRAND_NAME_SPOOF"));
  CHECK_FALSE(has_symbol(r, "SECRET_REQUEST"));
  CHECK_FALSE(has_symbol(r, "BRAND_SECURITY_PRETEXT"));
  CHECK(r.verdict.action == Action::accept);
}

TEST_CASE("brand check: extortion with a crypto address, whatever the brand", "[brand_check]") {
  const auto r = fixture().scan(
      plain("Anonymous <x@tradestars.example>", "We know where you live",
            "We got your address from the Ledger leak. We know where you live. Send 0.1 BTC to "
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq within 48 hours or we will visit you."),
      "x@tradestars.example", "203.0.113.9");
  INFO(symbols_of(r));
  CHECK(has_symbol(r, "EXTORTION"));
  CHECK(r.verdict.action >= Action::quarantine);
}

TEST_CASE("brand check: mail from trusted networks is not judged", "[brand_check]") {
  const auto r = fixture().scan(plain("Ledger Support <it@tradestars.example>", "Ledger", "Ledger"),
                                "it@tradestars.example", "10.1.2.3");
  INFO(symbols_of(r));
  CHECK_FALSE(has_symbol(r, "BRAND_NAME_SPOOF"));
  CHECK(r.verdict.action == Action::accept);
}

TEST_CASE("brand check: Reply-To elsewhere and a callback number in mail speaking as Ledger", "[brand_check]") {
  const auto r = fixture().scan(
      plain("Ledger Support <support@tradestars.example>", "Your replacement device",
            "Call our support team now at +44 20 7946 0958 to arrange the shipment.",
            "Reply-To: ledger.help@gmail.com\r\n"),
      "support@tradestars.example", "203.0.113.9");
  INFO(symbols_of(r));
  CHECK(has_symbol(r, "REPLY_TO_FOREIGN"));
  CHECK(has_symbol(r, "CALLBACK_PHONE"));
}

TEST_CASE("brand check: a display name that is the sender domain's own name is not a claim", "[brand_check]") {
  const std::string news =
      "From: The Ledger <news@theledger.example>\r\nTo: customer@example.org\r\nSubject: Morning briefing\r\n"
      "Message-ID: <b1@theledger.example>\r\n\r\nCity council approves the new budget.\r\n";
  const ScanResult r = fixture().scan(news, "news@theledger.example", "203.0.113.5");
  INFO(symbols_of(r));
  CHECK_FALSE(has_symbol(r, "BRAND_NAME_SPOOF"));
  CHECK(r.verdict.action == Action::accept);

  // A name with no registrable domain owns nothing; a lookalike never does.
  const std::string bare = "From: Ledger <noreply@ledger>\r\nTo: customer@example.org\r\nSubject: Update\r\n\r\nHello\r\n";
  CHECK(has_symbol(fixture().scan(bare, "", "203.0.113.5"), "BRAND_NAME_SPOOF"));
  const std::string swap = "From: Ledger <news@ledger.io>\r\nTo: customer@example.org\r\nSubject: Update\r\n\r\nHello\r\n";
  const ScanResult s = fixture().scan(swap, "", "203.0.113.5");
  INFO(symbols_of(s));
  CHECK(has_symbol(s, "BRAND_NAME_SPOOF"));
  CHECK(has_symbol(s, "LOOKALIKE_FROM"));
}

TEST_CASE("brand check: a disguised brand name in the text speaks as the brand", "[brand_check]") {
  const std::string scanner =
      "From: Vault Scanner <hello@news.example>\r\nTo: customer@example.org\r\nSubject: Recent Connect Kit breach\r\n"
      "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
      "Your wallet may be breached. The Iedger Connect Kit was compromised; scan your device now.\r\n";
  const ScanResult r = fixture().scan(scanner, "hello@news.example", "203.0.113.5");
  INFO(symbols_of(r));
  CHECK(has_symbol(r, "BRAND_NAME_OBFUSCATED"));
  CHECK(has_symbol(r, "BRAND_SECURITY_PRETEXT"));
  CHECK(r.verdict.action >= Action::tag);

  // The same news written plainly by a news site is not impersonation.
  const std::string plain =
      "From: Crypto Daily <hello@news.example>\r\nTo: customer@example.org\r\nSubject: Connect Kit breach\r\n"
      "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
      "The Ledger Connect Kit was compromised on Thursday, researchers said.\r\n";
  const ScanResult p = fixture().scan(plain, "hello@news.example", "203.0.113.5");
  INFO(symbols_of(p));
  CHECK_FALSE(has_symbol(p, "BRAND_NAME_OBFUSCATED"));
  CHECK_FALSE(has_symbol(p, "BRAND_SECURITY_PRETEXT"));
  CHECK(p.verdict.action == Action::accept);
}

TEST_CASE("brand check: order numbers and customs fees in news naming Ledger are not bait", "[brand_check]") {
  const std::string digest =
      "From: SecWatch <weekly@news.example>\r\nTo: customer@example.org\r\nSubject: Ledger phishing wave\r\n"
      "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
      "Typical lure: \"Your order #4815162 could not be shipped, customs fees are unpaid\".\r\n";
  const ScanResult r = fixture().scan(digest, "weekly@news.example", "203.0.113.5");
  INFO(symbols_of(r));
  CHECK_FALSE(has_symbol(r, "ORDER_BAIT"));
  CHECK(r.verdict.action == Action::accept);
}
