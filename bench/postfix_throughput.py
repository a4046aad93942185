#!/usr/bin/python3
"""Postfix throughput with and without milters: smtp-source -> Postfix -> smtp-sink.

    sudo /usr/bin/python3 bench/postfix_throughput.py [--build build] [--messages 2000]
        [--sessions 8] [--systems none,brandguard,opendkim-opendmarc[,rspamd]]
        [--out bench/results/DATE-postfix-HOST.md]

A private Postfix on loopback (tests/e2e/harness.py: PostfixInstance, with
an smtp-sink next hop) receives --messages messages from --sessions
parallel smtp-source processes, once per system in smtpd_milters: none,
BrandGuard, opendkim,opendmarc (and rspamd if asked). smtp-source cannot
replay a corpus, but it sends a file (-F): each session sends one corpus
message (ham, DKIM and DMARC pass, sizes spread over the corpus), so the
milters verify real signatures. Reported: messages/s until smtp-source has
had all its 250s (the milters run before the queue) and until smtp-sink has
them all, the ratio to no milter, the milters' and Postfix's CPU per
message. The mail comes from 127.0.0.1 (smtp-source has no XCLIENT);
loopback is not trusted by any system here (BrandGuard trusted_networks:
[], opendkim InternalHosts and opendmarc IgnoreHosts elsewhere, rspamd
local_addrs: []), but libspf2, which BrandGuard and opendmarc both use,
gives any loopback client spf=pass without a lookup ("localhost is always
allowed"), so this run has no SPF DNS work for them: compare.py, with the
corpus client addresses, is the run that has. rspamd checks loopback
clients only with check_local (bench/peers/rspamd/rspamd.conf.in); it
does SPF for real and fails it. Each warm-up message must carry the
system's own header (MARKERS), so a system that skipped its checks, or a
stale smtpd_milters after the reload, fails the run instead of measuring
nothing.
Same namespace trick as compare.py; everything is stopped at the end.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as bl  # noqa: E402
from harness import PostfixInstance  # noqa: E402

SMTP_SOURCE = "/usr/sbin/smtp-source"


def pick_messages(n):
    """n ham messages that pass DKIM and DMARC, spread over the sizes."""
    cands = []
    with open(bl.MANIFEST) as f:
        for line in f:
            m = json.loads(line)
            e = m["expect"]
            if m["label"] == "ham" and e.get("dkim") == "pass" and e.get("dmarc") == "pass" and m["rcpt"]:
                path = os.path.join(os.path.dirname(bl.MANIFEST), m["file"])
                cands.append((os.path.getsize(path), path, m))
    cands.sort(key=lambda c: (c[0], c[1]))
    if n >= len(cands):
        return cands
    return [cands[(i * (len(cands) - 1)) // max(n - 1, 1)] for i in range(n)]


def lf_copy(src, dst):
    """smtp-source -F appends CRLF to each line: give it LF lines."""
    with open(src, "rb") as f:
        data = f.read().replace(b"\r\n", b"\n")
    with open(dst, "wb") as f:
        f.write(data)


def start_system(key, args, workdir):
    if key == "none":
        return None
    if key == "brandguard":
        return bl.start_brandguard(args.build, workdir, trusted_loopback=False, socket_mode="0666")
    if key == "opendkim-opendmarc":
        return bl.start_opendkim_opendmarc(workdir)
    if key == "rspamd":
        return bl.start_rspamd(workdir)
    raise ValueError(key)


def send(pf, files, per_session, logdir):
    """One smtp-source per file, all at once; returns seconds until all
    exit. Short-lived clients: plain Popen, killed by pid if still running
    when something fails."""
    procs = []
    t0 = time.monotonic()
    try:
        for i, (path, m) in enumerate(files):
            argv = [SMTP_SOURCE, "-4", "-s", "1", "-m", str(per_session), "-F", path,
                    "-f", m["mail_from"], "-t", m["rcpt"][0], "-M", m["helo"] or "client.example",
                    "127.0.0.1:%d" % pf.smtp_port]
            log = open(os.path.join(logdir, "smtp-source-%d.log" % i), "ab")
            procs.append((subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT), log))
        failed = []
        for i, (p, log) in enumerate(procs):
            rc = p.wait(3600)
            if rc != 0:
                log.flush()
                with open(log.name, "rb") as f:
                    failed.append("smtp-source %d rc %d: %s" % (i, rc, f.read()[-300:].decode("utf-8", "replace")))
        return time.monotonic() - t0, failed
    finally:
        for p, log in procs:
            if p.poll() is None:
                p.kill()
                p.wait(10)
            log.close()


# A header each system adds, checked on the warm-up messages so that a
# stale smtpd_milters after a reload cannot pass unnoticed.
MARKERS = {"none": None, "brandguard": "X-BrandGuard:", "opendkim-opendmarc": "bench-opendmarc",
           "rspamd": "dmarc=pass (policy="}  # rspamd names the MTA ({j}) as authserv-id


def run_one(pf, key, system, args, workdir, files):
    """One measured run of `key` on the running Postfix: switch
    smtpd_milters (reload), warm up, then time the messages."""
    sub = tempfile.mkdtemp(prefix="run-%s-" % key, dir=workdir)
    milters = ", ".join(system.sockets) if system else ""
    pf.set_milter(milters or None)
    pf.sink.clear()
    # warm-up: every session twice, not timed; its last message is the evidence
    _secs, failed = send(pf, files, 2, sub)
    pf.sink.wait_for_messages(2 * len(files), timeout=120)
    if failed:
        raise bl.HarnessError("warm-up failed: %s\n%s" % (failed[0], pf.maillog_tail(20)))
    headers = pf.sink.messages()[-1].headers_raw().decode("utf-8", "replace")
    marker = MARKERS[key]
    seen = [m for m in MARKERS.values() if m and m in headers]
    if (marker and marker not in headers) or (not marker and seen):
        raise bl.HarnessError("warm-up message not filtered by %s only (found %s):\n%s" % (key, seen, headers))
    pf.sink.clear()
    per_session = args.messages // len(files)
    total = per_session * len(files)
    pids = system.pids() if system else []
    pf_pids = pf.instance_pids()
    cpu0 = bl.cpu_seconds(pids)
    pcpu0 = bl.cpu_seconds(pf_pids)
    rejects0 = pf.maillog_text().count("milter-reject")
    busy0, _ = bl.machine_cpu_seconds()
    t0 = time.monotonic()
    accepted_s, failed = send(pf, files, per_session, sub)
    pf.sink.wait_for_messages(total, timeout=600, diag=pf.diag)
    delivered_s = time.monotonic() - t0
    busy = (bl.machine_cpu_seconds()[0] - busy0) / delivered_s
    cpu = bl.cpu_seconds(system.pids() if system else []) - cpu0
    pcpu = bl.cpu_seconds(sorted(set(pf_pids) | set(pf.instance_pids()))) - pcpu0
    rejects = pf.maillog_text().count("milter-reject") - rejects0
    return {"key": key, "name": system.name if system else "no milter", "milters": milters,
            "messages": total, "accepted_s": accepted_s, "delivered_s": delivered_s,
            "accepted_rate": total / accepted_s, "delivered_rate": total / delivered_s,
            "milter_cpu_ms": cpu * 1000 / total, "postfix_cpu_ms": pcpu * 1000 / total,
            "errors": failed, "rejects": rejects, "sample_headers": headers, "busy_cores": busy}


def median_run(runs):
    """The run with the median delivered rate, with the range of rates."""
    runs = sorted(runs, key=lambda r: r["delivered_rate"])
    out = dict(runs[len(runs) // 2])
    out["rounds"] = len(runs)
    out["delivered_min"] = runs[0]["delivered_rate"]
    out["delivered_max"] = runs[-1]["delivered_rate"]
    out["errors"] = [e for r in runs for e in r["errors"]]
    return out


def write_report(path, args, facts, files, results, notes):
    out = []
    w = out.append
    w("# %s: Postfix throughput with milters (%s)" % (facts["date"], facts["host"]))
    w("")
    w("Machine: `%s`, nproc %d, %s. Commit %s. Load average before %.2f/%.2f/%.2f (shared machine: "
      "Postfix, the milters, smtp-source and smtp-sink all share its cores)."
      % (facts["host"], facts["nproc"], facts["cpu"], facts["commit"], *facts["load"]))
    w("")
    w("Command: `sudo /usr/bin/python3 bench/postfix_throughput.py --messages %d --sessions %d --rounds %d "
      "--systems %s`." % (args.messages, args.sessions, args.rounds, ",".join(args.systems)))
    w("")
    w("Setup: Postfix 3.7 (private instance on 127.0.0.1 from tests/e2e/harness.py, smtp-sink next "
      "hop dumping each message to a file), `smtpd_milters` as listed, `milter_default_action = "
      "tempfail`. Load: %d smtp-source processes at once (`-s 1 -m N -F FILE`), each sending one "
      "corpus message (ham, DKIM and DMARC pass) %d times after a warm-up of 2: %s. Clients come "
      "from 127.0.0.1 (smtp-source cannot set the corpus client address). Milters as in compare.py, "
      "with loopback not trusted; but libspf2 (BrandGuard's and opendmarc's SPF) passes any "
      "loopback client without a lookup (\"localhost is always allowed\"), so here SPF costs them "
      "no DNS; DKIM and DMARC are checked for real."
      % (len(files), args.messages // len(files), ", ".join(
          "`%s` (%d B)" % (os.path.basename(m["file"]), size) for size, _p, m in files)))
    w("")
    w("Each row: the round with the median delivered rate (range over the %d rounds in brackets); all "
      "systems are up for the whole run and one Postfix instance switches `smtpd_milters` by `postfix "
      "reload` between runs, in an order rotated each round." % args.rounds)
    w("")
    w("| smtpd_milters | messages | accepted msgs/s | delivered msgs/s (range) | ratio to no milter (delivered) | "
      "milter CPU/msg | Postfix CPU/msg | milter rejects | errors | machine busy |")
    w("|---|---|---|---|---|---|---|---|---|---|")
    base = next((r for r in results if r["key"] == "none"), None)
    for r in results:
        ratio = r["delivered_rate"] / base["delivered_rate"] if base else float("nan")
        w("| %s | %d | %.1f | %.1f (%.0f-%.0f) | %.2f | %.2f ms | %.2f ms | %d | %d | %.2f cores |" % (
            r["name"] + (" (`%s`)" % ", ".join(os.path.basename(m) for m in r["milters"].split(", ")) if r["milters"] else ""), r["messages"], r["accepted_rate"],
            r["delivered_rate"], r["delivered_min"], r["delivered_max"], ratio, r["milter_cpu_ms"], r["postfix_cpu_ms"], r["rejects"], len(r["errors"]),
            r["busy_cores"]))
    w("")
    w("`accepted`: until every smtp-source had its 250 for every message (the milters run before the "
      "queue); `delivered`: until smtp-sink had them all. Postfix CPU: utime+stime of the instance's "
      "processes, plus what the master reaped from exited children (approximate: a child that exited "
      "and was not yet reaped is missed). Machine busy: all CPU in use on the machine during the run "
      "(/proc/stat), ours and the neighbours', in cores out of %d: near %d the run was CPU-bound."
      % (facts["nproc"], facts["nproc"]))
    w("")
    w("What the milters added to the last warm-up message at the sink (evidence they ran):")
    w("")
    for r in results:
        keep = [l for l in r["sample_headers"].replace("\n\t", " ").replace("\n ", " ").splitlines()
                if l.lower().startswith(("authentication-results", "x-brandguard", "x-spam"))]
        w("- %s: %s" % (r["name"], "; ".join("`%s`" % l[:240] for l in keep) or "none"))
    w("")
    for r in results:
        for e in r["errors"]:
            w("- %s: %s" % (r["name"], e))
    for n in notes:
        w(n)
        w("")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(out).rstrip() + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(bl.ROOT, "build"))
    ap.add_argument("--messages", type=int, default=2000)
    ap.add_argument("--sessions", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=3, help="runs per system (median reported)")
    ap.add_argument("--systems", default="none,brandguard,opendkim-opendmarc")
    ap.add_argument("--out", default=None)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    args.build = os.path.abspath(args.build)
    args.systems = [s for s in args.systems.split(",") if s]
    for s in args.systems:
        if s not in ("none", "brandguard", "opendkim-opendmarc", "rspamd"):
            ap.error("unknown system %s" % s)
    bl.in_private_namespace()
    facts = bl.machine_facts()
    out = args.out or os.path.join(bl.BENCH, "results", "%s-postfix-%s.md" % (facts["date"], facts["host"]))
    workdir = tempfile.mkdtemp(prefix="bg-pfbench-")
    os.chmod(workdir, 0o755)
    results, notes, failed = [], [], False
    nsd = None
    try:
        nsd = bl.corpus_nsd(53)
        nsd.start()
        picked = pick_messages(args.sessions)
        files = []
        for i, (size, path, m) in enumerate(picked):
            dst = os.path.join(workdir, "msg-%d.eml" % i)
            lf_copy(path, dst)
            files.append((dst, m))
        # All systems up at once (idle while another is measured) and one
        # Postfix whose smtpd_milters is switched by reload; rounds rotate
        # the order so that the neighbours' load hits every system alike.
        systems = {}
        for key in args.systems:
            sub = tempfile.mkdtemp(prefix="sys-%s-" % key, dir=workdir)
            os.chmod(sub, 0o755)
            try:
                systems[key] = start_system(key, args, sub)
            except Exception as exc:
                failed = True
                notes.append("%s did not start: `%s: %s`" % (key, type(exc).__name__, str(exc).splitlines()[0]))
                bl.log("%s failed: %s" % (key, traceback.format_exc()))
        pf = PostfixInstance(milter=None, milter_default_action="tempfail",
                             params={"default_process_limit": "100", "smtpd_client_connection_count_limit": "0",
                                     "smtpd_client_message_rate_limit": "0"})
        pf.start()
        keys = [k for k in args.systems if k in systems]
        runs = {k: [] for k in keys}
        for rnd in range(args.rounds):
            for key in keys[rnd % len(keys):] + keys[:rnd % len(keys)]:
                try:
                    r = run_one(pf, key, systems[key], args, workdir, files)
                    runs[key].append(r)
                    bl.log("round %d %s: %.1f msgs/s accepted, %.1f delivered, milter CPU %.2f ms/msg, "
                           "busy %.2f cores, errors %d" % (rnd + 1, r["name"], r["accepted_rate"],
                                                           r["delivered_rate"], r["milter_cpu_ms"],
                                                           r["busy_cores"], len(r["errors"])))
                    failed = failed or bool(r["errors"])
                except Exception as exc:
                    failed = True
                    notes.append("%s round %d failed: `%s: %s`" % (key, rnd + 1, type(exc).__name__,
                                                                  str(exc).splitlines()[0]))
                    bl.log("%s failed: %s" % (key, traceback.format_exc()))
        pf.stop()
        for key in keys:
            if systems[key] is not None:
                systems[key].stop()
        results = [median_run(runs[k]) for k in keys if runs[k]]
        write_report(out, args, facts, picked, results, notes)
        bl.log("wrote %s" % out)
    finally:
        if nsd is not None:
            nsd.stop()
        bl.stop_all()
        if args.keep:
            bl.log("kept %s" % workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
