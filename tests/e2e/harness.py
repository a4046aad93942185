#!/usr/bin/python3
r"""BrandGuard end-to-end test harness (Python 3 stdlib only).

Builds a throw-away Postfix instance on 127.0.0.1, an smtp-sink next hop
that dumps every delivered message to a file, sends mail with swaks, and
inspects the Postfix queues.  Every process it starts is stopped by pid at
the end (context managers + atexit), even when a test fails.

Typical use::

    from harness import PostfixInstance, ManagedProcess, free_port

    sock = "/tmp/..."  # or inet:127.0.0.1:PORT
    with ManagedProcess([MILTER_BINARY, "--config", cfg],
                        ready_unix_socket=sock) as milter, \
         PostfixInstance(milter="unix:" + sock,
                         milter_default_action="tempfail") as pf:
        r = pf.send(subject="hello", body="hi\n")
        assert r.data_code == 250, r.transcript
        msgs = pf.sink.wait_for_messages(1)
        assert msgs[0]["Subject"] == "hello"

How the private instance is started (verified on Debian 12, Postfix 3.7.11)
--------------------------------------------------------------------------
* ``postfix -c DIR start`` works for ANY directory when run as root, with no
  /etc/postfix/main.cf at all: Postfix only demands that a non-default
  config directory be listed in ``alternate_config_directories`` of the
  default main.cf when the caller is not root (mail_conf_suck(): the check
  is skipped for euid 0) -- this matters for the set-gid postqueue/postdrop
  used by non-root callers.  So the harness never creates or edits
  /etc/postfix/main.cf (on this machine it does not exist).  Non-root use
  would fail with "unauthorized configuration directory" unless the temp
  dir were listed there; the harness must run as root anyway (it chowns
  the sink dir, reads /proc/*/environ and queue files owned by postfix).
* ``postfix -c DIR start`` runs postfix-script, whose check-fatal step runs
  ``post-install create-missing``: that creates queue_directory's
  subdirectories AND data_directory with the right owners.  The
  data_directory must therefore NOT be pre-created by root (master then
  dies with "open lock file .../master.lock: Permission denied").
* mkdtemp() makes a 0700 directory; it is chmod'ed 0755 because Postfix
  daemons run as user "postfix" and must traverse it (maillog, regexp
  tables, milter unix sockets placed in the temp dir).
* maillog_file must start with a prefix from maillog_file_prefixes (default
  "/var, /dev/stdout"), so maillog_file_prefixes is set to the temp dir, and
  master.cf needs the postlog (postlogd) service.
* The master daemonizes into its own process group and every process of the
  instance carries MAIL_CONFIG=<config_dir> in its environment, which is
  how instance_pids() finds them.  PID 1 in this VM reaps orphans slowly,
  so dead processes can linger as zombies for a moment: pid_alive() treats
  zombies as dead.
* smtp-sink adds its own headers (X-Client-Addr, X-Client-Proto,
  X-Helo-Args, X-Mail-Args, X-Rcpt-Args and a 3-line "Received: ... by
  HOST (smtp-sink)") before the message, plus one trailing empty line;
  SinkMessage strips those, so SinkMessage.msg is the message exactly as
  Postfix delivered it.  A dump file is complete once smtp-sink no longer
  holds it open (checked through /proc/<sink pid>/fd).
* Config files written less than ~1 s ago make every Postfix program wait
  in 300 ms steps until the file is "old" (dict_load_file guards against
  half-written files): a fresh main.cf made `postfix start` take 2.4 s.
  The harness backdates main.cf/master.cf mtimes after writing them.
* `postfix start` must not be run with stdout/stderr on pipes: the
  daemonized master keeps the inherited descriptors for ~2 s, so
  subprocess.run(capture_output=True) waits for it.  Temp files are used.
* Readiness of smtpd is checked in /proc/net/tcp, not by connecting: every
  SMTP connection also opens a milter session (connect ... quit) that a
  milter test would see.  (probe_banner=True restores the banner check.)
* swaks appends CRLF "." after the --data it is given, so one trailing
  newline is stripped from the message before handing it over.  swaks also
  expands its %TOKENS% (%DATE%, %TO_ADDRESS%, %MESSAGEID%...) inside data.
* A milter on a unix socket must make the socket writable by user postfix
  (e.g. mode 0666 or group postfix): a root-owned 0755 socket gives
  "Permission denied", Postfix then applies milter_default_action at
  CONNECT (tempfail => every command gets 451, swaks rc 23, no DATA).
  The content stages (header/body/EOM) are talked by cleanup(8), so
  EOM rejects are logged as "postfix/cleanup[...]: ID: milter-reject:".
* smtpd_peername_lookup=no (no resolver use at all): the client shows up
  as "unknown[127.0.0.1]" in logs, Received: and the milter connect info;
  pass params={"smtpd_peername_lookup": "yes"} to get "localhost".

Folded headers as seen by a milter
---------------------------------------------------------------------------
Observed with a raw-socket milter (Postfix 3.7.11, milter_protocol=6, the
milter answering SMFIC_OPTNEG with version 6, actions 0, protocol 0).
Postfix offers: version 6, actions 0x000001ff, protocol 0x001fffff.

SMTP client sends (CRLF on the wire):
    X-Fold: first part\r\n\tsecond part\r\n  third\r\n
    X-Empty:\r\n
    X-NoSpace:value\r\n
Postfix sends SMFIC_HEADER ('L') packets, data = name NUL value NUL:
    b"X-Fold\0first part\n\tsecond part\n  third\0"
    b"X-Empty\0\0"
    b"X-NoSpace\0value\0"
i.e. continuation lines are joined with a bare LF (no CR), each
continuation line keeps its own leading whitespace (TAB or spaces), and
ONE space after the colon is dropped.  If the milter sets
SMFIP_HDR_LEADSPC (0x100000) in its OPTNEG reply, the space is kept:
    b"X-Fold\0 first part\n\tsecond part\n  third\0"
    (X-Empty and X-NoSpace unchanged).
Also: Postfix's own Received: header is NOT sent to the milter, but the
Message-Id: and Date: headers that Postfix adds when the client omitted
them (client 127.0.0.1 matches local_header_rewrite_clients) ARE sent,
after the client's headers.
"""

import atexit
import email
import email.policy
import email.utils
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

# The "Folded headers as seen by a milter" section of the docstring above.
FOLDED_HEADER_NOTE = __doc__.split(
    "Folded headers as seen by a milter\n", 1)[1].split("\n", 1)[1]

DEFAULT_TIMEOUT = 30.0
POSTFIX = "/usr/sbin/postfix"
POSTCONF = "/usr/sbin/postconf"
POSTQUEUE = "/usr/sbin/postqueue"
POSTSUPER = "/usr/sbin/postsuper"
SMTP_SINK = "/usr/sbin/smtp-sink"
SWAKS = "/usr/bin/swaks"

__all__ = [
    "DEFAULT_TIMEOUT", "FOLDED_HEADER_NOTE", "HarnessError", "free_port",
    "wait_until", "wait_for_port", "port_listening", "pid_alive", "kill_pid",
    "ManagedProcess",
    "SmtpSink", "SinkMessage", "PostfixInstance", "SwaksResult", "send_mail",
    "build_message", "final_data_reply", "parse_replies", "stop_all",
    "QUEUES",
]


class HarnessError(AssertionError):
    """Raised when a harness operation fails or a wait times out."""


# ---------------------------------------------------------------------------
# cleanup registry: everything started is stopped at exit, by pid
# ---------------------------------------------------------------------------

_registry = []          # objects with a .stop() method, in start order
_registry_lock = threading.Lock()


def _register(obj):
    with _registry_lock:
        if obj not in _registry:
            _registry.append(obj)


def _unregister(obj):
    with _registry_lock:
        if obj in _registry:
            _registry.remove(obj)


def stop_all():
    """Stop every harness-started process/instance still running (LIFO)."""
    while True:
        with _registry_lock:
            if not _registry:
                return
            obj = _registry.pop()
        try:
            obj.stop()
        except Exception as exc:  # keep going: stop the rest
            sys.stderr.write("harness: error stopping %r: %s\n" % (obj, exc))


atexit.register(stop_all)


def _sigterm_to_exit():
    """Make SIGTERM/SIGHUP run finally blocks + atexit (default just dies)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for sig in (signal.SIGTERM, signal.SIGHUP):
        try:
            if signal.getsignal(sig) in (signal.SIG_DFL, None):
                signal.signal(sig, lambda s, f: sys.exit(128 + s))
        except (ValueError, OSError):
            pass


# ---------------------------------------------------------------------------
# small utilities
# ---------------------------------------------------------------------------

def free_port(host="127.0.0.1"):
    """Return a TCP port that was free on host (bind to port 0)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind((host, 0))
        return s.getsockname()[1]
    finally:
        s.close()


def wait_until(predicate, timeout=DEFAULT_TIMEOUT, what="condition",
               diag=None, interval=0.05):
    """Poll predicate() until it returns a truthy value; return that value.

    On timeout raise HarnessError("timed out after Ns waiting for WHAT"),
    followed by diag() output (e.g. a maillog tail) if given.  what may be
    a callable, evaluated at timeout (to report the final state).
    """
    deadline = time.monotonic() + timeout
    last_exc = None
    while True:
        try:
            val = predicate()
            if val:
                return val
        except HarnessError:
            raise
        except Exception as exc:  # predicate may race with file creation
            last_exc = exc
        if time.monotonic() >= deadline:
            break
        time.sleep(interval)
        interval = min(interval * 1.5, 0.5)
    if callable(what):
        try:
            what = what()
        except Exception as exc:
            what = "(what() failed: %r)" % (exc,)
    msg = "timed out after %.1fs waiting for %s" % (timeout, what)
    if last_exc is not None:
        msg += " (last error: %r)" % (last_exc,)
    if diag is not None:
        try:
            msg += "\n" + diag()
        except Exception as exc:
            msg += "\n(diagnostics failed: %r)" % (exc,)
    raise HarnessError(msg)


def _read_banner(host, port, timeout=2.0):
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.settimeout(timeout)
        data = b""
        while b"\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        try:
            s.sendall(b"QUIT\r\n")
            s.recv(4096)
        except OSError:
            pass
        return data.decode("latin-1")


def wait_for_port(port, host="127.0.0.1", timeout=DEFAULT_TIMEOUT,
                  banner_contains=None, what=None, diag=None):
    """Wait until host:port accepts TCP connections.

    If banner_contains is given, also read the first line (SMTP greeting)
    and require it to start with "220" and contain that string.
    Returns the banner line (or "" when no banner was requested).
    """
    def probe():
        if banner_contains is None:
            with socket.create_connection((host, port), timeout=1.0):
                return "connected"
        line = _read_banner(host, port)
        if line.startswith("220") and banner_contains in line:
            return line.strip() or "connected"
        return None
    res = wait_until(probe, timeout, what or "%s:%d to answer" % (host, port),
                     diag)
    return "" if res == "connected" else res


def port_listening(port, host="127.0.0.1"):
    """True if a socket is in LISTEN state on host:port (IPv4), read from
    /proc/net/tcp -- unlike connecting, this does not create an SMTP
    session (which would also open a milter session)."""
    want = "%s:%04X" % ("".join("%02X" % int(x) for x in
                                reversed(host.split("."))), port)
    any_ = "00000000:%04X" % port
    try:
        with open("/proc/net/tcp") as f:
            next(f)
            for line in f:
                parts = line.split()
                if parts[3] == "0A" and parts[1] in (want, any_):
                    return True
    except OSError:
        pass
    return False


def _proc_stat(pid):
    """(state, starttime) from /proc/pid/stat, or None if gone."""
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            data = f.read().decode("latin-1")
    except (FileNotFoundError, ProcessLookupError, PermissionError, OSError):
        return None
    rest = data[data.rfind(")") + 2:].split()
    # rest[0] = state (field 3), starttime is field 22 -> rest[19]
    return rest[0], int(rest[19])


def pid_alive(pid, starttime=None):
    """True if pid exists and is not a zombie (and has starttime if given)."""
    st = _proc_stat(pid)
    if st is None or st[0] in ("Z", "X", "x"):
        return False
    if starttime is not None and st[1] != starttime:
        return False   # pid was reused by another process
    return True


def _reap(pid):
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
    except OSError:
        pass


def kill_pid(pid, sig=signal.SIGTERM, timeout=10.0, starttime=None):
    """Send sig to pid, wait up to timeout, then SIGKILL. True if it died."""
    if not pid_alive(pid, starttime):
        _reap(pid)
        return True
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        return True
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _reap(pid)
        if not pid_alive(pid, starttime):
            return True
        time.sleep(0.05)
    if pid_alive(pid, starttime):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            return True
        deadline = time.monotonic() + 5.0
        while time.monotonic() < deadline:
            _reap(pid)
            if not pid_alive(pid, starttime):
                return True
            time.sleep(0.05)
    return not pid_alive(pid, starttime)


def _tail_file(path, lines=40):
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - 64 * 1024))
            data = f.read().decode("utf-8", "replace")
    except OSError as exc:
        return "(cannot read %s: %s)" % (path, exc)
    return "\n".join(data.splitlines()[-lines:])


def _clean_env(extra=None):
    env = dict(os.environ)
    for k in ("MAIL_CONFIG", "MAIL_DEBUG", "MAIL_VERBOSE"):
        env.pop(k, None)
    env.setdefault("LANG", "C")
    env["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin:" + env.get("PATH", "")
    if extra:
        env.update(extra)
    return env


def _run(argv, timeout=DEFAULT_TIMEOUT, check=True, input=None, env=None):
    """Run a short command; stdout/stderr go to temp FILES, not pipes:
    `postfix start` leaves the daemonized master holding the inherited
    stdout/stderr for ~2 s, so with pipes subprocess.run() would wait for
    EOF (and could hang if a daemon kept them open)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            p = subprocess.run(argv, input=input, stdout=out, stderr=err,
                               timeout=timeout, env=env or _clean_env())
        except subprocess.TimeoutExpired as exc:
            raise HarnessError("timed out after %.1fs: %s"
                               % (timeout, argv)) from exc
        out.seek(0)
        err.seek(0)
        p.stdout = out.read()
        p.stderr = err.read()
    if check and p.returncode != 0:
        raise HarnessError("command failed (rc=%d): %s\nstdout: %s\nstderr: %s"
                           % (p.returncode, " ".join(argv),
                              p.stdout.decode("utf-8", "replace"),
                              p.stderr.decode("utf-8", "replace")))
    return p


# ---------------------------------------------------------------------------
# arbitrary helper processes (the milter daemon, ...)
# ---------------------------------------------------------------------------

class ManagedProcess:
    """A helper process started by the harness and always stopped by pid.

    argv         command line (list)
    log_path     stdout+stderr go here (default: a file in a temp dir)
    ready_port   wait until 127.0.0.1:ready_port accepts connections
    ready_unix_socket  wait until this unix socket accepts connections
    ready_fn     wait until ready_fn() is truthy
    stop_signal  first signal sent on stop (SIGKILL after stop_timeout)

    Use as a context manager, or call start()/stop().  Processes left
    running are stopped at interpreter exit.  The child runs in its own
    session (process group == pid); stop() signals the pid and then any
    remaining member of that process group (its own children).
    """

    def __init__(self, argv, name=None, env=None, cwd=None, log_path=None,
                 ready_port=None, ready_unix_socket=None, ready_fn=None,
                 ready_timeout=DEFAULT_TIMEOUT, stop_signal=signal.SIGTERM,
                 stop_timeout=10.0, start=False):
        self.argv = [str(a) for a in argv]
        self.name = name or os.path.basename(self.argv[0])
        self.env = env
        self.cwd = cwd
        self._own_logdir = None
        if log_path is None:
            self._own_logdir = tempfile.mkdtemp(prefix="bg-proc-")
            log_path = os.path.join(self._own_logdir, self.name + ".log")
        self.log_path = log_path
        self.ready_port = ready_port
        self.ready_unix_socket = ready_unix_socket
        self.ready_fn = ready_fn
        self.ready_timeout = ready_timeout
        self.stop_signal = stop_signal
        self.stop_timeout = stop_timeout
        self.popen = None
        self.pid = None
        self.starttime = None
        self.returncode = None
        if start:
            self.start()

    def __repr__(self):
        return "<ManagedProcess %s pid=%s>" % (self.name, self.pid)

    def start(self):
        if self.popen is not None:
            raise HarnessError("%s already started" % self.name)
        _sigterm_to_exit()
        logf = open(self.log_path, "ab")
        try:
            self.popen = subprocess.Popen(
                self.argv, stdin=subprocess.DEVNULL, stdout=logf,
                stderr=subprocess.STDOUT, env=self.env, cwd=self.cwd,
                start_new_session=True)
        finally:
            logf.close()
        self.pid = self.popen.pid
        st = _proc_stat(self.pid)
        self.starttime = st[1] if st else None
        _register(self)
        try:
            self.wait_ready()
        except BaseException:
            self.stop(keep_logs=True)
            sys.stderr.write("harness: %s log kept at %s\n"
                             % (self.name, self.log_path))
            raise
        return self

    def _check_running(self):
        if self.popen.poll() is not None:
            raise HarnessError("%s (pid %d) exited early with rc=%s; "
                               "output:\n%s"
                               % (self.name, self.pid, self.popen.returncode,
                                  self.output_tail()))

    def wait_ready(self, timeout=None):
        timeout = self.ready_timeout if timeout is None else timeout
        checks = []
        if self.ready_port is not None:
            def port_ok():
                with socket.create_connection(("127.0.0.1", self.ready_port),
                                              timeout=1.0):
                    return True
            checks.append(("127.0.0.1:%s" % self.ready_port, port_ok))
        if self.ready_unix_socket is not None:
            def unix_ok():
                with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                    s.settimeout(1.0)
                    s.connect(self.ready_unix_socket)
                    return True
            checks.append((self.ready_unix_socket, unix_ok))
        if self.ready_fn is not None:
            checks.append(("ready_fn", self.ready_fn))
        for what, fn in checks:
            def pred(fn=fn):
                self._check_running()
                return fn()
            wait_until(pred, timeout,
                       "%s to be ready (%s)" % (self.name, what),
                       diag=lambda: "%s output:\n%s" % (self.name,
                                                        self.output_tail()))
        self._check_running()

    def alive(self):
        return self.pid is not None and self.popen.poll() is None

    def output(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def output_tail(self, lines=40):
        return _tail_file(self.log_path, lines)

    def signal(self, sig):
        if self.alive():
            os.kill(self.pid, sig)

    def stop(self, timeout=None, keep_logs=False):
        """Stop the process by pid (stop_signal, then SIGKILL); return rc.
        A log file in a harness-made temp dir is deleted unless keep_logs
        (read output()/output_tail() before stopping if needed)."""
        _unregister(self)
        if self.popen is None:
            return None
        try:
            return self._stop(timeout)
        finally:
            if not keep_logs:
                self.cleanup_logs()

    def _stop(self, timeout):
        timeout = self.stop_timeout if timeout is None else timeout
        # snapshot the child's process group (its own children) first
        group = {}
        for pid in _pids_in_group(self.pid):
            st = _proc_stat(pid)
            if st and pid != self.pid:
                group[pid] = st[1]
        if self.popen.poll() is None:
            try:
                os.kill(self.pid, self.stop_signal)
            except ProcessLookupError:
                pass
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                try:
                    os.kill(self.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.popen.wait(10)
        self.returncode = self.popen.returncode
        # leftovers in the child's own process group (its children): the
        # snapshot plus members started later (not older than the child,
        # so a reused pgid can never hit unrelated older processes)
        for pid in _pids_in_group(self.pid):
            st = _proc_stat(pid)
            if st and self.starttime is not None and st[1] >= self.starttime:
                group.setdefault(pid, st[1])
        for pid, start in group.items():
            kill_pid(pid, signal.SIGTERM, 5.0, start)
        return self.returncode

    def cleanup_logs(self):
        if self._own_logdir:
            shutil.rmtree(self._own_logdir, ignore_errors=True)

    def __enter__(self):
        if self.popen is None:
            self.start()
        return self

    def __exit__(self, exc_type, exc, tb):
        self.stop(keep_logs=exc_type is not None)
        if exc_type is not None:
            sys.stderr.write("harness: %s log kept at %s\n"
                             % (self.name, self.log_path))
        return False


def _iter_pids():
    for name in os.listdir("/proc"):
        if name.isdigit():
            yield int(name)


def _pids_in_group(pgid):
    out = []
    for pid in _iter_pids():
        try:
            with open("/proc/%d/stat" % pid, "rb") as f:
                data = f.read().decode("latin-1")
        except OSError:
            continue
        rest = data[data.rfind(")") + 2:].split()
        if rest[0] not in ("Z", "X") and int(rest[2]) == pgid:
            out.append(pid)
    return out


# ---------------------------------------------------------------------------
# smtp-sink next hop
# ---------------------------------------------------------------------------

_SINK_PREFIX_HEADERS = ("x-client-addr", "x-client-proto", "x-helo-args",
                        "x-mail-args", "x-rcpt-args")


class SinkMessage:
    """One message captured by smtp-sink.

    path        dump file
    raw         full dump file bytes (incl. smtp-sink's own headers)
    data        the message bytes as Postfix delivered them (LF line ends)
    msg         email.message.Message parsed from data (compat32 policy, so
                header values keep their folding exactly)
    envelope    dict: client_addr, client_proto, helo, mail_from (str),
                rcpt_to (list of str), mail_args / rcpt_args (raw)
    msg[...], get_all(), subject, body() are shortcuts.
    """

    def __init__(self, path, raw):
        self.path = path
        self.raw = raw
        self.envelope = {"client_addr": None, "client_proto": None,
                         "helo": None, "mail_from": None, "mail_args": None,
                         "rcpt_to": [], "rcpt_args": []}
        lines = raw.split(b"\n")
        i = 0
        while i < len(lines):
            line = lines[i]
            name, _, value = line.partition(b":")
            lname = name.strip().lower().decode("latin-1")
            if lname not in _SINK_PREFIX_HEADERS:
                break
            value = value.strip().decode("utf-8", "replace")
            if lname == "x-client-addr":
                self.envelope["client_addr"] = value
            elif lname == "x-client-proto":
                self.envelope["client_proto"] = value
            elif lname == "x-helo-args":
                self.envelope["helo"] = value
            elif lname == "x-mail-args":
                self.envelope["mail_args"] = value
                self.envelope["mail_from"] = _angle(value)
            elif lname == "x-rcpt-args":
                self.envelope["rcpt_args"].append(value)
                self.envelope["rcpt_to"].append(_angle(value))
            i += 1
        # smtp-sink's own 3-line Received header: "Received: from ..."
        # "\tby HOST (smtp-sink) with ..." "\tDATE"
        if (i + 2 < len(lines) and lines[i].lower().startswith(b"received:")
                and b"(smtp-sink)" in lines[i + 1]):
            i += 1
            while i < len(lines) and lines[i][:1] in (b" ", b"\t"):
                i += 1
        body = b"\n".join(lines[i:])
        # smtp-sink appends one empty line after the message
        if body.endswith(b"\n\n"):
            body = body[:-1]
        self.data = body
        self.msg = email.message_from_bytes(body, policy=email.policy.compat32)

    def __getitem__(self, name):
        return self.msg[name]

    def get_all(self, name, default=None):
        return self.msg.get_all(name, default)

    @property
    def subject(self):
        return self.msg["Subject"]

    def body(self):
        """Undecoded body as bytes (everything after the header block)."""
        sep = self.data.find(b"\n\n")
        return b"" if sep < 0 else self.data[sep + 2:]

    def headers_raw(self):
        """The header block as bytes (LF line ends, folding preserved)."""
        sep = self.data.find(b"\n\n")
        return self.data if sep < 0 else self.data[:sep + 1]

    def __repr__(self):
        return "<SinkMessage %s Subject=%r>" % (os.path.basename(self.path),
                                                self.subject)


def _angle(args):
    m = re.match(r"\s*<([^>]*)>", args)
    return m.group(1) if m else args.split()[0] if args.split() else ""


class SmtpSink:
    """smtp-sink listening on 127.0.0.1:port, one dump file per message.

    Dump files: <dump_dir>/%Y%m%d%H/%M.<random hex>.
    """

    def __init__(self, workdir, port=None, hostname="sink.brandguard.test",
                 user=None, extra_args=(), log_path=None):
        self.workdir = workdir
        self.dump_dir = os.path.join(workdir, "sink")
        self.port = port
        self.hostname = hostname
        self.user = user
        self.extra_args = list(extra_args)
        self.log_path = log_path or os.path.join(workdir, "smtp-sink.log")
        self.proc = None
        self.extra_diag = None   # callable adding context (Postfix maillog)

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def start(self, timeout=DEFAULT_TIMEOUT):
        os.makedirs(self.dump_dir, exist_ok=True)
        argv = [SMTP_SINK, "-h", self.hostname]
        if os.geteuid() == 0:
            # smtp-sink refuses to run as root without -u
            user = self.user or "nobody"
            pw = pwd.getpwnam(user)
            os.chown(self.dump_dir, pw.pw_uid, pw.pw_gid)
            argv += ["-u", user]
        argv += self.extra_args
        last_err = None
        for _attempt in range(3):      # port race: retry with a new port
            port = self.port or free_port()
            full = argv + ["-d", os.path.join(self.dump_dir, "%Y%m%d%H/%M."),
                           "127.0.0.1:%d" % port, "128"]
            self.proc = ManagedProcess(full, name="smtp-sink",
                                       log_path=self.log_path)
            try:
                self.proc.start()
                wait_for_port(port, banner_contains=self.hostname,
                              timeout=timeout, what="smtp-sink on port %d"
                              % port, diag=self.proc.output_tail)
                self.port = port
                return self
            except HarnessError as exc:
                last_err = exc
                self.proc.stop()
                if self.port:      # fixed port requested: do not retry
                    break
        raise HarnessError("could not start smtp-sink: %s" % last_err)

    def stop(self):
        if self.proc is not None:
            self.proc.stop()

    def _open_paths(self):
        """Dump files smtp-sink still has open (transaction in progress)."""
        paths = set()
        if self.proc is None or not self.proc.pid:
            return paths
        fddir = "/proc/%d/fd" % self.proc.pid
        try:
            for fd in os.listdir(fddir):
                try:
                    paths.add(os.path.realpath(
                        os.readlink(os.path.join(fddir, fd))))
                except OSError:
                    pass
        except OSError:
            pass
        return paths

    def message_files(self, include_incomplete=False):
        """Sorted list of dump files (oldest first); complete ones only."""
        files = []
        for root, _dirs, names in os.walk(self.dump_dir):
            for n in names:
                files.append(os.path.join(root, n))
        if not include_incomplete:
            open_now = self._open_paths()
            files = [f for f in files
                     if os.path.realpath(f) not in open_now]

        def key(p):
            try:
                return (os.stat(p).st_mtime_ns, p)
            except OSError:
                return (0, p)
        return sorted(files, key=key)

    def count(self):
        return len(self.message_files())

    def messages(self):
        """All complete captured messages, oldest first, as SinkMessage."""
        out = []
        for p in self.message_files():
            with open(p, "rb") as f:
                out.append(SinkMessage(p, f.read()))
        return out

    def wait_for_messages(self, n, timeout=DEFAULT_TIMEOUT, diag=None):
        """Wait until at least n complete messages exist; return them all."""
        wait_until(lambda: self.count() >= n, timeout,
                   lambda: "%d message(s) in the sink (have %d)"
                   % (n, self.count()), diag=diag or self.diag)
        return self.messages()

    def clear(self):
        """Delete all dump files (new messages keep arriving afterwards)."""
        for p in self.message_files():
            try:
                os.unlink(p)
            except OSError:
                pass

    def own_diag(self):
        return "smtp-sink dir %s has %d file(s); smtp-sink output:\n%s" % (
            self.dump_dir, len(self.message_files(True)),
            self.proc.output_tail() if self.proc else "")

    def diag(self):
        out = self.own_diag()
        if self.extra_diag is not None:
            out = self.extra_diag() + "\n" + out
        return out


# ---------------------------------------------------------------------------
# swaks
# ---------------------------------------------------------------------------

class SwaksResult:
    """Result of one swaks run.

    returncode  swaks exit status: 0 accepted, 2 cannot connect, 6 connection
                closed unexpectedly, 21 bad banner, 22 HELO error, 23 MAIL
                error, 24 no RCPT accepted, 25 DATA command rejected, 26
                message rejected after "." (see swaks(1) EXIT CODES)
    transcript  swaks stdout+stderr (the SMTP dialogue)
    data_code   final reply code to DATA (after "."), or the reply to the
                DATA command itself if that was not 354; None if DATA was
                never sent (e.g. all RCPTs rejected)
    data_reply  that reply's text (last line, with code)
    replies     list of (command, code, text) for every server reply
    queue_id    Postfix queue id from "queued as XXXX" or None
    last_code   code of the last server reply before QUIT
    """

    def __init__(self, returncode, transcript, message=b""):
        self.returncode = returncode
        self.transcript = transcript
        self.message = message
        self.replies = parse_replies(transcript)
        self.data_code, self.data_reply = final_data_reply(transcript)
        m = re.search(r"queued as ([0-9A-Za-z]+)", self.data_reply or "")
        self.queue_id = m.group(1) if m else None
        codes = [c for cmd, c, _t in self.replies if cmd != "QUIT"]
        self.last_code = codes[-1] if codes else None

    @property
    def ok(self):
        return self.returncode == 0 and self.data_code == 250

    def __repr__(self):
        return "<SwaksResult rc=%s data=%s %r>" % (self.returncode,
                                                   self.data_code,
                                                   self.data_reply)


_SERVER_LINE = re.compile(r"^(?:<-|<\*\*|<~|<~\*)\s+(\d{3})([ -])(.*)$")
_CLIENT_LINE = re.compile(r"^ (?:->|~>) (.*)$")


def parse_replies(transcript):
    """[(command, code, last_line_text)] for each server reply in a swaks
    transcript.  command is the SMTP verb that provoked it ("CONNECT" for
    the banner, "." for the end-of-data reply)."""
    out = []
    cmd = "CONNECT"
    in_data = False
    for line in transcript.splitlines():
        m = _SERVER_LINE.match(line)
        if m:
            code, sep, text = int(m.group(1)), m.group(2), m.group(3)
            if sep == " ":
                out.append((cmd, code, "%d %s" % (code, text)))
                if cmd == "DATA" and code == 354:
                    in_data = True
                    cmd = "."
                elif cmd == ".":
                    in_data = False
                    cmd = None
            continue
        m = _CLIENT_LINE.match(line)
        if m and not in_data:
            verb = m.group(1).split(" ", 1)[0].split(":", 1)[0].upper()
            cmd = verb
    return out


def final_data_reply(transcript):
    """(code, text) of the final reply to DATA in a swaks transcript.

    That is the reply after the terminating "." when DATA got 354, else the
    (error) reply to the DATA command itself; (None, None) without DATA.
    """
    replies = parse_replies(transcript)
    for i, (cmd, code, text) in enumerate(replies):
        if cmd == "DATA":
            if code != 354:
                return code, text
            for cmd2, code2, text2 in replies[i + 1:]:
                if cmd2 == ".":
                    return code2, text2
            return None, None
    return None, None


def build_message(mail_from="sender@example.com", to="rcpt@example.net",
                  subject="BrandGuard e2e test", headers=None,
                  body="This is a test message.\n", date=True,
                  message_id=True):
    """Build message bytes (LF line ends).

    headers: list of (name, value) tuples or raw "Name: value" strings, or a
    dict; values are used verbatim (embed "\\n\\t" yourself to fold).  A
    header given here replaces the default one of the same name (From, To,
    Subject, Date, Message-ID).
    """
    if isinstance(to, str):
        to = [to]
    extra = []
    if headers:
        items = headers.items() if isinstance(headers, dict) else headers
        for h in items:
            if isinstance(h, (bytes, str)):
                h = h.decode("utf-8") if isinstance(h, bytes) else h
                name, _, value = h.partition(":")
                extra.append((name.strip(), value.lstrip(" ")))
            else:
                extra.append((str(h[0]), str(h[1])))
    given = {n.lower() for n, _v in extra}
    hdrs = []
    if date and "date" not in given:
        hdrs.append(("Date", email.utils.formatdate(localtime=False)))
    if "from" not in given:
        hdrs.append(("From", "<%s>" % mail_from))
    if "to" not in given:
        hdrs.append(("To", ", ".join("<%s>" % t for t in to)))
    if subject is not None and "subject" not in given:
        hdrs.append(("Subject", subject))
    if message_id and "message-id" not in given:
        hdrs.append(("Message-ID", email.utils.make_msgid(
            domain="e2e.brandguard.test")))
    hdrs += extra
    text = "".join("%s: %s\n" % (n, v) for n, v in hdrs) + "\n"
    if isinstance(body, bytes):
        return text.encode("utf-8") + body
    return (text + (body or "")).encode("utf-8")


def send_mail(port, host="127.0.0.1", mail_from="sender@example.com",
              to="rcpt@example.net", subject="BrandGuard e2e test",
              headers=None, body="This is a test message.\n", data=None,
              helo="client.example.com", timeout=DEFAULT_TIMEOUT,
              extra_args=(), suppress_data=False):
    """Send one message with swaks to host:port; return a SwaksResult.

    The message is built with build_message() unless data (bytes/str, the
    complete message: headers + blank line + body) is given.  It is passed
    to swaks on stdin ("--data -"), so swaks never rewrites it except for
    LF -> CRLF and dot-stuffing (swaks does dot-stuff).  One trailing
    newline is removed before handing it to swaks, because swaks adds
    CRLF "." itself; the delivered message is byte-identical (modulo CRLF
    and the headers Postfix adds) as long as data ends with a newline.
    Note: swaks substitutes its %TOKENS% (e.g. %DATE%) even in --data.
    to may be a list (one RCPT each).
    """
    if host != "127.0.0.1" and host != "localhost":
        raise HarnessError("harness only talks to 127.0.0.1, not %r" % host)
    rcpts = [to] if isinstance(to, str) else list(to)
    if data is None:
        data = build_message(mail_from, rcpts, subject, headers, body)
    elif isinstance(data, str):
        data = data.encode("utf-8")
    # swaks always sends CRLF "." after the data, so a final newline of our
    # own would become an extra empty line: drop exactly one.
    wire = data[:-2] if data.endswith(b"\r\n") else \
        data[:-1] if data.endswith(b"\n") else data
    argv = [SWAKS, "--server", host, "--port", str(port),
            "--from", mail_from, "--to", ",".join(rcpts),
            "--helo", helo, "--timeout", str(int(timeout)), "--data", "-"]
    if suppress_data:
        argv.append("--suppress-data")
    argv += list(extra_args)
    try:
        p = subprocess.run(argv, input=wire, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout + 10,
                           env=_clean_env())
    except subprocess.TimeoutExpired as exc:
        raise HarnessError("swaks timed out after %ss; partial output:\n%s"
                           % (timeout + 10, (exc.stdout or b"").decode(
                               "utf-8", "replace"))) from exc
    return SwaksResult(p.returncode, p.stdout.decode("utf-8", "replace"), data)


# ---------------------------------------------------------------------------
# private Postfix instance
# ---------------------------------------------------------------------------

_MASTER_CF = """\
# generated by BrandGuard e2e harness; chroot column is "n" everywhere
{smtpd_addr} inet n - n - - smtpd
{smtpd_extra}
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
{master_extra}
"""

QUEUES = ("maildrop", "incoming", "active", "deferred", "hold", "corrupt")


class PostfixInstance:
    """A private Postfix on 127.0.0.1:<smtp_port> relaying everything to an
    smtp-sink (or to relay_port).

    milter                 smtpd_milters value in Postfix syntax
                           ("unix:/path", "inet:127.0.0.1:PORT"), or None
    milter_default_action  tempfail | accept | reject | quarantine
    milter_protocol        6
    milter_*_timeout       Postfix time values ("10s")
    params                 dict of extra main.cf parameters (override the
                           defaults); "{tmpdir}" in a value is replaced by
                           the instance directory
    files                  dict relpath -> content, written into the
                           instance dir before start (e.g. regexp tables)
    master_extra           extra master.cf text
    with_sink              start an SmtpSink as next hop (default True)
    relay_port             use an existing next hop on 127.0.0.1:PORT
                           instead (with_sink is then ignored)
    keep                   keep the temp dir after stop (default: only when
                           the with-block raised)
    probe_banner           after start also read the 220 greeting (opens
                           one SMTP + milter session; off by default)

    Layout of tmpdir: etc/ (main.cf, master.cf), spool/ (queue_directory),
    data/ (data_directory), maillog, sink/ (dump files), smtp-sink.log
    """

    def __init__(self, milter=None, milter_default_action="tempfail",
                 milter_protocol=6, milter_connect_timeout="10s",
                 milter_command_timeout="10s", milter_content_timeout="30s",
                 params=None, files=None, master_extra="", smtpd_extra="",
                 with_sink=True, relay_port=None, smtp_port=None,
                 hostname="mx.brandguard.test", keep=False, base_dir=None,
                 start_timeout=DEFAULT_TIMEOUT, probe_banner=False):
        self.milter = milter
        self.milter_params = {
            "milter_default_action": milter_default_action,
            "milter_protocol": str(milter_protocol),
            "milter_connect_timeout": milter_connect_timeout,
            "milter_command_timeout": milter_command_timeout,
            "milter_content_timeout": milter_content_timeout,
        }
        self.extra_params = dict(params or {})
        self.files = dict(files or {})
        self.master_extra = master_extra
        self.smtpd_extra = smtpd_extra
        self.with_sink = with_sink and relay_port is None
        self.relay_port = relay_port
        self.smtp_port = smtp_port
        self._fixed_smtp_port = smtp_port is not None
        self.hostname = hostname
        self.keep = keep
        self.start_timeout = start_timeout
        self.probe_banner = probe_banner
        self.tmpdir = tempfile.mkdtemp(prefix="bg-postfix-", dir=base_dir)
        # postfix daemons (user postfix) must traverse the directory
        os.chmod(self.tmpdir, 0o755)
        self.config_dir = os.path.join(self.tmpdir, "etc")
        self.queue_dir = os.path.join(self.tmpdir, "spool")
        self.data_dir = os.path.join(self.tmpdir, "data")  # made by postfix
        self.maillog = os.path.join(self.tmpdir, "maillog")
        os.makedirs(self.config_dir)
        os.makedirs(self.queue_dir)
        _register(self)     # so the temp dir goes away even if never started
        self.sink = None
        self.master_pid = None
        self._known_pids = {}      # pid -> starttime, for the final check
        self.running = False
        self.removed = False

    def __repr__(self):
        return "<PostfixInstance %s port=%s>" % (self.tmpdir, self.smtp_port)

    # -- files / configuration --------------------------------------------

    def path(self, *parts):
        return os.path.join(self.tmpdir, *parts)

    def write_file(self, relpath, content, mode=0o644):
        """Write a file into the instance dir (e.g. a regexp table)."""
        p = self.path(relpath)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(content.encode("utf-8") if isinstance(content, str)
                    else content)
        os.chmod(p, mode)
        return p

    def _subst(self, value):
        return str(value).replace("{tmpdir}", self.tmpdir)

    def main_cf_params(self):
        p = {
            "compatibility_level": "3.6",
            "queue_directory": self.queue_dir,
            "data_directory": self.data_dir,
            "mail_owner": "postfix",
            "setgid_group": "postdrop",
            "myhostname": self.hostname,
            "mydomain": "brandguard.test",
            "myorigin": "$myhostname",
            "mydestination": "",
            "local_recipient_maps": "",
            "local_transport": "error:5.1.1 local delivery disabled",
            "alias_maps": "",
            "alias_database": "",
            "inet_interfaces": "127.0.0.1",
            "inet_protocols": "ipv4",
            "mynetworks_style": "host",
            "mynetworks": "127.0.0.0/8",
            "relay_domains": "",
            "relayhost": "[127.0.0.1]:%d" % self.relay_port,
            "default_transport": "smtp",
            "relay_transport": "smtp",
            # no DNS anywhere: literal next hop + native (files) lookups
            "smtp_host_lookup": "native",
            "smtp_dns_support_level": "disabled",
            "lmtp_host_lookup": "native",
            "smtpd_peername_lookup": "no",
            "smtp_tls_security_level": "none",
            "smtpd_tls_security_level": "none",
            "smtputf8_enable": "no",
            "biff": "no",
            "in_flow_delay": "0",
            "smtp_connect_timeout": "5s",
            "maillog_file": self.maillog,
            "maillog_file_prefixes": self.tmpdir,
            "smtpd_banner": "$myhostname ESMTP Postfix (BrandGuard e2e)",
            "smtpd_milters": self.milter or "",
            "non_smtpd_milters": "",
        }
        p.update(self.milter_params)
        for k, v in self.extra_params.items():
            p[k] = self._subst(v)
        return p

    def _write_config(self):
        params = self.main_cf_params()
        with open(os.path.join(self.config_dir, "main.cf"), "w") as f:
            f.write("# generated by BrandGuard e2e harness\n")
            for k, v in params.items():
                v = str(v).replace("\n", "\n\t")   # multi-line values
                f.write("%s = %s\n" % (k, v))
        with open(os.path.join(self.config_dir, "master.cf"), "w") as f:
            f.write(_MASTER_CF.format(
                smtpd_addr="127.0.0.1:%d" % self.smtp_port,
                smtpd_extra=self._subst(self.smtpd_extra),
                master_extra=self._subst(self.master_extra)))
        self._age_config()

    def _age_config(self):
        # Postfix (dict_load_file) re-reads main.cf in a 300 ms loop while
        # its mtime is within the last second or so, to avoid reading a
        # half-written file: a freshly written main.cf costs ~2 s on EVERY
        # postfix/postconf/daemon start.  Backdating the mtime avoids that.
        old = time.time() - 60
        for name in ("main.cf", "master.cf"):
            p = os.path.join(self.config_dir, name)
            if os.path.exists(p):
                os.utime(p, (old, old))

    def postconf(self, *args):
        """Run postconf -c CONFIG_DIR ARGS; return stdout."""
        return _run([POSTCONF, "-c", self.config_dir] + list(args)).stdout \
            .decode("utf-8", "replace")

    def set_params(self, reload=True, **params):
        """Change main.cf parameters (postconf -e); reload if running.

        After reload new SMTP sessions use the new settings (old smtpd
        processes finish their session and exit)."""
        self.extra_params.update(params)
        if params:
            _run([POSTCONF, "-c", self.config_dir, "-e"] +
                 ["%s=%s" % (k, self._subst(v)) for k, v in params.items()])
            self._age_config()
        if reload and self.running:
            self.reload()

    def reload(self, timeout=DEFAULT_TIMEOUT):
        """postfix reload, then wait until the master logged that it
        re-read its configuration (so the next connection uses it)."""
        rx = r"postfix/master\[\d+\]: reload -- version"
        n = len(re.findall(rx, self.maillog_text()))
        self.postfix_cmd("reload")
        self.wait_for_log(rx, timeout=timeout, count=n + 1)

    def set_milter(self, spec, reload=True):
        """Change smtpd_milters (None/"" disables) and reload."""
        self.milter = spec
        self.set_params(reload=reload, smtpd_milters=spec or "")

    def postfix_cmd(self, *args, check=True, timeout=DEFAULT_TIMEOUT):
        return _run([POSTFIX, "-c", self.config_dir] + list(args),
                    timeout=timeout, check=check)

    # -- logs --------------------------------------------------------------

    def maillog_text(self):
        try:
            with open(self.maillog, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def maillog_tail(self, lines=40):
        return "---- tail of %s ----\n%s" % (self.maillog,
                                              _tail_file(self.maillog, lines))

    def diag(self):
        out = self.maillog_tail()
        if self.sink is not None:
            out += "\n" + self.sink.own_diag()
        return out

    def wait_for_log(self, pattern, timeout=DEFAULT_TIMEOUT, count=1):
        """Wait until regex pattern matches count lines of the maillog;
        return the list of match objects."""
        rx = re.compile(pattern)

        def pred():
            ms = [m for m in (rx.search(l) for l in
                              self.maillog_text().splitlines()) if m]
            return ms if len(ms) >= count else None
        return wait_until(pred, timeout, "%d maillog line(s) matching %r"
                          % (count, pattern), diag=self.diag)

    # -- lifecycle ----------------------------------------------------------

    def start(self):
        _sigterm_to_exit()
        _register(self)
        try:
            if self.with_sink:
                self.sink = SmtpSink(self.tmpdir)
                self.sink.extra_diag = self.maillog_tail
                self.sink.start(self.start_timeout)
                self.relay_port = self.sink.port
            if self.relay_port is None:
                raise HarnessError("no next hop: with_sink=False and no "
                                   "relay_port")
            for rel, content in self.files.items():
                self.write_file(rel, self._subst(content)
                                if isinstance(content, str) else content)
            last = None
            for _attempt in range(3):    # retry on a port race
                if not self._fixed_smtp_port:
                    self.smtp_port = free_port()
                self._write_config()
                p = self.postfix_cmd("start", check=False,
                                     timeout=self.start_timeout)
                if p.returncode == 0:
                    break
                last = p
                text = self.maillog_text()
                if "Address already in use" in text and \
                        not self._fixed_smtp_port:
                    self._kill_instance_processes()
                    continue
                break
            else:
                p = last
            if p.returncode != 0:
                raise HarnessError(
                    "postfix -c %s start failed (rc=%d)\nstdout: %s\n"
                    "stderr: %s\n%s" % (
                        self.config_dir, p.returncode,
                        p.stdout.decode("utf-8", "replace"),
                        p.stderr.decode("utf-8", "replace"), self.diag()))
            self.running = True
            self.master_pid = self._read_master_pid()
            # `postfix start` (master -w) returns after the master opened its
            # listeners; confirm via /proc/net/tcp rather than by connecting,
            # because a test connection would start an smtpd AND a milter
            # session that milter tests would then see.
            wait_until(lambda: port_listening(self.smtp_port) and
                       self.master_pid and pid_alive(self.master_pid),
                       self.start_timeout, "Postfix master (pid %s) listening "
                       "on 127.0.0.1:%d" % (self.master_pid, self.smtp_port),
                       diag=self.diag)
            if self.probe_banner:
                wait_for_port(self.smtp_port, banner_contains=self.hostname,
                              timeout=self.start_timeout,
                              what="Postfix smtpd banner on 127.0.0.1:%d"
                              % self.smtp_port, diag=self.diag)
            self._remember_pids()
        except BaseException:
            self.keep = True
            self.stop()
            raise
        return self

    def _read_master_pid(self):
        try:
            with open(os.path.join(self.queue_dir, "pid", "master.pid")) as f:
                return int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def instance_pids(self):
        """Live pids of this instance: processes whose environment has
        MAIL_CONFIG=<config_dir> (master and all its children), plus the
        master pid from queue_directory/pid/master.pid."""
        want = ("MAIL_CONFIG=%s" % self.config_dir).encode()
        pids = set()
        for pid in _iter_pids():
            try:
                with open("/proc/%d/environ" % pid, "rb") as f:
                    env = f.read().split(b"\0")
            except OSError:
                continue
            if want in env and pid_alive(pid):
                pids.add(pid)
        mpid = self.master_pid
        if mpid and pid_alive(mpid, self._known_pids.get(mpid)):
            pids.add(self.master_pid)
        pids.discard(os.getpid())
        return sorted(pids)

    def _remember_pids(self):
        for pid in self.instance_pids():
            st = _proc_stat(pid)
            if st:
                self._known_pids.setdefault(pid, st[1])

    def leftover_pids(self):
        """Pids of this instance (ever seen, or found now) still alive."""
        alive = [p for p, t in self._known_pids.items() if pid_alive(p, t)]
        return sorted(set(alive) | set(self.instance_pids()))

    def _kill_instance_processes(self, timeout=10.0):
        self._remember_pids()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.leftover_pids():
                return
            time.sleep(0.1)
        for pid in self.leftover_pids():
            kill_pid(pid, signal.SIGTERM, 3.0, self._known_pids.get(pid))
        for pid in self.leftover_pids():
            kill_pid(pid, signal.SIGKILL, 3.0, self._known_pids.get(pid))

    def stop(self, remove=None):
        """Stop Postfix (postfix stop, then kill leftovers by pid), stop the
        sink, and remove the temp dir unless keep/remove=False.
        Read sink messages / maillog BEFORE stop() if the dir is removed."""
        _unregister(self)
        if self.removed:
            return
        try:
            if self.running or self.master_pid or self.instance_pids():
                self._remember_pids()
                if self.master_pid is None:
                    self.master_pid = self._read_master_pid()
                self.postfix_cmd("stop", check=False, timeout=20)
                self._kill_instance_processes()
                self.running = False
        finally:
            if self.sink is not None:
                self.sink.stop()
            left = self.leftover_pids()
            if left:
                self.keep = True
                sys.stderr.write("harness: postfix pids still alive: %s\n"
                                 % left)
            if remove is None:
                remove = not self.keep
            if remove and not self.removed:
                shutil.rmtree(self.tmpdir, ignore_errors=True)
                self.removed = True
            elif not self.removed:
                sys.stderr.write("harness: kept Postfix instance dir %s\n"
                                 % self.tmpdir)

    def __enter__(self):
        if not self.running:
            self.start()
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self.keep = True
            sys.stderr.write("harness: test failed; Postfix instance kept at "
                             "%s\n%s\n" % (self.tmpdir, self.diag()))
        self.stop()
        return False

    # -- mail ----------------------------------------------------------------

    def send(self, **kw):
        """send_mail() to this instance's smtpd port (same keywords)."""
        return send_mail(self.smtp_port, **kw)

    # -- queues --------------------------------------------------------------

    def postqueue_json(self):
        """Parsed `postqueue -c DIR -j` (one dict per queued message;
        keys queue_name, queue_id, sender, recipients, ...).  Needs the
        instance running (talks to showq)."""
        p = _run([POSTQUEUE, "-c", self.config_dir, "-j"])
        return [json.loads(l) for l in p.stdout.decode("utf-8").splitlines()
                if l.strip()]

    def queue_files(self, queue):
        """Queue ids found on disk in queue_directory/<queue> (works when
        stopped too; hashed subdirectories are walked)."""
        base = os.path.join(self.queue_dir, queue)
        ids = []
        for _root, _dirs, names in os.walk(base):
            ids.extend(names)
        return sorted(ids)

    def queue_counts(self):
        """{queue: number of files} for maildrop, incoming, active,
        deferred, hold, corrupt."""
        return {q: len(self.queue_files(q)) for q in QUEUES}

    def count_held(self):
        return len(self.queue_files("hold"))

    def held_ids(self):
        return self.queue_files("hold")

    def wait_for_queue(self, queue, n, timeout=DEFAULT_TIMEOUT):
        """Wait until queue (e.g. "hold", "deferred") holds >= n messages."""
        wait_until(lambda: len(self.queue_files(queue)) >= n, timeout,
                   lambda: "%d message(s) in the %s queue (counts now %s)"
                   % (n, queue, self.queue_counts()), diag=self.diag)
        return self.queue_files(queue)

    def wait_queue_empty(self, queues=("maildrop", "incoming", "active"),
                         timeout=DEFAULT_TIMEOUT):
        """Wait until the given queues are empty (mail has left Postfix)."""
        wait_until(lambda: not any(self.queue_files(q) for q in queues),
                   timeout, lambda: "queues %s to drain (counts now %s)"
                   % (",".join(queues), self.queue_counts()), diag=self.diag)

    def flush(self):
        """postqueue -f: retry deferred mail now."""
        _run([POSTQUEUE, "-c", self.config_dir, "-f"])

    def release_held(self, queue_id="ALL"):
        """postsuper -H: move held message(s) back to the deferred queue."""
        _run([POSTSUPER, "-c", self.config_dir, "-H", queue_id])

    def delete_queued(self, queue_id="ALL", queue=None):
        """postsuper -d ID [QUEUE]."""
        _run([POSTSUPER, "-c", self.config_dir, "-d", queue_id] +
             ([queue] if queue else []))

    def read_queue_file(self, queue_id):
        """postcat -q: the queue file in human-readable form."""
        return _run(["/usr/sbin/postcat", "-c", self.config_dir, "-q",
                     queue_id]).stdout.decode("utf-8", "replace")
