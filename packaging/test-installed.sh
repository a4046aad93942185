#!/usr/bin/env bash
# Installs the built .deb, then runs the service the way its unit would,
# without systemd: as user brandguard, in /run/brandguard, on the shipped
# /etc/brandguard/brandguard.yaml. Checks that it starts (socket accepts,
# READY=1), answers status, reloads, and stops cleanly; then purges the
# package. Needs root. Usage: packaging/test-installed.sh build-deb/brandguard_*.deb
set -euo pipefail
deb="$1"
pid=""
work=$(mktemp -d)
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" || true; fi
  dpkg --purge brandguard >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

dpkg -i "$deb" >/dev/null
test -x /usr/sbin/brandguard-milter
test -f /lib/systemd/system/brandguard-milter.service
id brandguard >/dev/null
brandguard check -c /etc/brandguard/brandguard.yaml

# The unit's hardening, as systemd scores it (0 best, 10 worst): at most 2.0.
# --threshold is on a 0-100 scale; --offline reads the file without a
# running systemd, so this also holds in containers.
systemd-analyze security --offline=true --threshold=20 /lib/systemd/system/brandguard-milter.service \
  | tail -n 1

install -d -o brandguard -g brandguard -m 0750 /run/brandguard   # RuntimeDirectory=
python3 - "$work" <<'PY' &
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
path = os.path.join(sys.argv[1], "notify.sock")
s.bind(path); os.chmod(path, 0o777); os.chmod(sys.argv[1], 0o755)
s.settimeout(20)
with open(os.path.join(sys.argv[1], "notifications"), "w") as out:
    try:
        while True:
            out.write(s.recv(4096).decode() + "\n"); out.flush()
    except socket.timeout:
        pass
PY
listener=$!
sleep 0.5
# setpriv execs the daemon itself (runuser would sit in between and re-raise TERM).
NOTIFY_SOCKET="$work/notify.sock" setpriv --reuid=brandguard --regid=brandguard --init-groups \
  /usr/sbin/brandguard-milter -c /etc/brandguard/brandguard.yaml > "$work/milter.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do grep -q READY=1 "$work/notifications" 2>/dev/null && break; sleep 0.1; done
grep -q READY=1 "$work/notifications" || { cat "$work/milter.log"; echo "no READY=1"; exit 1; }
test -S /run/brandguard/milter.sock
brandguard status | grep -q '^OK running'
brandguard reload | grep -q '^OK reloaded'
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=""
kill "$listener" 2>/dev/null || true
test "$status" -eq 0
test ! -e /run/brandguard/milter.sock
grep -q 'stopped' "$work/milter.log"
echo "installed package: start, status, reload, stop OK"
