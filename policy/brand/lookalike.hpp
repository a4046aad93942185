// LookalikeEngine: does a host name imitate a brand's domain, and does a
// piece of text name a brand? The brand checks ask it about every host a
// message shows (From, Reply-To, MAIL FROM, HELO, DKIM d=, Message-ID,
// link hosts) and about display names and subjects.
//
// How a host is judged (classify), strongest first; the first that holds
// is the answer, over all brands:
//   official      the host is an official domain, a subdomain of one, or
//                 under the registrable domain of one (the brand registered
//                 it). Never a lookalike, whatever else matches.
//   free_hosting  the host is under a free hosting / dynamic platform
//                 suffix and its name there carries the brand (keyword,
//                 official domain, or a label imitating an official label):
//                 ledger-live.pages.dev, sync-ledger1.firebaseapp.com.
//   homoglyph     the skeleton (Confusables::fold) of the registrable label
//                 or of the whole registrable domain equals an official
//                 one's: ledgеr.com (xn--ledgr-2we.com), 1edger.com,
//                 ledger.corn; or the label without its accents
//                 (Confusables::strip_accents), as written or folded, is
//                 an official label: lédger.com, ledgér.io, 1édger.com.
//   tld_swap      the registrable label is an official label, under another
//                 public suffix: ledger.io, ledger.co.uk.
//   addition ... vowel_swap   the registrable label is one of the dnstwist
//                 variants of an official label (domain_variants.hpp),
//                 precomputed at create(); looked up as written, after
//                 folding ("1edgre"), without accents ("lédgre") and both.
//   typosquat     another edit (optimal string alignment) of the folded or
//                 the written label, or of either without accents, against
//                 the official label folded or as written (U-labels):
//                 distance 1 from official labels of 5 to 8 characters, up
//                 to 2 from labels of 9 or more. Lengths and edits count
//                 characters (code points), not bytes or A-label octets:
//                 "büchex" is one edit from "bücher", "lédgxr" one from
//                 "ledger" once its accent is removed.
//   brand_combo   a brand keyword is a token of the registrable label
//                 beside other words (see "Tokens" below): updates-ledger.com,
//                 ledgerlive-update.net, secure-ledger1.com.
//   brand_subdomain  an official domain or a brand keyword in the labels
//                 left of a foreign registrable domain:
//                 ledger.com.secure-verify.net, www-ledger-com.evil.net.
// The strength order is the order above except free_hosting, which is
// decided first because the platform's suffix makes the registrable domain
// ("ledger.web.app") look like a tld_swap.
//
// Tokens: a label is split into tokens at '-', '.', digits and any other
// non-letter, and where a letter of Latin or of a script imitating it
// (Greek, Cyrillic, Armenian, Cherokee, Coptic) meets a letter of another
// script: languages written without spaces put brand names right against
// their words ("Ledgerのお知らせ", "ledgerサポート.com"). A keyword matches
// a token that equals it, or a token that is the keyword with words of
// kGlueWords glued before and/or after it ("ledgerlive", "myledger",
// "ledgersupportcenter"). Any other remainder is a different word:
// "knowledge", "knowledgeriver", "ledgerinsights", "ledgerwood" do not
// match. Both the written tokens and the folded ones are tried
// ("1edger-support" -> "ledger-support"), and both again without accents
// ("lédger-support"). The same readings find the brand in the names of
// brand_subdomain and free_hosting.
//
// Accents: a brand's own accents count ("bücher" is not "bucher"); the
// accentless reading only removes accents from what is examined, so a
// label or word with accents that reads as a keyword or official label
// once they are gone imitates it.
//
// Text (brands_named_in): the same token rule over the words of the text,
// read as written (lowercased), folded (Confusables::fold), folded
// lowercase-first (so "Instagram" still reads as instagram), and both
// folds again of the text without accents (Confusables::strip_accents:
// "Lédger Live"). Runs
// of three or more single letters separated by up to three spaces,
// punctuation marks or symbols (not digits) are joined ("L e d g e r",
// "L.e.d.g.e.r", "L🔥e🔥d🔥g🔥e🔥r"), and a keyword anywhere in the joined
// run counts ("a L e d g e r" joins to "aledger"). A folded word of six
// letters or more that is a glued compound whose core is one edit from a
// keyword of five letters or more also names the brand ("LedgeLive",
// "Ledgrsupport"); a lone misspelt word does not ("Hedger").
// A keyword or name counts as written plainly when it matches the text as
// written (lowercased) at some place with no default-ignorable character
// inside it or right beside it that Confusables::is_obfuscated finds
// deceptive there ("Ledger\u200bLive", "\u200bLedger" are disguised; the
// emoji variation selector of "❤️Ledger" is not). Accents elsewhere in the
// text change nothing: "Café Ledger" names Ledger plainly.
//
// Thread safety: immutable after create(); classify and brands_named_in
// are const, lock-free and safe from any number of threads. The
// PublicSuffixList passed to create() must outlive the engine
// (PublicSuffixList::system() does).
//
// Errors: create() returns a message naming the brand and the entry at
// fault. classify and brands_named_in never throw except std::bad_alloc;
// anything that is not a host name is `none`.
//
// Cost: create() builds a few hundred variants per official label.
// classify of an ASCII host is a normalization, one PSL lookup, a few hash
// lookups and at most a handful of bounded edit distances; a label with
// accents adds one NFD/NFC pass and one fold of the label (and of the
// registrable domain), text with accents two folds of the stripped text.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <tl/expected.hpp>

#include "domain/domain_name.hpp"

namespace brandguard::policy::brand {

enum class LookalikeKind {
  none,             // unrelated domain
  official,         // the official domain or a subdomain of it
  homoglyph,        // skeleton equals the official registrable label (ledgеr.com, 1edger.com, xn--ledgr-2we.com)
  addition,         // dnstwist kinds on the registrable label
  omission,
  repetition,
  replacement,
  transposition,
  insertion,
  hyphenation,
  bitsquatting,
  vowel_swap,
  typosquat,        // other edit distance 1 (labels >= 5 chars) or 2 (labels >= 9 chars) on skeletons
  tld_swap,         // same label, other public suffix: ledger.io, ledger.co.uk
  brand_combo,      // brand keyword as a token of the registrable label with other words
  brand_subdomain,  // brand keyword or official domain in the subdomain part of a foreign domain
  free_hosting,     // brand keyword in the name on a free hosting / dynamic platform suffix
};

// "homoglyph", "brand_combo", ...: the enumerator's name.
std::string_view to_string(LookalikeKind kind) noexcept;

// The default `free_hosting_suffixes` of LookalikeEngine::create: platforms
// where anyone gets a name for free, in minutes, often with a valid
// certificate.
inline constexpr std::string_view kDefaultFreeHostingSuffixes[] = {
    "pages.dev",        "firebaseapp.com", "web.app",         "netlify.app",     "vercel.app",
    "github.io",        "herokuapp.com",   "glitch.me",       "workers.dev",     "r2.dev",
    "wixsite.com",      "weebly.com",      "blogspot.com",    "webflow.io",      "myshopify.com",
    "square.site",      "godaddysites.com", "ngrok.io",       "ngrok-free.app",  "repl.co",
    "surge.sh",         "onrender.com",    "fly.dev",         "azurewebsites.net", "cloudfront.net",
    "appspot.com",      "000webhostapp.com", "ipfs.io",       "dweb.link",
};

// Words phishers glue to a brand keyword inside one token ("ledgerlive",
// "myledger", "ledgersupport", "LedgerPay", "wwwledger", "ledgersafe").
// "the" is left out on purpose: "theledger" is a newspaper's domain
// (theledger.com), and a phisher's "the-ledger-x" is caught as a token
// anyway. Nor may a word here complete a real word beginning or ending
// with a keyword: "ledgerwood", "ledgerinsights", "knowledge" stay other
// words (tests/unit/policy/brand/test_lookalike.cpp checks them).
inline constexpr std::string_view kGlueWords[] = {
    "live",     "support", "wallet",   "secure",     "update",  "app",      "help",    "login",  "verify",
    "recovery", "official", "service", "connect",    "nano",    "team",     "mail",    "info",   "notice",
    "sync",     "online",  "account",  "desk",       "care",    "center",   "id",      "auth",   "web",
    "my",       "go",      "get",      "pay",        "vault",   "safe",     "safety",  "secured", "security",
    "alert",    "www",     "recover",  "protect",    "guard",   "notify",   "assist",  "assistance", "fix",
    "restore",  "validate", "validation", "portal",  "hub",     "dapp",     "airdrop", "claim",  "reward",
    "rewards",  "bonus",   "kyc",      "token",      "tokens",  "nft",      "defi",    "chain",
};

struct BrandDomains {                          // one brand, as configured
  std::string brand_id;                        // "ledger"
  std::vector<std::string> official_domains;   // any case, U- or A-labels; normalized at create()
  std::vector<std::string> keywords;           // "ledger": sought in domains and in text
  std::vector<std::string> names = {};         // "Ledger Live": sought in text only, like keywords
};

struct LookalikeMatch {
  LookalikeKind kind = LookalikeKind::none;
  std::string brand_id;
  std::string official_domain;  // the official domain imitated (or the keyword for combo/subdomain/free_hosting)
  std::string host;             // the normalized host examined (empty if it was not a host name)
  std::string evidence;         // one short line: "xn--ledgr-2we.com (ledgеr.com) is a homoglyph of ledger.com"
};

class LookalikeEngine {
 public:
  // Normalizes official domains, precomputes every dnstwist variant of each
  // official registrable label into a hash map, and the skeletons. An
  // error names the brand and the entry: an official domain that does not
  // normalize or is a public suffix, an empty keyword or name (or one with
  // no letters), a free hosting suffix that is not a domain name, a brand
  // with an empty id, or ICU unavailable.
  static tl::expected<std::shared_ptr<const LookalikeEngine>, std::string> create(
      std::vector<BrandDomains> brands, std::vector<std::string> free_hosting_suffixes,
      const domain::PublicSuffixList& psl = domain::PublicSuffixList::system());

  ~LookalikeEngine();
  LookalikeEngine(const LookalikeEngine&) = delete;
  LookalikeEngine& operator=(const LookalikeEngine&) = delete;

  // A host name as it appears in mail (any case, U-label or A-label,
  // trailing dot, garbage). Hosts of more than 253 bytes, address
  // literals and anything normalize_domain refuses are `none`.
  LookalikeMatch classify(std::string_view host) const;

  // Ids of the brands whose keywords or names the text contains as whole
  // tokens (see the header comment), in configuration order, each once.
  // `obfuscated` (if not null) is set to whether some keyword or name of a
  // brand found was seen only by folding, removing accents, joining single
  // letters or the one-edit compound rule, or only with invisible
  // characters in or beside it, not plainly in the text as written
  // ("Iedger", "Lеԁgеr", "Lédger", "L e d g e r", "Ledger\u200bLive", and
  // "Ledger Iive": the keyword is plain, the name "Ledger Live" is
  // disguised). Text beyond
  // Confusables::kMaxInputBytes is ignored.
  std::vector<std::string> brands_named_in(std::string_view utf8_text, bool* obfuscated) const;

  struct Data;  // the precomputed tables (lookalike.cpp)

 private:
  explicit LookalikeEngine(std::unique_ptr<Data> data);
  std::unique_ptr<Data> data_;
};

}  // namespace brandguard::policy::brand
