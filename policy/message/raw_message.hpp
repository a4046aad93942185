// Splits a message file (.eml, RFC 5322 bytes, CRLF or LF line ends) into
// what an MTA hands a milter: header fields as (name, raw value) with the
// value's leading space kept and folded lines joined by a bare LF, exactly
// as Postfix sends them with SMFIP_HDR_LEADSPC (see tests/e2e/harness.py);
// and the body with CRLF line ends. The offline scan feeds a Transaction
// from this, so offline and live verdicts are the same.
//
// Hostile input: a leading mbox "From " line is skipped; a line in the
// header section that is neither a field nor a continuation ends the
// headers (Postfix treats it as the start of the body); NUL bytes are kept.
// Bounded by the input size; no recursion.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "message/header.hpp"

namespace brandguard::policy {

struct RawMessage {
  std::vector<Header> headers;
  std::string body;  // CRLF line ends
};

RawMessage split_message(std::string_view bytes);

}  // namespace brandguard::policy
