// Domain names as the authentication and brand checks compare them: one
// canonical form (lowercase ASCII, IDNA A-labels, no trailing dot) and the
// organizational (registrable) domain from the Public Suffix List.
//
// Why here and not in each check: DMARC alignment, DKIM d= matching and
// the lookalike engine must all agree on what "the same domain" means; a
// U-label in a From header and its A-label in a DKIM d= are one domain.
//
// Thread safety: normalize_domain is a pure function. PublicSuffixList is
// immutable after construction and safe to share between threads (libpsl
// lookups only read the loaded list).
//
// Errors: normalize_domain returns nullopt for anything that is not a
// usable host name (empty labels, over 253 octets, bytes IDNA refuses);
// it never throws except std::bad_alloc.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct psl_ctx_st;

namespace brandguard::policy::domain {

// Lowercase A-label form: "Shop.MÜLLER.de." -> "shop.xn--mller-kva.de".
// One trailing dot is removed; an address literal ("[192.0.2.1]") is not a
// domain name and gives nullopt.
std::optional<std::string> normalize_domain(std::string_view name);

class PublicSuffixList {
 public:
  // The newest of libpsl's built-in list and the system file of the
  // `publicsuffix` package.
  static const PublicSuffixList& system();
  // A list read from `path` (PSL text format); nullptr if unreadable.
  static std::unique_ptr<PublicSuffixList> load(const std::string& path);

  ~PublicSuffixList();
  PublicSuffixList(const PublicSuffixList&) = delete;
  PublicSuffixList& operator=(const PublicSuffixList&) = delete;

  // The registrable domain of a normalized name (RFC 7489 3.2
  // organizational domain): "a.b.brand.co.uk" -> "brand.co.uk". A name
  // under no listed suffix uses the implicit "*" rule ("x.brand.test" ->
  // "brand.test"). nullopt for a public suffix itself ("co.uk", "com").
  std::optional<std::string> registrable_domain(std::string_view normalized) const;
  bool is_public_suffix(std::string_view normalized) const;

 private:
  explicit PublicSuffixList(psl_ctx_st* ctx, bool owned) noexcept : ctx_(ctx), owned_(owned) {}
  psl_ctx_st* ctx_;
  bool owned_;
};

}  // namespace brandguard::policy::domain
