// `brandguard bench`: a milter-protocol load generator (MTA side) that
// replays a CORPUS-FORMAT corpus over N concurrent connections against any
// milter socket and reports throughput, end-of-message latency and errors.
#pragma once

namespace brandguard::cli {

int run_bench(int argc, char** argv);

}  // namespace brandguard::cli
