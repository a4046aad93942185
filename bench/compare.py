#!/usr/bin/python3
"""BrandGuard against its peers on the bench corpus, in one run.

    sudo /usr/bin/python3 bench/compare.py [--build build] [--messages 1000]
        [--concurrency 1,8,64] [--systems brandguard,opendkim-opendmarc,rspamd]
        [--out bench/results/DATE-peers-HOST.md]

Starts nsd on 127.0.0.1:53 serving bench/corpus/zone.txt, then one system at
a time: BrandGuard (config/brandguard.yaml, DNS forwarded to that nsd, no
first-seen store), opendkim (verify) chained before opendmarc (SPF and DMARC
itself), rspamd as a milter proxy (SPF, DKIM, DMARC modules only). Each is
first checked to really verify (one pass over the 200 messages recording
the Authentication-Results each milter adds, compared with the manifest),
then measured with `brandguard bench` at each concurrency: msgs/s, p50/p99
end-of-message latency, errors, the daemons' CPU per message (utime+stime
of all their processes from /proc, delta over the run), the bench client's
CPU, nsd's CPU, peak RSS (VmHWM, summed over a chain) and RSS at the end.
Writes a markdown report. The run happens in a private mount namespace
whose /etc/resolv.conf says "nameserver 127.0.0.1" (opendmarc and libspf2
read only that file); every process is stopped at the end, also on failure.
Root only; loopback only.
"""

import argparse
import collections
import json
import os
import shutil
import sys
import tempfile
import time
import traceback

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as bl  # noqa: E402

SYSTEMS = {
    "brandguard": lambda a, w: bl.start_brandguard(a.build, w),
    "opendkim-opendmarc": lambda a, w: bl.start_opendkim_opendmarc(w),
    "rspamd": lambda a, w: bl.start_rspamd(w),
}
EXPECTED = {"dkim": "184/9/7", "spf": "194/3/3", "dmarc": "188/12/0"}  # bench/corpus/README.md (pass/fail/none)


def classify(results):
    """One message's result for a method from all its A-R results."""
    if not results:
        return "absent"   # refused messages carry no headers: see verify()
    for want in ("pass", "fail", "softfail", "neutral", "policy", "permerror", "temperror", "none"):
        if want in results:
            return want
    return results[0]


def verify(build, system, workdir, interleave=False):
    """One pass over the corpus at concurrency 1, recording what each
    milter added; returns the tallies and a sample of headers."""
    record = os.path.join(workdir, "record-%s%s.jsonl" % (system.name.split()[0].replace("→", "-"),
                                                          "-interleaved" if interleave else ""))
    report = bl.run_bench(build, system.sockets, 1, 200, record=record, interleave=interleave)
    manifest = bl.read_manifest()
    tallies = {m: collections.Counter() for m in ("dkim", "spf", "dmarc")}
    agree = collections.Counter()
    samples = collections.OrderedDict()
    finals = collections.Counter()
    lines = []
    with open(record) as f:
        for line in f:
            lines.append(json.loads(line))
    lines.sort(key=lambda l: l["index"])
    for line in lines:
        finals[line["final"]] += 1
        ars = []
        expect = manifest[os.path.basename(line["file"])]["expect"]
        # the sample: every Authentication-Results of the first signed
        # message that passes everything
        take = not samples and line["final"] in ("a", "c") and all(
            expect.get(k) == "pass" for k in ("dkim", "spf", "dmarc"))
        for m in line["milters"]:
            values = bl.headers_added(m, "Authentication-Results")
            ars += values
            if take:
                samples[m["socket"]] = (line["file"], values)
        for method in tallies:
            results = []
            for v in ars:
                results += bl.ar_results(v, method)
            got = classify(results)
            if got == "absent" and line["final"] in ("r", "y", "t", "d"):
                got = "refused"
            tallies[method][got] += 1
            if got == expect.get(method):
                agree[method] += 1
    return {"report": report, "tallies": tallies, "agree": agree, "samples": samples, "finals": finals,
            "messages": len(lines)}


def aggregate(runs):
    """The median run of several (each figure's own median), with the range
    of msgs/s; errors summed; peak RSS the largest, RSS the last."""
    def med(key):
        vals = sorted(r[key] for r in runs)
        return vals[len(vals) // 2]
    out = dict(runs[-1])
    for key in ("msgs_per_s", "p50_ms", "p99_ms", "p999_ms", "daemon_cpu_ms_per_msg", "client_cpu_ms_per_msg",
                "extra_cpu_ms_per_msg", "others_cores"):
        out[key] = med(key)
    out["msgs_min"] = min(r["msgs_per_s"] for r in runs)
    out["msgs_max"] = max(r["msgs_per_s"] for r in runs)
    out["errors"] = sum(r["errors"] for r in runs)
    out["stderr"] = next((r["stderr"] for r in runs if r["stderr"]), "")
    out["vmhwm_kib"] = max(r["vmhwm_kib"] for r in runs)
    out["rounds"] = len(runs)
    out["messages_total"] = sum(r["messages"] for r in runs)
    return out


def tally_text(counter):
    order = ["pass", "fail", "none", "refused", "absent"]
    keys = order + sorted(k for k in counter if k not in order)
    return ", ".join("%s %d" % (k, counter[k]) for k in keys if counter[k])


def ms(x):
    return "%.2f ms" % x


def write_report(path, args, facts, vers, nsd_note, results, load_after):
    out = []
    w = out.append
    w("# %s: BrandGuard and its peers on the bench corpus (%s)" % (facts["date"], facts["host"]))
    w("")
    w("Machine: `%s`, nproc %d, %s. Commit %s, build `%s` (RelWithDebInfo expected). "
      "Load average before the run %.2f/%.2f/%.2f, after %.2f/%.2f/%.2f: the machine is shared, "
      "other work runs beside the benchmark." % (
          facts["host"], facts["nproc"], facts["cpu"], facts["commit"], args.build,
          *facts["load"], *load_after))
    w("")
    w("Versions: %s." % "; ".join("%s: %s" % kv for kv in vers.items()))
    w("")
    w("Command: `sudo /usr/bin/python3 bench/compare.py --messages %d --rounds %d --concurrency %s --systems %s`."
      % (args.messages, args.rounds, ",".join(map(str, args.concurrency)), ",".join(args.systems)))
    w("")
    w("Setup: nsd on 127.0.0.1:53 serves `bench/corpus/zone.txt` (one zone per top-level domain); "
      "every system resolves through it and only it. BrandGuard: `config/brandguard.yaml` with "
      "`dns.mode: forward` to 127.0.0.1@53, no first-seen store, logging at warning, unix socket. "
      "opendkim%s (Mode v, libunbound forwarding to nsd via `Nameservers 127.0.0.1`) chained before opendmarc (SPFSelfValidate, "
      "SPFIgnoreResults, RejectFailures, trusts opendkim's authserv-id; libresolv through a private "
      "/etc/resolv.conf in the run's mount namespace), configs in `bench/peers/`. Load: "
      "`build/cli/brandguard bench --manifest bench/corpus/manifest.jsonl --messages %d` (the 200 "
      "messages in a loop, envelopes from the manifest; chains in Postfix's order: the content goes to "
      "opendkim, then, with its Authentication-Results added, to opendmarc). %s"
      % ("", args.messages, nsd_note))
    w("")
    w("## The peers really verify")
    w("")
    w("One pass over the 200 messages at concurrency 1 before measuring, with `--record`: the "
      "Authentication-Results each milter added, per method (a message counts `pass` if any result "
      "for that method passes), against the manifest's `expect` (as built: dkim %s, spf %s, dmarc %s "
      "pass/fail/none). `refused`: the system rejected the message before adding that result (a "
      "milter adds no header to a message it rejects), `absent`: accepted without any result for "
      "that method." % (EXPECTED["dkim"], EXPECTED["spf"], EXPECTED["dmarc"]))
    w("")
    w("| system | messages | dkim | spf | dmarc | agrees with manifest (dkim/spf/dmarc) | final replies |")
    w("|---|---|---|---|---|---|---|")
    for name, r in results.items():
        v = r.get("verify")
        if not v:
            w("| %s | - | - | - | - | - | %s |" % (name, "not run: " + r.get("error", "?").splitlines()[0][:120]))
            continue
        for label, v in ((name, v), (name + " (`--interleave`)", r.get("verify_interleaved"))):
            if not v:
                continue
            w("| %s | %d | %s | %s | %s | %d/%d/%d | %s |" % (
                label, v["messages"], tally_text(v["tallies"]["dkim"]), tally_text(v["tallies"]["spf"]),
                tally_text(v["tallies"]["dmarc"]), v["agree"]["dkim"], v["agree"]["spf"], v["agree"]["dmarc"],
                ", ".join("%s=%d" % kv for kv in sorted(v["finals"].items()))))
    w("")
    if any(r.get("verify_interleaved") for r in results.values()):
        w("The `--interleave` row sends the chain every event in turn, each milter seeing the message as "
          "the client sent it: opendmarc then never sees opendkim's Authentication-Results and judges "
          "DMARC on SPF alone. Postfix does not work that way (the content goes to each milter in turn, "
          "with the edits of the ones before), so the measured runs use Postfix's order.")
        w("")
    for name, r in results.items():
        v = r.get("verify")
        if not v:
            continue
        for sock, (file, values) in v["samples"].items():
            w("%s, what `%s` added to `%s`:" % (name, os.path.basename(sock), os.path.relpath(file, bl.ROOT)))
            w("")
            for value in values:
                w("    Authentication-Results:%s" % value.replace("\n", "\n    "))
            if not values:
                w("    (no Authentication-Results)")
            w("")
        if not any(vals for _f, vals in v["samples"].values()):
            w("%s: **no Authentication-Results at all: this system verified nothing.**" % name)
            w("")
    w("## Figures")
    w("")
    w("Each cell: the median of %d rounds of `--messages %d` (all systems up at once, idle while another "
      "is measured; each round runs every concurrency for every system in turn, the order rotated); "
      "msgs/s also gives the range over the rounds; errors are summed. Daemon CPU: utime+stime of all the system's processes (a chain: "
      "both daemons), delta over the run, divided by the messages; client: `brandguard bench`'s own "
      "CPU; nsd: the DNS server's CPU. Peak RSS: VmHWM summed over the system's processes (since "
      "start, so it includes the earlier runs); RSS: VmRSS after the run. Others: CPU the rest of the "
      "machine used during the run (/proc/stat busy time less the system's, the client's and nsd's), "
      "in cores out of %d: the machine is shared, and a run beside a busy neighbour is slower." % (
          args.rounds, args.messages, facts["nproc"]))
    w("")
    w("| system | concurrency | msgs/s (range) | p50 | p99 | errors | daemon CPU/msg | client CPU/msg | "
      "nsd CPU/msg | peak RSS | RSS at end | others |")
    w("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, r in results.items():
        for run in r.get("runs", []):
            w("| %s | %d | %.1f (%.0f-%.0f) | %s | %s | %d | %.2f ms | %.2f ms | %.3f ms | %s | %s | %.2f |" % (
                name, run["concurrency"], run["msgs_per_s"], run["msgs_min"], run["msgs_max"],
                ms(run["p50_ms"]), ms(run["p99_ms"]),
                run["errors"], run["daemon_cpu_ms_per_msg"], run["client_cpu_ms_per_msg"],
                run["extra_cpu_ms_per_msg"], bl.fmt_kib(run["vmhwm_kib"]), bl.fmt_kib(run["rss_kib"]),
                run["others_cores"]))
        if r.get("error") and r.get("verify"):
            w("| %s | failed: %s ||||||||||" % (name, r["error"].splitlines()[0][:200]))
    w("")
    errs = [(n, run) for n, r in results.items() for run in r.get("runs", []) if run["errors"]]
    for n, run in errs:
        w("- %s at concurrency %d: %d errors, first: `%s`" % (n, run["concurrency"], run["errors"],
                                                             run["stderr"][:300]))
    if errs:
        w("")
    w("## Ratios: BrandGuard / opendkim→opendmarc")
    w("")
    bg = {run["concurrency"]: run for run in results.get("BrandGuard", {}).get("runs", [])}
    peer = {run["concurrency"]: run for run in results.get("opendkim→opendmarc", {}).get("runs", [])}
    if bg and peer:
        rows = []
        if 8 in bg and 8 in peer:
            rows.append(("msgs/s at concurrency 8 (higher is better)", bg[8]["msgs_per_s"], peer[8]["msgs_per_s"]))
        if 64 in bg and 64 in peer:
            rows.append(("p99 at concurrency 64 (lower is better)", bg[64]["p99_ms"], peer[64]["p99_ms"]))
        for c in sorted(set(bg) & set(peer)):
            rows.append(("daemon CPU per message at concurrency %d (lower is better)" % c,
                         bg[c]["daemon_cpu_ms_per_msg"], peer[c]["daemon_cpu_ms_per_msg"]))
        w("| figure | BrandGuard | opendkim→opendmarc | ratio |")
        w("|---|---|---|---|")
        for label, a, b in rows:
            w("| %s | %.2f | %.2f | %.2f |" % (label, a, b, a / b if b else float("nan")))
    else:
        w("Not both systems measured.")
    w("")
    w("BrandGuard runs the whole check set (SPF, DKIM, DMARC, brand engine, content lexicon, rules) "
      "where the peers do SPF, DKIM and DMARC only; the ratios compare what an admin would run, not "
      "equal work.")
    w("")
    for name, r in results.items():
        if r.get("note"):
            w("%s: %s" % (name, r["note"]))
            w("")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(out).rstrip() + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(bl.ROOT, "build"))
    ap.add_argument("--messages", type=int, default=1000, help="per run")
    ap.add_argument("--rounds", type=int, default=3, help="runs of each system and concurrency (median reported)")
    ap.add_argument("--concurrency", default="1,8,64")
    ap.add_argument("--systems", default="brandguard,opendkim-opendmarc,rspamd")
    ap.add_argument("--out", default=None)
    ap.add_argument("--keep", action="store_true", help="keep the temp dir (configs, logs, records)")
    args = ap.parse_args()
    args.build = os.path.abspath(args.build)
    args.concurrency = [int(c) for c in args.concurrency.split(",")]
    args.systems = [s for s in args.systems.split(",") if s]
    for s in args.systems:
        if s not in SYSTEMS:
            ap.error("unknown system %s (have %s)" % (s, ", ".join(SYSTEMS)))
    bl.in_private_namespace()
    facts = bl.machine_facts()
    out = args.out or os.path.join(bl.BENCH, "results", "%s-peers-%s.md" % (facts["date"], facts["host"]))
    workdir = tempfile.mkdtemp(prefix="bg-compare-")
    os.chmod(workdir, 0o755)
    results = collections.OrderedDict()
    nsd = None
    try:
        nsd = bl.corpus_nsd(53)
        nsd.start()
        bl.log("nsd on 127.0.0.1:53, %d zones" % len(nsd.zones))
        nsd_pids = bl.group_pids(nsd.proc.pid)
        started = []   # (system, entry): all up at once, idle when not measured
        for key in args.systems:
            system = None
            entry = {}
            try:
                system = SYSTEMS[key](args, workdir)
                results[system.name] = entry
                started.append((system, entry))
                bl.log("%s started (%s)" % (system.name, ", ".join(system.sockets)))
                entry["verify"] = verify(args.build, system, workdir)
                if len(system.sockets) > 1:
                    entry["verify_interleaved"] = verify(args.build, system, workdir, interleave=True)
                bl.log("%s verified: %s" % (system.name, {m: dict(t) for m, t in entry["verify"]["tallies"].items()}))
                v = entry["verify"]
                silent = [m for m, t in v["tallies"].items() if t["absent"] > v["messages"] // 10]
                if silent:  # a peer that does nothing must not be benchmarked
                    raise bl.HarnessError("no %s result for %s of %d messages: not verifying" % (
                        "/".join(silent), max(v["tallies"][m]["absent"] for m in silent), v["messages"]))
                entry["all_runs"] = collections.OrderedDict((c, []) for c in args.concurrency)
            except Exception as exc:  # report it, go on with the next system
                name = system.name if system else key
                results.setdefault(name, entry)
                entry["error"] = "%s: %s" % (type(exc).__name__, exc)
                bl.log("%s failed: %s" % (name, traceback.format_exc()))
        # Rounds: each concurrency for every system in turn (the order
        # rotated each round), so a busy neighbour on the shared machine
        # hits every system alike; the report gives medians.
        for rnd in range(args.rounds):
            for c in args.concurrency:
                order = started[rnd % len(started):] + started[:rnd % len(started)] if started else []
                for system, entry in order:
                    if "error" in entry:
                        continue
                    try:
                        run = bl.measure(args.build, system, c, args.messages, extra_pids=nsd_pids)
                        entry["all_runs"][c].append(run)
                        bl.log("round %d %s c=%d: %.1f msgs/s p50 %.2f p99 %.2f errors %d cpu %.2f ms/msg, "
                               "others %.2f cores" % (rnd + 1, system.name, c, run["msgs_per_s"], run["p50_ms"],
                                                      run["p99_ms"], run["errors"], run["daemon_cpu_ms_per_msg"],
                                                      run["others_cores"]))
                    except Exception as exc:
                        entry["error"] = "%s: %s" % (type(exc).__name__, exc)
                        bl.log("%s failed: %s" % (system.name, traceback.format_exc()))
        for system, entry in started:
            system.stop()
            entry["runs"] = [aggregate(runs) for runs in entry.get("all_runs", {}).values() if runs]
        write_report(out, args, facts, bl.versions(), "", results, os.getloadavg())
        bl.log("wrote %s" % out)
    finally:
        if nsd is not None:
            nsd.stop()
        bl.stop_all()
        if args.keep:
            bl.log("kept %s" % workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0 if all("error" not in r for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
