#!/usr/bin/python3
"""The daemon under systemd-free test conditions: it sends READY=1 to
NOTIFY_SOCKET only once its milter socket accepts, pings the watchdog at
half of WATCHDOG_USEC, reloads on USR1 with RELOADING=1/READY=1, and stops
on TERM with STOPPING=1 and exit status 0.

Run: python3 tests/cli/test_daemon_notify.py BUILD_DIR
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
from runner import TestRun, check  # noqa: E402

RUN = TestRun()
BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")


def test_ready_watchdog_reload_stop():
    with tempfile.TemporaryDirectory() as tmp:
        milter_sock = os.path.join(tmp, "m.sock")
        cfg = os.path.join(tmp, "bg.yaml")
        with open(cfg, "w") as f:
            f.write('milter:\n  socket: unix:%s\ncontrol: {socket: ""}\ndns: {mode: zonefile}\n' % milter_sock)
        notify = os.path.join(tmp, "notify.sock")
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.bind(notify)
        s.settimeout(10)
        env = dict(os.environ, NOTIFY_SOCKET=notify, WATCHDOG_USEC="400000")
        p = subprocess.Popen([os.path.join(BUILD, "milter", "brandguard-milter"), "-c", cfg], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            first = s.recv(4096).decode()
            check(first == "READY=1", "first notification %r" % first)
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as c:
                c.connect(milter_sock)  # accepts by the time READY=1 was sent
            pings = 0
            end = time.time() + 1.5
            while time.time() < end:
                if s.recv(4096).decode() == "WATCHDOG=1":
                    pings += 1
            check(pings >= 4, "only %d watchdog pings in 1.5 s at a 0.4 s interval" % pings)
            p.send_signal(signal.SIGUSR1)
            seen = []
            end = time.time() + 10
            while time.time() < end and "READY=1" not in seen:
                m = s.recv(4096).decode()
                if m != "WATCHDOG=1":
                    seen.append(m)
            check(seen[:2] == ["RELOADING=1", "READY=1"], "reload notifications %r" % seen)
            p.send_signal(signal.SIGTERM)
            end = time.time() + 10
            stopping = False
            while time.time() < end and not stopping:
                stopping = s.recv(4096).decode() == "STOPPING=1"
            check(stopping, "no STOPPING=1")
            check(p.wait(timeout=15) == 0, "exit status %r" % p.returncode)
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()


def main():
    RUN.test(test_ready_watchdog_reload_stop)
    return RUN.summary()


if __name__ == "__main__":
    sys.exit(main())
