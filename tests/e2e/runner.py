"""A tiny test runner for the end-to-end scripts (stdlib only).

Each test is a function run in order; a failure is recorded with its
traceback and the run goes on. `summary()` prints the closing line
"N passed, M failed" that CI reads, and returns the exit status.
"""

import re
import sys
import time
import traceback


class TestRun:
    def __init__(self):
        self.results = []
        self.started = time.monotonic()
        sys.stdout.reconfigure(line_buffering=True)

    def test(self, fn):
        """Run fn now, record pass/fail, never abort the run. True if it passed."""
        t0 = time.monotonic()
        try:
            fn()
        except Exception:
            self.results.append((fn.__name__, False))
            print("FAIL %s (%.2fs)" % (fn.__name__, time.monotonic() - t0))
            traceback.print_exc()
            return False
        self.results.append((fn.__name__, True))
        print("ok   %s (%.2fs)" % (fn.__name__, time.monotonic() - t0))
        return True

    def skip_rest(self, names):
        """Record tests that could not run because a prerequisite failed."""
        for name in names:
            self.results.append((name, False))
            print("FAIL %s (not run: prerequisite failed)" % name)

    def summary(self):
        passed = sum(1 for _n, ok in self.results if ok)
        failed = len(self.results) - passed
        print("%.1fs" % (time.monotonic() - self.started))
        print("%d passed, %d failed" % (passed, failed))
        return 1 if failed or not self.results else 0


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def one_header(msg, name):
    """The one value of header `name` in a delivered message, whitespace
    folded; fails the test unless there is exactly one."""
    values = [re.sub(r"\s+", " ", v).strip() for v in (msg.get_all(name) or [])]
    check(len(values) == 1, "expected one %s, got %r" % (name, values))
    return values[0]


def run_e2e_suite(run, state, setup, tests):
    """The common main() of the end-to-end scripts.

    Needs root (a private Postfix). argv[1] is the build directory, kept in
    state["build"]. Runs `setup`, then every test (or records them as not
    run when setup failed), then stops what setup put in `state`: the
    Postfix instance ("pf", kept on failure for debugging), the milter
    ("milter", whose log tail is printed on failure), the DNS server
    ("nsd") and the temp dir ("tmp", kept on failure).
    """
    import os
    import shutil

    if os.geteuid() != 0:
        print("must run as root (private Postfix instance)")
        return 2
    state["build"] = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
    try:
        if run.test(setup):
            for fn in tests:
                run.test(fn)
        else:
            run.skip_rest([fn.__name__ for fn in tests])
    finally:
        ok = all(passed for _n, passed in run.results)
        if "pf" in state:
            state["pf"].keep = not ok
            state["pf"].stop()
        if "milter" in state:
            if not ok:
                print("---- milter log (tail) ----")
                print(state["milter"].output_tail(40))
            state["milter"].stop()
        if "nsd" in state:
            state["nsd"].stop()
        if "tmp" in state:
            if ok:
                shutil.rmtree(state["tmp"], ignore_errors=True)
            else:
                print("kept %s for debugging" % state["tmp"])
    return run.summary()
