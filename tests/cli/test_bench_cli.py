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
            serial = run_bench([spec], "--concurrency", "1", "--messages", "50")
    # One connection at a time: a small message takes about a millisecond.
    # The Nagle/delayed-ACK stall (a reply split over packets, the second
    # held until the peer's delayed ACK) would put every end of message at
    # 40 ms or more, so the median would sit there.
    check(serial["errors"] == 0 and serial["p50_ms"] < 30, "serial run: %r" % serial)
    check(p.returncode == 0, "bench exit %d: %s" % (p.returncode, p.stderr))
    report = json.loads(p.stdout)
    check(report["messages"] == 200 and report["errors"] == 0, report)
    check(report["finals"] == "c=200", "final replies %r" % report["finals"])
    check(report["socket"] == spec and report["sockets"] == [spec], report)
    for key in ("msgs_per_s", "p50_ms", "p99_ms", "p999_ms", "client_cpu_ms_per_msg"):
        check(report[key] > 0, "%s: %r" % (key, report))
    print("     %s: %.0f msgs/s, p50 %.2f ms" % (spec.split(":")[0], report["msgs_per_s"], report["p50_ms"]))


# Chains: a tagging instance (subject prefix) and a second one with the same
# rules plus a reject for the manifest's second client and a reject when it
# sees the first one's subject prefix.
TAG_VERDICT = 'verdict:\n  subject_prefix: "[SUSPICIOUS]"\nrules:\n'
REJECTING_RULES = """\
  - symbol: BENCH_REJECT_CLIENT
    field: client.ip
    literal: ["198.51.100.9"]
    score: 30
  - symbol: BENCH_SAW_OTHER_MILTERS_EDIT
    field: header:Subject
    literal: ["[SUSPICIOUS]"]
    score: 30
"""


def run_bench(sockets, *extra):
    argv = [os.path.join(BUILD, "cli", "brandguard"), "bench"]
    for spec in sockets:
        argv += ["--socket", spec]
    argv += ["--manifest", os.path.join(DATA, "manifest.jsonl"), "--json"] + list(extra)
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
    check(p.returncode == 0, "bench exit %d: %s" % (p.returncode, p.stderr))
    return json.loads(p.stdout)


def read_record(path, n):
    with open(path) as f:
        lines = [json.loads(line) for line in f]
    check(len(lines) == n, "%d record lines, want %d" % (len(lines), n))
    return lines


def test_bench_chains_milters():
    """--socket A --socket B as smtpd_milters = A, B: both see every message
    until one refuses it; the refusal is the final reply; a milter after it
    is never asked for the end of message. In Postfix's order B sees A's
    header edits; with --interleave it sees the message as sent."""
    with tempfile.TemporaryDirectory() as tmp:
        tagging, rejecting = os.path.join(tmp, "tag.sock"), os.path.join(tmp, "reject.sock")
        for name, path, extra in (("tag", tagging, ""), ("reject", rejecting, REJECTING_RULES)):
            with open(os.path.join(tmp, name + ".yaml"), "w") as f:
                f.write(CONFIG.format(socket="unix:" + path).replace("rules:\n", TAG_VERDICT) + extra)
        with ManagedProcess([os.path.join(BUILD, "milter", "brandguard-milter"), "-c", os.path.join(tmp, "tag.yaml")],
                            name="milter-tag", log_path=os.path.join(tmp, "tag.log"), ready_unix_socket=tagging), \
             ManagedProcess([os.path.join(BUILD, "milter", "brandguard-milter"), "-c",
                             os.path.join(tmp, "reject.yaml")], name="milter-reject",
                            log_path=os.path.join(tmp, "reject.log"), ready_unix_socket=rejecting):
            a, b = "unix:" + tagging, "unix:" + rejecting
            # The same milter twice: two connections per message.
            twice = run_bench([a, a], "--concurrency", "4", "--messages", "100")
            check(twice["sockets"] == [a, a] and twice["socket"] == a + ", " + a, twice)
            check(twice["messages"] == 100 and twice["errors"] == 0 and twice["chain_order"] == "postfix", twice)
            check(twice["finals"] == "c=100" and twice["finals_per_socket"] == ["c=100", "c=100"], twice)

            # Tagging first, then rejecting, in Postfix's order: the second
            # gets the Subject the first rewrote, so it rejects every message.
            record = os.path.join(tmp, "record.jsonl")
            ab = run_bench([a, b], "--concurrency", "2", "--messages", "40", "--record", record)
            check(ab["messages"] == 40 and ab["errors"] == 0, ab)
            check(ab["finals"] == "y=40" and ab["finals_per_socket"] == ["c=40", "y=40"], ab)
            for line in read_record(record, 40):
                tag, rej = line["milters"]
                check(tag["socket"] == a and rej["socket"] == b and line["ended_by"] == b, line)
                check(line["latency_ms"] > 0 and line["start_ms"] > 0, line)
                subject = [m["value"] for m in tag["modifications"] if m.get("name") == "Subject"]
                check(len(subject) == 1 and subject[0].lstrip().startswith("[SUSPICIOUS]"), tag)
                check(any(m.get("name") == "X-BrandGuard" for m in tag["modifications"]), tag)
                check(rej["reply"] == "y" and rej["text"].startswith("550"), rej)

            # The same with --interleave: the second sees the Subject as
            # sent and rejects only the messages of client 198.51.100.9.
            ab = run_bench([a, b], "--interleave", "--concurrency", "2", "--messages", "40", "--record", record)
            check(ab["errors"] == 0 and ab["chain_order"] == "interleaved", ab)
            check(ab["finals"] == "c=20,y=20" and ab["finals_per_socket"] == ["c=40", "c=20,y=20"], ab)
            for line in read_record(record, 40):
                rejected = line["final"] == "y"
                check(rejected == (line["index"] % 2 == 1), line)
                check(line["ended_by"] == (b if rejected else None), line)

            # Rejecting first: the tagging milter is aborted before it gets
            # the content of a rejected message ('-': never answered).
            for order in ([], ["--interleave"]):
                ba = run_bench([b, a], "--concurrency", "2", "--messages", "40", *order)
                check(ba["errors"] == 0 and ba["finals"] == "c=20,y=20", ba)
                check(ba["finals_per_socket"] == ["c=20,y=20", "-=20,c=20"], ba)
    print("     chained: %.0f msgs/s (same milter twice), %.0f msgs/s (reject, tag)"
          % (twice["msgs_per_s"], ba["msgs_per_s"]))


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
    for fn in (test_bench_over_unix_socket, test_bench_over_inet_socket, test_bench_reports_an_unreachable_milter,
               test_bench_chains_milters):
        RUN.test(fn)
    return RUN.summary()


if __name__ == "__main__":
    sys.exit(main())
