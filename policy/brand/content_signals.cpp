// ContentSignalScanner: the lexicon (content_lexicon.hpp) and the brands'
// order patterns compiled into Hyperscan databases; one pass of each over
// the subject and over the text.
//
// Secret requests and secret nouns need every match with its start (the
// negation judgement reads the words before a request; a noun counts as a
// mention only outside the requests): their database reports all matches
// with leftmost starts. Every other phrase only needs its first place,
// and start-of-match tracking made the whole lexicon scan four times
// slower (bench/README.md, "Profile"): those phrases are scanned without
// starts, each reporting its first end, and the start of the one match
// kept per signal is found afterwards by scanning a short window before
// that end with the same phrases compiled with starts.
// Each signal keeps its earliest match; secret requests are first judged
// by negation.hpp (a bounded look-around).
// Phone numbers and crypto addresses come from their own linear finders.
#include "brand/content_signals.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <new>
#include <utility>

#include "brand/content_lexicon.hpp"
#include "brand/crypto_addresses.hpp"
#include "brand/negation.hpp"
#include "brand/phone_numbers.hpp"
#include "rules/pattern_set.hpp"

namespace brandguard::policy::brand {

namespace {

// The caller caps decoded text already; this cap keeps the scanner's own
// cost bounded whatever the caller does. Past it the scan is incomplete.
constexpr std::size_t kMaxScanBytes = std::size_t{1} << 20;
constexpr std::size_t kMaxEvidenceBytes = 80;
constexpr std::size_t kSignalCount = static_cast<std::size_t>(Signal::urgency) + 1;
// Secret request and noun spans kept per buffer to tell mentions from
// the nouns inside requests, and negation checks per buffer once a request
// is found. Past these, a pathological text may report a mention it would
// not otherwise. Until a request is found every candidate is checked (each
// check reads a bounded window, so the cost stays linear in the text):
// a thousand warnings must not hide the request after them.
constexpr std::size_t kMaxSecretSpans = 64;
constexpr std::size_t kMaxNegationChecks = 512;
// How far before its end the start of a phrase match is looked for. Every
// lexicon phrase is shorter; an order pattern ending in an unbounded digit
// run may start earlier, and then its evidence starts at the window.
constexpr std::size_t kStartWindowBytes = 512;

std::size_t index_of(Signal s) noexcept {
  return static_cast<std::size_t>(s);
}

// The longest prefix of `s` of at most `max` bytes that ends on a UTF-8
// character boundary.
std::string_view utf8_prefix(std::string_view s, std::size_t max) noexcept {
  if (s.size() <= max) return s;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xc0) == 0x80) --cut;
  return s.substr(0, cut);
}

struct Span {
  std::size_t from = 0;
  std::size_t to = 0;
  bool set = false;
};

// Earliest start wins; at the same start the longer match, which reads
// better as evidence ("enter your PIN code" over "enter your PIN").
void keep_first(Span& best, std::size_t from, std::size_t to) noexcept {
  if (!best.set || from < best.from || (from == best.from && to > best.to)) best = Span{from, to, true};
}

// What one buffer (subject or text) showed.
struct BufferSignals {
  std::array<Span, kSignalCount> best{};
  std::vector<Span> requests;  // not negated
  std::vector<Span> nouns;     // secret nouns, to be checked against requests
  Span negated;                // earliest negated request
  std::size_t negation_checks = 0;
  bool out_of_memory = false;
};

bool inside(const Span& inner, const Span& outer) noexcept {
  return inner.from >= outer.from && inner.to <= outer.to;
}

struct Candidate {
  std::size_t buffer = 0;  // 0 subject, 1 text
  std::size_t from = 0;
  Signal signal = Signal::secret_request;
  std::string evidence;
};

}  // namespace

std::string_view to_string(Signal signal) noexcept {
  switch (signal) {
    case Signal::secret_request:
      return "secret_request";
    case Signal::secret_mention:
      return "secret_mention";
    case Signal::security_pretext:
      return "security_pretext";
    case Signal::order_reference:
      return "order_reference";
    case Signal::shipping_pretext:
      return "shipping_pretext";
    case Signal::carrier_name:
      return "carrier_name";
    case Signal::callback_request:
      return "callback_request";
    case Signal::phone_number:
      return "phone_number";
    case Signal::crypto_address:
      return "crypto_address";
    case Signal::threat:
      return "threat";
    case Signal::payment_demand:
      return "payment_demand";
    case Signal::urgency:
      return "urgency";
  }
  return "secret_request";
}

struct ContentSignalScanner::Data {
  // Secret requests and nouns: every match, with starts; ids index `roles`.
  std::shared_ptr<const rules::PatternSet> positional;
  std::vector<PhraseRole> roles;
  // Every other phrase: first end of each (`plain`); the same phrases with
  // starts (`plain_starts`), scanned only over a window. Ids index `signals`.
  std::shared_ptr<const rules::PatternSet> plain;
  std::shared_ptr<const rules::PatternSet> plain_starts;
  std::vector<Signal> signals;

  // One buffer through the databases. False if Hyperscan failed.
  bool scan_buffer(std::string_view text, BufferSignals& out) const {
    const bool positional_ok = scan_positional(text, out);
    const bool plain_ok = scan_plain(text, out);
    return positional_ok && plain_ok;
  }

  bool scan_positional(std::string_view text, BufferSignals& out) const {
    out.requests.reserve(kMaxSecretSpans);  // no allocation inside the callback
    out.nouns.reserve(kMaxSecretSpans);
    const auto on_match = [&](const rules::Match& m) -> bool {
      if (m.id >= roles.size() || m.to > text.size() || m.from > m.to) return true;
      if (roles[m.id] == PhraseRole::mention) {
        if (out.nouns.size() < kMaxSecretSpans) out.nouns.push_back(Span{m.from, m.to, true});
        return true;
      }
      if (out.negation_checks >= kMaxNegationChecks && out.best[index_of(Signal::secret_request)].set) return true;
      ++out.negation_checks;
      const RequestForm form = roles[m.id] == PhraseRole::request ? RequestForm::imperative : RequestForm::clause;
      bool negated = false;
      try {
        negated = negated_request(text, m.from, m.to, form);
      } catch (...) {  // bad_alloc: must not unwind through Hyperscan
        out.out_of_memory = true;
        return false;
      }
      if (negated) {
        keep_first(out.negated, m.from, m.to);
      } else {
        keep_first(out.best[index_of(Signal::secret_request)], m.from, m.to);
        if (out.requests.size() < kMaxSecretSpans) out.requests.push_back(Span{m.from, m.to, true});
      }
      return true;
    };
    const bool ok = positional->scan(text, on_match);
    if (out.out_of_memory) throw std::bad_alloc();
    // Mentions: negated requests, and secret nouns outside every request.
    Span& mention = out.best[index_of(Signal::secret_mention)];
    if (out.negated.set) keep_first(mention, out.negated.from, out.negated.to);
    for (const Span& noun : out.nouns) {
      const bool in_request =
          std::any_of(out.requests.begin(), out.requests.end(), [&](const Span& r) { return inside(noun, r); });
      if (!in_request) keep_first(mention, noun.from, noun.to);
    }
    return ok;
  }

  bool scan_plain(std::string_view text, BufferSignals& out) const {
    std::array<std::size_t, kSignalCount> first_end{};
    std::array<bool, kSignalCount> found{};
    const auto on_end = [&](const rules::Match& m) -> bool {
      if (m.id >= signals.size() || m.to > text.size()) return true;
      const std::size_t s = index_of(signals[m.id]);
      if (!found[s] || m.to < first_end[s]) first_end[s] = m.to;
      found[s] = true;
      return true;
    };
    bool ok = plain->scan(text, on_end);
    for (std::size_t s = 0; s < kSignalCount; ++s) {
      if (!found[s]) continue;
      // The window holds the first match of the signal (ending at `end`)
      // and what follows it, so that the match kept is the earliest
      // starting one there, at its longest ("order #123456", not the
      // "order #12345" that ended first).
      const std::size_t end = first_end[s];
      std::size_t window = end > kStartWindowBytes ? end - kStartWindowBytes : 0;
      while (window < end && (static_cast<unsigned char>(text[window]) & 0xc0) == 0x80) ++window;
      std::size_t window_end = std::min(text.size(), end + kStartWindowBytes);
      while (window_end < text.size() && (static_cast<unsigned char>(text[window_end]) & 0xc0) == 0x80) ++window_end;
      Span best{window, end, false};
      const auto on_start = [&](const rules::Match& m) -> bool {
        const std::size_t from = window + m.from;
        const std::size_t to = window + m.to;
        if (m.id >= signals.size() || index_of(signals[m.id]) != s || to < end) return true;
        keep_first(best, from, to);
        return true;
      };
      ok = plain_starts->scan(text.substr(window, window_end - window), on_start) && ok;
      keep_first(out.best[s], best.from, best.to);
    }
    return ok;
  }
};

ContentSignalScanner::ContentSignalScanner(std::unique_ptr<Data> data) : data_(std::move(data)) {}
ContentSignalScanner::~ContentSignalScanner() = default;

// Secret requests and nouns: every match with where it starts (negation
// and evidence need the place). Other phrases: the first end of each, and
// the same phrases with starts for the window before that end.
constexpr rules::CompileOptions kPositionalOptions{.all_matches = true, .match_starts = true};
constexpr rules::CompileOptions kPlainOptions{.all_matches = false, .match_starts = false};
constexpr rules::CompileOptions kPlainStartOptions{.all_matches = true, .match_starts = true};

std::optional<std::string> ContentSignalScanner::order_pattern_error(std::string_view pattern) {
  for (const rules::CompileOptions& options : {kPlainOptions, kPlainStartOptions}) {
    auto alone = rules::PatternSet::compile({rules::PatternSpec{std::string(pattern), false, 0}}, options);
    if (alone) continue;
    std::string message = alone.error();
    const std::string prefix = fmt::format("pattern 0 (\"{}\"): ", pattern);
    if (message.rfind(prefix, 0) == 0) message.erase(0, prefix.size());
    return message;
  }
  return std::nullopt;
}

tl::expected<std::shared_ptr<const ContentSignalScanner>, std::string> ContentSignalScanner::create(
    std::vector<std::string> extra_order_patterns) {
  auto data = std::make_unique<Data>();
  std::vector<rules::PatternSpec> positional;
  std::vector<rules::PatternSpec> plain;
  for (const LexiconEntry& entry : content_lexicon()) {
    if (entry.role == PhraseRole::plain) {
      plain.push_back(rules::PatternSpec{lexicon_expression(entry), false, static_cast<unsigned>(plain.size())});
      data->signals.push_back(entry.signal);
    } else {
      positional.push_back(
          rules::PatternSpec{lexicon_expression(entry), false, static_cast<unsigned>(positional.size())});
      data->roles.push_back(entry.role);
    }
  }
  // Each extra pattern alone first, so that an error names it as the
  // configuration wrote it.
  for (std::size_t i = 0; i < extra_order_patterns.size(); ++i) {
    const std::string& pattern = extra_order_patterns[i];
    if (auto error = order_pattern_error(pattern)) {
      return tl::unexpected(fmt::format("order pattern {} (\"{}\"): {}", i, pattern, *error));
    }
    plain.push_back(rules::PatternSpec{pattern, false, static_cast<unsigned>(plain.size())});
    data->signals.push_back(Signal::order_reference);
  }
  auto compiled_positional = rules::PatternSet::compile(positional, kPositionalOptions);
  if (!compiled_positional) return tl::unexpected("content lexicon: " + compiled_positional.error());
  auto compiled_plain = rules::PatternSet::compile(plain, kPlainOptions);
  if (!compiled_plain) return tl::unexpected("content lexicon: " + compiled_plain.error());
  auto compiled_starts = rules::PatternSet::compile(plain, kPlainStartOptions);
  if (!compiled_starts) return tl::unexpected("content lexicon: " + compiled_starts.error());
  data->positional = std::move(*compiled_positional);
  data->plain = std::move(*compiled_plain);
  data->plain_starts = std::move(*compiled_starts);
  return std::shared_ptr<const ContentSignalScanner>(new ContentSignalScanner(std::move(data)));
}

ContentSignals ContentSignalScanner::scan(std::string_view subject, std::string_view text, bool* incomplete) const {
  bool failed = false;
  const std::array<std::string_view, 2> buffers = {utf8_prefix(subject, kMaxScanBytes),
                                                   utf8_prefix(text, kMaxScanBytes)};
  if (buffers[0].size() < subject.size() || buffers[1].size() < text.size()) failed = true;

  ContentSignals result;
  std::vector<Candidate> candidates;
  std::array<bool, kSignalCount> seen{};
  for (std::size_t b = 0; b < buffers.size(); ++b) {
    const std::string_view buffer = buffers[b];
    BufferSignals found;
    if (!data_->scan_buffer(buffer, found)) failed = true;
    for (std::size_t s = 0; s < kSignalCount; ++s) {
      const Span& span = found.best[s];
      if (!span.set || seen[s]) continue;
      seen[s] = true;
      candidates.push_back(
          Candidate{b, span.from, static_cast<Signal>(s),
                    std::string(utf8_prefix(buffer.substr(span.from, span.to - span.from), kMaxEvidenceBytes))});
    }
    for (PhoneNumber& phone : find_phone_numbers(buffer)) {
      if (result.phones_e164.size() >= kMaxPhoneNumbers) break;
      if (std::find(result.phones_e164.begin(), result.phones_e164.end(), phone.e164) != result.phones_e164.end()) {
        continue;
      }
      result.phones_e164.push_back(phone.e164);
      if (!seen[index_of(Signal::phone_number)]) {
        seen[index_of(Signal::phone_number)] = true;
        candidates.push_back(Candidate{b, phone.begin, Signal::phone_number,
                                       std::string(utf8_prefix(phone.written, kMaxEvidenceBytes))});
      }
    }
    for (CryptoAddress& address : find_crypto_addresses(buffer)) {
      if (result.crypto_addresses.size() >= kMaxCryptoAddresses) break;
      if (std::find(result.crypto_addresses.begin(), result.crypto_addresses.end(), address.address) !=
          result.crypto_addresses.end()) {
        continue;
      }
      if (!seen[index_of(Signal::crypto_address)]) {
        seen[index_of(Signal::crypto_address)] = true;
        candidates.push_back(Candidate{b, address.begin, Signal::crypto_address,
                                       std::string(utf8_prefix(address.address, kMaxEvidenceBytes))});
      }
      result.crypto_addresses.push_back(std::move(address.address));
    }
  }
  // Hits in reading order: the subject's, then the text's.
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.buffer != b.buffer ? a.buffer < b.buffer : a.from < b.from;
  });
  result.hits.reserve(candidates.size());
  for (Candidate& c : candidates) result.hits.push_back(SignalHit{c.signal, std::move(c.evidence)});
  if (incomplete != nullptr) *incomplete = failed;
  return result;
}

}  // namespace brandguard::policy::brand
