#!/usr/bin/python3
"""`brandguard fingerprint`: one line per message, 16 hex digits or '-',
equal for two sends of one template that differ in order number, link and
address, different for unrelated text; unreadable files are named.

Run: python3 tests/cli/test_fingerprint_cli.py BUILD_DIR
"""

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

TEMPLATE = ("Dear customer, due to the recent data breach at our partner all owners must verify their device "
            "before the deadline. Your order {order} is affected. Follow {link} and complete the verification "
            "within the day, otherwise your assets may be lost. Write to {addr} with questions. Thank you.")


def message(body):
    return ("From: Support <s@example.net>\r\nSubject: Notice\r\nMIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n")


def run(*args):
    return subprocess.run([BRANDGUARD, "fingerprint", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=60)


def test_same_template_same_fingerprint():
    with tempfile.TemporaryDirectory() as d:
        files = []
        bodies = [TEMPLATE.format(order="4815162", link="https://a.example/x", addr="help@a.example"),
                  TEMPLATE.format(order="9900217", link="https://b.example/y?z=1", addr="desk@b.example"),
                  "Your garden chairs left our warehouse this morning and should reach you on Thursday; the "
                  "invoice and the return form are in your account if something is not as expected.",
                  "Hi, thanks!"]
        for i, body in enumerate(bodies):
            path = os.path.join(d, "m%d.eml" % i)
            with open(path, "w") as f:
                f.write(message(body))
            files.append(path)
        p = run(*files)
        check(p.returncode == 0, "exit %d: %s" % (p.returncode, p.stderr))
        lines = p.stdout.splitlines()
        check(len(lines) == 4, p.stdout)
        prints = [line.split("  ", 1)[0] for line in lines]
        check(all(line.endswith(f) for line, f in zip(lines, files)), p.stdout)
        check(re.fullmatch(r"[0-9a-f]{16}", prints[0]) is not None, prints[0])
        check(prints[0] == prints[1], "one template, two sends: %r" % prints[:2])
        check(prints[2] != prints[0] and re.fullmatch(r"[0-9a-f]{16}", prints[2]) is not None, prints[2])
        check(prints[3] == "-", "too short: %r" % prints[3])


def test_errors():
    p = run("/nonexistent/x.eml")
    check(p.returncode == 66, "exit %d" % p.returncode)
    check("/nonexistent/x.eml" in p.stderr, p.stderr)
    check(run().returncode == 64, "no file: usage")


def main():
    for fn in (test_same_template_same_fingerprint, test_errors):
        RUN.test(fn)
    return RUN.summary()


if __name__ == "__main__":
    sys.exit(main())
