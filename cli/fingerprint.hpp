// `brandguard fingerprint FILE.eml...`: the text fingerprint of each
// message, as brands.templates wants it, so an admin can add a campaign
// seen today to the configuration and catch its next wave.
#pragma once

namespace brandguard::cli {

int run_fingerprint(int argc, char** argv);

}  // namespace brandguard::cli
