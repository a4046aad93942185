"""A real authoritative DNS server (nsd) on 127.0.0.1 for end-to-end tests.

NsdServer writes one zone per apex from CORPUS-FORMAT-style records
("name. TTL IN TYPE rdata"), adds the SOA and NS records nsd needs, and runs
`nsd -d` from a mkdtemp directory on a free loopback port. The milter under
test forwards to it (dns.mode: forward, forwarders: ["127.0.0.1@PORT"]).

stop_answering() / start_answering() simulate an outage (SIGSTOP/SIGCONT:
queries time out), which is what a dead or black-holed resolver looks like.

servfail_zones are declared to nsd without a zone file: nsd then answers
SERVFAIL (rcode 2) for every name at or under them, while the other zones
answer normally (e.g. SERVFAIL only for "_dmarc.shop.test.").
"""

import os
import shutil
import signal
import socket
import struct
import tempfile
import time

from harness import HarnessError, ManagedProcess, free_port, wait_until

NSD = "/usr/sbin/nsd"


def _query_once(port, name, qtype=16, timeout=0.5):
    """One UDP query; returns the rcode or None on timeout."""
    qid = 0x4242
    header = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    qname = b"".join(bytes([len(p)]) + p.encode() for p in name.rstrip(".").split(".")) + b"\0"
    packet = header + qname + struct.pack(">HH", qtype, 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.sendto(packet, ("127.0.0.1", port))
        try:
            data, _ = s.recvfrom(4096)
        except socket.timeout:
            return None
    return data[3] & 0x0F


class NsdServer:
    def __init__(self, zones, records, port=None, servfail_zones=()):
        """zones: apex names ("brand.test."); records: RR lines under them;
        port: a fixed port (53 for resolvers that only read resolv.conf),
        default a free one; servfail_zones: apexes answered with SERVFAIL."""
        self.zones = [z if z.endswith(".") else z + "." for z in zones]
        self.servfail_zones = [z if z.endswith(".") else z + "." for z in servfail_zones]
        self.records = list(records)
        self.fixed_port = port
        self.dir = None
        self.port = None
        self.proc = None

    def _zone_for(self, owner):
        owner = owner.lower()
        best = None
        for z in self.zones:
            if owner == z or owner.endswith("." + z):
                if best is None or len(z) > len(best):
                    best = z
        return best

    def start(self):
        self.dir = tempfile.mkdtemp(prefix="bg-nsd-")
        self.port = self.fixed_port or free_port()
        by_zone = {z: [] for z in self.zones}
        for rr in self.records:
            zone = self._zone_for(rr.split()[0])
            if zone is None:
                raise HarnessError("record outside the served zones: %r" % rr)
            by_zone[zone].append(rr)
        conf = [
            "server:",
            "  ip-address: 127.0.0.1@%d" % self.port,
            '  username: ""',
            '  chroot: ""',
            '  database: ""',
            "  zonesdir: \"%s\"" % self.dir,
            "  zonelistfile: \"%s/zone.list\"" % self.dir,
            "  xfrdfile: \"%s/xfrd.state\"" % self.dir,
            "  xfrdir: \"%s\"" % self.dir,
            "  pidfile: \"%s/nsd.pid\"" % self.dir,
            "  logfile: \"%s/nsd.log\"" % self.dir,
            "  server-count: 1",
            "  do-ip6: no",
            "  verbosity: 1",
            "remote-control:",
            "  control-enable: no",
        ]
        for zone, rrs in by_zone.items():
            fname = zone.rstrip(".") + ".zone"
            with open(os.path.join(self.dir, fname), "w") as f:
                f.write("$TTL 60\n")
                f.write("%s IN SOA ns.%s hostmaster.%s 1 3600 600 86400 60\n" % (zone, zone, zone))
                f.write("%s IN NS ns.%s\n" % (zone, zone))
                f.write("ns.%s IN A 127.0.0.1\n" % zone)
                for rr in rrs:
                    f.write(rr + "\n")
            conf += ["zone:", "  name: \"%s\"" % zone, "  zonefile: \"%s\"" % fname]
        for zone in self.servfail_zones:
            # Never written: nsd logs "zonefile ... does not exist" and
            # answers SERVFAIL for the zone.
            conf += ["zone:", "  name: \"%s\"" % zone,
                     "  zonefile: \"%s.servfail-no-such-file\"" % zone.rstrip(".")]
        conf_path = os.path.join(self.dir, "nsd.conf")
        with open(conf_path, "w") as f:
            f.write("\n".join(conf) + "\n")
        self.proc = ManagedProcess([NSD, "-d", "-c", conf_path], name="nsd",
                                   log_path=os.path.join(self.dir, "nsd.out"))
        self.proc.start()
        probe = self.zones[0]
        wait_until(lambda: _query_once(self.port, probe, qtype=6) == 0, timeout=20,
                   what="nsd answering on 127.0.0.1:%d" % self.port,
                   diag=lambda: self.proc.output_tail())
        for zone in self.servfail_zones:
            rcode = _query_once(self.port, zone, qtype=16, timeout=2)
            if rcode != 2:
                raise HarnessError("nsd answers rcode %r, not SERVFAIL, for %s" % (rcode, zone))
        return self

    # nsd forks its server and xfrd children; they share the process group
    # that ManagedProcess gave the parent, so the whole group is signalled.
    def stop_answering(self):
        os.killpg(self.proc.pid, signal.SIGSTOP)

    def start_answering(self):
        os.killpg(self.proc.pid, signal.SIGCONT)

    def stop(self):
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGCONT)
            except OSError:
                pass
            self.proc.stop()
            self.proc = None
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
