#!/usr/bin/python3
"""`brandguard scan` end to end: manifest and file modes, JSON shape of
CORPUS-FORMAT.md, hermetic --zone DNS, and errors that name the line.

Run: python3 tests/cli/test_scan_cli.py BUILD_DIR
"""

import json
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
from runner import TestRun, check  # noqa: E402

RUN = TestRun()
DATA = os.path.join(HERE, "..", "data", "scan")
BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
BRANDGUARD = os.path.join(BUILD, "cli", "brandguard")


def scan(*args):
    return subprocess.run([BRANDGUARD, "scan", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=60)


def test_manifest_json_lines_follow_corpus_format():
    p = scan("--json", "--zone", os.path.join(DATA, "zone.txt"), "--manifest", os.path.join(DATA, "manifest.jsonl"))
    check(p.returncode == 0, "exit %d: %s" % (p.returncode, p.stderr))
    lines = [json.loads(line) for line in p.stdout.splitlines()]
    check(len(lines) == 2, "two lines expected: %r" % p.stdout)
    first, second = lines
    check(list(first)[:4] == ["file", "action", "score", "symbols"], "key order %r" % list(first))
    check(first["file"] == "plain.eml", "file %r" % first["file"])
    check(first["spf"] == "pass" and second["spf"] == "fail", "spf %r %r" % (first["spf"], second["spf"]))
    check(first["action"] in ("accept", "tag", "quarantine", "reject", "tempfail"), "action %r" % first["action"])
    check({"name": "SPF_FAIL", "score": 1.0, "evidence": "brand.test: fail for brand.test"} in second["symbols"],
          "symbols %r" % second["symbols"])
    check(len(first["config_version"]) == 16, "config_version %r" % first["config_version"])


def test_file_mode_with_envelope_flags_explains_the_verdict():
    p = scan("--zone", os.path.join(DATA, "zone.txt"), "--client-ip", "198.51.100.1", "--mail-from",
             "news@brand.test", os.path.join(DATA, "plain.eml"))
    check(p.returncode == 0, "exit %d: %s" % (p.returncode, p.stderr))
    check("plain.eml: accept (score 1.00)" in p.stdout, p.stdout)
    check("spf=fail" in p.stdout and "SPF_FAIL" in p.stdout, p.stdout)


def test_without_zone_or_config_dns_is_hermetic():
    p = scan("--json", "--client-ip", "192.0.2.9", "--mail-from", "news@brand.test", os.path.join(DATA, "plain.eml"))
    check(p.returncode == 0, p.stderr)
    check(json.loads(p.stdout)["spf"] == "none", p.stdout)


def test_bad_manifest_line_is_named():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "m.jsonl")
        with open(path, "w") as f:
            f.write('{"file": "x.eml"}\n[1, 2]\n')
        p = scan("--manifest", path)
        check(p.returncode == 65, "exit %d" % p.returncode)
        check("%s:2: not a JSON object" % path in p.stderr, p.stderr)
        with open(path, "w") as f:
            f.write('{"client_ip": "192.0.2.1"}\n')
        p = scan("--manifest", path)
        check("%s:1: \"file\" is required" % path in p.stderr, p.stderr)


def test_bad_zone_line_is_named():
    with tempfile.TemporaryDirectory() as tmp:
        zone = os.path.join(tmp, "zone.txt")
        with open(zone, "w") as f:
            f.write("ok.test. IN A 192.0.2.1\nbad IN A 1.2.3.4\n")
        p = scan("--zone", zone, os.path.join(DATA, "plain.eml"))
        check(p.returncode == 65, "exit %d" % p.returncode)
        check("%s:2: owner must be an absolute domain name" % zone in p.stderr, p.stderr)


def main():
    for fn in (test_manifest_json_lines_follow_corpus_format, test_file_mode_with_envelope_flags_explains_the_verdict,
               test_without_zone_or_config_dns_is_hermetic, test_bad_manifest_line_is_named,
               test_bad_zone_line_is_named):
        RUN.test(fn)
    return RUN.summary()


if __name__ == "__main__":
    sys.exit(main())
