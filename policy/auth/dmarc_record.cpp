// DMARC record parsing through libopendmarc (DEPENDENCIES.md 2c): a
// policy context per call, opendmarc_policy_parse_dmarc(), then the
// fetch_* accessors. The library's global init runs once with no TLD
// file: we never let it compute organizational domains.
#include "auth/dmarc_record.hpp"

#include <opendmarc/dmarc.h>

#include <cstring>
#include <memory>
#include <mutex>
#include <string>

#include "message/ascii.hpp"

namespace brandguard::policy::auth {

std::string_view to_string(DmarcPolicy policy) noexcept {
  switch (policy) {
    case DmarcPolicy::none: return "none";
    case DmarcPolicy::quarantine: return "quarantine";
    case DmarcPolicy::reject: return "reject";
  }
  return "none";
}

std::string_view to_string(DmarcParseError error) noexcept {
  switch (error) {
    case DmarcParseError::empty: return "empty record";
    case DmarcParseError::bad_version: return "not v=DMARC1";
    case DmarcParseError::bad_value: return "bad tag value";
    case DmarcParseError::no_required_p: return "no p= tag";
    case DmarcParseError::too_long: return "record too long";
    case DmarcParseError::other: return "unparsable record";
  }
  return "unparsable record";
}

namespace {

void init_library_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    static OPENDMARC_LIB_T lib{};
    lib.tld_type = OPENDMARC_TLD_TYPE_NONE;
    (void)opendmarc_policy_library_init(&lib);
  });
}

struct ContextDeleter {
  void operator()(DMARC_POLICY_T* p) const noexcept { opendmarc_policy_connect_shutdown(p); }
};

DmarcPolicy policy_of(int value, DmarcPolicy fallback) noexcept {
  switch (value) {
    case DMARC_RECORD_P_NONE: return DmarcPolicy::none;
    case DMARC_RECORD_P_QUARANTINE: return DmarcPolicy::quarantine;
    case DMARC_RECORD_P_REJECT: return DmarcPolicy::reject;
    default: return fallback;
  }
}

DmarcAlignmentMode mode_of(int value) noexcept {
  return value == DMARC_RECORD_A_STRICT ? DmarcAlignmentMode::strict : DmarcAlignmentMode::relaxed;
}

}  // namespace

bool looks_like_dmarc_record(std::string_view txt) noexcept {
  std::size_t i = 0;
  while (i < txt.size() && (txt[i] == ' ' || txt[i] == '\t')) ++i;
  const std::string_view v = txt.substr(i);
  if (v.size() < 8) return false;
  if (!(v[0] == 'v' || v[0] == 'V')) return false;
  std::size_t j = 1;
  while (j < v.size() && (v[j] == ' ' || v[j] == '\t')) ++j;
  if (j >= v.size() || v[j] != '=') return false;
  ++j;
  while (j < v.size() && (v[j] == ' ' || v[j] == '\t')) ++j;
  const std::string_view rest = v.substr(j);
  if (rest.size() < 6 || ascii_upper(rest.substr(0, 6)) != "DMARC1") return false;
  const std::string_view after = rest.substr(6);
  for (const char c : after) {
    if (c == ';') return true;
    if (c != ' ' && c != '\t') return false;
  }
  return true;
}

tl::expected<DmarcRecord, DmarcParseError> parse_dmarc_record(std::string_view domain, std::string_view record) {
  if (record.size() > kMaxDmarcRecordBytes) return tl::unexpected(DmarcParseError::too_long);
  if (record.find('\0') != std::string_view::npos) return tl::unexpected(DmarcParseError::bad_value);
  init_library_once();
  std::unique_ptr<DMARC_POLICY_T, ContextDeleter> ctx(
      opendmarc_policy_connect_init(reinterpret_cast<u_char*>(const_cast<char*>("0.0.0.0")), DMARC_POLICY_IP_TYPE_IPV4));
  if (!ctx) throw std::bad_alloc();
  std::string domain_copy(domain.substr(0, DMARC_MAXHOSTNAMELEN - 1));
  std::string record_copy(record);
  const int status = opendmarc_policy_parse_dmarc(ctx.get(), reinterpret_cast<u_char*>(domain_copy.data()),
                                                  reinterpret_cast<u_char*>(record_copy.data()));
  switch (status) {
    case DMARC_PARSE_OKAY: break;
    case DMARC_PARSE_ERROR_EMPTY: return tl::unexpected(DmarcParseError::empty);
    case DMARC_PARSE_ERROR_BAD_VERSION: return tl::unexpected(DmarcParseError::bad_version);
    case DMARC_PARSE_ERROR_BAD_VALUE: return tl::unexpected(DmarcParseError::bad_value);
    case DMARC_PARSE_ERROR_NO_REQUIRED_P: return tl::unexpected(DmarcParseError::no_required_p);
    default: return tl::unexpected(DmarcParseError::other);
  }
  int p = 0;
  int sp = 0;
  int adkim = 0;
  int aspf = 0;
  int pct = 100;
  (void)opendmarc_policy_fetch_p(ctx.get(), &p);
  (void)opendmarc_policy_fetch_sp(ctx.get(), &sp);
  (void)opendmarc_policy_fetch_adkim(ctx.get(), &adkim);
  (void)opendmarc_policy_fetch_aspf(ctx.get(), &aspf);
  (void)opendmarc_policy_fetch_pct(ctx.get(), &pct);
  DmarcRecord out;
  out.p = policy_of(p, DmarcPolicy::none);
  out.sp = policy_of(sp, out.p);
  out.adkim = mode_of(adkim);
  out.aspf = mode_of(aspf);
  out.pct = pct < 0 ? 0 : (pct > 100 ? 100 : pct);
  return out;
}

}  // namespace brandguard::policy::auth
