#!/usr/bin/python3
"""`brandguard bench` against the real daemon over both socket kinds: every
message gets a well-formed final reply, and the JSON report has the fields
bench/ scripts read. (Speed is measured under bench/, not asserted here.)

Run: python3 tests/cli/test_bench_cli.py BUILD_DIR
"""

import json
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
from harness import ManagedProcess, free_port  # noqa: E402
from runner import TestRun, check  # noqa: E402

RUN = TestRun()
DATA = os.path.join(HERE, "..", "data", "scan")
BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")

CONFIG = """\
milter:
  socket: {socket}
control:
  socket: ""                # no control socket in this test
dns:
  mode: zonefile
authentication:
  trusted_networks: []
logging:
  level: warning
rules:
  - symbol: BENCH_TAG
    field: header:Subject
    literal: ["hello"]
    score: 6
"""


def bench_against(spec, ready_kw):
    with tempfile.TemporaryDirectory() as tmp:
        cfg = os.path.join(tmp, "bg.yaml")
        with open(cfg, "w") as f:
            f.write(CONFIG.format(socket=spec))
        with ManagedProcess([os.path.join(BUILD, "milter", "brandguard-milter"), "-c", cfg], name="milter",
                            log_path=os.path.join(tmp, "milter.log"), **ready_kw):
            p = subprocess.run([os.path.join(BUILD, "cli", "brandguard"), "bench", "--socket", spec, "--manifest",
                                os.path.join(DATA, "manifest.jsonl"), "--concurrency", "4", "--messages", "200",
                                "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
    check(p.returncode == 0, "bench exit %d: %s" % (p.returncode, p.stderr))
    report = json.loads(p.stdout)
    check(report["messages"] == 200 and report["errors"] == 0, report)
    check(report["finals"] == "c=200", "final replies %r" % report["finals"])
    for key in ("msgs_per_s", "p50_ms", "p99_ms", "p999_ms", "client_cpu_ms_per_msg"):
        check(report[key] > 0, "%s: %r" % (key, report))
    print("     %s: %.0f msgs/s, p50 %.2f ms" % (spec.split(":")[0], report["msgs_per_s"], report["p50_ms"]))


def test_bench_over_unix_socket():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "m.sock")
        bench_against("unix:" + path, {"ready_unix_socket": path})


def test_bench_over_inet_socket():
    port = free_port()
    bench_against("inet:%d@127.0.0.1" % port, {"ready_port": port})


def test_bench_reports_an_unreachable_milter():
    with tempfile.TemporaryDirectory() as tmp:
        p = subprocess.run([os.path.join(BUILD, "cli", "brandguard"), "bench", "--socket",
                            "unix:" + os.path.join(tmp, "none.sock"), os.path.join(DATA, "plain.eml")],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
    check(p.returncode == 1, "exit %d" % p.returncode)
    check("1 failed; first: connect" in p.stderr, p.stderr)


def main():
    for fn in (test_bench_over_unix_socket, test_bench_over_inet_socket, test_bench_reports_an_unreachable_milter):
        RUN.test(fn)
    return RUN.summary()


if __name__ == "__main__":
    sys.exit(main())
