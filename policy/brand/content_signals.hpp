// ContentSignalScanner: what a message's words ask for and threaten, read
// in English, French, Spanish, German and Japanese. It reports signals with
// the phrase that showed each; the brand judgement decides what they are
// worth (a secret request is phishing from anyone; an order number is
// bait only beside a shipping pretext in mail that is not the brand's).
//
// All phrase matching goes through one Hyperscan database compiled at
// create() (per Snapshot); scratch is per thread (PatternSet). Phone
// numbers and crypto addresses are found by bounded linear scanners and
// validated (E.164 length, base58check / bech32 / hex checksums where the
// format has one), never by a backtracking regex.
//
// Negation: a request is a request only if it is not a warning. "Never
// share your 24 words" and "Ledger will never ask for your recovery
// phrase" are secret_mention, not secret_request: a request phrase that
// follows a negation cue ("never", "jamais", "nunca", "niemals", "決して",
// "do not", "n'...", ...) within the same sentence does not count.
//
// Thread safety: immutable after create(); scan is const and lock-free.
// Errors: create() names a bad extra order pattern. scan never throws
// except std::bad_alloc; a Hyperscan failure sets *incomplete.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace brandguard::policy::brand {

enum class Signal {
  secret_request,    // asks to type, confirm, send or "verify" a recovery phrase / seed / private key / PIN
  secret_mention,    // names such a secret without asking for it (warnings, news)
  security_pretext,  // breach, suspended account, unauthorized access, mandatory update or verification
  order_reference,   // an order number (built-in forms or the brands' order_numbers patterns)
  shipping_pretext,  // delivery failed, customs fee, refund, re-shipment, parcel held
  carrier_name,      // DHL, UPS, FedEx, La Poste, Correos, Yamato ...
  callback_request,  // asks the reader to call or text a number
  phone_number,      // a phone number (see phones_e164)
  crypto_address,    // a valid BTC / ETH / ... address (see crypto_addresses)
  threat,            // physical or exposure threats ("we know where you live", "your family")
  payment_demand,    // pay / send / transfer N in BTC / crypto within a deadline
  urgency,           // within 24 hours, immediately, final notice
};

std::string_view to_string(Signal signal) noexcept;

struct SignalHit {
  Signal signal = Signal::secret_request;
  std::string evidence;  // the matched phrase as written, at most 80 bytes
};

struct ContentSignals {
  std::vector<SignalHit> hits;              // each signal at most once, first evidence kept
  std::vector<std::string> phones_e164;     // "+33123456789", each once, at most 8
  std::vector<std::string> crypto_addresses;  // as written, each once, at most 8

  bool has(Signal s) const noexcept { return find(s) != nullptr; }
  const SignalHit* find(Signal s) const noexcept {
    for (const auto& h : hits) {
      if (h.signal == s) return &h;
    }
    return nullptr;
  }
};

class ContentSignalScanner {
 public:
  // `extra_order_patterns`: Hyperscan regexes (caseless) for order numbers
  // as brands write them, in addition to the built-in forms.
  static tl::expected<std::shared_ptr<const ContentSignalScanner>, std::string> create(
      std::vector<std::string> extra_order_patterns);

  // Why `pattern` cannot be an extra order pattern, compiled exactly as
  // create() compiles it (every match, leftmost starts), or nullopt. The
  // configuration reader calls it to report the error at the pattern's
  // line; create() calls it to name the pattern.
  static std::optional<std::string> order_pattern_error(std::string_view pattern);

  ~ContentSignalScanner();
  ContentSignalScanner(const ContentSignalScanner&) = delete;
  ContentSignalScanner& operator=(const ContentSignalScanner&) = delete;

  // `subject` and `text` are valid UTF-8 (decoded subject; decoded text of
  // all parts, HTML already turned into text). `incomplete` (if not null)
  // is set to whether some part could not be scanned.
  ContentSignals scan(std::string_view subject, std::string_view text, bool* incomplete) const;

  struct Data;

 private:
  explicit ContentSignalScanner(std::unique_ptr<Data> data);
  std::unique_ptr<Data> data_;
};

}  // namespace brandguard::policy::brand
