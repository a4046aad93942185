#!/usr/bin/python3
"""`brandguard eval` end to end on a corpus the test writes: confusion
matrix counts, headline rates, expect.action mismatches and per-symbol hits
in text and JSON, --label mode, --compare listing the messages whose action
changed, --jobs giving the same report, the CI gates' exit status, and the
error exits.

The configs are temporary, with one admin rule (`rules:`) and authentication
off, so the figures depend on nothing but the rule and the thresholds.

Run: python3 tests/cli/test_eval_cli.py BUILD_DIR
"""

import json
import os
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
from runner import TestRun, check  # noqa: E402

RUN = TestRun()
BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
BRANDGUARD = os.path.join(BUILD, "cli", "brandguard")
TMP = tempfile.TemporaryDirectory()
CORPUS = TMP.name

CONFIG = """\
dns:
  mode: zonefile
authentication:
  spf: {enabled: false}
  dkim: {enabled: false}
  dmarc: {enabled: false}
verdict:
  thresholds: {tag: 5, quarantine: 10, reject: 15}
rules:
  - symbol: TEST_RECOVERY_PHRASE
    description: asks for a wallet recovery phrase
    field: body.text
    literal: ["recovery phrase"]
    score: %d
"""

BAIT = "Please confirm your wallet recovery phrase today or lose your funds."
CLEAN = "See you at noon for lunch, the usual place."

# name, label (None: unlabelled), body, expect.action
MESSAGES = [
    ("phish1", "phish", BAIT, "quarantine"),  # gets tag: a mismatch
    ("phish2", "phish", BAIT, None),
    ("phish3", "phish", CLEAN, None),         # missed
    ("ham1", "ham", CLEAN, "accept"),         # as expected
    ("ham2", "ham", CLEAN, None),
    ("ham3", "ham", BAIT, None),              # false positive
    ("spam1", "spam", CLEAN, None),
    ("other1", None, BAIT, None),
]
ACTIONS = ["accept", "tag", "quarantine", "reject", "tempfail"]

# With score 6 (tag threshold 5) every bait message is tagged.
EXPECTED_MATRIX = {
    "phish": {"accept": 1, "tag": 2, "quarantine": 0, "reject": 0, "tempfail": 0, "total": 3},
    "ham": {"accept": 2, "tag": 1, "quarantine": 0, "reject": 0, "tempfail": 0, "total": 3},
    "spam": {"accept": 1, "tag": 0, "quarantine": 0, "reject": 0, "tempfail": 0, "total": 1},
    "unlabelled": {"accept": 0, "tag": 1, "quarantine": 0, "reject": 0, "tempfail": 0, "total": 1},
}


def path(*parts):
    return os.path.join(CORPUS, *parts)


def write_corpus():
    os.makedirs(path("msgs"))
    with open(path("manifest.jsonl"), "w") as manifest:
        for name, label, body, expect in MESSAGES:
            with open(path("msgs", name + ".eml"), "w", newline="") as f:
                f.write("From: Sender <sender@example.net>\r\nTo: you@example.org\r\nSubject: Hello\r\n"
                        "Message-ID: <%s@example.net>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\n\r\n%s\r\n"
                        % (name, body))
            line = {"file": "msgs/%s.eml" % name, "client_ip": "192.0.2.7", "mail_from": "sender@example.net"}
            if label:
                line["label"] = label
            if expect:
                line["expect"] = {"action": expect}
            manifest.write(json.dumps(line) + "\n")
    for name, score in (("a.yaml", 6), ("b.yaml", 12)):
        with open(path(name), "w") as f:
            f.write(CONFIG % score)


def evaluate(*args):
    return subprocess.run([BRANDGUARD, "eval", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=120)


def matrix_rows(text, first_line=0):
    """The text matrix after line `first_line` as {label: {action: n, total: n}}."""
    rows = {}
    for line in text.splitlines()[first_line:]:
        words = line.split()
        if words and words[0] in EXPECTED_MATRIX and words[0] not in rows:
            counts = [int(w) for w in words[1:] if not w.startswith("(")]
            if len(counts) == 6:
                rows[words[0]] = dict(zip(ACTIONS + ["total"], counts))
        if len(rows) == 4:
            break
    return rows


def symbol_row(text, name):
    for line in text.splitlines():
        words = line.split()
        if words and words[0] == name:
            return [int(w) for w in words[1:]]
    return None


def test_manifest_text_report():
    p = evaluate("--config", path("a.yaml"), "--manifest", path("manifest.jsonl"))
    check(p.returncode == 0, "exit %d: %s" % (p.returncode, p.stderr))
    check(matrix_rows(p.stdout) == EXPECTED_MATRIX, "matrix %r in\n%s" % (matrix_rows(p.stdout), p.stdout))
    phish_row = next(line for line in p.stdout.splitlines() if line.startswith("phish "))
    check(re.search(r" 1 \(33\.3%\) +2 \(66\.7%\) +0 \(0\.0%\)", phish_row), "row percentages: %r" % phish_row)
    check("phish: tag or stronger: 2/3 (66.7%)  quarantine or reject: 0/3 (0.0%)" in p.stdout, p.stdout)
    check("ham: tagged or stronger: 1/3 (33.3%)  rejected: 0" in p.stdout, p.stdout)
    check("expect.action: 1 of 2 differ" in p.stdout, p.stdout)
    check("msgs/phish1.eml: expected quarantine, got tag (label phish)" in p.stdout, p.stdout)
    check(symbol_row(p.stdout, "TEST_RECOVERY_PHRASE") == [2, 1, 0, 4], p.stdout)
    check(re.search(r"mean [0-9.]+ ms, p95 [0-9.]+ ms", p.stdout), p.stdout)


def test_manifest_json_report():
    p = evaluate("--json", "--config", path("a.yaml"), "--manifest", path("manifest.jsonl"))
    check(p.returncode == 0, "exit %d: %s" % (p.returncode, p.stderr))
    report = json.loads(p.stdout)
    check(report["matrix"] == EXPECTED_MATRIX, "matrix %r" % report["matrix"])
    check(report["messages"] == len(MESSAGES), "messages %r" % report["messages"])
    check(report["phish"] == {"total": 3, "tag_or_stronger": 2, "tag_or_stronger_pct": 66.7,
                              "quarantine_or_reject": 0, "quarantine_or_reject_pct": 0.0}, report["phish"])
    check(report["ham"] == {"total": 3, "tag_or_stronger": 1, "tag_or_stronger_pct": 33.3, "reject": 0},
          report["ham"])
    check(report["expect"] == {"checked": 2, "mismatches": [
        {"file": "msgs/phish1.eml", "label": "phish", "expected": "quarantine", "action": "tag"}]}, report["expect"])
    hits = {s["name"]: s for s in report["symbols"]}
    check(hits.get("TEST_RECOVERY_PHRASE") == {"name": "TEST_RECOVERY_PHRASE", "phish": 2, "ham": 1, "spam": 0,
                                               "total": 4}, report["symbols"])
    totals = [s["total"] for s in report["symbols"]]
    check(totals == sorted(totals, reverse=True), "symbols by total desc: %r" % report["symbols"])
    check([f["file"] for f in report["files"]] == ["msgs/%s.eml" % m[0] for m in MESSAGES], report["files"])
    check(report["files"][5] == {"file": "msgs/ham3.eml", "label": "ham", "action": "tag", "score": 6.0},
          report["files"][5])
    check(report["scan_ms"]["p95"] >= 0 and report["errors"] == [], report)


def test_label_mode_gives_every_file_the_label():
    files = [path("msgs", n + ".eml") for n in ("phish1", "phish2", "phish3")]
    p = evaluate("--config", path("a.yaml"), "--label", "phish", *files)
    check(p.returncode == 0, "exit %d: %s" % (p.returncode, p.stderr))
    rows = matrix_rows(p.stdout)
    check(rows["phish"] == EXPECTED_MATRIX["phish"], "rows %r\n%s" % (rows, p.stdout))
    check(rows["ham"]["total"] == 0 and rows["unlabelled"]["total"] == 0, rows)
    check("expect.action" not in p.stdout, p.stdout)
    p = evaluate("--json", "--config", path("a.yaml"), "--label", "ham", files[0])
    check(json.loads(p.stdout)["matrix"]["ham"]["tag"] == 1, p.stdout)


def test_compare_lists_changed_messages():
    p = evaluate("--config", path("a.yaml"), "--compare", path("b.yaml"), "--manifest", path("manifest.jsonl"))
    check(p.returncode == 0, "exit %d: %s" % (p.returncode, p.stderr))
    lines = p.stdout.splitlines()
    compare_at = lines.index("== compare ==")
    delta_at = lines.index("== delta (compare minus base) ==")
    check(matrix_rows(p.stdout) == EXPECTED_MATRIX, p.stdout)
    raised = matrix_rows(p.stdout, compare_at)
    check(raised["phish"]["quarantine"] == 2 and raised["phish"]["tag"] == 0, raised)
    check(raised["ham"]["quarantine"] == 1 and raised["unlabelled"]["quarantine"] == 1, raised)
    delta = matrix_rows("\n".join(line + " 0" for line in lines[delta_at:]))  # delta rows have no total
    check(delta["phish"]["tag"] == -2 and delta["phish"]["quarantine"] == 2, delta)
    changed = [line.strip() for line in lines if " -> " in line and line.startswith("  msgs/")]
    check(changed == ["msgs/phish1.eml: tag -> quarantine (label phish)",
                      "msgs/phish2.eml: tag -> quarantine (label phish)",
                      "msgs/ham3.eml: tag -> quarantine (label ham)",
                      "msgs/other1.eml: tag -> quarantine (label unlabelled)"], changed)
    check("action changed: 4 message(s)" in p.stdout, p.stdout)
    check("msgs/phish1.eml: expected quarantine" not in "\n".join(lines[compare_at:]), p.stdout)

    p = evaluate("--json", "--config", path("a.yaml"), "--compare", path("b.yaml"), "--manifest",
                 path("manifest.jsonl"))
    report = json.loads(p.stdout)
    check(report["base"]["matrix"] == EXPECTED_MATRIX, report["base"]["matrix"])
    check(report["compare"]["matrix"]["phish"]["quarantine"] == 2, report["compare"]["matrix"])
    check(report["delta"]["matrix"]["ham"] == {"accept": 0, "tag": -1, "quarantine": 1, "reject": 0, "tempfail": 0},
          report["delta"])
    check({"file": "msgs/ham3.eml", "label": "ham", "from": "tag", "to": "quarantine"} in report["changed"],
          report["changed"])
    check(len(report["changed"]) == 4, report["changed"])


def test_jobs_give_the_same_report():
    jobs = str(min(2, os.cpu_count() or 1))
    reports = []
    for n in ("1", jobs):
        p = evaluate("--json", "--jobs", n, "--config", path("a.yaml"), "--compare", path("b.yaml"), "--manifest",
                     path("manifest.jsonl"))
        check(p.returncode == 0, "exit %d: %s" % (p.returncode, p.stderr))
        report = json.loads(p.stdout)
        for side in ("base", "compare"):
            del report[side]["scan_ms"]
        reports.append(report)
    check(reports[0] == reports[1], "jobs 1 vs %s:\n%r\n%r" % (jobs, reports[0], reports[1]))
    p = evaluate("--jobs", str((os.cpu_count() or 1) + 1), "--manifest", path("manifest.jsonl"))
    check(p.returncode == 64 and "--jobs must be 1 to" in p.stderr, "exit %d: %s" % (p.returncode, p.stderr))


def test_ci_gates_exit_1_when_crossed():
    base = ("--config", path("a.yaml"), "--manifest", path("manifest.jsonl"))
    p = evaluate(*base, "--fail-under-phish-tag", "70")  # 66.7% tagged
    check(p.returncode == 1, "exit %d: %s" % (p.returncode, p.stderr))
    check("phish tagged or stronger 66.7% (2/3) is under 70%" in p.stderr, p.stderr)
    check("phish: tag or stronger: 2/3" in p.stdout, "the report is still printed: %s" % p.stdout)
    p = evaluate(*base, "--fail-under-phish-tag", "60")
    check(p.returncode == 0, "exit %d: %s" % (p.returncode, p.stderr))
    p = evaluate(*base, "--fail-over-ham-tag", "30")  # 33.3% tagged
    check(p.returncode == 1 and "is over 30%" in p.stderr, "exit %d: %s" % (p.returncode, p.stderr))
    p = evaluate(*base, "--fail-over-ham-tag", "40", "--fail-under-phish-tag", "50")
    check(p.returncode == 0, "exit %d: %s" % (p.returncode, p.stderr))
    # With --compare the gates judge the compared (candidate) config.
    p = evaluate(*base, "--compare", path("a.yaml"), "--fail-under-phish-tag", "70")
    check(p.returncode == 1, "exit %d" % p.returncode)
    p = evaluate(*base, "--compare", path("b.yaml"), "--fail-over-ham-tag", "40")
    check(p.returncode == 0, "exit %d: %s" % (p.returncode, p.stderr))
    p = evaluate(*base, "--fail-under-phish-tag", "abc")
    check(p.returncode == 64 and "percentage" in p.stderr, "exit %d: %s" % (p.returncode, p.stderr))


def test_error_exits():
    bad = path("bad.jsonl")
    with open(bad, "w") as f:
        f.write('{"file": "msgs/ham1.eml", "label": "ham"}\n{"file": \n')
    p = evaluate("--manifest", bad)
    check(p.returncode == 65 and "%s:2: not a JSON object" % bad in p.stderr, "exit %d: %s" % (p.returncode, p.stderr))
    with open(bad, "w") as f:
        f.write('{"file": "msgs/ham1.eml", "label": "hma"}\n')
    p = evaluate("--manifest", bad)
    check(p.returncode == 65 and 'label "hma" is not phish, ham or spam' in p.stderr, p.stderr)
    p = evaluate("--bogus", "--manifest", path("manifest.jsonl"))
    check(p.returncode == 64 and "unknown option --bogus" in p.stderr, "exit %d: %s" % (p.returncode, p.stderr))
    p = evaluate(path("msgs", "ham1.eml"))
    check(p.returncode == 64 and "need --label" in p.stderr, "exit %d: %s" % (p.returncode, p.stderr))
    p = evaluate("--label", "spamm", path("msgs", "ham1.eml"))
    check(p.returncode == 64, "exit %d" % p.returncode)
    p = evaluate("--label", "ham", "--manifest", path("manifest.jsonl"))
    check(p.returncode == 64, "exit %d" % p.returncode)
    p = evaluate("--config", path("missing.yaml"), "--manifest", path("manifest.jsonl"))
    check(p.returncode == 78, "exit %d: %s" % (p.returncode, p.stderr))
    # An unreadable message: the others are still reported, the exit says EX_NOINPUT.
    p = evaluate("--json", "--config", path("a.yaml"), "--label", "ham", path("msgs", "ham1.eml"),
                 path("msgs", "absent.eml"))
    check(p.returncode == 66, "exit %d: %s" % (p.returncode, p.stderr))
    report = json.loads(p.stdout)
    check(report["messages"] == 1 and len(report["errors"]) == 1 and "absent.eml" in report["errors"][0], report)


def main():
    write_corpus()
    for fn in (test_manifest_text_report, test_manifest_json_report, test_label_mode_gives_every_file_the_label,
               test_compare_lists_changed_messages, test_jobs_give_the_same_report, test_ci_gates_exit_1_when_crossed,
               test_error_exits):
        RUN.test(fn)
    TMP.cleanup()
    return RUN.summary()


if __name__ == "__main__":
    sys.exit(main())
