#!/usr/bin/python3
"""End-to-end privacy (RELIABILITY-TESTS.md S4, S5): what the daemon logs and
writes while a corpus goes through real Postfix.

The daemon runs the shipped config/brandguard.yaml (its brands, rules and
its `logging` section unchanged: stderr, text, info), with only the
sockets, the DNS (hermetic zone file of tests/golden), the first-seen store
and the trusted networks moved for the test. The corpus is every message of
tests/golden (sent with its manifest's client, HELO and envelope through
XCLIENT) plus generated messages whose local parts, display names, subjects
and body phrases carry unique markers (plain and RFC 2047 encoded).

S4: the daemon's log holds none of the corpus's local parts, display names,
    subjects or body phrases, but does hold, for every message, its queue
    id, verdict and envelope sender domain (so the grep is not vacuous).
S5: run under strace: the daemon creates, writes, renames or binds no file
    outside its runtime directory and its state directory (the first-seen
    store); its private TMPDIR and working directory stay empty, and the
    store holds no marker.

Run: python3 tests/e2e/test_privacy.py BUILD_DIR   (as root)
"""

import email
import email.header
import email.policy
import email.utils
import grp
import json
import os
import re
import shutil
import signal
import sys
import tempfile

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from harness import ManagedProcess, PostfixInstance, build_message, wait_until  # noqa: E402
from runner import TestRun, check, run_e2e_suite  # noqa: E402

RUN = TestRun()
state = {}
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
GOLDEN = os.path.join(ROOT, "tests", "golden")
SHIPPED = os.path.join(ROOT, "config")
STRACE = "/usr/bin/strace"
TRACED = ("open,openat,openat2,creat,mkdir,mkdirat,rename,renameat,renameat2,link,linkat,symlink,symlinkat,"
          "unlink,unlinkat,truncate,mknod,mknodat,bind,accept,accept4")
# Words of the daemon's own log lines; a local part equal to one of them
# could not be told apart from the format, so it is searched as an address.
LOG_WORDS = {"qid", "action", "score", "symbols", "client", "mail_from_domain", "rcpts", "ms", "config",
             "accept", "tag", "quarantine", "reject", "tempfail", "info", "error", "warning", "reload",
             "listening", "with", "stopping", "finishing", "open", "sessions", "stopped", "brandguard"}

# Generated messages: every marker is unique to its field.
SYNTHETIC = 12


def marker(kind, i):
    return "zq%s%02dqz" % (kind, i)


# --------------------------------------------------------------------------

def prepare_config(tmp, run_dir, state_dir):
    """The shipped config tree, with only the lines the test must move."""
    etc = os.path.join(tmp, "etc")
    shutil.copytree(SHIPPED, etc, ignore=shutil.ignore_patterns("*.cpp", "*.hpp", "CMakeLists.txt"))
    path = os.path.join(etc, "brandguard.yaml")
    with open(path) as f:
        text = f.read()
    shipped_logging = re.search(r"^logging:\n(?:  .*\n)+", text, re.M).group(0)
    replacements = [
        (r"^  socket: unix:/run/brandguard/milter\.sock$", "  socket: unix:%s/milter.sock" % run_dir),
        (r"^  socket_group: .*$", "  socket_group: postfix"),
        (r"^  socket: /run/brandguard/control\.sock$", "  socket: %s/control.sock" % run_dir),
        (r"^  mode: system .*$", "  mode: zonefile\n  zone_file: %s" % os.path.join(GOLDEN, "zone.txt")),
        (r"^  trusted_networks: .*$", "  trusted_networks: []"),
        (r"^    path: /var/lib/brandguard/first-seen\.db$", "    path: %s/first-seen.db" % state_dir),
    ]
    for rx, new in replacements:
        text, n = re.subn(rx, new, text, flags=re.M)
        check(n == 1, "shipped config changed: %r matched %d times" % (rx, n))
    check(re.search(r"^logging:\n(?:  .*\n)+", text, re.M).group(0) == shipped_logging, "logging section moved")
    check("level: info" in shipped_logging and "target: stderr" in shipped_logging,
          "the shipped logging is no longer stderr/info: %r" % shipped_logging)
    with open(path, "w") as f:
        f.write(text)
    return path


def golden_corpus():
    out = []
    with open(os.path.join(GOLDEN, "manifest.jsonl")) as f:
        for line in f:
            if line.strip():
                entry = json.loads(line)
                with open(os.path.join(GOLDEN, entry["file"]), "rb") as m:
                    entry["data"] = m.read()
                out.append(entry)
    return out


def synthetic_corpus():
    """Messages with a marker in every private field. Some speak as the
    brand (so brand symbols with evidence fire), some use RFC 2047."""
    out = []
    for i in range(SYNTHETIC):
        lp, dn, subj, body = (marker(k, i) for k in ("lp", "dn", "sj", "bd"))
        rlp, rdn = marker("rl", i), marker("rn", i)
        domain = "example.net" if i % 3 else "ledger-help-desk.com"
        display = "%s Ledger Support" % dn
        subject = "%s your Ledger recovery phrase" % subj
        if i % 2:
            from_h = "%s <%s@%s>" % (email.header.Header(display + " \u00e9", "utf-8").encode(), lp, domain)
            subject_h = email.header.Header(subject + " \u00e9", "utf-8").encode()
        else:
            from_h = '"%s" <%s@%s>' % (display, lp, domain)
            subject_h = subject
        text = ("Dear customer,\n\n%s: your Ledger Nano must be verified again. Enter your 24-word "
                "recovery phrase at https://ledger-verify.example.net/%s within 24 hours.\n" % (body, body))
        data = build_message(mail_from="%s@%s" % (lp, domain), to="%s@example.org" % rlp, subject=subject_h,
                             body=text, headers=[("From", from_h), ("To", '"%s" <%s@example.org>' % (rdn, rlp)),
                                                 ("Reply-To", "%s-reply@%s" % (lp, domain))])
        out.append({"file": "synthetic-%02d" % i, "client_ip": "203.0.113.%d" % (10 + i),
                    "helo": "mail.%s" % domain, "mail_from": "%s@%s" % (lp, domain),
                    "rcpt": ["%s@example.org" % rlp], "data": data,
                    "markers": [lp, dn, subj, body, rlp, rdn]})
    return out


def decoded(value):
    if value is None:
        return ""
    try:
        return str(email.header.make_header(email.header.decode_header(value)))
    except Exception:
        return value


def private_strings(entry):
    """(kind, string, as_token) for what must never reach the log."""
    msg = email.message_from_bytes(entry["data"], policy=email.policy.compat32)
    out = []
    addresses = [entry["mail_from"]] + list(entry["rcpt"])
    for name in ("From", "To", "Cc", "Reply-To", "Sender"):
        for value in msg.get_all(name) or []:
            for display, addr in email.utils.getaddresses([decoded(value)]):
                if display.strip():
                    out.append(("display name", display.strip(), False))
                addresses.append(addr)
    for addr in addresses:
        if "@" not in addr:
            continue
        local = addr.rsplit("@", 1)[0]
        if not local:
            continue
        out.append(("address", addr, False))
        if len(local) >= 3 and local.lower() not in LOG_WORDS:
            out.append(("local part", local, True))
    subject = decoded(msg["Subject"]).strip()
    if subject:
        out.append(("subject", subject, False))
        if len(subject) > 24:
            out.append(("subject start", subject[:24], False))
    lines = []
    for part in msg.walk():
        if part.get_content_maintype() != "text":
            continue
        payload = part.get_payload(decode=True) or b""
        text = payload.decode(part.get_content_charset() or "utf-8", "replace")
        text = re.sub(r"<[^>]*>", " ", text)
        lines += [re.sub(r"\s+", " ", l).strip() for l in text.splitlines()]
    lines = [l for l in lines if len(l) >= 30]
    for line in lines[:4]:
        out.append(("body", line[:28], False))
    for m in entry.get("markers", []):
        out.append(("marker", m, False))
    return out


def leaks(log, entry):
    """Private strings of entry found in log. Addresses and markers are
    searched caselessly anywhere; the rest case-sensitively as whole words,
    so that a display name "Ledger" is not found in the logged (and
    allowed) sender domain "ledger.com"."""
    found = []
    lower = log.lower()
    for kind, s, _as_token in private_strings(entry):
        if kind in ("address", "marker"):
            if s.lower() in lower:
                found.append((kind, s))
        elif re.search(r"(?<![\w.+-])%s(?![\w+-]|\.\w)" % re.escape(s), log):
            found.append((kind, s))
    return found


def xclient_send(entry):
    pf = state["pf"]
    helo = entry.get("helo") or "unknown.example"
    name = entry.get("client_name") or "[UNAVAILABLE]"
    addr = entry["client_ip"]
    if ":" in addr:
        addr = "IPV6:" + addr     # XCLIENT syntax for an IPv6 client
    return pf.send(mail_from=entry["mail_from"], to=entry["rcpt"] or ["rcpt@example.org"], data=entry["data"],
                   helo=helo, extra_args=["--xclient", "ADDR=%s NAME=%s HELO=%s" % (addr, name, helo)])


def daemon_pid():
    """The milter's pid: the child of strace."""
    with open("/proc/%d/task/%d/children" % (state["strace"].pid, state["strace"].pid)) as f:
        kids = f.read().split()
    return int(kids[0]) if kids else None


# --------------------------------------------------------------------------

def test_start_traced_milter_and_postfix():
    tmp = tempfile.mkdtemp(prefix="bg-e2e-privacy-")
    state["tmp"] = tmp
    os.chmod(tmp, 0o750)
    os.chown(tmp, 0, grp.getgrnam("postfix").gr_gid)
    run_dir = os.path.join(tmp, "run")
    state_dir = os.path.join(tmp, "state")
    private_tmp = os.path.join(tmp, "tmpdir")
    cwd = os.path.join(tmp, "cwd")
    for d in (run_dir, state_dir, private_tmp, cwd):
        os.mkdir(d, 0o750)
    os.chown(run_dir, 0, grp.getgrnam("postfix").gr_gid)
    state.update(run_dir=run_dir, state_dir=state_dir, private_tmp=private_tmp, cwd=cwd)
    config = prepare_config(tmp, run_dir, state_dir)
    state["log"] = os.path.join(tmp, "milter.log")
    state["trace"] = os.path.join(tmp, "strace.out")
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C", "TMPDIR": private_tmp, "HOME": cwd}
    sock = os.path.join(run_dir, "milter.sock")
    tracer = ManagedProcess([STRACE, "-f", "-qq", "-y", "-s", "256", "-e", "trace=" + TRACED, "-o", state["trace"],
                             os.path.join(state["build"], "milter", "brandguard-milter"), "-c", config],
                            name="strace-brandguard-milter", env=env, cwd=cwd, ready_unix_socket=sock,
                            log_path=state["log"], ready_timeout=60)
    tracer.start()
    state["strace"] = tracer
    state["milter"] = tracer
    pf = PostfixInstance(milter="unix:" + sock, milter_default_action="tempfail", milter_content_timeout="60s",
                         params={"smtpd_authorized_xclient_hosts": "127.0.0.0/8",
                                 # clients come from the corpus's addresses (some
                                 # IPv6); this instance relays only to its sink
                                 "mynetworks": "0.0.0.0/0 [::]/0",
                                 "inet_protocols": "all"})   # XCLIENT takes IPv6 addresses only then
    pf.start()
    state["pf"] = pf


def test_corpus_through_postfix():
    corpus = golden_corpus() + synthetic_corpus()
    sent = []
    for entry in corpus:
        r = xclient_send(entry)
        check(r.data_code in (250, 550), "%s: %s %r\n%s" % (entry["file"], r.data_code, r.data_reply,
                                                             r.transcript[-3000:]))
        qid = r.queue_id
        if qid is None:
            m = re.search(r"\(ref (\w+)\)", r.data_reply or "")
            qid = m.group(1) if m else None
        check(qid, "%s: no queue id in %r" % (entry["file"], r.data_reply))
        sent.append((entry, qid, r.data_code))
    state["sent"] = sent
    codes = [c for _e, _q, c in sent]
    print("     corpus: %d messages (%d golden, %d generated): %d accepted, %d rejected" % (
        len(sent), len(sent) - SYNTHETIC, SYNTHETIC, codes.count(250), codes.count(550)))


def test_default_log_has_no_local_parts_names_subjects_or_bodies():
    with open(state["log"], encoding="utf-8", errors="replace") as f:
        log = f.read()
    searched = 0
    found = []
    for entry, _qid, _code in state["sent"]:
        searched += len(private_strings(entry))
        found += [(entry["file"], kind, s) for kind, s in leaks(log, entry)]
    check(not found, "%d private string(s) in the log, e.g. %r" % (len(found), found[:8]))
    # Not vacuous: each message has its verdict line with queue id and
    # sender domain, and the grep does find a string planted in the log.
    lines = log.splitlines()
    for entry, qid, code in state["sent"]:
        domain = entry["mail_from"].rsplit("@", 1)[1].lower() if "@" in entry["mail_from"] else "<>"
        line = [l for l in lines if ("qid=%s action=" % qid) in l]
        check(len(line) == 1, "%s: %d verdict lines for %s" % (entry["file"], len(line), qid))
        action = re.search(r"action=(\w+)", line[0]).group(1)
        check((action == "reject") == (code == 550), "%s: %s logged, SMTP %d" % (entry["file"], action, code))
        check("mail_from_domain=%s " % domain in line[0], "%s: no sender domain in %r" % (entry["file"], line[0]))
        check(re.search(r"symbols=\[", line[0]) and re.search(r" ms=[\d.]+ ", line[0]), "fields in %r" % line[0])
    probe = state["sent"][-1][0]
    check(leaks(log + "\n" + probe["markers"][0] + "@x\n", probe), "the leak search finds nothing planted")
    print("     searched %d private strings over %d log lines: 0 hits" % (searched, len(lines)))


def parse_trace(path):
    """[(pid, syscall, args, result)] of completed calls (joins strace's
    <unfinished ...> / <... resumed> halves)."""
    pending, calls = {}, []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            m = re.match(r"^(\d+)\s+(.*)$", line)
            if not m:
                continue
            pid, rest = m.group(1), m.group(2)
            if rest.endswith("<unfinished ...>"):
                pending[pid] = rest[:-len("<unfinished ...>")]
                continue
            r = re.match(r"^<\.\.\. \w+ resumed>(.*)$", rest)
            if r:
                rest = pending.pop(pid, "") + r.group(1)
            c = re.match(r"^(\w+)\((.*)\)\s+=\s+(-?\d+)", rest)
            if c:
                calls.append((int(pid), c.group(1), c.group(2), int(c.group(3))))
    return calls


WRITE_FLAGS = ("O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND")
ALLOWED_DEVICES = ("/dev/null", "/dev/tty", "/dev/log")


def written_paths(calls):
    """Paths the daemon created, wrote, renamed, linked, removed or bound."""
    out = []
    for pid, name, args, result in calls:
        if result < 0 or name in ("accept", "accept4"):
            continue
        # "openat(AT_FDCWD</cwd>, "path", ...)" or "openat(5</dir>, "name", ...)" (-y)
        paths = re.findall(r'(?:\d+|AT_FDCWD)(?:<([^>]*)>)?, "([^"]*)"', args)
        paths = [("", d, p) for d, p in paths]
        if name in ("open", "creat", "mkdir", "unlink", "truncate", "mknod", "link", "symlink", "rename"):
            paths = [("", "", p) for p in re.findall(r'"([^"]*)"', args)]
        if name in ("open", "openat", "openat2") and not any(f in args for f in WRITE_FLAGS):
            continue
        if name == "bind":
            paths = [("", "", p) for p in re.findall(r'sun_path="([^"]*)"', args)]
        for _fd, fd_dir, p in paths:
            if not p.startswith("/"):
                p = os.path.join(fd_dir or state["cwd"], p)
            out.append((name, os.path.normpath(p)))
    return out


def test_no_file_written_outside_runtime_and_state_dirs():
    pf = state["pf"]
    pid = daemon_pid()
    check(pid, "no daemon under strace")
    pf.stop()   # Postfix first: nothing in flight when the daemon stops
    os.kill(pid, signal.SIGTERM)
    wait_until(lambda: not state["strace"].alive(), timeout=60, what="strace and the daemon to exit")
    calls = parse_trace(state["trace"])
    check(len(calls) > 50, "the trace is empty (%d calls): strace did not follow the daemon" % len(calls))
    # The trace follows libmilter's threads: one accept per SMTP session.
    accepted = [c for c in calls if c[1] in ("accept", "accept4") and c[3] >= 0]
    check(len(accepted) >= len(state["sent"]), "strace saw %d accepts for %d sessions" % (len(accepted),
                                                                                      len(state["sent"])))
    writes = written_paths(calls)
    allowed = (state["run_dir"] + "/", state["state_dir"] + "/")
    outside = sorted({(n, p) for n, p in writes if not p.startswith(allowed) and p not in ALLOWED_DEVICES})
    check(not outside, "the daemon wrote outside its runtime and state dirs: %r" % outside[:10])
    check(any(p.endswith("/milter.sock") for _n, p in writes), "trace misses the socket bind: %r" % writes[:10])
    check(any(n.startswith("open") and p.endswith("/first-seen.db") for n, p in writes),
          "trace misses the first-seen store being opened for writing: %r" % writes[:10])
    check(os.listdir(state["private_tmp"]) == [], "TMPDIR not empty: %r" % os.listdir(state["private_tmp"]))
    check(os.listdir(state["cwd"]) == [], "working dir not empty: %r" % os.listdir(state["cwd"]))
    leftover = []
    for d in (state["run_dir"], state["state_dir"]):
        for root, _dirs, names in os.walk(d):
            leftover += [os.path.join(root, n) for n in names]
    check(all(p.endswith("first-seen.db") for p in leftover), "files left: %r" % leftover)
    markers = [m.encode() for e, _q, _c in state["sent"] for m in e.get("markers", [])]
    for p in leftover:
        with open(p, "rb") as f:
            blob = f.read()
        hit = [m for m in markers if m in blob]
        check(not hit, "%s holds message content: %r" % (p, hit[:3]))
    print("     %d traced calls (%d accepts); writes: %s" % (len(calls), len(accepted),
                                                         sorted({"%s %s" % w for w in writes})))


def main():
    if not os.path.exists(STRACE):
        print("needs %s" % STRACE)
        return 2
    return run_e2e_suite(RUN, state, test_start_traced_milter_and_postfix, [
        test_corpus_through_postfix,
        test_default_log_has_no_local_parts_names_subjects_or_bodies,
        test_no_file_written_outside_runtime_and_state_dirs])


if __name__ == "__main__":
    sys.exit(main())
