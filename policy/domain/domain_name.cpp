// Domain normalization with libidn2 (UTS 46 non-transitional mapping, as
// browsers and mail clients resolve names) and registrable domains with
// libpsl. libpsl needs lowercase input ("A.EVIL.CO.UK" gives "CO.UK",
// DEPENDENCIES.md libpsl), which normalize_domain guarantees.
#include "domain/domain_name.hpp"

#include <idn2.h>
#include <libpsl.h>

#include <cstdlib>

#include "message/ascii.hpp"

namespace brandguard::policy::domain {

namespace {

constexpr std::size_t kMaxNameOctets = 253;
constexpr std::size_t kMaxLabelOctets = 63;

bool is_ascii(std::string_view s) noexcept {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// LDH labels plus '_' (DKIM selectors, SPF and DMARC names use it).
bool valid_ascii_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > kMaxNameOctets) return false;
  std::size_t label = 0;
  for (const char c : name) {
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
      continue;
    }
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok || ++label > kMaxLabelOctets) return false;
  }
  return label != 0;
}

struct FreeC {
  void operator()(char* p) const noexcept { idn2_free(p); }
};

}  // namespace

std::optional<std::string> normalize_domain(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  // Bound the work before IDNA: a name of more than 4x the wire limit
  // cannot map to a valid one.
  if (name.empty() || name.size() > 4 * kMaxNameOctets || name.front() == '[') return std::nullopt;
  if (is_ascii(name)) {
    std::string lower = ascii_lower(name);
    // A-labels are checked by IDNA too: "xn--" followed by garbage is not a name.
    bool has_a_label = lower.rfind("xn--", 0) == 0 || lower.find(".xn--") != std::string::npos;
    if (!has_a_label) {
      if (!valid_ascii_name(lower)) return std::nullopt;
      return lower;
    }
  }
  const std::string input(name);
  char* out = nullptr;
  const int rc = idn2_to_ascii_8z(input.c_str(), &out, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
  std::unique_ptr<char, FreeC> owned(out);
  if (rc != IDN2_OK || out == nullptr) {
    // IDNA refuses some names mail uses (underscores, A-labels of older
    // IDNA 2003 registrations): keep an already-ASCII name if it is LDH.
    if (is_ascii(name)) {
      std::string lower = ascii_lower(name);
      if (valid_ascii_name(lower)) return lower;
    }
    return std::nullopt;
  }
  std::string result = ascii_lower(out);
  if (!valid_ascii_name(result)) return std::nullopt;
  return result;
}

const PublicSuffixList& PublicSuffixList::system() {
  // psl_latest() picks the newer of the built-in list and the packaged
  // file; psl_builtin() is the fallback when neither loads.
  static const PublicSuffixList list = [] {
    psl_ctx_t* latest = psl_latest(nullptr);
    if (latest != nullptr) return PublicSuffixList(latest, true);
    return PublicSuffixList(const_cast<psl_ctx_t*>(psl_builtin()), false);
  }();
  return list;
}

std::unique_ptr<PublicSuffixList> PublicSuffixList::load(const std::string& path) {
  psl_ctx_t* ctx = psl_load_file(path.c_str());
  if (ctx == nullptr) return nullptr;
  return std::unique_ptr<PublicSuffixList>(new PublicSuffixList(ctx, true));
}

PublicSuffixList::~PublicSuffixList() {
  if (owned_ && ctx_ != nullptr) psl_free(ctx_);
}

std::optional<std::string> PublicSuffixList::registrable_domain(std::string_view normalized) const {
  if (ctx_ == nullptr || normalized.empty()) return std::nullopt;
  const std::string name(normalized);
  const char* registrable = psl_registrable_domain(ctx_, name.c_str());
  if (registrable == nullptr) return std::nullopt;
  return std::string(registrable);
}

bool PublicSuffixList::is_public_suffix(std::string_view normalized) const {
  if (ctx_ == nullptr) return false;
  const std::string name(normalized);
  return psl_is_public_suffix(ctx_, name.c_str()) != 0;
}

}  // namespace brandguard::policy::domain
