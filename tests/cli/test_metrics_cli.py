#!/usr/bin/python3
"""The metrics endpoint and `brandguard stats` of the real daemon.

Starts brandguard-milter with metrics.listen on a free loopback port, sends
a corpus with `brandguard bench`, and checks the scraped figures against
what was sent: per action and per symbol the counts `brandguard scan`
predicts for the same messages under the same configuration. Then a
refused reload must count as a failure, a good one as a success with the
new config version, and `brandguard check` must refuse a non-loopback
listen address.

Run: python3 tests/cli/test_metrics_cli.py BUILD_DIR
"""

import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
from harness import ManagedProcess, free_port, wait_until  # noqa: E402
from runner import TestRun, check  # noqa: E402

RUN = TestRun()
DATA = os.path.join(HERE, "..", "data", "scan")
MANIFEST = os.path.join(DATA, "manifest.jsonl")
BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
CLI = os.path.join(BUILD, "cli", "brandguard")
MILTER = os.path.join(BUILD, "milter", "brandguard-milter")
MESSAGES = 60

CONFIG = """\
milter:
  socket: unix:{socket}
control:
  socket: {control}
metrics:
  listen: "{listen}"
dns:
  mode: zonefile
authentication:
  trusted_networks: []
logging:
  level: warning
rules:
  - symbol: METRICS_TAG
    field: header:Subject
    literal: ["hello"]
    score: 6
  - symbol: METRICS_REJECT_CLIENT
    field: client.ip
    literal: ["198.51.100.9"]
    score: 30
{extra}"""

NEW_RULE = """\
  - symbol: METRICS_AFTER_RELOAD
    field: header:Subject
    literal: ["never-sent"]
    score: 1
"""

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse_exposition(text):
    """{(name, frozenset(labels)): float}, checking the 0.0.4 text format:
    every sample's family was announced with HELP and TYPE before it."""
    samples, types, helps = {}, {}, set()
    for line in text.splitlines():
        check(line != "", "empty line in the exposition")
        if line.startswith("# HELP "):
            helps.add(line.split(" ")[2])
            continue
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            check(kind in ("counter", "gauge", "histogram"), line)
            check(name in helps, "TYPE before HELP for " + name)
            types[name] = kind
            continue
        m = SAMPLE.match(line)
        check(m is not None, "not a sample line: %r" % line)
        name, labels, value = m.group(1), m.group(2) or "", m.group(3)
        family = re.sub(r'_(bucket|sum|count)$', '', name) if name not in types else name
        check(family in types, "sample %r before its TYPE" % line)
        check(name.startswith("brandguard_"), name)
        samples[(name, frozenset(LABEL.findall(labels)))] = float(value)
    return samples, types


def scrape(port, path="/metrics"):
    with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=10) as r:
        return r.status, r.headers.get("Content-Type"), r.read().decode()


def value(samples, name, **labels):
    key = (name, frozenset(labels.items()))
    check(key in samples, "no sample %s%r" % (name, labels))
    return samples[key]


def predicted(config):
    """Actions and distinct symbols per manifest line, from `brandguard scan`."""
    p = subprocess.run([CLI, "scan", "--config", config, "--json", "--manifest", MANIFEST], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=120)
    check(p.returncode == 0, "scan exit %d: %s" % (p.returncode, p.stderr))
    lines = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
    check(len(lines) == 2, "scan gave %d results" % len(lines))
    return [(r["action"], sorted({s["name"] for s in r["symbols"]}), r["config_version"]) for r in lines]


def control(command, path):
    return subprocess.run([CLI, command, "--control", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=30)


def write(path, text):
    with open(path + ".new", "w") as f:
        f.write(text)
    os.replace(path + ".new", path)


def test_metrics_match_what_was_sent():
    with tempfile.TemporaryDirectory() as tmp:
        sock, ctl, cfg = (os.path.join(tmp, n) for n in ("m.sock", "control.sock", "bg.yaml"))
        port = free_port()
        good = dict(socket=sock, control=ctl, listen="127.0.0.1:%d" % port)
        write(cfg, CONFIG.format(extra="", **good))
        expected = predicted(cfg)
        version = expected[0][2]
        with ManagedProcess([MILTER, "-c", cfg], name="milter", log_path=os.path.join(tmp, "milter.log"),
                            ready_unix_socket=sock, ready_port=port):
            status, ctype, text = scrape(port)
            check(status == 200 and ctype.startswith("text/plain; version=0.0.4"), (status, ctype))
            before, types = parse_exposition(text)
            check(types["brandguard_stage_duration_seconds"] == "histogram", types)
            check(value(before, "brandguard_config_info", version=version) == 1, "config version label")
            check(value(before, "brandguard_messages_total", action="tag") == 0, "counts before any mail")

            p = subprocess.run([CLI, "bench", "--socket", "unix:" + sock, "--manifest", MANIFEST, "--concurrency",
                                "3", "--messages", str(MESSAGES), "--json"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, timeout=120)
            check(p.returncode == 0 and json.loads(p.stdout)["errors"] == 0, p.stdout + p.stderr)

            # bench sends manifest line i % 2 as message i.
            want_actions = collections.Counter()
            want_symbols = collections.Counter()
            for i in range(MESSAGES):
                action, symbols, _ = expected[i % len(expected)]
                want_actions[action] += 1
                want_symbols.update(symbols)
            check(len(want_actions) >= 2, "the corpus should give two actions: %r" % want_actions)

            # Sessions close just after the last reply; wait for the gauge.
            wait_until(lambda: parse_exposition(scrape(port)[2])[0][("brandguard_active_sessions", frozenset())] == 0,
                       timeout=10, what="active sessions back to 0")
            after, _ = parse_exposition(scrape(port)[2])
            for action in ("accept", "tag", "quarantine", "tempfail", "reject"):
                got = value(after, "brandguard_messages_total", action=action)
                check(got == want_actions[action], "action %s: %d scraped, %d sent" % (action, got,
                                                                                      want_actions[action]))
            for symbol, n in want_symbols.items():
                got = value(after, "brandguard_symbol_hits_total", symbol=symbol)
                check(got == n, "symbol %s: %d scraped, %d expected" % (symbol, got, n))
            check(value(after, "brandguard_symbol_hits_total", symbol="other") == 0,
                  "a symbol outside the catalog fired")
            scraped_symbols = {dict(k[1])["symbol"] for k, v in after.items()
                               if k[0] == "brandguard_symbol_hits_total" and v > 0}
            check(scraped_symbols == set(want_symbols), "%r vs %r" % (scraped_symbols, set(want_symbols)))

            for stage in ("message", "end_of_headers", "end_of_message", "eom_dns_wait"):
                count = value(after, "brandguard_stage_duration_seconds_count", stage=stage)
                check(count == MESSAGES, "stage %s observed %d times" % (stage, count))
                check(value(after, "brandguard_stage_duration_seconds_bucket", stage=stage, le="+Inf") == count,
                      "+Inf bucket of %s" % stage)
                check(value(after, "brandguard_stage_duration_seconds_sum", stage=stage) >= 0, stage)
            check(value(after, "brandguard_stage_duration_seconds_sum", stage="message") > 0, "message time")

            # Every message looks up SPF and DMARC TXT records; the zone
            # file has none, so they answer NXDOMAIN, never a failure.
            dns = {(dict(k[1])["type"], dict(k[1])["outcome"]): v for k, v in after.items()
                   if k[0] == "brandguard_dns_lookups_total"}
            txt = sum(v for (t, _), v in dns.items() if t == "TXT")
            check(txt >= MESSAGES, "TXT lookups %d for %d messages" % (txt, MESSAGES))
            check(dns[("TXT", "nxdomain")] > 0, dns)
            check(sum(v for (_, o), v in dns.items() if o in ("servfail", "timeout")) == 0, dns)
            timed = sum(v for k, v in after.items() if k[0] == "brandguard_dns_lookup_duration_seconds_count")
            check(0 < timed <= sum(dns.values()), "timed %d of %d lookups" % (timed, sum(dns.values())))
            check(value(after, "brandguard_internal_errors_total", source="check") == 0, "internal errors")

            # `brandguard stats` tells the same story in its line format.
            stats = control("stats", ctl)
            check(stats.returncode == 0 and stats.stdout.startswith("OK\n"), stats.stdout + stats.stderr)
            lines = dict(line.rsplit(" ", 1) for line in stats.stdout.splitlines()[1:])
            for action in ("accept", "tag", "reject"):
                check(int(lines["messages_" + action]) == want_actions[action], (action, stats.stdout))
            for symbol, n in want_symbols.items():
                check(int(lines["symbol_" + symbol]) == n, (symbol, stats.stdout))
            check(lines["config_version"] == version and lines["sessions_active"] == "0", stats.stdout)
            check(int(lines["stage_message_count"]) == MESSAGES, stats.stdout)

            # A refused reload: counted as failed, the old version stays.
            write(cfg, "milter:\n  socket: unix:%s\nverdict:\n  thresholds: {tag: 5\n" % sock)
            refused = control("reload", ctl)
            check(refused.returncode == 1 and refused.stdout.startswith("ERROR reload refused"), refused.stdout)
            m, _ = parse_exposition(scrape(port)[2])
            check(value(m, "brandguard_reloads_total", result="failed") == 1, "failed reloads")
            check(value(m, "brandguard_reloads_total", result="ok") == 0, "ok reloads")
            check(value(m, "brandguard_config_last_reload_successful") == 0, "last reload flag")
            check(value(m, "brandguard_config_info", version=version) == 1, "version kept")

            # A good reload with a new rule: a new version and a new label.
            write(cfg, CONFIG.format(extra=NEW_RULE, **good))
            ok = control("reload", ctl)
            check(ok.returncode == 0 and ok.stdout.startswith("OK reloaded, config "), ok.stdout)
            new_version = ok.stdout.split()[-1]
            check(new_version != version, ok.stdout)
            m, _ = parse_exposition(scrape(port)[2])
            check(value(m, "brandguard_reloads_total", result="ok") == 1, "ok reloads")
            check(value(m, "brandguard_reloads_total", result="failed") == 1, "failed reloads kept")
            check(value(m, "brandguard_config_last_reload_successful") == 1, "last reload flag")
            check(value(m, "brandguard_config_info", version=new_version) == 1, "new version")
            check(("brandguard_config_info", frozenset({("version", version)})) not in m, "old version still shown")
            check(value(m, "brandguard_symbol_hits_total", symbol="METRICS_AFTER_RELOAD") == 0, "new rule label")
            # Counters survive the reload.
            check(value(m, "brandguard_messages_total", action="reject") == want_actions["reject"], "after reload")

            # Only /metrics is served.
            for path in ("/", "/metrics/x", "/status"):
                try:
                    scrape(port, path)
                    check(False, "%s answered" % path)
                except urllib.error.HTTPError as e:
                    check(e.code == 404, "%s: HTTP %d" % (path, e.code))
    print("     %d messages: %s" % (MESSAGES, dict(want_actions)))


def test_non_loopback_listen_is_refused():
    with tempfile.TemporaryDirectory() as tmp:
        cfg = os.path.join(tmp, "bg.yaml")
        for listen in ("0.0.0.0:9325", "192.0.2.7:9325", "[::]:9325"):
            write(cfg, CONFIG.format(socket=os.path.join(tmp, "m.sock"), control='""', listen=listen, extra=""))
            p = subprocess.run([CLI, "check", "-c", cfg], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               timeout=60)
            check(p.returncode != 0, "check accepted %s" % listen)
            check(re.search(r"bg\.yaml:\d+:\d+: metrics\.listen: .*not a loopback address", p.stderr),
                  "%s: %r" % (listen, p.stderr))
        # The daemon refuses it too, before opening any socket.
        d = subprocess.run([MILTER, "-c", cfg], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
        check(d.returncode == 78 and "not a loopback address" in d.stderr, (d.returncode, d.stderr))


def main():
    for fn in (test_metrics_match_what_was_sent, test_non_loopback_listen_is_refused):
        RUN.test(fn)
    return RUN.summary()


if __name__ == "__main__":
    sys.exit(main())
