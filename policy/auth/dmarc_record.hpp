// DmarcRecord: one DMARC policy record (RFC 7489 6.3), parsed by
// libopendmarc and read back into plain values we own.
//
// Why libopendmarc for parsing but not for evaluation: its parser is the
// one OpenDMARC admins know (same accepted abbreviations, same errors), but
// its alignment and pct handling are wrong (DEPENDENCIES.md 2c), so
// evaluation lives in dmarc.cpp.
//
// Thread safety: parse_dmarc_record() may run on any thread; each call has
// its own libopendmarc policy context. The process-wide library init runs
// once (std::call_once).
//
// Bounds: a record longer than kMaxDmarcRecordBytes is refused unparsed.
// Errors are values (DmarcParseError), never exceptions except bad_alloc.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace brandguard::policy::auth {

enum class DmarcPolicy { none, quarantine, reject };
enum class DmarcAlignmentMode { relaxed, strict };

std::string_view to_string(DmarcPolicy policy) noexcept;

struct DmarcRecord {
  DmarcPolicy p = DmarcPolicy::none;
  DmarcPolicy sp = DmarcPolicy::none;  // p when the record has no sp=
  DmarcAlignmentMode adkim = DmarcAlignmentMode::relaxed;
  DmarcAlignmentMode aspf = DmarcAlignmentMode::relaxed;
  int pct = 100;  // 0..100
};

// libopendmarc's parse statuses, by name (the numbers are its own).
enum class DmarcParseError { empty, bad_version, bad_value, no_required_p, too_long, other };

std::string_view to_string(DmarcParseError error) noexcept;

inline constexpr std::size_t kMaxDmarcRecordBytes = 2048;

// `domain`: the domain the record was found at (without "_dmarc.").
tl::expected<DmarcRecord, DmarcParseError> parse_dmarc_record(std::string_view domain, std::string_view record);

// RFC 7489 6.6.3: only TXT strings starting with "v=DMARC1" (ASCII case
// ignored, optional whitespace before ';') are DMARC records; others at
// the name are discarded.
bool looks_like_dmarc_record(std::string_view txt) noexcept;

}  // namespace brandguard::policy::auth
