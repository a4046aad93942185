#!/usr/bin/python3
"""Golden verdicts: scans tests/golden with `brandguard scan --json` and
compares every message with its manifest line's `expect` (action, spf,
dkim, dmarc, and symbols that must appear). Prints one row per message, a
summary per label and language, and exits 1 on any mismatch.

Usage: python3 tests/golden/test_golden.py BRANDGUARD_BINARY CONFIG [--label phish|ham] [--no-symbols]

  --label L      judge only the messages labelled L (the others are still scanned)
  --no-symbols   do not require expect.symbols (actions and authentication only)

Exit status: 0 all expectations met, 1 a mismatch, 2 usage or scan error.
"""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MANIFEST = os.path.join(HERE, "manifest.jsonl")
ZONE = os.path.join(HERE, "zone.txt")
HELD = ("quarantine", "reject")
TAGGED = ("tag", "quarantine", "reject")
# Symbols that say a message was not read whole: a golden message must parse.
NOT_READ = ("LIMIT_HEADERS", "LIMIT_BODY", "LIMIT_RECIPIENTS", "INTERNAL_ERROR", "RULES_SCAN_FAILED")


def usage(message=None):
    if message:
        print("test_golden.py: %s" % message, file=sys.stderr)
    print("usage: test_golden.py BRANDGUARD_BINARY CONFIG [--label phish|ham] [--no-symbols]", file=sys.stderr)
    sys.exit(2)


def parse_args(argv):
    positional, label, symbols = [], None, True
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--label":
            if i + 1 >= len(argv):
                usage("--label needs a value")
            label = argv[i + 1]
            i += 2
            continue
        if a == "--no-symbols":
            symbols = False
        elif a in ("-h", "--help"):
            print(__doc__)
            sys.exit(0)
        elif a.startswith("--"):
            usage("unknown option %s" % a)
        else:
            positional.append(a)
        i += 1
    if len(positional) != 2:
        usage()
    return positional[0], positional[1], label, symbols


def read_manifest():
    entries = []
    with open(MANIFEST, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.strip():
                try:
                    entries.append(json.loads(line))
                except ValueError as e:
                    usage("%s:%d: %s" % (MANIFEST, number, e))
    return entries


def scan(binary, config):
    cmd = [binary, "scan", "--json", "-c", config, "--zone", ZONE, "--manifest", MANIFEST]
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as e:
        print("scan failed: %s: %s" % (" ".join(cmd), e), file=sys.stderr)
        sys.exit(2)
    if p.returncode != 0:
        print("scan failed (exit %d): %s\n%s" % (p.returncode, " ".join(cmd), p.stderr), file=sys.stderr)
        sys.exit(2)
    results = {}
    for line in p.stdout.splitlines():
        r = json.loads(line)
        results[r["file"]] = r
    return results


def judge(entry, result, want_symbols):
    """Returns the list of problems with one message (empty: as expected)."""
    if result is None:
        return ["not scanned"]
    problems = []
    expect = entry.get("expect", {})
    if "action" in expect and result["action"] != expect["action"]:
        problems.append("action %s, expected %s" % (result["action"], expect["action"]))
    for method in ("spf", "dkim", "dmarc"):
        if method in expect and result[method] != expect[method]:
            problems.append("%s=%s, expected %s" % (method, result[method], expect[method]))
    names = {s["name"] for s in result["symbols"]}
    if want_symbols:
        missing = [s for s in expect.get("symbols", []) if s not in names]
        if missing:
            problems.append("missing " + " ".join(missing))
    unread = sorted(names.intersection(NOT_READ))
    if unread:
        problems.append("not read whole: " + " ".join(unread))
    return problems


def language(entry):
    return entry.get("tags", ["?"])[0]


def main():
    binary, config, only_label, want_symbols = parse_args(sys.argv[1:])
    entries = read_manifest()
    results = scan(binary, config)

    rows, failures = [], 0
    for e in entries:
        r = results.get(e["file"])
        judged = only_label is None or e.get("label") == only_label
        problems = judge(e, r, want_symbols) if judged else []
        failures += bool(problems)
        rows.append((e, r, judged, problems))

    width = max(len(os.path.basename(e["file"])) - 4 for e in entries)
    print("%-*s  %-5s  %-10s  %-10s  %6s  %-22s  %s" % (width, "message", "label", "expected", "got", "score",
                                                       "spf/dkim/dmarc", "result"))
    for e, r, judged, problems in rows:
        name = os.path.basename(e["file"])[:-4]
        got = r["action"] if r else "-"
        score = "%6.1f" % r["score"] if r else "     -"
        auth = "%s/%s/%s" % (r["spf"], r["dkim"], r["dmarc"]) if r else "-"
        verdict = "skipped" if not judged else ("ok" if not problems else "MISMATCH: " + "; ".join(problems))
        print("%-*s  %-5s  %-10s  %-10s  %s  %-22s  %s" % (width, name, e.get("label", "?"),
                                                           e.get("expect", {}).get("action", "-"), got, score,
                                                           auth, verdict))

    # Summary: how the phish and ham fare, per language.
    print()
    langs = sorted({language(e) for e in entries})
    print("%-6s  %-22s  %-22s" % ("lang", "phish held (tagged+)", "ham accepted"))
    totals = {"phish": [0, 0, 0], "ham": [0, 0]}
    for lang in langs + ["all"]:
        phish = [r for e, r, _, _ in rows if e.get("label") == "phish" and (lang == "all" or language(e) == lang)]
        ham = [r for e, r, _, _ in rows if e.get("label") == "ham" and (lang == "all" or language(e) == lang)]
        held = sum(1 for r in phish if r and r["action"] in HELD)
        tagged = sum(1 for r in phish if r and r["action"] in TAGGED)
        accepted = sum(1 for r in ham if r and r["action"] == "accept")
        print("%-6s  %-22s  %-22s" % (lang, "%d/%d (%d)" % (held, len(phish), tagged), "%d/%d" % (accepted, len(ham))))
        if lang == "all":
            totals = {"phish": [held, tagged, len(phish)], "ham": [accepted, len(ham)]}
    judged = sum(1 for _, _, j, _ in rows if j)
    print()
    print("golden: %d/%d as expected; phish held %d/%d, tagged or held %d/%d; ham accepted %d/%d" % (
        judged - failures, judged, totals["phish"][0], totals["phish"][2], totals["phish"][1], totals["phish"][2],
        totals["ham"][0], totals["ham"][1]))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
