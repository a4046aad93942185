#!/usr/bin/python3
"""End-to-end: Postfix -> brandguard-milter -> smtp-sink, on loopback.

Proves the foundation path: a private Postfix instance with
smtpd_milters pointing at the real daemon (unix socket, group postfix)
delivers a tagged message, holds a quarantined one, rejects one with a
5.7.1 reply, strips forged X-BrandGuard headers, keeps the running config
when a reload is broken, and loses or tempfails nothing during a storm of
100 reloads while mail flows. Finally TERM stops the daemon cleanly.

Run: python3 tests/e2e/test_foundation.py BUILD_DIR   (as root)
"""

import grp
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import ManagedProcess, PostfixInstance, wait_until  # noqa: E402
from runner import TestRun, check, run_e2e_suite  # noqa: E402

RUN = TestRun()
state = {}

CONFIG = """\
milter:
  socket: unix:{socket}
  socket_mode: "0660"
  socket_group: postfix
  on_error: tempfail
control:
  socket: {control}
dns:
  mode: zonefile            # hermetic: nothing leaves the machine
logging:
  target: stderr
  format: text
  level: info
verdict:
  thresholds: {{tag: 5, quarantine: 10, reject: 15}}
  header: X-BrandGuard
  subject_prefix: "[SUSPICIOUS]"
  reject_text: "Refused by BrandGuard e2e"
rules:
  - symbol: E2E_TAG
    field: header:Subject
    literal: ["tag-me"]
    score: {tag_score}
  - symbol: E2E_HOLD
    field: header:Subject
    literal: ["hold-me"]
    score: 11
  - symbol: E2E_REJECT
    field: header:Subject
    literal: ["reject-me"]
    score: 16
"""

BROKEN_CONFIG = "milter:\n  socket: unix:{socket}\nverdict:\n  thresholds: {{tag: 5\n  unknown_key: 1\n"


def write_config(text):
    """Replace the config atomically, as an admin's deploy tool would."""
    path = state["config"]
    tmp = path + ".new"
    with open(tmp, "w") as f:
        f.write(text)
    os.chmod(tmp, 0o644)
    os.rename(tmp, path)


def good_config(tag_score=6):
    return CONFIG.format(socket=state["socket"], control=state["control"], tag_score=tag_score)


def milter_log():
    return state["milter"].output()


def delivered(n_before, n_new):
    return state["pf"].sink.wait_for_messages(n_before + n_new)[n_before:]


def x_brandguard(msg):
    values = msg.get_all("X-BrandGuard") or []
    return [re.sub(r"\s+", " ", v).strip() for v in values]


# --------------------------------------------------------------------------

def test_start_milter_and_postfix():
    build = state["build"]
    tmp = tempfile.mkdtemp(prefix="bg-e2e-")
    state["tmp"] = tmp
    # Postfix's smtpd (user postfix) must reach the socket through the dir.
    os.chmod(tmp, 0o750)
    os.chown(tmp, 0, grp.getgrnam("postfix").gr_gid)
    state["socket"] = os.path.join(tmp, "milter.sock")
    state["config"] = os.path.join(tmp, "brandguard.yaml")
    state["control"] = os.path.join(tmp, "control.sock")
    write_config(good_config())
    milter = ManagedProcess([os.path.join(build, "milter", "brandguard-milter"), "-c", state["config"]],
                            name="brandguard-milter", ready_unix_socket=state["socket"],
                            log_path=os.path.join(tmp, "milter.log"))
    milter.start()
    state["milter"] = milter
    st = os.stat(state["socket"])
    check(oct(st.st_mode & 0o777) == oct(0o660), "socket mode %o" % (st.st_mode & 0o777))
    check(st.st_gid == grp.getgrnam("postfix").gr_gid, "socket group is not postfix")
    pf = PostfixInstance(milter="unix:" + state["socket"], milter_default_action="tempfail")
    pf.start()
    state["pf"] = pf


def test_accepted_message_gets_header_and_forged_copies_are_removed():
    pf = state["pf"]
    n = pf.sink.count()
    r = pf.send(subject="quarterly report",
                headers=[("X-BrandGuard", "accept; score=-100; forged"),
                         ("x-brandguard", "reject; forged lower case"),
                         ("X-BrandGuard", "folded\n\tforged copy")])
    check(r.data_code == 250, "expected 250, got %s\n%s" % (r.data_code, r.transcript))
    msg = delivered(n, 1)[0]
    values = x_brandguard(msg)
    check(len(values) == 1, "expected exactly our X-BrandGuard, got %r" % values)
    check(values[0].startswith("accept; score=0.00; ref=%s; config=" % r.queue_id),
          "unexpected header %r (queue id %s)" % (values[0], r.queue_id))
    check(msg.subject == "quarterly report", "subject changed: %r" % msg.subject)
    check(("qid=%s action=accept" % r.queue_id) in milter_log(), "no verdict log line for %s" % r.queue_id)


def test_tagged_message_is_delivered_with_prefix_and_symbol():
    pf = state["pf"]
    n = pf.sink.count()
    r = pf.send(subject="please tag-me now")
    check(r.data_code == 250, "expected 250, got %s\n%s" % (r.data_code, r.transcript))
    msg = delivered(n, 1)[0]
    check(msg.subject == "[SUSPICIOUS] please tag-me now", "subject %r" % msg.subject)
    values = x_brandguard(msg)
    check(len(values) == 1 and values[0].startswith("tag; score=6.00; ref=%s" % r.queue_id), "header %r" % values)
    check('E2E_TAG=6.00 "Subject matches \'tag-me\'"' in values[0], "symbol missing in %r" % values[0])


def test_quarantined_message_lands_in_hold_queue():
    pf = state["pf"]
    n = pf.sink.count()
    held_before = pf.count_held()
    r = pf.send(subject="hold-me please")
    check(r.data_code == 250, "quarantine must accept the message, got %s" % r.data_code)
    wait_until(lambda: pf.count_held() == held_before + 1, what="message in hold queue", diag=pf.diag)
    check(r.queue_id in pf.held_ids(), "queue id %s not held: %r" % (r.queue_id, pf.held_ids()))
    time.sleep(0.5)
    check(pf.sink.count() == n, "held message was delivered")


def test_rejected_message_gets_550_571_with_reason():
    pf = state["pf"]
    n = pf.sink.count()
    r = pf.send(subject="reject-me now")
    check(r.data_code == 550, "expected 550, got %s\n%s" % (r.data_code, r.transcript))
    check(r.data_reply.startswith("550 5.7.1 Refused by BrandGuard e2e: E2E_REJECT(16.00) (ref "),
          "reply %r" % r.data_reply)
    time.sleep(0.3)
    check(pf.sink.count() == n, "rejected message was delivered")


def test_check_cli_reports_file_and_line():
    bad = os.path.join(state["tmp"], "bad.yaml")
    with open(bad, "w") as f:
        f.write("milter:\n  socket: unix:/run/x.sock\n  sockte_mode: \"0660\"\n")
    p = subprocess.run([os.path.join(state["build"], "cli", "brandguard"), "check", "-c", bad],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=30)
    check(p.returncode == 78, "exit %d" % p.returncode)
    check("%s:3:3: milter.sockte_mode: unknown key" % bad in p.stderr, "stderr: %r" % p.stderr)
    good = subprocess.run([os.path.join(state["build"], "cli", "brandguard"), "check", "-c", state["config"]],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=30)
    check(good.returncode == 0 and ": OK" in good.stdout, "good config: %r %r" % (good.stdout, good.stderr))


def test_broken_reload_is_refused_and_old_config_keeps_working():
    pf, milter = state["pf"], state["milter"]
    refused_before = milter_log().count("reload refused")
    write_config(BROKEN_CONFIG.format(socket=state["socket"]))
    milter.signal(signal.SIGUSR1)
    wait_until(lambda: milter_log().count("reload refused") > refused_before, what="reload refused in log")
    check(re.search(r"reload refused, keeping config \w+: .*brandguard\.yaml:\d+", milter_log()),
          "refusal does not name file:line")
    check(milter.alive(), "daemon died on a broken reload")
    n = pf.sink.count()
    r = pf.send(subject="tag-me after broken reload")
    check(r.data_code == 250, "got %s" % r.data_code)
    check(x_brandguard(delivered(n, 1)[0])[0].startswith("tag; score=6.00"), "old config not in force")
    write_config(good_config())


def test_hup_reloads_and_does_not_stop():
    pf, milter = state["pf"], state["milter"]
    write_config(good_config(tag_score=7))
    active_before = milter_log().count("reload: config")
    milter.signal(signal.SIGHUP)
    wait_until(lambda: milter_log().count("reload: config") > active_before, what="HUP reload")
    check(milter.alive(), "daemon stopped on HUP")
    n = pf.sink.count()
    r = pf.send(subject="tag-me after HUP")
    check(r.data_code == 250, "got %s" % r.data_code)
    check(x_brandguard(delivered(n, 1)[0])[0].startswith("tag; score=7.00"), "new config not in force")


def brandguard_cli(*args):
    return subprocess.run([os.path.join(state["build"], "cli", "brandguard"), *args, "--control", state["control"]],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)


def test_control_socket_reload_status_stats():
    st = os.stat(state["control"])
    check(oct(st.st_mode & 0o777) == oct(0o600), "control socket mode %o" % (st.st_mode & 0o777))
    status = brandguard_cli("status")
    check(status.returncode == 0 and status.stdout.startswith("OK running"), status.stdout + status.stderr)
    stats = brandguard_cli("stats")
    check(re.search(r"^messages_tag [1-9]", stats.stdout, re.M), "no tagged count in %r" % stats.stdout)
    check(re.search(r"^messages_reject [1-9]", stats.stdout, re.M), "no reject count in %r" % stats.stdout)
    # Through Postfix too: the tagging rule's hits are counted by name, and
    # nothing fell outside the configuration's symbols.
    check(re.search(r"^symbol_E2E_TAG [1-9]", stats.stdout, re.M), "no E2E_TAG hits in %r" % stats.stdout)
    check(re.search(r"^symbol_other 0$", stats.stdout, re.M), "unexpected symbols in %r" % stats.stdout)
    check(re.search(r"^stage_message_count [1-9]", stats.stdout, re.M), "no message timings in %r" % stats.stdout)
    write_config(BROKEN_CONFIG.format(socket=state["socket"]))
    refused = brandguard_cli("reload")
    check(refused.returncode == 1 and refused.stdout.startswith("ERROR reload refused"), refused.stdout)
    check("brandguard.yaml:" in refused.stdout, "no file:line in %r" % refused.stdout)
    write_config(good_config())
    ok = brandguard_cli("reload")
    check(ok.returncode == 0 and ok.stdout.startswith("OK reloaded, config "), ok.stdout)


def test_reload_storm_loses_and_tempfails_nothing():
    """100 reloads (every 10th a broken config) while 4 clients send mail."""
    pf, milter = state["pf"], state["milter"]
    n_before = pf.sink.count()
    held_before = pf.count_held()
    results, errors = [], []
    stop = threading.Event()

    def client(k):
        i = 0
        while not stop.is_set() or i < 5:
            subject = "storm %d-%d %s" % (k, i, "tag-me" if i % 2 else "plain")
            try:
                results.append((subject, pf.send(subject=subject)))
            except Exception as exc:  # a harness failure is a test failure
                errors.append(repr(exc))
            i += 1

    threads = [threading.Thread(target=client, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    try:
        for i in range(100):
            if i % 10 == 9:
                write_config(BROKEN_CONFIG.format(socket=state["socket"]))
            else:
                write_config(good_config(tag_score=6 if i % 2 else 7))
            milter.signal(signal.SIGUSR1)
            time.sleep(0.03)
            check(milter.alive(), "daemon died during the reload storm (reload %d)" % i)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=120)
        write_config(good_config())
    check(not errors, "client errors: %r" % errors[:3])
    bad = [(s, r.data_code, r.data_reply) for s, r in results if r.data_code != 250]
    check(not bad, "%d of %d messages not accepted, e.g. %r" % (len(bad), len(results), bad[:3]))
    msgs = pf.sink.wait_for_messages(n_before + len(results), timeout=60)[n_before:]
    check(len(msgs) == len(results), "sent %d, delivered %d" % (len(results), len(msgs)))
    check(pf.count_held() == held_before, "storm messages held")
    by_subject = {}
    for m in msgs:
        by_subject[m.subject.replace("[SUSPICIOUS] ", "")] = m
    for subject, _r in results:
        m = by_subject.get(subject)
        check(m is not None, "message %r lost" % subject)
        values = x_brandguard(m)
        check(len(values) == 1, "%r has %d X-BrandGuard headers" % (subject, len(values)))
        if "tag-me" in subject:
            # Judged under exactly one snapshot: score 6 or 7, never a mix.
            check(re.match(r"tag; score=(6|7)\.00; ", values[0]), "%r: %r" % (subject, values[0]))
            check(m.subject.startswith("[SUSPICIOUS] "), "%r not tagged" % subject)
        else:
            check(values[0].startswith("accept; score=0.00"), "%r: %r" % (subject, values[0]))
    print("     storm: %d messages, %d reload requests, %d reloads applied, %d refused" % (
        len(results), 100, milter_log().count("reload: config"), milter_log().count("reload refused")))


def test_term_stops_gracefully():
    milter = state["milter"]
    milter.signal(signal.SIGTERM)
    wait_until(lambda: not milter.alive(), timeout=20, what="daemon exit after TERM")
    rc = milter.proc.wait(timeout=5) if getattr(milter, "proc", None) else None
    check(rc in (0, None), "exit status %r" % rc)
    check("stopped" in milter_log(), "no 'stopped' in log")
    check(not os.path.exists(state["socket"]), "socket file left behind after stop")
    check(not os.path.exists(state["control"]), "control socket left behind after stop")


# --------------------------------------------------------------------------

def main():
    return run_e2e_suite(RUN, state, test_start_milter_and_postfix, [test_accepted_message_gets_header_and_forged_copies_are_removed,
            test_tagged_message_is_delivered_with_prefix_and_symbol,
            test_quarantined_message_lands_in_hold_queue,
            test_rejected_message_gets_550_571_with_reason,
            test_check_cli_reports_file_and_line,
            test_broken_reload_is_refused_and_old_config_keeps_working,
            test_hup_reloads_and_does_not_stop,
            test_control_socket_reload_status_stats,
            test_reload_storm_loses_and_tempfails_nothing,
            test_term_stops_gracefully])


if __name__ == "__main__":
    sys.exit(main())
