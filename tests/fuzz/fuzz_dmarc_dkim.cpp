// Fuzz target: DMARC record and DKIM tag handling (S1, B10, B11).
//
// First byte even: the rest is a DMARC TXT record, given to
// looks_like_dmarc_record and parse_dmarc_record (libopendmarc's parser
// and our reading back of its values): a record or a parse error, pct in
// 0..100, never a crash.
//
// First byte odd: the rest is up to 8 DKIM-Signature field values, one per
// line, then a blank line and a body. They sign a fixed message and are
// verified by DkimVerifier (our tag pre-parse, libopendkim, key lookups
// against a hermetic zone holding a good RSA key, a revoked key, a key
// with bad base64, an Ed25519 key and an 8 KiB record). Asserts: one
// result per examined signature, none of them pass with a key that cannot
// verify, and the verifier returns within its deadline.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "auth/dkim_library.hpp"
#include "auth/dkim_verifier.hpp"
#include "auth/dmarc_record.hpp"
#include "dns/resolver.hpp"
#include "message/header.hpp"

#ifndef BRANDGUARD_SOURCE_DIR
#error "BRANDGUARD_SOURCE_DIR must name the source tree (tests/data/dkim)"
#endif

namespace {

using namespace brandguard::policy;
using namespace std::chrono_literals;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz_dmarc_dkim: %s\n", what);
  __builtin_trap();
}

std::string read_data(const std::string& name) {
  std::ifstream in(std::string(BRANDGUARD_SOURCE_DIR) + "/tests/data/dkim/" + name, std::ios::binary);
  if (!in) fail("cannot read tests/data/dkim");
  std::ostringstream out;
  out << in.rdbuf();
  std::string s = out.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

std::string txt_record(const std::string& name, const std::string& value) {
  std::string line = name + ". 300 IN TXT";
  for (std::size_t i = 0; i < value.size(); i += 255) line += " \"" + value.substr(i, 255) + "\"";
  if (value.empty()) line += " \"\"";
  return line;
}

struct Dkim {
  std::unique_ptr<dns::Resolver> resolver;
  std::unique_ptr<auth::DkimLibrary> library;
};

Dkim& dkim() {
  static Dkim d = [] {
    Dkim out;
    dns::ResolverSettings s;
    s.mode = dns::Mode::zonefile;
    std::string big = "v=DKIM1; k=rsa; n=";
    big.append(8 * 1024, 'n');
    big += "; p=" + read_data("rsa2048.txt").substr(read_data("rsa2048.txt").find("p=") + 2);
    s.records = {txt_record("s1._domainkey.brand.test", read_data("rsa1024.txt")),
                 txt_record("s2._domainkey.brand.test", "v=DKIM1; k=rsa; p="),
                 txt_record("s3._domainkey.brand.test", "v=DKIM1; k=rsa; p=!!!not*base64==="),
                 txt_record("s4._domainkey.brand.test", read_data("ed25519.txt")),
                 txt_record("s5._domainkey.brand.test", big),
                 txt_record("s6._domainkey.brand.test", read_data("rsa512.txt"))};
    s.timeout = 1s;
    auto r = dns::Resolver::create(s);
    if (!r) {
      std::fprintf(stderr, "%s\n", r.error().c_str());
      fail("resolver");
    }
    out.resolver = std::move(*r);
    auto l = auth::DkimLibrary::create(*out.resolver, {});
    if (!l) fail("dkim library");
    out.library = std::move(*l);
    return out;
  }();
  return d;
}

void fuzz_dmarc(std::string_view record) {
  (void)auth::looks_like_dmarc_record(record);
  const auto parsed = auth::parse_dmarc_record("brand.test", record);
  if (parsed) {
    if (parsed->pct < 0 || parsed->pct > 100) fail("pct out of range");
    if (record.size() > auth::kMaxDmarcRecordBytes) fail("an over-long record parsed");
  }
}

void fuzz_dkim(std::string_view in) {
  std::vector<Header> headers;
  std::string_view body;
  std::size_t signatures = 0;
  while (!in.empty() && signatures < 8) {
    const auto nl = in.find('\n');
    const std::string_view line = in.substr(0, nl);
    in = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);
    if (line.empty()) break;
    headers.push_back(Header{"DKIM-Signature", std::string(line)});
    ++signatures;
  }
  body = in;
  headers.push_back(Header{"From", " Brand Support <support@brand.test>"});
  headers.push_back(Header{"To", " alice@example.net"});
  headers.push_back(Header{"Subject", " Your account"});
  auth::DkimSettings settings;
  settings.max_signatures = 4;
  auth::DkimVerifier v(*dkim().library, settings);
  for (const auto& h : headers) v.header(h);
  const auto start = std::chrono::steady_clock::now();
  const auto until = start + 300ms;
  v.end_of_headers(until);
  for (std::size_t i = 0; i < body.size(); i += 4096) v.body(body.substr(i, 4096));
  const auth::DkimOutcome& out = v.end_of_message(until);
  if (std::chrono::steady_clock::now() - start > 5s) fail("verification ignored its deadline");
  if (out.signatures.size() != signatures) fail("not one result per DKIM-Signature field");
  for (const auto& sig : out.signatures) {
    if (sig.result == auth::DkimResult::pass &&
        (sig.selector == "s2" || sig.selector == "s3" || sig.selector == "s6")) {
      fail("pass with a revoked, broken or too-short key");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if ((data[0] & 1) == 0) {
    fuzz_dmarc(rest);
  } else {
    fuzz_dkim(rest);
  }
  return 0;
}
