// `brandguard scan`: the full pipeline offline over .eml files or a
// CORPUS-FORMAT manifest, explained for a human or as JSON lines.
#pragma once

namespace brandguard::cli {

int run_scan(int argc, char** argv);

}  // namespace brandguard::cli
