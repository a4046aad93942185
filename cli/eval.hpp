// `brandguard eval`: the pipeline of `brandguard scan` over a labelled
// corpus, summed up instead of explained: the confusion matrix (label x
// action), the headline rates for phish and ham, mismatches against
// expect.action, per-symbol hit counts and scan time. With --compare a
// second configuration scans every message too and the report shows what
// changed: how an admin gates a rule update before pushing it.
//
// Messages are scanned on --jobs threads, each with its own scan; the
// Snapshots are shared read-only; results are gathered by index, so the
// output does not depend on the number of threads.
//
// Exit status: 0 for a report (misclassified messages included), 1 when a
// --fail-under-phish-tag / --fail-over-ham-tag gate is crossed, EX_USAGE,
// EX_CONFIG, EX_DATAERR (bad manifest or zone) or EX_NOINPUT (a message or
// zone that cannot be read; the report covers the rest) otherwise.
#pragma once

namespace brandguard::cli {

int run_eval(int argc, char** argv);

}  // namespace brandguard::cli
