// Fuzz target: Authentication-Results (RFC 8601) reading and writing.
//
// 1. The input as an incoming field value: authserv_id_of() and the parser
//    must agree on the id (both or neither find one), and the parse stays
//    within its caps.
// 2. The input, split at '\x1f' into pieces, as the strings of an
//    AuthResults we format: the value must stay one header field (no CR or
//    NUL, every LF starts a "\n\t" fold), and parsing it back must give the
//    same authserv-id, methods, results and property values (control bytes
//    read back as '?', which is what quote_value writes for them).
// 3. quote_value() of every piece: no control byte, and a bare value is the
//    input itself.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/authentication_results.hpp"

namespace {

using namespace brandguard::policy;
using namespace brandguard::policy::auth;

void require(bool condition) {
  if (!condition) __builtin_trap();
}

struct Expected {
  std::string method;
  std::string result;
  std::vector<std::pair<std::string, std::string>> properties;
};

std::string as_read_back(std::string_view value) {
  std::string out(value);
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) c = '?';
  }
  return out;
}

class Pieces {
 public:
  explicit Pieces(std::string_view input) : input_(input) {}
  // The next '\x1f'-separated piece, at most 256 bytes; empty when used up.
  std::string next() {
    if (pos_ > input_.size()) return {};
    std::size_t end = input_.find('\x1f', pos_);
    if (end == std::string_view::npos) end = input_.size();
    std::string piece(input_.substr(pos_, std::min<std::size_t>(end - pos_, 256)));
    pos_ = end + 1;
    return piece;
  }
  unsigned small(unsigned range) {
    const std::string p = next();
    return p.empty() ? 0 : static_cast<unsigned char>(p[0]) % range;
  }

 private:
  std::string_view input_;
  std::size_t pos_ = 0;
};

void check_parse(std::string_view value) {
  const auto id = authserv_id_of(value);
  const auto parsed = parse_authentication_results(value);
  require(id.has_value() == parsed.has_value());
  if (!parsed) return;
  require(!id->empty());
  require(parsed->authserv_id == *id);
  require(parsed->results.size() <= kMaxResults);
  for (const ResultInfo& info : parsed->results) {
    require(!info.method.empty() && !info.result.empty());
    require(info.method != "none");
    require(info.properties.size() <= kMaxResults);
    for (const char c : info.method + info.result) require(!(c >= 'A' && c <= 'Z'));
    for (const auto& [name, v] : info.properties) {
      require(!name.empty());
      for (const char c : name) require(!(c >= 'A' && c <= 'Z'));
    }
  }
}

void check_one_field(const std::string& v) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    require(v[i] != '\r' && v[i] != '\0');
    if (v[i] == '\n') require(i + 1 < v.size() && v[i + 1] == '\t');
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check_parse(input);

  Pieces p(input);
  const std::string authserv_id = p.next();
  AuthResults r;
  std::vector<Expected> expected;
  auto add_spf = [&](SpfIdentity identity) {
    SpfOutcome spf;
    spf.result = static_cast<SpfResult>(p.small(7));
    spf.identity = identity;
    spf.domain = p.next();
    spf.reason = p.next();
    Expected e{"spf", std::string(to_string(spf.result)), {}};
    if (!spf.domain.empty()) {
      e.properties.emplace_back(identity == SpfIdentity::helo ? "smtp.helo" : "smtp.mailfrom", as_read_back(spf.domain));
    }
    expected.push_back(std::move(e));
    return spf;
  };
  const unsigned present = p.small(16);
  if (present & 1) r.spf = add_spf(p.small(2) == 0 ? SpfIdentity::mailfrom : SpfIdentity::helo);
  if (present & 2) r.spf_helo = add_spf(SpfIdentity::helo);
  if (present & 4) {
    r.dkim.emplace();
    const unsigned count = p.small(8);
    bool any = false;
    for (unsigned i = 0; i < count; ++i) {
      DkimSignatureResult sig;
      sig.result = static_cast<DkimResult>(p.small(7));
      sig.checked = p.small(4) != 0;
      sig.key_bits = p.small(2) * 2048;
      sig.reason = p.next();
      sig.domain = p.next();
      sig.selector = p.next();
      sig.algorithm = p.next();
      sig.b_prefix = p.next();
      sig.identity = p.next();  // never written
      r.dkim->signatures.push_back(sig);
      if (!sig.checked) continue;
      any = true;
      Expected e{"dkim", std::string(to_string(sig.result)), {}};
      if (!sig.domain.empty()) e.properties.emplace_back("header.d", as_read_back(sig.domain));
      if (!sig.selector.empty()) e.properties.emplace_back("header.s", as_read_back(sig.selector));
      if (!sig.algorithm.empty()) e.properties.emplace_back("header.a", as_read_back(sig.algorithm));
      if (!sig.b_prefix.empty()) e.properties.emplace_back("header.b", as_read_back(sig.b_prefix));
      expected.push_back(std::move(e));
    }
    if (!any) expected.push_back({"dkim", "none", {}});
  }
  if (present & 8) {
    DmarcOutcome dmarc;
    dmarc.result = static_cast<DmarcResult>(p.small(5));
    dmarc.policy = static_cast<DmarcPolicy>(p.small(3));
    dmarc.disposition = static_cast<DmarcPolicy>(p.small(3));
    dmarc.reason = p.next();
    dmarc.author_domain = p.next();
    Expected e{"dmarc", std::string(to_string(dmarc.result)), {}};
    if (!dmarc.author_domain.empty()) e.properties.emplace_back("header.from", as_read_back(dmarc.author_domain));
    expected.push_back(std::move(e));
    r.dmarc = std::move(dmarc);
  }

  const std::string v = format_authentication_results(authserv_id, r);
  check_one_field(v);
  check_parse(v);
  if (!authserv_id.empty()) {
    const auto parsed = parse_authentication_results(v);
    require(parsed.has_value());
    require(parsed->authserv_id == as_read_back(authserv_id));
    require(authserv_id_of(v) == parsed->authserv_id);
    // What was read is a prefix of what was written; all of it unless the
    // value is over the parser's byte limit.
    require(parsed->results.size() <= expected.size());
    if (v.size() <= kMaxParsedBytes) require(parsed->results.size() == expected.size());
    for (std::size_t i = 0; i < parsed->results.size(); ++i) {
      require(parsed->results[i].method == expected[i].method);
      require(parsed->results[i].result == expected[i].result);
      require(parsed->results[i].properties == expected[i].properties);
    }
  }

  // quote_value over every piece.
  Pieces all(input);
  for (int i = 0; i < 64; ++i) {
    const std::string piece = all.next();
    const std::string q = quote_value(piece);
    for (const char c : q) {
      const auto u = static_cast<unsigned char>(c);
      require(u >= 0x20 && u != 0x7f);
    }
    if (q.empty() || q.front() != '"') require(q == piece);
    const auto back = parse_authentication_results("mx; m=pass p.v=" + q + " p.w=end");
    require(back.has_value() && back->results.size() == 1);
    require(back->results[0].property("p.v") == as_read_back(piece));
    require(back->results[0].property("p.w") == "end");
  }
  return 0;
}
