#!/usr/bin/python3
"""Self-test of tests/e2e/harness.py (no milter involved).

Run:  python3 tests/e2e/test_harness_selftest.py     (as root)
Prints "N passed, M failed" and exits non-zero if anything failed.
"""

import contextlib
import io
import os
import sys
import time
import traceback

sys.dont_write_bytecode = True      # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from runner import TestRun, check  # noqa: E402
from harness import (HarnessError, ManagedProcess, PostfixInstance,  # noqa
                     final_data_reply, free_port, pid_alive)

HEADER_CHECKS = r"""
/^Subject:.*HOLD-ME/      HOLD held by harness self-test
/^Subject:.*REJECT-ME/    REJECT 5.7.1 rejected by harness self-test
"""

RUN = TestRun()
test = RUN.test
state = {}


# ---------------------------------------------------------------------------
# pure-Python parts
# ---------------------------------------------------------------------------

def test_final_data_reply_parsing():
    accepted = "\n".join([
        "=== Trying 127.0.0.1:2525...",
        "<-  220 mx ESMTP",
        " -> EHLO client",
        "<-  250-mx",
        "<-  250 PIPELINING",
        " -> MAIL FROM:<a@x>",
        "<-  250 2.1.0 Ok",
        " -> RCPT TO:<b@y>",
        "<-  250 2.1.5 Ok",
        " -> DATA",
        "<-  354 End data with <CR><LF>.<CR><LF>",
        " -> Subject: 250 fake",
        " -> ",
        " -> body",
        " -> .",
        "<-  250 2.0.0 Ok: queued as 4XyZ12abc",
        " -> QUIT",
        "<-  221 2.0.0 Bye"])
    check(final_data_reply(accepted)[0] == 250, final_data_reply(accepted))
    r = harness.SwaksResult(0, accepted)
    check(r.queue_id == "4XyZ12abc", r.queue_id)
    rejected = accepted.replace(
        "<-  250 2.0.0 Ok: queued as 4XyZ12abc",
        "<** 550-5.7.1 first line\n<** 550 5.7.1 brand spoof")
    check(final_data_reply(rejected) == (550, "550 5.7.1 brand spoof"),
          final_data_reply(rejected))
    tempfail = accepted.replace("<-  354 End data with <CR><LF>.<CR><LF>",
                                "<** 451 4.7.1 Service unavailable")
    check(final_data_reply(tempfail)[0] == 451, final_data_reply(tempfail))
    no_data = "\n".join(["<-  220 mx", " -> RCPT TO:<b@y>",
                         "<** 554 5.7.1 nope", " -> QUIT", "<-  221 Bye"])
    check(final_data_reply(no_data) == (None, None), final_data_reply(no_data))
    check(harness.SwaksResult(24, no_data).last_code == 554, "last_code")


def test_managed_process_ready_port_and_stop():
    port = free_port()
    code = ("import socket,time\n"
            "s=socket.socket();s.setsockopt(socket.SOL_SOCKET,"
            "socket.SO_REUSEADDR,1)\n"
            "s.bind(('127.0.0.1',%d));s.listen(5)\n"
            "import subprocess;subprocess.Popen(['sleep','300'])\n"
            "time.sleep(300)\n" % port)
    with ManagedProcess([sys.executable, "-c", code], name="pyhelper",
                        ready_port=port, ready_timeout=15) as p:
        pid = p.pid
        check(p.alive(), "helper should be alive")
        time.sleep(0.2)
        group = harness._pids_in_group(pid)
        check(len(group) >= 2, "helper + its sleep child expected: %s" % group)
    check(not pid_alive(pid), "helper pid %d still alive" % pid)
    for g in group:
        check(not pid_alive(g), "helper child pid %d still alive" % g)


def test_managed_process_early_exit_is_reported():
    p = ManagedProcess(["/bin/sh", "-c", "echo boom-marker; exit 3"],
                       ready_port=free_port(), ready_timeout=10)
    try:
        with contextlib.redirect_stderr(io.StringIO()):  # "log kept at" note
            p.start()
    except HarnessError as exc:
        check("boom-marker" in str(exc) and "rc=3" in str(exc), str(exc))
        check(os.path.exists(p.log_path), "log should be kept on failure")
    else:
        raise AssertionError("expected HarnessError")
    finally:
        p.cleanup_logs()


# ---------------------------------------------------------------------------
# Postfix + smtp-sink
# ---------------------------------------------------------------------------

def test_start_postfix_and_sink():
    pf = PostfixInstance(
        files={"header_checks": HEADER_CHECKS},
        params={"header_checks": "regexp:{tmpdir}/header_checks"})
    state["pf"] = pf
    pf.start()
    check(pf.master_pid and pid_alive(pf.master_pid), "master not running")
    check(pf.sink is not None and pf.sink.proc.alive(), "sink not running")
    pids = pf.instance_pids()
    check(pf.master_pid in pids, "master %s not in %s" % (pf.master_pid, pids))
    check(pf.postconf("-h", "smtpd_milters").strip() == "",
          "no milter expected")
    check(os.stat(pf.tmpdir).st_mode & 0o755 == 0o755, "tmpdir mode")
    print("     instance %s smtpd=127.0.0.1:%d sink=127.0.0.1:%d master=%d"
          % (pf.tmpdir, pf.smtp_port, pf.sink.port, pf.master_pid))


def test_three_messages_reach_sink():
    pf = state["pf"]
    subjects = ["selftest message %d \u00e9t\u00e9" % i if i == 2 else
                "selftest message %d" % i for i in range(3)]
    # non-ASCII subject is sent raw (8-bit) to check it survives byte-exact
    for i, subj in enumerate(subjects):
        r = pf.send(mail_from="alice@example.com",
                    to="bob%d@example.net" % i, subject=subj,
                    headers=[("X-Selftest", str(i)),
                             ("X-Folded", "part one\n\tpart two")],
                    body="line 1\n.leading dot\nline 3\n")
        check(r.returncode == 0, "swaks rc=%s\n%s" % (r.returncode,
                                                      r.transcript))
        check(r.data_code == 250, "DATA reply %s\n%s" % (r.data_code,
                                                        r.transcript))
        check(r.queue_id, "no queue id in %r" % r.data_reply)
    msgs = pf.sink.wait_for_messages(3, diag=pf.diag)
    check(len(msgs) == 3, "expected 3 messages, got %d" % len(msgs))
    by_idx = {m["X-Selftest"]: m for m in msgs}
    check(sorted(by_idx) == ["0", "1", "2"], sorted(by_idx))
    for i, subj in enumerate(subjects):
        m = by_idx[str(i)]
        raw_subject = m.headers_raw().decode("utf-8")
        check(("\nSubject: %s\n" % subj) in raw_subject,
              "Subject %r not intact in:\n%s" % (subj, raw_subject))
        received = m.get_all("Received") or []
        check(any("(Postfix)" in h and pf.hostname in h for h in received),
              "no Postfix Received header: %r" % received)
        check(not any("smtp-sink" in h for h in received),
              "smtp-sink's own Received header not stripped")
        check(m["X-Folded"] == "part one\n\tpart two",
              "folding changed: %r" % m["X-Folded"])
        check(m.body() == b"line 1\n.leading dot\nline 3\n",
              "body changed: %r" % m.body())
        check(m.envelope["mail_from"] == "alice@example.com", m.envelope)
        check(m.envelope["rcpt_to"] == ["bob%d@example.net" % i], m.envelope)
        check(m.envelope["client_addr"] == "127.0.0.1", m.envelope)
    pf.wait_queue_empty()
    check(pf.wait_for_log(r"status=sent", count=3), "status=sent")


def test_header_checks_hold():
    pf = state["pf"]
    before = pf.sink.count()
    r = pf.send(subject="please HOLD-ME now")
    check(r.data_code == 250, "DATA reply %s\n%s" % (r.data_code,
                                                    r.transcript))
    held = pf.wait_for_queue("hold", 1)
    check(held == [r.queue_id], "held %s vs queued %s" % (held, r.queue_id))
    check(pf.count_held() == 1, pf.queue_counts())
    q = pf.postqueue_json()
    check([(e["queue_name"], e["queue_id"]) for e in q] ==
          [("hold", r.queue_id)], "postqueue -j: %r" % q)
    counts = pf.queue_counts()
    check(counts["active"] == 0 and counts["incoming"] == 0 and
          counts["deferred"] == 0, counts)
    pf.wait_for_log(r"%s: hold: header Subject: please HOLD-ME" % r.queue_id)
    time.sleep(0.3)
    check(pf.sink.count() == before, "held message reached the sink")


def test_header_checks_reject_gives_550():
    pf = state["pf"]
    r = pf.send(subject="REJECT-ME please")
    check(r.data_code == 550, "DATA reply %s\n%s" % (r.data_code,
                                                    r.transcript))
    check("rejected by harness self-test" in r.data_reply, r.data_reply)
    check(r.returncode != 0, "swaks rc should be non-zero")
    check(r.queue_id is None, r.queue_id)


def test_milter_params_and_reload():
    """No milter runs: an unreachable milter + milter_default_action must
    be honoured, and set_milter()/set_params() must take effect at once."""
    pf = state["pf"]
    conf = pf.postconf("-h", "milter_protocol", "milter_default_action")
    check(conf.split() == ["6", "tempfail"], conf)
    dead = "inet:127.0.0.1:%d" % free_port()
    pf.set_milter(dead)
    r = pf.send(subject="milter down, tempfail")
    check(r.data_code is None and r.last_code == 451,
          "expected 451 before DATA\n%s" % r.transcript)
    pf.set_params(milter_default_action="accept")
    r = pf.send(subject="milter down, accept")
    check(r.data_code == 250, r.transcript)
    pf.set_milter(None)
    pf.set_params(milter_default_action="tempfail")
    r = pf.send(subject="milter removed")
    check(r.data_code == 250, r.transcript)
    pf.sink.wait_for_messages(5)
    pf.wait_for_log(r"milter-reject: \S+ from \S+: 451 4\.7\.1")


def test_stop_leaves_no_process():
    pf = state["pf"]
    pf._remember_pids()
    known = dict(pf._known_pids)
    sink_pid = pf.sink.pid
    master = pf.master_pid
    check(len(known) >= 3, "expected several instance pids: %s" % known)
    tmpdir = pf.tmpdir
    pf.stop()
    alive = [p for p, t in known.items() if pid_alive(p, t)]
    check(not alive, "instance pids still alive: %s" % alive)
    check(not pid_alive(master), "master %d alive" % master)
    check(not pid_alive(sink_pid), "smtp-sink %d alive" % sink_pid)
    check(pf.instance_pids() == [], pf.instance_pids())
    check(not os.path.exists(tmpdir), "tmpdir %s not removed" % tmpdir)
    state.pop("pf")


def main():
    if os.geteuid() != 0:
        print("must run as root (private Postfix instance)")
        return 2
    try:
        test(test_final_data_reply_parsing)
        test(test_managed_process_ready_port_and_stop)
        test(test_managed_process_early_exit_is_reported)
        if test(test_start_postfix_and_sink):
            test(test_three_messages_reach_sink)
            test(test_header_checks_hold)
            test(test_header_checks_reject_gives_550)
            test(test_milter_params_and_reload)
            test(test_stop_leaves_no_process)
    finally:
        pf = state.get("pf")
        if pf is not None:
            pf.keep = True
            pf.stop()
    return RUN.summary()


if __name__ == "__main__":
    sys.exit(main())
