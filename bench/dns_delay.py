#!/usr/bin/python3
"""End-of-message latency when every DNS answer takes 20 ms.

    sudo /usr/bin/python3 bench/dns_delay.py [--build build] [--delay-ms 20]
        [--systems brandguard,opendkim-opendmarc] [--out bench/results/DATE-dns-delay-HOST.md]

A delaying DNS proxy (asyncio, UDP and TCP) listens on 127.0.0.1:53 and
forwards every query to nsd (serving bench/corpus/zone.txt on another
loopback port), holding each answer --delay-ms before passing it on. Each
system is started fresh (empty resolver caches) and run at concurrency 1:
one pass over the 200 messages (cold: every name is new to its cache), then
a second pass (warm), once with the proxy at 0 ms and once at the delay. The
report gives p50/p99 end-of-message latency and the DNS queries per message
the proxy saw: a p50 near one delay means the lookups of a message overlap,
near (queries per message x delay) that they run one after another.
Same namespace trick as compare.py (opendmarc reads only resolv.conf).
"""

import argparse
import asyncio
import collections
import os
import shutil
import struct
import sys
import tempfile
import threading
import time
import traceback

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as bl  # noqa: E402

QTYPES = {1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 12: "PTR", 15: "MX", 16: "TXT", 28: "AAAA", 99: "SPF"}


def _skip_name(packet, i):
    while True:
        n = packet[i]
        if n == 0:
            return i + 1
        if n & 0xC0 == 0xC0:
            return i + 2
        i += 1 + n


def zero_ttls(packet):
    """The answer with every TTL set to 0 (the OPT pseudo-record left
    alone), so no resolver cache keeps it: each message then does all its
    lookups. The packet unchanged if it does not parse."""
    try:
        out = bytearray(packet)
        qd, an, ns, ar = struct.unpack(">HHHH", packet[4:12])
        i = 12
        for _ in range(qd):
            i = _skip_name(packet, i) + 4
        for _ in range(an + ns + ar):
            i = _skip_name(packet, i)
            rtype, _cls, _ttl, rdlen = struct.unpack(">HHIH", packet[i:i + 10])
            if rtype != 41:
                out[i + 4:i + 8] = b"\0\0\0\0"
            i += 10 + rdlen
        return bytes(out)
    except (IndexError, struct.error):
        return packet


def question(packet):
    """(name, type) of a DNS query, or None."""
    try:
        i, labels = 12, []
        while packet[i]:
            n = packet[i]
            labels.append(packet[i + 1:i + 1 + n].decode("ascii", "replace"))
            i += 1 + n
        qtype = struct.unpack(">H", packet[i + 1:i + 3])[0]
        return ".".join(labels).lower(), QTYPES.get(qtype, str(qtype))
    except (IndexError, struct.error):
        return None


class DelayProxy:
    """UDP and TCP on listen -> nsd on upstream_port; answers held delay s."""

    def __init__(self, upstream_port, delay, listen=("127.0.0.1", 53)):
        self.upstream = ("127.0.0.1", upstream_port)
        self.delay = delay
        self.listen = listen
        self.loop = None
        self.thread = None
        self.lock = threading.Lock()
        self.queries = 0
        self.by_type = collections.Counter()
        self.names = collections.Counter()
        self.failures = 0
        self.zero_ttl = False
        self.times = []          # time.monotonic() of each query
        self.ready = threading.Event()
        self.error = None

    # -- counters -----------------------------------------------------------
    def snapshot(self):
        with self.lock:
            return self.queries, collections.Counter(self.by_type), self.failures

    def _count(self, packet):
        q = question(packet)
        now = time.monotonic()
        with self.lock:
            self.queries += 1
            self.times.append(now)
            if q:
                self.by_type[q[1]] += 1
                self.names[q] += 1

    # -- the loop -----------------------------------------------------------
    def start(self):
        self.thread = threading.Thread(target=self._run, name="dns-delay", daemon=True)
        self.thread.start()
        if not self.ready.wait(10) or self.error:
            raise bl.HarnessError("DNS proxy did not start: %s" % self.error)
        return self

    def _run(self):
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_until_complete(self._serve())
        except Exception as exc:  # reported through start()
            self.error = exc
            self.ready.set()

    async def _serve(self):
        loop = asyncio.get_running_loop()
        proxy = self

        class Udp(asyncio.DatagramProtocol):
            def connection_made(self, transport):
                self.transport = transport

            def datagram_received(self, data, addr):
                loop.create_task(proxy._udp(self.transport, data, addr))

        udp, _ = await loop.create_datagram_endpoint(Udp, local_addr=self.listen)
        tcp = await asyncio.start_server(self._tcp, self.listen[0], self.listen[1], reuse_address=True)
        self._stop = loop.create_future()
        self.ready.set()
        try:
            await self._stop
        finally:
            udp.close()
            tcp.close()
            await tcp.wait_closed()

    def stop(self):
        if self.loop is not None and self.thread.is_alive():
            self.loop.call_soon_threadsafe(lambda: self._stop.done() or self._stop.set_result(None))
            self.thread.join(10)

    async def _ask_udp(self, data):
        loop = asyncio.get_running_loop()
        answer = loop.create_future()

        class Up(asyncio.DatagramProtocol):
            def datagram_received(self, reply, addr):
                if not answer.done():
                    answer.set_result(reply)

        transport, _ = await loop.create_datagram_endpoint(Up, remote_addr=self.upstream)
        try:
            transport.sendto(data)
            return await asyncio.wait_for(answer, 3.0)
        finally:
            transport.close()

    async def _udp(self, transport, data, addr):
        self._count(data)
        try:
            reply = await self._ask_udp(data)
        except (asyncio.TimeoutError, OSError):
            with self.lock:
                self.failures += 1
            return
        if self.zero_ttl:
            reply = zero_ttls(reply)
        if self.delay:
            await asyncio.sleep(self.delay)
        transport.sendto(reply, addr)

    async def _tcp(self, reader, writer):
        try:
            while True:
                head = await reader.readexactly(2)
                data = await reader.readexactly(struct.unpack(">H", head)[0])
                self._count(data)
                ur, uw = await asyncio.open_connection(*self.upstream)
                try:
                    uw.write(head + data)
                    await uw.drain()
                    rhead = await asyncio.wait_for(ur.readexactly(2), 3.0)
                    reply = await asyncio.wait_for(ur.readexactly(struct.unpack(">H", rhead)[0]), 3.0)
                finally:
                    uw.close()
                if self.zero_ttl:
                    reply = zero_ttls(reply)
                if self.delay:
                    await asyncio.sleep(self.delay)
                writer.write(rhead + reply)
                await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.TimeoutError, ConnectionError, OSError):
            pass
        finally:
            writer.close()


PASSES = (("cold", False), ("warm", False), ("no cache", True))


def one_system(args, key, workdir, proxy):
    """Per delay: a fresh system, a cold then a warm pass; then a fresh one
    behind TTL-0 answers (nothing cached: every message does all its
    lookups), recorded per message."""
    rows, per_message = [], {}
    for delay_ms in (0, args.delay_ms):
        proxy.delay = delay_ms / 1000.0
        for label, zero_ttl in PASSES:
            if label == "warm":
                pass  # same system as "cold"
            else:
                sub = tempfile.mkdtemp(prefix="%s-%d-" % (key, delay_ms), dir=workdir)
                os.chmod(sub, 0o755)
                proxy.zero_ttl = zero_ttl
                system = (bl.start_brandguard(args.build, sub) if key == "brandguard"
                          else bl.start_opendkim_opendmarc(sub))
            try:
                record = os.path.join(sub, "record-%s.jsonl" % label.replace(" ", "-"))
                q0, t0, f0 = proxy.snapshot()
                n0 = len(proxy.times)
                report = bl.run_bench(args.build, system.sockets, 1, 200, record=record)
                q1, t1, f1 = proxy.snapshot()
                times = proxy.times[n0:]
                types = t1 - t0
                done = max(report["messages"], 1)
                rows.append({"system": system.name, "delay_ms": delay_ms, "pass": label, "report": report,
                             "queries_per_msg": (q1 - q0) / done, "failures": f1 - f0,
                             "types": {k: v / done for k, v in sorted(types.items())}})
                if zero_ttl:
                    per_message[delay_ms] = attribute(record, times)
                bl.log("%s delay %d ms %s: p50 %.2f p99 %.2f ms, %.2f queries/msg %s errors %d" % (
                    system.name, delay_ms, label, report["p50_ms"], report["p99_ms"], (q1 - q0) / done,
                    dict(types), report["errors"]))
            finally:
                if label != "cold":
                    system.stop()
    proxy.zero_ttl = False
    return rows, serial_depth(rows[0]["system"] if rows else key, per_message, args.delay_ms)


def attribute(record, times):
    """{file: (latency ms, DNS queries during that message)}: at
    concurrency 1 messages do not overlap, and bench's start_ms is
    CLOCK_MONOTONIC like time.monotonic()."""
    out = {}
    with open(record) as f:
        for line in f:
            m = bl.json.loads(line)
            start, end = m["start_ms"] / 1000.0, (m["start_ms"] + m["latency_ms"]) / 1000.0
            out[os.path.basename(m["file"])] = (m["latency_ms"], sum(1 for t in times if start <= t <= end))
    return out


def serial_depth(system, per_message, delay_ms):
    """How many delays each uncached message waited, against its queries."""
    base, slow = per_message.get(0), per_message.get(delay_ms)
    if not base or not slow:
        return None
    added, queries, depth = [], [], []
    for f, (lat, q) in slow.items():
        if f not in base:
            continue
        a = lat - base[f][0]
        added.append(a)
        queries.append(q)
        depth.append(a / delay_ms)
    if not added:
        return None
    added.sort()
    queries.sort()
    depth.sort()
    mid = len(added) // 2
    return {"system": system, "messages": len(added), "median_added_ms": added[mid],
            "median_queries": queries[mid], "median_depth": depth[mid],
            "serial_share": sum(added) / (delay_ms * sum(queries)) if sum(queries) else float("nan"),
            "max_depth": depth[-1], "max_queries": queries[-1]}


def write_report(path, args, facts, rows, depths, notes):
    out = []
    w = out.append
    w("# %s: end-of-message latency with %d ms DNS answers (%s)" % (facts["date"], args.delay_ms, facts["host"]))
    w("")
    w("Machine: `%s`, nproc %d, %s. Commit %s. Load average before %.2f/%.2f/%.2f (shared machine)."
      % (facts["host"], facts["nproc"], facts["cpu"], facts["commit"], *facts["load"]))
    w("")
    w("Command: `sudo /usr/bin/python3 bench/dns_delay.py --delay-ms %d --systems %s`."
      % (args.delay_ms, ",".join(args.systems)))
    w("")
    w("Setup: nsd serves `bench/corpus/zone.txt` on a loopback port; `bench/dns_delay.py`'s proxy "
      "(asyncio, UDP and TCP) on 127.0.0.1:53 forwards each query to it and holds each answer "
      "0 ms or %d ms. Every system resolves only through the proxy (BrandGuard `dns.mode: forward`, "
      "opendkim `Nameservers 127.0.0.1`, opendmarc/libspf2 through the run's private "
      "/etc/resolv.conf). Each system is started afresh for each delay (empty caches) and sent the "
      "200 corpus messages twice at concurrency 1 (`brandguard bench --concurrency 1 --messages "
      "200`): `cold` is the first pass (each name new to the system's cache, the first time it "
      "occurs; names shared by several messages are cached after the first), `warm` the second "
      "(whatever the system caches is cached), `no cache` a pass of a fresh system behind the same "
      "proxy rewriting every TTL to 0, so that each message does all its own lookups." % args.delay_ms)
    w("")
    w("| system | DNS delay | pass | msgs/s | p50 | p99 | errors | DNS queries/msg | by type (per msg) |")
    w("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        rep = r["report"]
        w("| %s | %d ms | %s | %.1f | %.2f ms | %.2f ms | %d | %.2f | %s |" % (
            r["system"], r["delay_ms"], r["pass"], rep["msgs_per_s"], rep["p50_ms"], rep["p99_ms"],
            rep["errors"], r["queries_per_msg"], ", ".join("%s %.2f" % kv for kv in r["types"].items())))
    w("")
    w("## Reading")
    w("")
    by = {(r["system"], r["delay_ms"], r["pass"]): r for r in rows}
    for system in dict.fromkeys(r["system"] for r in rows):
        for label, _zero in PASSES:
            a, b = by.get((system, 0, label)), by.get((system, args.delay_ms, label))
            if not a or not b:
                continue
            added50 = b["report"]["p50_ms"] - a["report"]["p50_ms"]
            added99 = b["report"]["p99_ms"] - a["report"]["p99_ms"]
            q = b["queries_per_msg"]
            w("- %s, %s: the delay adds %.1f ms at p50 and %.1f ms at p99, i.e. %.1f and %.1f round trips "
              "of %d ms, for %.2f queries per message (%.1f round trips if they were all serial)." % (
                  system, label, added50, added99, added50 / args.delay_ms, added99 / args.delay_ms,
                  args.delay_ms, q, q))
    w("")
    w("## Serial or parallel: the uncached passes, message by message")
    w("")
    w("Each message of the `no cache` pass at %d ms against the same message at 0 ms: the latency the "
      "delay added, in round trips (added / %d ms), and the queries the proxy saw while that message "
      "was in flight (concurrency 1, so messages do not overlap; bench's `--record` start times and "
      "the proxy's clock are both CLOCK_MONOTONIC). `serial share` = total added / (delay x total "
      "queries): 1.0 when every lookup waits for the one before, 1/queries when they all overlap."
      % (args.delay_ms, args.delay_ms))
    w("")
    w("| system | messages | median queries/msg | median round trips added | serial share | worst message |")
    w("|---|---|---|---|---|---|")
    for d in depths:
        if d:
            w("| %s | %d | %d | %.1f | %.2f | %.1f round trips (most queries in one message: %d) |" % (
                d["system"], d["messages"], d["median_queries"], d["median_depth"], d["serial_share"],
                d["max_depth"], d["max_queries"]))
    w("")
    for n in notes:
        w(n)
        w("")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(out).rstrip() + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(bl.ROOT, "build"))
    ap.add_argument("--delay-ms", type=int, default=20)
    ap.add_argument("--systems", default="brandguard,opendkim-opendmarc")
    ap.add_argument("--out", default=None)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    args.build = os.path.abspath(args.build)
    args.systems = [s for s in args.systems.split(",") if s]
    for s in args.systems:
        if s not in ("brandguard", "opendkim-opendmarc"):
            ap.error("unknown system %s" % s)
    bl.in_private_namespace()
    facts = bl.machine_facts()
    out = args.out or os.path.join(bl.BENCH, "results", "%s-dns-delay-%s.md" % (facts["date"], facts["host"]))
    workdir = tempfile.mkdtemp(prefix="bg-dnsdelay-")
    os.chmod(workdir, 0o755)
    nsd = proxy = None
    rows, depths, notes, failed = [], [], [], False
    try:
        nsd = bl.corpus_nsd(port=None)
        nsd.start()
        proxy = DelayProxy(nsd.port, 0).start()
        bl.log("nsd on 127.0.0.1:%d, delaying proxy on 127.0.0.1:53" % nsd.port)
        for key in args.systems:
            try:
                r, d = one_system(args, key, workdir, proxy)
                rows += r
                depths.append(d)
            except Exception as exc:
                failed = True
                notes.append("%s failed: `%s: %s`" % (key, type(exc).__name__, str(exc).splitlines()[0]))
                bl.log("%s failed: %s" % (key, traceback.format_exc()))
        write_report(out, args, facts, rows, depths, notes)
        bl.log("wrote %s" % out)
    finally:
        if proxy is not None:
            proxy.stop()
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
