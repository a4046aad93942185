// The libmilter callback table. Every xxfi_* entry is a noexcept
// trampoline: fetch the Session, call one method inside a catch-all, map
// the result to an sfsistat. No exception ever crosses into libmilter;
// a failure yields the configured on_error action.
#pragma once

#include <libmilter/mfapi.h>

namespace brandguard::milter {

// The filter description to pass to smfi_register().
smfiDesc make_filter_description() noexcept;

}  // namespace brandguard::milter
