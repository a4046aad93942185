// RFC 7208 section 12 record syntax, checked before libspf2 evaluates a
// record. libspf2 accepts many invalid records (bad domain-spec top labels,
// bad macro characters, repeated redirect=/exp=, unknown modifiers with bad
// syntax), which the RFC says must be a permerror. Called by our libspf2
// DNS layer for every TXT record that starts with "v=spf1".
//
// Pure function of its input; bounded (records are at most a few KiB).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace brandguard::policy::auth {

// True if `txt` is an SPF version 1 record ("v=spf1" then space or end).
bool is_spf_record(std::string_view txt) noexcept;

// nullopt when `record` is syntactically valid, else what is wrong.
std::optional<std::string> spf_record_syntax_error(std::string_view record);

}  // namespace brandguard::policy::auth
