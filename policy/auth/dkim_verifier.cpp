// DkimVerifier: one message through libopendkim. See dkim_verifier.hpp for
// the contract and DEPENDENCIES.md 2b / 5.4 for the libopendkim facts:
//  - judge a signature with DKIM_SIG_CHECK() and its error code, never with
//    the PASSED flag alone (a body mismatch keeps PASSED);
//  - key lookups happen inside dkim_eoh(), through DkimLibrary's callbacks,
//    which ask this verifier (MessageHooks) for the prefetched lookup;
//  - libopendkim's minimum key size check runs in dkim_eom() only on
//    signatures that verified, and clears PASSED: KEYTOOSMALL is "policy";
//  - the prescreen callback sees libopendkim's list of parsable signatures;
//    each is matched to our DKIM-Signature field by (d=, s=, b=) and the
//    ones we do not verify are marked with dkim_sig_ignore().
#include "auth/dkim_verifier.hpp"

#include <sys/types.h>

#define _Bool bool
#include <opendkim/dkim.h>
#undef _Bool

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "message/ascii.hpp"

namespace brandguard::policy::auth {

std::string_view to_string(DkimResult result) noexcept {
  switch (result) {
    case DkimResult::none: return "none";
    case DkimResult::pass: return "pass";
    case DkimResult::fail: return "fail";
    case DkimResult::neutral: return "neutral";
    case DkimResult::policy: return "policy";
    case DkimResult::temperror: return "temperror";
    case DkimResult::permerror: return "permerror";
  }
  return "none";
}

namespace {

constexpr std::size_t kMaxTags = 64;
constexpr std::size_t kMaxIdentityBytes = 256;
const unsigned char kHandleId[] = "brandguard";

bool is_fws(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim_fws(std::string_view s) noexcept {
  while (!s.empty() && is_fws(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_fws(s.back())) s.remove_suffix(1);
  return s;
}

std::string strip_fws(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (!is_fws(c)) out.push_back(c);
  }
  return out;
}

bool is_tag_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > 32) return false;
  const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!alpha(name.front())) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) { return alpha(c) || (c >= '0' && c <= '9') || c == '_'; });
}

// LDH labels (plus '_'), each 1..63 octets.
bool is_dns_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > 253) return false;
  std::size_t label = 0;
  for (char c : name) {
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
      continue;
    }
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok || ++label > 63) return false;
  }
  return label != 0;
}

// The tags of one DKIM-Signature value we need ourselves. Everything else
// (v=, c=, bh=, q=, t=, x=, l=, z=) is libopendkim's business.
struct ParsedSignature {
  std::string domain;
  std::string selector;
  std::string algorithm;
  std::string identity;
  std::string b;  // FWS removed
  std::string error;
};

ParsedSignature parse_signature(std::string_view value) {
  ParsedSignature out;
  if (value.size() > DkimVerifier::kMaxSignatureFieldBytes) {
    out.error = fmt::format("signature field over {} bytes", DkimVerifier::kMaxSignatureFieldBytes);
    return out;
  }
  std::map<std::string, std::string_view> tags;
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t end = value.find(';', start);
    if (end == std::string_view::npos) end = value.size();
    const std::string_view spec = trim_fws(value.substr(start, end - start));
    start = end + 1;
    if (spec.empty()) continue;  // trailing ";" (and tolerated empty specs)
    const std::size_t eq = spec.find('=');
    if (eq == std::string_view::npos) {
      out.error = "malformed tag-list";
      return out;
    }
    const std::string_view name = trim_fws(spec.substr(0, eq));
    if (!is_tag_name(name)) {
      out.error = "malformed tag-list";
      return out;
    }
    if (tags.size() >= kMaxTags) {
      out.error = fmt::format("more than {} tags", kMaxTags);
      return out;
    }
    if (!tags.emplace(std::string(name), trim_fws(spec.substr(eq + 1))).second) {
      out.error = fmt::format("duplicate {}= tag", name);
      return out;
    }
  }
  const auto get = [&](const char* name) -> const std::string_view* {
    auto it = tags.find(name);
    return it == tags.end() ? nullptr : &it->second;
  };
  // Identity first, so that a malformed signature is still reported with
  // its d= and s= when they are usable.
  const auto* d = get("d");
  const auto* s = get("s");
  std::string_view domain = d != nullptr ? *d : std::string_view();
  if (domain.size() > 1 && domain.back() == '.') domain.remove_suffix(1);
  const bool domain_ok = is_dns_name(domain);
  const bool selector_ok = s != nullptr && is_dns_name(*s) && s->size() + domain.size() + 12 <= 253;
  if (domain_ok) out.domain = ascii_lower(domain);
  if (selector_ok) out.selector = std::string(*s);
  if (const auto* a = get("a")) out.algorithm = ascii_lower(strip_fws(a->substr(0, 64)));
  if (const auto* i = get("i")) out.identity = std::string(i->substr(0, kMaxIdentityBytes));
  if (const auto* b = get("b")) out.b = strip_fws(*b);

  if (get("v") == nullptr) {
    // Pre-RFC 4871 drafts had no v=; RFC 6376 3.5 requires it.
    out.error = "v= missing";
  } else if (d == nullptr || d->empty()) {
    out.error = "d= missing";
  } else if (!domain_ok) {
    out.error = "d= is not a domain name";
  } else if (s == nullptr || s->empty()) {
    out.error = "s= missing";
  } else if (!selector_ok) {
    out.error = "s= is not a valid selector";
  } else if (const auto* h = get("h")) {
    const std::size_t fields = static_cast<std::size_t>(std::count(h->begin(), h->end(), ':')) + 1;
    if (fields > DkimVerifier::kMaxSignedFields) {
      out.error = fmt::format("h= names more than {} header fields", DkimVerifier::kMaxSignedFields);
    }
  }
  return out;
}

// The domain of the first address of a From value, lowercase; a guess used
// only to order signatures, never for a verdict.
std::string from_domain_guess(std::string_view value) {
  std::string_view address = value;
  if (const auto lt = value.find('<'); lt != std::string_view::npos) {
    const auto gt = value.find('>', lt);
    address = value.substr(lt + 1, gt == std::string_view::npos ? std::string_view::npos : gt - lt - 1);
  } else if (const auto comma = value.find(','); comma != std::string_view::npos) {
    address = value.substr(0, comma);
  }
  std::string_view domain = trim_fws(address_domain(trim_fws(address)));
  if (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
  if (domain.size() > 253) return {};
  return ascii_lower(domain);
}

// d= is the From domain, a parent of it, or below it.
bool aligned(std::string_view d, std::string_view from) noexcept {
  if (d.empty() || from.empty()) return false;
  if (d == from) return true;
  const auto below = [](std::string_view child, std::string_view parent) {
    return child.size() > parent.size() && child.substr(child.size() - parent.size()) == parent &&
           child[child.size() - parent.size() - 1] == '.';
  };
  return below(from, d) || below(d, from);
}

std::string_view cstr(const unsigned char* s) noexcept {
  return s == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(s));
}

// Higher is stronger when summarising several signatures.
int rank(DkimResult r) noexcept {
  switch (r) {
    case DkimResult::pass: return 6;
    case DkimResult::temperror: return 5;
    case DkimResult::policy: return 4;
    case DkimResult::fail: return 3;
    case DkimResult::permerror: return 2;
    case DkimResult::neutral: return 1;
    case DkimResult::none: return 0;
  }
  return 0;
}

}  // namespace

struct DkimVerifier::State final : DkimLibrary::MessageHooks {
  struct Field {
    ParsedSignature parsed;
    std::string key_name;
    DKIM_SIGINFO* sig = nullptr;  // libopendkim's signature, matched in prescreen
    bool checked = true;
  };
  struct QueryNote {
    dns::Status status = dns::Status::servfail;
    bool refused = false;
  };
  enum class Stage { headers, body, done };

  State(const DkimLibrary& lib, const DkimSettings& s, dns::LookupBudget* b)
      : library(lib), settings(s), shared_budget(b) {}

  ~State() override {
    if (dkim != nullptr) dkim_free(dkim);
  }

  const DkimLibrary& library;
  DkimSettings settings;
  dns::LookupBudget* shared_budget;
  DKIM* dkim = nullptr;
  DKIM_STAT open_status = DKIM_STAT_OK;
  DKIM_STAT eoh_status = DKIM_STAT_OK;
  bool eoh_called = false;
  bool prescreen_ran = false;
  Stage stage = Stage::headers;
  std::string from_domain;
  bool saw_from = false;
  std::vector<Field> fields;
  std::size_t signature_fields_seen = 0;
  std::size_t header_bytes = 0;
  bool headers_over_limit = false;
  std::map<std::string, std::shared_ptr<dns::Lookup>, std::less<>> lookups;
  std::map<std::string, QueryNote, std::less<>> notes;
  std::size_t lookups_started = 0;
  std::chrono::steady_clock::time_point deadline_{};
  DkimOutcome outcome;

  bool open() {
    if (dkim != nullptr) return true;
    if (open_status != DKIM_STAT_OK) return false;
    DKIM_STAT st = DKIM_STAT_OK;
    dkim = dkim_verify(library.handle(), kHandleId, nullptr, &st);
    if (dkim == nullptr) {
      open_status = st == DKIM_STAT_OK ? DKIM_STAT_NORESOURCE : st;
      return false;
    }
    return true;
  }

  bool take_lookup() {
    if (lookups_started >= settings.max_lookups) return false;
    if (shared_budget != nullptr && !shared_budget->take()) return false;
    ++lookups_started;
    return true;
  }

  void prefetch(const std::string& name) {
    if (lookups.count(name) != 0 || !take_lookup()) return;
    lookups.emplace(name, library.resolver().start(name, dns::RrType::txt));
  }

  // Records one DKIM-Signature field; false when libopendkim must not see
  // it: past kMaxSignatureFields, or malformed by our parse. libopendkim
  // sets up hashing for every signature field it sees, verified or not, so
  // only fields we may verify reach it (a signature that covers a dropped
  // field in h= then fails, which is also its fate otherwise).
  bool on_signature(std::string_view raw_value) {
    if (signature_fields_seen++ >= kMaxSignatureFields) return false;
    Field field;
    field.parsed = parse_signature(raw_value);
    if (field.parsed.error.empty()) {
      field.key_name = ascii_lower(field.parsed.selector) + "._domainkey." + field.parsed.domain;
      // The key prefetch: only as many as we may verify, so that a flood
      // of signature fields cannot spend the message's DNS budget.
      std::size_t usable = 0;
      for (const auto& f : fields) usable += f.parsed.error.empty() ? 1 : 0;
      if (usable < settings.max_signatures && !headers_over_limit) prefetch(field.key_name);
    }
    const bool feed = field.parsed.error.empty();
    fields.push_back(std::move(field));
    return feed;
  }

  // --- MessageHooks (called from inside libopendkim; never throw) ---

  std::shared_ptr<dns::Lookup> key_lookup(std::string_view name) override {
    if (auto it = lookups.find(name); it != lookups.end()) return it->second;
    if (!take_lookup()) return nullptr;
    auto lookup = library.resolver().start(name, dns::RrType::txt);
    lookups.emplace(std::string(name), lookup);
    return lookup;
  }

  void key_query_done(std::string_view name, dns::Status status, bool refused) noexcept override {
    try {
      notes[std::string(name)] = QueryNote{status, refused};
    } catch (...) {
      // Only the reason text is lost.
    }
  }

  std::chrono::steady_clock::time_point deadline() const noexcept override { return deadline_; }

  void prescreen(dkim_siginfo** signatures, int count) noexcept override {
    prescreen_ran = true;
    // Match each of libopendkim's signatures to the first unmatched field
    // with the same d=, s= and b=; libopendkim drops fields it cannot parse.
    for (int i = 0; i < count; ++i) {
      DKIM_SIGINFO* sig = signatures[i];
      if (sig == nullptr) continue;
      Field* match = nullptr;
      try {
        const std::string_view d = cstr(dkim_sig_getdomain(sig));
        const std::string_view s = cstr(dkim_sig_getselector(sig));
        const std::string b = strip_fws(cstr(dkim_sig_gettagvalue(sig, false, reinterpret_cast<u_char*>(const_cast<char*>("b")))));
        std::string_view dn = d;
        if (dn.size() > 1 && dn.back() == '.') dn.remove_suffix(1);
        for (auto& f : fields) {
          if (f.sig == nullptr && f.parsed.error.empty() && iequals(f.parsed.domain, dn) &&
              iequals(f.parsed.selector, s) && f.parsed.b == b) {
            match = &f;
            break;
          }
        }
      } catch (...) {
        match = nullptr;
      }
      if (match == nullptr) {
        dkim_sig_ignore(sig);
      } else {
        match->sig = sig;
      }
    }
    // Choose what to verify: signatures aligned with the From domain
    // first (they matter to DMARC), then the others in header order.
    std::size_t chosen = 0;
    for (int pass = 0; pass < 2; ++pass) {
      for (auto& f : fields) {
        if (f.sig == nullptr) continue;
        const bool is_aligned = aligned(f.parsed.domain, from_domain);
        if ((pass == 0) != is_aligned) continue;
        if (chosen < settings.max_signatures) {
          ++chosen;
        } else {
          f.checked = false;
          dkim_sig_ignore(f.sig);
        }
      }
    }
  }

  // --- results ---

  std::string key_failure_reason(const Field& f, dns::Status fallback) const {
    dns::Status status = fallback;
    bool refused = false;
    if (auto it = notes.find(f.key_name); it != notes.end()) {
      status = it->second.status;
      refused = it->second.refused;
    }
    if (refused) return "DNS lookup budget spent";
    switch (status) {
      case dns::Status::timeout: return "key lookup timed out";
      case dns::Status::servfail: return "key lookup failed (SERVFAIL)";
      case dns::Status::nxdomain: return "no key record (NXDOMAIN)";
      case dns::Status::nodata: return "no key record";
      case dns::Status::ok: return "key record unusable";
    }
    return "key lookup failed";
  }

  void judge(const Field& f, DkimSignatureResult& r) const {
    DKIM_SIGINFO* sig = f.sig;
    const unsigned flags = dkim_sig_getflags(sig);
    const int bh = dkim_sig_getbh(sig);
    const int error = dkim_sig_geterror(sig);
    unsigned bits = 0;
    if (dkim_sig_getkeysize(sig, &bits) == DKIM_STAT_OK) r.key_bits = bits;
    r.testing = (flags & DKIM_SIGFLAG_TESTKEY) != 0;
    const bool ed25519 = r.algorithm == "ed25519-sha256";
    const auto generic = [&](DkimResult result, std::string_view prefix) {
      r.result = result;
      const char* text = dkim_sig_geterrorstr(error);
      r.reason = fmt::format("{}{}", prefix, text != nullptr ? text : "unknown error");
    };
    switch (error) {
      case DKIM_SIGERROR_OK:
        if (DKIM_SIG_CHECK(sig)) {
          if (ed25519) r.key_bits = 256;
          if (r.algorithm == "rsa-sha1" && !settings.allow_rsa_sha1) {
            r.result = DkimResult::policy;
            r.reason = "rsa-sha1 not accepted (RFC 8301)";
          } else {
            r.result = DkimResult::pass;
            r.reason = "signature verified";
          }
        } else {
          r.result = DkimResult::temperror;
          r.reason = "verification incomplete";
        }
        return;
      case DKIM_SIGERROR_KEYTOOSMALL:
        r.result = DkimResult::policy;
        r.reason = fmt::format("key too small ({} bits, minimum {})", r.key_bits, library.settings().min_key_bits);
        return;
      case DKIM_SIGERROR_BADSIG:
        if (ed25519) r.key_bits = 256;
        r.result = DkimResult::fail;
        r.reason = bh == DKIM_SIGBH_MISMATCH ? "body hash mismatch" : "signature did not verify";
        return;
      case DKIM_SIGERROR_NOKEY:
        r.result = DkimResult::permerror;
        r.reason = key_failure_reason(f, dns::Status::nodata);
        return;
      case DKIM_SIGERROR_KEYFAIL:
        r.result = DkimResult::temperror;
        r.reason = key_failure_reason(f, dns::Status::servfail);
        return;
      case DKIM_SIGERROR_KEYREVOKED:
        r.result = DkimResult::permerror;
        r.reason = "key revoked (empty p=)";
        return;
      case DKIM_SIGERROR_MULTIREPLY:
        r.result = DkimResult::permerror;
        r.reason = "more than one key record";
        return;
      case DKIM_SIGERROR_DNSSYNTAX:
      case DKIM_SIGERROR_KEYVERSION:
      case DKIM_SIGERROR_KEYUNKNOWNHASH:
      case DKIM_SIGERROR_KEYHASHMISMATCH:
      case DKIM_SIGERROR_NOTEMAILKEY:
      case DKIM_SIGERROR_KEYTYPEMISSING:
      case DKIM_SIGERROR_KEYTYPEUNKNOWN:
      case DKIM_SIGERROR_KEYDECODE:
        generic(DkimResult::permerror, "bad key: ");
        return;
      case DKIM_SIGERROR_UNKNOWN:
        // Never processed: libopendkim stopped early (resources).
        r.result = DkimResult::temperror;
        r.reason = "not verified (libopendkim stopped early)";
        return;
      default:
        generic(DkimResult::permerror, "");
        return;
    }
  }

  void finish(DKIM_STAT eom_status) {
    stage = Stage::done;
    outcome.lookups = lookups_started;
    outcome.signatures.clear();
    const bool lib_trouble = open_status != DKIM_STAT_OK || eoh_status == DKIM_STAT_NORESOURCE ||
                             eoh_status == DKIM_STAT_INTERNAL || eom_status == DKIM_STAT_NORESOURCE ||
                             eom_status == DKIM_STAT_INTERNAL;
    for (const auto& f : fields) {
      DkimSignatureResult r;
      r.domain = f.parsed.domain;
      r.selector = f.parsed.selector;
      r.algorithm = f.parsed.algorithm;
      r.identity = f.parsed.identity;
      r.b_prefix = f.parsed.b.substr(0, 8);
      if (!f.parsed.error.empty()) {
        r.result = DkimResult::permerror;
        r.reason = f.parsed.error;
      } else if (headers_over_limit) {
        r.result = DkimResult::policy;
        r.reason = fmt::format("header section over {} bytes, not verified", settings.max_header_bytes);
      } else if (!f.checked) {
        r.result = DkimResult::none;
        r.checked = false;
        r.reason = fmt::format("not checked: over the limit of {} signatures", settings.max_signatures);
      } else if (f.sig != nullptr) {
        judge(f, r);
      } else if (lib_trouble) {
        r.result = DkimResult::temperror;
        r.reason = "not verified (libopendkim out of resources)";
      } else if (!prescreen_ran && eoh_status != DKIM_STAT_OK && eoh_status != DKIM_STAT_NOSIG) {
        r.result = DkimResult::permerror;
        r.reason = !saw_from ? std::string("message has no From field")
                             : fmt::format("message not verifiable: {}", dkim_getresultstr(eoh_status));
      } else {
        r.result = DkimResult::permerror;
        r.reason = "malformed signature field";
      }
      outcome.signatures.push_back(std::move(r));
    }
    summarise();
  }

  void summarise() {
    if (outcome.signatures.empty()) {
      outcome.result = DkimResult::none;
      outcome.reason = signature_fields_seen == 0 ? "no DKIM-Signature field" : "no signature examined";
      return;
    }
    const DkimSignatureResult* best = nullptr;
    std::size_t passed = 0;
    std::size_t checked = 0;
    for (const auto& r : outcome.signatures) {
      if (!r.checked) continue;
      ++checked;
      if (r.result == DkimResult::pass) ++passed;
      if (best == nullptr || rank(r.result) > rank(best->result)) best = &r;
    }
    if (best == nullptr) {
      outcome.result = DkimResult::none;
      outcome.reason = "no signature checked";
      return;
    }
    outcome.result = best->result;
    if (best->result == DkimResult::pass) {
      outcome.reason = fmt::format("{} of {} checked signatures pass", passed, checked);
    } else {
      outcome.reason = best->domain.empty() ? best->reason : fmt::format("d={}: {}", best->domain, best->reason);
    }
    if (signature_fields_seen > kMaxSignatureFields) {
      outcome.reason += fmt::format("; {} further signature fields ignored", signature_fields_seen - kMaxSignatureFields);
    }
  }
};

DkimVerifier::DkimVerifier(const DkimLibrary& library, const DkimSettings& settings, dns::LookupBudget* budget)
    : state_(std::make_unique<State>(library, settings, budget)) {}

DkimVerifier::~DkimVerifier() = default;

std::string DkimVerifier::field_for_dkim(const Header& header) {
  std::string out;
  out.reserve(header.name.size() + 1 + header.raw_value.size() + header.raw_value.size() / 32);
  out += header.name;
  out.push_back(':');
  char previous = ':';
  for (char c : header.raw_value) {
    if (c == '\n' && previous != '\r') out.push_back('\r');
    out.push_back(c);
    previous = c;
  }
  return out;
}

void DkimVerifier::header(const Header& header) {
  State& s = *state_;
  if (s.stage != State::Stage::headers) return;
  const bool is_signature = iequals(header.name, "DKIM-Signature");
  s.header_bytes += header.name.size() + header.raw_value.size() + 3;
  if (s.header_bytes > s.settings.max_header_bytes) s.headers_over_limit = true;
  if (s.headers_over_limit) {
    // Nothing more reaches libopendkim; signature fields are still listed.
    if (is_signature) s.on_signature(header.raw_value);
    return;
  }
  if (!s.open()) return;
  std::string field = field_for_dkim(header);
  if (is_signature) {
    if (!s.on_signature(header.raw_value)) return;
  } else if (!s.saw_from && iequals(header.name, "From")) {
    s.saw_from = true;
    s.from_domain = from_domain_guess(header.raw_value);
  }
  // A field libopendkim refuses is left out of its hashing, as OpenDKIM
  // does; signatures covering it then fail.
  (void)dkim_header(s.dkim, reinterpret_cast<u_char*>(field.data()), field.size());
}

void DkimVerifier::end_of_headers(std::chrono::steady_clock::time_point deadline) {
  State& s = *state_;
  if (s.stage != State::Stage::headers) return;
  s.stage = State::Stage::body;
  if (s.signature_fields_seen == 0 || s.headers_over_limit || s.dkim == nullptr) return;
  s.deadline_ = deadline;
  DkimLibrary::Binding binding(s);
  s.eoh_called = true;
  s.eoh_status = dkim_eoh(s.dkim);
}

void DkimVerifier::body(std::string_view chunk) {
  State& s = *state_;
  if (s.stage != State::Stage::body || !s.eoh_called || s.eoh_status != DKIM_STAT_OK || chunk.empty()) return;
  (void)dkim_body(s.dkim, reinterpret_cast<u_char*>(const_cast<char*>(chunk.data())), chunk.size());
}

const DkimOutcome& DkimVerifier::end_of_message(std::chrono::steady_clock::time_point deadline) {
  State& s = *state_;
  if (s.stage == State::Stage::done) return s.outcome;
  if (s.stage == State::Stage::headers) end_of_headers(deadline);
  DKIM_STAT eom_status = DKIM_STAT_OK;
  if (s.eoh_called && s.eoh_status == DKIM_STAT_OK) {
    s.deadline_ = deadline;
    DkimLibrary::Binding binding(s);
    bool testkey = false;
    eom_status = dkim_eom(s.dkim, &testkey);
  }
  s.finish(eom_status);
  return s.outcome;
}

}  // namespace brandguard::policy::auth
