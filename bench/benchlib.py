#!/usr/bin/python3
"""Shared pieces of the bench/ scripts (compare.py, dns_delay.py,
postfix_throughput.py): the corpus DNS server, the milters under test, the
private resolv.conf, process accounting and `brandguard bench` runs.

Processes are started and stopped through tests/e2e/harness.py
(ManagedProcess, by pid, also at exit); nsd through tests/e2e/dns_server.py.
Everything listens on loopback and reads only the repository (and the
daemons' own package files).
"""

import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
from harness import HarnessError, ManagedProcess, _pids_in_group, stop_all, wait_until  # noqa: E402
from dns_server import NsdServer  # noqa: E402

CORPUS = os.path.join(BENCH, "corpus")
MANIFEST = os.path.join(CORPUS, "manifest.jsonl")
ZONE = os.path.join(CORPUS, "zone.txt")
PEERS = os.path.join(BENCH, "peers")
NS_ENV = "BRANDGUARD_BENCH_NAMESPACE"
CLK_TCK = os.sysconf("SC_CLK_TCK")
# A documentation-range address no corpus client uses: opendkim's
# InternalHosts and opendmarc's IgnoreHosts (both default to 127.0.0.1,
# which would exempt Postfix-relayed mail from checks).
NOBODY_HOST = "100.64.255.254"
PSL = "/usr/share/publicsuffix/public_suffix_list.dat"  # Debian's publicsuffix package


def log(msg):
    sys.stderr.write("[%s] %s\n" % (time.strftime("%H:%M:%S"), msg))
    sys.stderr.flush()


# ---------------------------------------------------------------------------
# the private resolv.conf: opendmarc (libspf2, libresolv) reads only
# /etc/resolv.conf, so the run re-executes itself in a mount namespace where
# a file naming 127.0.0.1 is bind-mounted over it. The real file is never
# touched; the mount disappears with the namespace.
# ---------------------------------------------------------------------------

def in_private_namespace():
    """Re-exec the calling script inside `unshare -m` with resolv.conf
    pointing at 127.0.0.1 (returns only inside the namespace)."""
    if os.environ.get(NS_ENV) == "1":
        with open("/etc/resolv.conf") as f:
            text = f.read()
        if not re.search(r"^nameserver 127\.0\.0\.1\s*$", text, re.M) or \
                re.search(r"^nameserver (?!127\.0\.0\.1\s*$)", text, re.M):
            raise SystemExit("private resolv.conf not in place: %r" % text)
        return
    if os.geteuid() != 0:
        raise SystemExit("run as root: nsd on 127.0.0.1:53, unshare -m, Postfix")
    tmp = tempfile.mkdtemp(prefix="bg-bench-ns-")
    conf = os.path.join(tmp, "resolv.conf")
    with open(conf, "w") as f:
        f.write("# bench: private to this run's mount namespace\n"
                "nameserver 127.0.0.1\noptions timeout:2 attempts:1\n")
    env = dict(os.environ, **{NS_ENV: "1"})
    argv = ["unshare", "-m", "--propagation", "private", "sh", "-c",
            'mount --bind "$0" /etc/resolv.conf && exec "$@"', conf,
            sys.executable] + [os.path.abspath(sys.argv[0])] + sys.argv[1:]
    try:
        rc = subprocess.call(argv, env=env)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    raise SystemExit(rc)


# ---------------------------------------------------------------------------
# DNS: nsd serving bench/corpus/zone.txt
# ---------------------------------------------------------------------------

def corpus_records():
    out = []
    with open(ZONE) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith(";"):
                out.append(line)
    return out


def corpus_nsd(port=53):
    """nsd on 127.0.0.1:port serving the corpus zone. Each top-level domain
    of the corpus is one zone, so names that do not exist get an
    authoritative NXDOMAIN, as from the real DNS."""
    records = corpus_records()
    apexes = set()
    for rr in records:
        labels = rr.split()[0].rstrip(".").split(".")
        apex = ".".join(labels[-2:]) if labels[-1] == "arpa" else labels[-1]
        apexes.add(apex + ".")
    # Envelope domains without records (the spoofs' *.invalid) get an
    # authoritative NXDOMAIN too, as from the root, rather than REFUSED.
    with open(MANIFEST) as f:
        for line in f:
            m = json.loads(line)
            for name in (m.get("mail_from", "").rpartition("@")[2], m.get("helo", "")):
                if "." in name:
                    apexes.add(name.rstrip(".").rsplit(".", 1)[1].lower() + ".")
    return NsdServer(sorted(apexes), records, port=port)


# ---------------------------------------------------------------------------
# process accounting
# ---------------------------------------------------------------------------

def group_pids(pid):
    """The process and its process group (forked workers)."""
    pids = set(_pids_in_group(pid))
    pids.add(pid)
    return sorted(p for p in pids if os.path.exists("/proc/%d" % p))


def cpu_seconds(pids):
    """utime+stime (all threads) plus reaped children, summed."""
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/stat" % pid) as f:
                rest = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(x) for x in rest[11:15])   # utime stime cutime cstime
    return total / CLK_TCK


def machine_cpu_seconds():
    """(busy, total) CPU seconds of the whole machine since boot, /proc/stat."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]                 # idle + iowait
    total = sum(fields[:8])                      # guest time is inside user
    return (total - idle) / CLK_TCK, total / CLK_TCK


def memory_kib(pids):
    """(sum of VmHWM, sum of VmRSS) in KiB."""
    hwm = rss = 0
    for pid in pids:
        try:
            with open("/proc/%d/status" % pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        hwm += int(line.split()[1])
                    elif line.startswith("VmRSS:"):
                        rss += int(line.split()[1])
        except OSError:
            continue
    return hwm, rss


class System:
    """A system under test: its milter sockets (chain order) and processes."""

    def __init__(self, name, sockets, procs):
        self.name = name
        self.sockets = sockets
        self.procs = procs

    def pids(self):
        out = []
        for p in self.procs:
            out += group_pids(p.pid)
        return out

    def check_alive(self):
        for p in self.procs:
            if not p.alive():
                raise HarnessError("%s died:\n%s" % (p.name, p.output_tail()))

    def stop(self):
        for p in reversed(self.procs):
            p.stop(keep_logs=True)


# ---------------------------------------------------------------------------
# the systems
# ---------------------------------------------------------------------------

def brandguard_config(socket_path, dns_port=53, trusted_loopback=True, dns_address="127.0.0.1"):
    """config/brandguard.yaml with: the socket, no control socket, DNS
    forwarded to the local nsd, no first-seen store, paths absolute, logs at
    warning (one line per verdict would cost the daemon I/O)."""
    with open(os.path.join(ROOT, "config", "brandguard.yaml")) as f:
        text = f.read()
    cfg_dir = os.path.join(ROOT, "config")
    text = text.replace("socket: unix:/run/brandguard/milter.sock", "socket: unix:%s" % socket_path)
    text = text.replace("socket: /run/brandguard/control.sock", 'socket: ""')
    text = text.replace("level: info ", "level: warning ")
    text = re.sub(r"(?m)^  mode: system .*$",
                  '  mode: forward\n  forwarders: ["%s@%d"]\n'
                  '  passthrough_zones: ["2.0.192.in-addr.arpa.", "100.51.198.in-addr.arpa.",'
                  ' "113.0.203.in-addr.arpa.", "8.b.d.0.1.0.0.2.ip6.arpa."]' % (dns_address, dns_port), text)
    text = re.sub(r"(?m)^  first_seen:\n(    .*\n)+", "", text)
    text = text.replace('files: ["brands/*.yaml"]', 'files: ["%s/brands/*.yaml"]' % cfg_dir)
    text = text.replace('include_rules: ["rules.d/*.yaml", "local.d/*.yaml"]',
                        'include_rules: ["%s/rules.d/*.yaml", "%s/local.d/*.yaml"]' % (cfg_dir, cfg_dir))
    if not trusted_loopback:
        text = text.replace('trusted_networks: ["127.0.0.0/8", "::1/128"]', "trusted_networks: []")
    for must in ("mode: forward", "unix:" + socket_path, cfg_dir + "/brands"):
        if must not in text:
            raise HarnessError("config/brandguard.yaml changed shape: %r not substituted" % must)
    if "first_seen" in text.split("first-seen store")[-1]:
        raise HarnessError("first_seen block still in the generated config")
    return text


def start_brandguard(build, workdir, dns_port=53, trusted_loopback=True, socket_mode=None):
    sock = os.path.join(workdir, "brandguard.sock")
    cfg = os.path.join(workdir, "brandguard.yaml")
    text = brandguard_config(sock, dns_port, trusted_loopback)
    if socket_mode:
        text = text.replace('socket_mode: "0660"', 'socket_mode: "%s"' % socket_mode, 1)
    with open(cfg, "w") as f:
        f.write(text)
    check = subprocess.run([os.path.join(build, "cli", "brandguard"), "check", "-c", cfg],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if check.returncode != 0:
        raise HarnessError("generated config refused: %s" % check.stdout)
    proc = ManagedProcess([os.path.join(build, "milter", "brandguard-milter"), "-c", cfg],
                          name="brandguard-milter", log_path=os.path.join(workdir, "brandguard.log"),
                          ready_unix_socket=sock, ready_timeout=60)
    proc.start()
    return System("BrandGuard", ["unix:" + sock], [proc])


def render_template(name, **values):
    with open(os.path.join(PEERS, name)) as f:
        text = f.read()
    for k, v in values.items():
        text = text.replace("@%s@" % k.upper(), str(v))
    left = re.findall(r"@[A-Z_]+@", text)
    if left:
        raise HarnessError("%s: unfilled %s" % (name, left))
    return text


def write(path, text, mode=0o644):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)
    return path


def start_opendkim_opendmarc(workdir, dns_port=53):
    """opendkim (Mode v, libunbound forwarding to the local nsd: Nameservers
    127.0.0.1, see bench/peers/opendkim.conf.in) chained
    before opendmarc (SPF and DMARC itself, through libresolv, i.e. the
    private /etc/resolv.conf), both in the foreground."""
    if dns_port != 53:
        raise HarnessError("opendmarc resolves through resolv.conf: port 53 only")
    d = os.path.join(workdir, "peers")
    os.makedirs(d, exist_ok=True)
    write(os.path.join(d, "hosts"), NOBODY_HOST + "\n")
    dkim_sock = os.path.join(d, "opendkim.sock")
    dmarc_sock = os.path.join(d, "opendmarc.sock")
    dkim_conf = write(os.path.join(d, "opendkim.conf"), render_template(
        "opendkim.conf.in", dir=d, socket=dkim_sock))
    psl = ("PublicSuffixList %s" % PSL) if os.path.exists(PSL) else "# no public suffix list installed"
    dmarc_conf = write(os.path.join(d, "opendmarc.conf"), render_template(
        "opendmarc.conf.in", dir=d, socket=dmarc_sock, public_suffix_list=psl))
    dkim = ManagedProcess(["/usr/sbin/opendkim", "-f", "-x", dkim_conf], name="opendkim",
                          log_path=os.path.join(d, "opendkim.log"), ready_unix_socket=dkim_sock)
    dkim.start()
    try:
        dmarc = ManagedProcess(["/usr/sbin/opendmarc", "-f", "-c", dmarc_conf], name="opendmarc",
                               log_path=os.path.join(d, "opendmarc.log"), ready_unix_socket=dmarc_sock)
        dmarc.start()
    except BaseException:
        dkim.stop(keep_logs=True)
        raise
    return System("opendkim→opendmarc", ["unix:" + dkim_sock, "unix:" + dmarc_sock], [dkim, dmarc])


def start_rspamd(workdir, dns_port=53):
    """rspamd 3.4: a rspamd_proxy worker in milter mode that scans itself
    (self_scan), only the SPF, DKIM and DMARC modules, DNS from the local
    nsd, no redis. Configuration: bench/peers/rspamd/."""
    d = os.path.join(workdir, "rspamd")
    for sub in ("run", "db", "log", "conf"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    src = os.path.join(PEERS, "rspamd")
    for name in os.listdir(src):
        text = render_template(os.path.join("rspamd", name), dir=d, dns_port=dns_port)
        write(os.path.join(d, "conf", name[:-3] if name.endswith(".in") else name), text)
    sock = os.path.join(d, "run", "proxy.sock")
    proc = ManagedProcess(["/usr/bin/rspamd", "-f", "-u", "root", "-g", "root", "-i", "-c",
                           os.path.join(d, "conf", "rspamd.conf")],
                          name="rspamd", log_path=os.path.join(d, "log", "stdout.log"),
                          ready_unix_socket=sock, ready_timeout=60)
    proc.start()
    return System("rspamd (proxy, self-scan)", ["unix:" + sock], [proc])


# ---------------------------------------------------------------------------
# brandguard bench
# ---------------------------------------------------------------------------

def run_bench(build, sockets, concurrency, messages, record=None, interleave=False, timeout_ms=30000):
    argv = [os.path.join(build, "cli", "brandguard"), "bench"]
    for s in sockets:
        argv += ["--socket", s]
    argv += ["--manifest", MANIFEST, "--concurrency", str(concurrency), "--messages", str(messages),
             "--timeout-ms", str(timeout_ms), "--json"]
    if record:
        argv += ["--record", record]
    if interleave:
        argv.append("--interleave")
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=3600)
    if not p.stdout.strip():
        raise HarnessError("bench gave no report (rc %d): %s" % (p.returncode, p.stderr))
    report = json.loads(p.stdout)
    report["stderr"] = p.stderr.strip()
    report["rc"] = p.returncode
    return report


def measure(build, system, concurrency, messages, extra_pids=()):
    """One bench run; the daemons' CPU and memory around it."""
    system.check_alive()
    pids = system.pids()
    cpu0 = cpu_seconds(pids)
    extra0 = cpu_seconds(extra_pids)
    busy0, _ = machine_cpu_seconds()
    kids0 = os.times()
    t0 = time.monotonic()
    report = run_bench(build, system.sockets, concurrency, messages)
    wall = max(time.monotonic() - t0, 1e-6)   # bench's start-up included, as in busy
    busy1, _ = machine_cpu_seconds()
    pids = system.pids()
    cpu = cpu_seconds(pids) - cpu0
    extra = cpu_seconds(extra_pids) - extra0
    kids1 = os.times()
    client = (kids1.children_user - kids0.children_user) + (kids1.children_system - kids0.children_system)
    ours = cpu + extra + client   # the client with its start-up (reading the corpus)
    # what the rest of the machine (other users' jobs) used meanwhile, in cores
    report["others_cores"] = max(0.0, (busy1 - busy0) - ours) / wall
    hwm, rss = memory_kib(pids)
    done = max(report["messages"], 1)
    report.update(daemon_cpu_ms_per_msg=cpu * 1000 / done, extra_cpu_ms_per_msg=extra * 1000 / done,
                  vmhwm_kib=hwm, rss_kib=rss, processes=len(pids))
    system.check_alive()
    return report


# ---------------------------------------------------------------------------
# the record of a verification pass: what each milter said about each message
# ---------------------------------------------------------------------------

def read_manifest():
    out = {}
    with open(MANIFEST) as f:
        for line in f:
            if line.strip():
                m = json.loads(line)
                out[os.path.basename(m["file"])] = m
    return out


def ar_results(value, method):
    """Results of `method` (dkim, spf, dmarc) in one Authentication-Results value."""
    return re.findall(r"(?:^|;)\s*%s=([a-z]+)" % method, value.replace("\n", " ").replace("\t", " "))


def headers_added(milter, name):
    return [m["value"] for m in milter["modifications"]
            if m.get("name", "").lower() == name.lower() and m["op"] in ("h", "i", "m")]


def machine_facts():
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                           stdout=subprocess.PIPE, text=True).stdout.strip()
    return {"date": time.strftime("%Y-%m-%d"), "host": platform.node().split(".")[0], "nproc": os.cpu_count(),
            "cpu": model, "commit": commit + ("+local changes" if dirty else ""),
            "load": os.getloadavg()}


def versions():
    out = {}
    for name, argv in (("opendkim", ["/usr/sbin/opendkim", "-V"]), ("opendmarc", ["/usr/sbin/opendmarc", "-V"]),
                       ("rspamd", ["/usr/bin/rspamd", "--version"]), ("nsd", ["/usr/sbin/nsd", "-v"])):
        try:
            p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=10)
            out[name] = p.stdout.strip().splitlines()[0] if p.stdout.strip() else "?"
        except (OSError, subprocess.TimeoutExpired):
            out[name] = "not installed"
    return out


def fmt_kib(k):
    return "%.1f MiB" % (k / 1024.0)


__all__ = ["BENCH", "ROOT", "MANIFEST", "HarnessError", "ManagedProcess", "stop_all", "wait_until", "log",
           "in_private_namespace", "corpus_nsd", "cpu_seconds", "memory_kib", "group_pids", "System",
           "start_brandguard", "start_opendkim_opendmarc", "start_rspamd", "run_bench", "measure",
           "read_manifest", "ar_results", "headers_added", "machine_facts", "versions", "fmt_kib", "signal"]
