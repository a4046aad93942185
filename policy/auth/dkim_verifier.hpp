// DkimVerifier: DKIM (RFC 6376, RFC 8463 Ed25519) verification of one
// message with libopendkim, fed stage by stage as the milter delivers it.
//
// Calling stages: header() for every header field in order (header stage),
// end_of_headers() once (eoh), body() for every body chunk (body),
// end_of_message() once (eom). Header values are our Header{name,
// raw_value}: raw_value is everything after the colon (leading space
// included) with folded lines joined by a bare LF as Postfix sends them
// ("first\n\tsecond"); the verifier rebuilds "Name:raw_value" with CRLF
// line breaks so that simple canonicalization sees the original bytes.
// Body chunks are CRLF bytes as the MTA sent them.
//
// DNS: when a DKIM-Signature field arrives, its d= and s= are parsed here
// (bounded) and the key lookup s._domainkey.d TXT starts at once (the key
// prefetch); libopendkim asks for keys inside end_of_headers() and gets the
// pending lookup. end_of_headers() and end_of_message() block for DNS at
// most until their deadline.
//
// Limits: at most `max_signatures` signatures are verified (those whose d=
// aligns with the From domain first, then in header order); the others are
// reported as not checked. Key lookups are bounded by `max_lookups` and by
// the message's shared LookupBudget when one is given. A signature whose
// h= names more than kMaxSignedFields fields, or whose field is longer than
// kMaxSignatureFieldBytes, is a permerror without being verified.
//
// Thread safety: one verifier per message, used by one thread at a time
// (the connection's current callback; it may be a different thread at each
// stage). The DkimLibrary is shared and must outlive the verifier, as must
// the LookupBudget when given.
//
// Errors: nothing here turns into pass; DNS failures are temperror, bad
// keys and malformed signatures permerror, a failed hash or signature fail.
// Only std::bad_alloc may escape a method; libopendkim's callbacks never
// see an exception.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "auth/dkim_library.hpp"
#include "dns/lookup_budget.hpp"
#include "message/header.hpp"

namespace brandguard::policy::auth {

// RFC 8601 result values for one signature or the whole message. `policy`:
// the signature verified but our policy refuses it (key too small, rsa-sha1
// when not allowed).
enum class DkimResult { none, pass, fail, neutral, policy, temperror, permerror };

std::string_view to_string(DkimResult result) noexcept;

struct DkimSettings {
  std::size_t max_signatures = 5;  // signatures verified per message
  std::size_t max_lookups = 10;    // key lookups per message (DKIM's own cap)
  // rsa-sha1 signatures are "policy" unless allowed (RFC 8301 3.1).
  bool allow_rsa_sha1 = false;
  // Header bytes fed to libopendkim per message; past it the signatures
  // are "policy" (not verified).
  std::size_t max_header_bytes = 1 << 20;
};

struct DkimSignatureResult {
  std::string domain;     // d=, lowercase
  std::string selector;   // s=
  std::string algorithm;  // a=, lowercase ("rsa-sha256", "ed25519-sha256")
  std::string identity;   // i= as given (bounded), empty if absent
  std::string b_prefix;   // first 8 characters of b= (RFC 6008 header.b)
  unsigned key_bits = 0;  // 0 when no key was loaded
  DkimResult result = DkimResult::none;
  std::string reason;     // short, ours, safe to log
  bool checked = true;    // false: over max_signatures, not verified
  bool testing = false;   // the key has t=y
};

struct DkimOutcome {
  // Over the checked signatures: pass if one passed, else temperror,
  // policy, fail, permerror, neutral in that order; none if unsigned.
  DkimResult result = DkimResult::none;
  std::string reason;
  std::vector<DkimSignatureResult> signatures;  // one per DKIM-Signature field, in header order
  std::size_t lookups = 0;                      // key lookups started
};

class DkimVerifier {
 public:
  static constexpr std::size_t kMaxSignedFields = 128;
  static constexpr std::size_t kMaxSignatureFieldBytes = 64 * 1024;
  // DKIM-Signature fields beyond this count are not examined at all, and
  // not shown to libopendkim (nor are fields our parse finds malformed).
  static constexpr std::size_t kMaxSignatureFields = 64;

  // `budget`: the message's shared DNS budget (SPF, DKIM, DMARC), or
  // nullptr for DKIM's own cap only.
  DkimVerifier(const DkimLibrary& library, const DkimSettings& settings, dns::LookupBudget* budget = nullptr);
  ~DkimVerifier();
  DkimVerifier(const DkimVerifier&) = delete;
  DkimVerifier& operator=(const DkimVerifier&) = delete;

  void header(const Header& header);
  void end_of_headers(std::chrono::steady_clock::time_point deadline);
  void body(std::string_view chunk);
  // Finishes verification; later calls return the same outcome.
  const DkimOutcome& end_of_message(std::chrono::steady_clock::time_point deadline);

  // Rebuilds a header field as libopendkim wants it: "Name:raw_value" with
  // every bare LF turned into CRLF (no CRLF at the end).
  static std::string field_for_dkim(const Header& header);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace brandguard::policy::auth
