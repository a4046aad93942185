// `brandguard reload | status | stats`: one request line to the daemon's
// control socket, its reply printed; exit 0 when the reply starts with OK.
#pragma once

namespace brandguard::cli {

int run_control(const char* command, int argc, char** argv);

}  // namespace brandguard::cli
