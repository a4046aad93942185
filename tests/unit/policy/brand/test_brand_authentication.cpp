#include <catch2/catch.hpp>

#include "brand/brand_authentication.hpp"

using namespace brandguard::policy;
using namespace brandguard::policy::brand;

namespace {

BrandProfile ledger() {
  BrandProfile b;
  b.id = "ledger";
  b.name = "Ledger";
  b.official_domains = {"ledger.com", "ledgerwallet.com"};
  b.authorized_senders = {{"global-e.com", "orders"}, {"zendesk.com", "support"}};
  return b;
}

auth::AuthResults with_from(std::string domain) {
  auth::AuthResults a;
  a.evaluated = true;
  a.author_status = AuthorStatus::single;
  a.author_domain = std::move(domain);
  return a;
}

void set_dmarc(auth::AuthResults& a, auth::DmarcResult r) {
  a.dmarc = auth::DmarcOutcome{};
  a.dmarc->result = r;
  a.dmarc->author_domain = a.author_domain;
}

void add_dkim(auth::AuthResults& a, std::string d, auth::DkimResult r) {
  if (!a.dkim) a.dkim = auth::DkimOutcome{};
  auth::DkimSignatureResult s;
  s.domain = std::move(d);
  s.result = r;
  a.dkim->signatures.push_back(s);
  if (r == auth::DkimResult::pass) a.dkim->result = r;
}

void set_spf(auth::AuthResults& a, std::string domain, auth::SpfResult r) {
  a.spf = auth::SpfOutcome{};
  a.spf->domain = std::move(domain);
  a.spf->result = r;
}

const domain::PublicSuffixList& psl() { return domain::PublicSuffixList::system(); }

}  // namespace

TEST_CASE("brand authentication: official domain with DMARC pass is the brand", "[brand_auth]") {
  auto a = with_from("shop.ledger.com");
  set_dmarc(a, auth::DmarcResult::pass);
  const auto r = authenticate_for_brand(a, ledger(), psl());
  CHECK(r.authenticated);
  CHECK(r.from_official);
  CHECK(r.how == "dmarc=pass header.from=shop.ledger.com");
}

TEST_CASE("brand authentication: official domain failing DMARC is not, even with a passing foreign DKIM", "[brand_auth]") {
  auto a = with_from("ledger.com");
  set_dmarc(a, auth::DmarcResult::fail);
  add_dkim(a, "mailer.example", auth::DkimResult::pass);
  set_spf(a, "mailer.example", auth::SpfResult::pass);
  const auto r = authenticate_for_brand(a, ledger(), psl());
  CHECK_FALSE(r.authenticated);
  CHECK(r.from_official);
}

TEST_CASE("brand authentication: without a DMARC record an aligned DKIM or SPF pass counts", "[brand_auth]") {
  auto a = with_from("ledgerwallet.com");
  add_dkim(a, "mail.ledgerwallet.com", auth::DkimResult::pass);
  CHECK(authenticate_for_brand(a, ledger(), psl()).authenticated);

  auto b = with_from("ledgerwallet.com");
  set_spf(b, "bounces.ledgerwallet.com", auth::SpfResult::pass);
  CHECK(authenticate_for_brand(b, ledger(), psl()).authenticated);

  auto c = with_from("ledgerwallet.com");
  add_dkim(c, "ledgerwallet.com", auth::DkimResult::fail);
  set_spf(c, "ledgerwallet.com", auth::SpfResult::softfail);
  CHECK_FALSE(authenticate_for_brand(c, ledger(), psl()).authenticated);
}

TEST_CASE("brand authentication: an authorized sender under its own domain is credited", "[brand_auth]") {
  auto a = with_from("global-e.com");
  add_dkim(a, "global-e.com", auth::DkimResult::pass);
  const auto r = authenticate_for_brand(a, ledger(), psl());
  CHECK(r.authenticated);
  CHECK_FALSE(r.from_official);
  CHECK(r.how == "dkim=pass header.d=global-e.com (authorized sender of ledger)");

  auto b = with_from("support.zendesk.com");
  set_spf(b, "zendesk.com", auth::SpfResult::pass);
  CHECK(authenticate_for_brand(b, ledger(), psl()).authenticated);
}

TEST_CASE("brand authentication: an authorized sender's pass does not cover a third From domain", "[brand_auth]") {
  auto a = with_from("ledger-support.example");
  add_dkim(a, "global-e.com", auth::DkimResult::pass);
  set_spf(a, "zendesk.com", auth::SpfResult::pass);
  CHECK_FALSE(authenticate_for_brand(a, ledger(), psl()).authenticated);
}

TEST_CASE("brand authentication: lookalikes of authorized senders and failed signatures are not credited", "[brand_auth]") {
  auto a = with_from("global-e.com.evil.example");
  add_dkim(a, "global-e.com.evil.example", auth::DkimResult::pass);
  CHECK_FALSE(authenticate_for_brand(a, ledger(), psl()).authenticated);

  auto b = with_from("global-e.com");
  add_dkim(b, "global-e.com", auth::DkimResult::fail);
  CHECK_FALSE(authenticate_for_brand(b, ledger(), psl()).authenticated);

  auto c = with_from("xglobal-e.com");
  add_dkim(c, "xglobal-e.com", auth::DkimResult::pass);
  CHECK_FALSE(authenticate_for_brand(c, ledger(), psl()).authenticated);
}

TEST_CASE("brand authentication: no single author domain, nothing to credit", "[brand_auth]") {
  auto a = with_from("");
  a.author_status = AuthorStatus::multiple_domains;
  add_dkim(a, "ledger.com", auth::DkimResult::pass);
  set_dmarc(a, auth::DmarcResult::permerror);
  const auto r = authenticate_for_brand(a, ledger(), psl());
  CHECK_FALSE(r.authenticated);
  CHECK_FALSE(r.from_official);
}

TEST_CASE("domain_within: equal or below, on label boundaries", "[brand_auth]") {
  CHECK(domain_within("ledger.com", "ledger.com"));
  CHECK(domain_within("shop.ledger.com", "ledger.com"));
  CHECK_FALSE(domain_within("myledger.com", "ledger.com"));
  CHECK_FALSE(domain_within("ledger.com.evil.net", "ledger.com"));
  CHECK_FALSE(domain_within("com", "ledger.com"));
  CHECK_FALSE(domain_within("ledger.com", ""));
}
