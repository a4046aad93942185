#!/usr/bin/python3
"""Hostile input against the real daemon, speaking the milter protocol
(version 6) byte by byte as an MTA would, without libmilter or Postfix.

B15 raw packets (length 0, 0xFFFFFFFF, over max_data_size, unknown command,
macro without NUL, body before MAIL, double EOH, ABORT mid-body, close
without QUIT): the hostile connection is answered or closed within a bound,
a concurrent well-behaved session gets its normal verdict, the daemon stays
up. B12 huge headers, B13 MIME torture, B14 domain edge cases, B16 null
sender, B17 bare LF/CR/NUL/8-bit: each message gets a final reply within a
bound, never a reject or tempfail merely for being odd. S3: the unix socket
has the configured mode and user nobody cannot connect (EACCES).

Run: python3 tests/cli/test_milter_hostile.py BUILD_DIR
"""

import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
from harness import ManagedProcess  # noqa: E402
from runner import TestRun, check  # noqa: E402

RUN = TestRun()
BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
MAX_DATA = 262144

CONFIG = """\
milter:
  socket: unix:{sock}
  socket_mode: "0660"
  max_data_size: {max_data}
  timeout: 5                # seconds of MTA silence: a stuck hostile session ends
control:
  socket: ""
dns:
  mode: zonefile
logging:
  level: warning
rules:
  - symbol: HOSTILE_REJECT_WORD
    field: header:Subject
    literal: ["reject-me-please"]
    score: 30
  - symbol: HOSTILE_BODY_WORD       # makes the daemon decode the content
    field: body.text
    literal: ["never-in-these-tests"]
    score: 1
"""

# SMFIP_* bits offered: none, so the daemon answers every stage and the
# client can read one reply per command.
SMFIF_ALL = 0x1FF
STATE = {}


def pkt(cmd, data=b""):
    return struct.pack(">I", len(data) + 1) + cmd + data


class Conn:
    """One MTA-side milter connection."""

    def __init__(self, path, timeout=20.0):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.settimeout(timeout)
        self.s.connect(path)
        self.peer_closed = False

    def send(self, cmd, data=b""):
        self.send_raw(pkt(cmd, data))

    def send_raw(self, raw):
        """Sends; a peer that already closed the connection is not an
        error here (closing is a valid answer to hostile input)."""
        try:
            self.s.sendall(raw)
        except (BrokenPipeError, ConnectionResetError):
            self.peer_closed = True

    def _read(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.s.recv(n - len(buf))
            if not chunk:
                return None
            buf += chunk
        return buf

    def reply(self):
        """(cmd, data), or None when the daemon closed the connection."""
        head = self._read(4)
        if head is None:
            return None
        (length,) = struct.unpack(">I", head)
        check(1 <= length <= 1 << 20, "reply length %d is not well-formed" % length)
        body = self._read(length)
        check(body is not None, "connection closed mid-reply")
        return body[:1], body[1:]

    def closed_or_replies(self, limit=10.0):
        """Reads until the daemon closes the connection (True) or the time
        runs out (False). Every reply read must be well-formed."""
        self.s.settimeout(limit)
        end = time.monotonic() + limit
        try:
            while time.monotonic() < end:
                if self.reply() is None:
                    return True
        except (ConnectionResetError, BrokenPipeError):
            return True
        except socket.timeout:
            return False
        return False

    def negotiate(self):
        self.send(b"O", struct.pack(">III", 6, SMFIF_ALL, 0))
        r = self.reply()
        check(r is not None and r[0] == b"O", "negotiation reply %r" % (r,))
        return r

    def stage(self, cmd, data=b""):
        self.send(cmd, data)
        r = self.reply()
        check(r is not None, "connection closed after %r" % cmd)
        return r

    def close(self):
        try:
            self.s.close()
        except OSError:
            pass


def z(*parts):
    return b"".join(p + b"\0" for p in parts)


def start_message(c, mail_from=b"<a@sender.example>", helo=b"mx.sender.example", qid=b"HOSTILE1"):
    c.negotiate()
    check(c.stage(b"C", z(b"client.example") + b"4" + struct.pack(">H", 25) + z(b"192.0.2.1"))[0] == b"c",
          "connect not continued")
    check(c.stage(b"H", z(helo))[0] == b"c", "helo not continued")
    c.send(b"D", b"M" + z(b"i", qid))
    check(c.stage(b"M", z(mail_from))[0] == b"c", "mail not continued")
    check(c.stage(b"R", z(b"<rcpt@receiver.example>"))[0] == b"c", "rcpt not continued")


def finish_message(c, headers, body, chunk=65535):
    """Sends headers (name, value bytes), EOH, body in chunks, EOM; returns
    (final reply cmd, final data, modifications)."""
    for name, value in headers:
        r = c.stage(b"L", z(name, value))
        check(r[0] == b"c", "header %r: reply %r" % (name[:40], r[0]))
    check(c.stage(b"N")[0] == b"c", "eoh not continued")
    for i in range(0, len(body), chunk):
        r = c.stage(b"B", body[i:i + chunk])
        check(r[0] == b"c", "body chunk: reply %r" % (r[0],))
    c.send(b"E")
    mods = []
    while True:
        r = c.reply()
        check(r is not None, "closed before the final reply")
        if r[0] in (b"h", b"i", b"m", b"q", b"p"):
            if r[0] != b"p":
                mods.append(r)
            continue
        return r[0], r[1], mods


def verdict_header(mods):
    for cmd, data in mods:
        if cmd == b"i":
            _index, rest = data[:4], data[4:]
            name, _sep, value = rest.partition(b"\0")
            if name == b"X-BrandGuard":
                return value.rstrip(b"\0").decode("utf-8", "replace")
    return None


def send_message(headers, body, mail_from=b"<a@sender.example>", helo=b"mx.sender.example", timeout=60.0):
    c = Conn(STATE["sock"], timeout=timeout)
    try:
        start_message(c, mail_from=mail_from, helo=helo)
        t0 = time.monotonic()
        final = finish_message(c, headers, body)
        elapsed = time.monotonic() - t0
        c.send(b"Q")
        return final, elapsed
    finally:
        c.close()


def good_headers(subject=b"hello"):
    return [(b"From", b" Alice <a@sender.example>"), (b"To", b" rcpt@receiver.example"),
            (b"Subject", b" " + subject), (b"Message-ID", b" <m1@sender.example>")]


def well_behaved_check():
    """A normal message: accepted with our header; one with the reject
    word: 550."""
    (cmd, _data, mods), _t = send_message(good_headers(), b"plain text\r\n")
    check(cmd in (b"c", b"a"), "normal message got %r" % cmd)
    check(verdict_header(mods) is not None and "accept" in verdict_header(mods), "X-BrandGuard %r" % mods)
    (cmd, data, _mods), _t = send_message(good_headers(b"reject-me-please"), b"x\r\n")
    check(cmd == b"y" and data.startswith(b"550"), "reject rule gave %r %r" % (cmd, data[:60]))


def daemon_alive():
    p = STATE["milter"].popen
    check(p.poll() is None, "the daemon exited (status %r)" % p.returncode)


def test_start_daemon():
    tmp = tempfile.mkdtemp(prefix="bg-hostile-")
    STATE["tmp"] = tmp
    os.chmod(tmp, 0o755)  # user nobody may reach the socket file (S3)
    sock = os.path.join(tmp, "m.sock")
    STATE["sock"] = sock
    cfg = os.path.join(tmp, "bg.yaml")
    with open(cfg, "w") as f:
        f.write(CONFIG.format(sock=sock, max_data=MAX_DATA))
    STATE["milter"] = ManagedProcess([os.path.join(BUILD, "milter", "brandguard-milter"), "-c", cfg],
                                     name="milter", log_path=os.path.join(tmp, "milter.log"),
                                     ready_unix_socket=sock, start=True)
    well_behaved_check()


# --- B15: raw packets -------------------------------------------------------

def hostile_with_bystander(name, hostile, expect_closed=True):
    """Opens a well-behaved session, runs `hostile(conn)` on a second
    connection, then finishes the well-behaved one: it must get its normal
    verdict; the hostile connection must be closed (or, when expect_closed
    is False, merely answered or closed) within 10 s; the daemon lives."""
    bystander = Conn(STATE["sock"])
    start_message(bystander, qid=b"BYSTANDER")
    c = Conn(STATE["sock"])
    try:
        hostile(c)
        closed = c.closed_or_replies(10.0 if expect_closed else 3.0)
        if expect_closed:
            check(closed, "%s: the daemon neither closed the connection nor went quiet" % name)
    finally:
        c.close()
    cmd, _data, mods = finish_message(bystander, good_headers(), b"bystander\r\n")
    bystander.send(b"Q")
    bystander.close()
    check(cmd in (b"c", b"a") and verdict_header(mods) is not None,
          "%s: the concurrent session got %r %r" % (name, cmd, mods))
    time.sleep(0.2)
    daemon_alive()
    well_behaved_check()


def test_raw_packet_length_zero():
    hostile_with_bystander("length 0", lambda c: c.send_raw(struct.pack(">I", 0)))


def test_raw_packet_length_ffffffff():
    hostile_with_bystander("length 0xFFFFFFFF", lambda c: c.send_raw(struct.pack(">I", 0xFFFFFFFF) + b"B" + b"x" * 64))


def test_raw_packet_over_max_data_size():
    def hostile(c):
        start_message(c)
        c.send(b"N")
        c.reply()
        c.send(b"B", b"x" * (MAX_DATA + 10))
    hostile_with_bystander("over max_data_size", hostile)


def test_raw_packet_over_max_data_size_at_negotiation():
    hostile_with_bystander("huge first packet",
                           lambda c: c.send_raw(struct.pack(">I", MAX_DATA + 2) + b"O" + b"\0" * 64))


def test_raw_packet_unknown_command():
    def hostile(c):
        c.negotiate()
        c.send(b"\x7f", b"junk")
    hostile_with_bystander("unknown command", hostile, expect_closed=False)


def test_raw_packet_unknown_command_first():
    hostile_with_bystander("unknown command first", lambda c: c.send(b"Z", b"junk"), expect_closed=False)


def test_raw_packet_macro_without_nul():
    def hostile(c):
        c.negotiate()
        c.send(b"D", b"C" + b"j" * 100)           # name with no NUL, no value
        c.send(b"D", b"M" + b"i\0QID-NO-NUL")      # value with no NUL
        c.send(b"D", b"")                          # no stage letter at all
        c.send(b"C", b"client.example")            # connect without its NUL and family
    hostile_with_bystander("macro without NUL", hostile, expect_closed=False)


def test_raw_packet_body_before_mail():
    def hostile(c):
        c.negotiate()
        c.send(b"B", b"body before MAIL\r\n")
        c.send(b"E")
    hostile_with_bystander("body before MAIL", hostile, expect_closed=False)


def test_raw_packet_double_eoh():
    def hostile(c):
        start_message(c)
        c.stage(b"L", z(b"Subject", b" x"))
        c.send(b"N")
        c.send(b"N")
        c.send(b"L", z(b"Subject", b" after eoh"))
        c.send(b"E")
    hostile_with_bystander("double EOH", hostile, expect_closed=False)


def test_raw_packet_abort_mid_body_then_next_message():
    """ABORT mid-body: the same connection then carries a normal message
    that gets a normal verdict (nothing of the aborted one leaks)."""
    c = Conn(STATE["sock"])
    try:
        start_message(c)
        c.stage(b"L", z(b"Subject", b" reject-me-please"))
        c.stage(b"N")
        c.stage(b"B", b"half a body")
        c.send(b"A")  # no reply to abort
        check(c.stage(b"M", z(b"<b@sender.example>"))[0] == b"c", "mail after abort")
        check(c.stage(b"R", z(b"<rcpt@receiver.example>"))[0] == b"c", "rcpt after abort")
        cmd, _data, mods = finish_message(c, good_headers(), b"second\r\n")
        check(cmd in (b"c", b"a"), "message after abort got %r (the aborted Subject leaked?)" % cmd)
        check("HOSTILE_REJECT_WORD" not in (verdict_header(mods) or ""), verdict_header(mods))
        c.send(b"Q")
    finally:
        c.close()
    daemon_alive()


def test_raw_packet_close_without_quit():
    def hostile(c):
        start_message(c)
        c.stage(b"L", z(b"Subject", b" x"))
        c.send(b"B", b"y" * 1000)
        c.s.shutdown(socket.SHUT_RDWR)
    hostile_with_bystander("close without QUIT", hostile, expect_closed=False)


def test_raw_packet_truncated_header_and_eom_without_message():
    def hostile(c):
        c.negotiate()
        c.send(b"L", b"NameOnly")                 # header without NUL and value
        c.send(b"L", b"")                         # empty header packet
        c.send(b"R", b"")                         # rcpt with no argument
        c.send(b"M", b"")                         # mail with no argument
        c.send(b"E")
        c.send(b"E")
        c.send_raw(struct.pack(">I", 3) + b"B")   # truncated: promises 3, sends 1
    hostile_with_bystander("truncated packets", hostile, expect_closed=False)


def test_many_hostile_connections_in_parallel():
    """50 connections each sending a different broken stream at once."""
    streams = [struct.pack(">I", 0), struct.pack(">I", 0xFFFFFFFF), pkt(b"Z", b"x"), pkt(b"B", b"b"),
               pkt(b"O", b"\0\0\0\6"), pkt(b"N") * 3, pkt(b"E") * 3, pkt(b"A") * 5, pkt(b"Q"), b"\0\0"]
    conns = []
    for i in range(50):
        c = Conn(STATE["sock"])
        c.send_raw(streams[i % len(streams)])
        conns.append(c)
    time.sleep(2.0)
    for c in conns:
        c.closed_or_replies(0.1)
        c.close()
    daemon_alive()
    well_behaved_check()


# --- B12, B13, B14, B16, B17: content through the daemon ---------------------

def expect_not_refused(name, final, elapsed, bound):
    cmd, data, mods = final
    check(cmd in (b"c", b"a"), "%s: got %r %r (refused for being odd?)" % (name, cmd, data[:80]))
    check(elapsed < bound, "%s: %.1f s to answer (bound %.0f s)" % (name, elapsed, bound))
    return verdict_header(mods) or ""


def test_huge_headers_through_the_daemon():
    for size in (70 * 1024, 100 * 1024):
        value = b" " + b"".join(b"word%05d " % i + (b"\n\t" if i % 8 == 7 else b"") for i in range(size // 10))
        value = value[:size]
        final, t = send_message(good_headers() + [(b"X-Huge", value)], b"body\r\n")
        expect_not_refused("%d KiB header" % (size // 1024), final, t, 20)
    tiny = [(b"X-T%d" % i, b" v") for i in range(20000)]
    final, t = send_message(good_headers() + tiny, b"body\r\n", timeout=120)
    bg = expect_not_refused("20,000 headers", final, t, 60)
    check("LIMIT_HEADERS" in bg, "20,000 headers (limit 2000) without LIMIT_HEADERS: %r" % bg)
    daemon_alive()


def mime(boundary_ct, body):
    return good_headers() + [(b"MIME-Version", b" 1.0"), (b"Content-Type", b" " + boundary_ct)], body


def torture_messages():
    deep = b""
    for i in range(100):
        deep += b"--b%d\r\nContent-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n" % (i, i + 1)
    deep += b"--b100\r\nContent-Type: text/plain\r\n\r\nsend your seed phrase\r\n"
    yield "100-deep multipart", mime(b'multipart/mixed; boundary="b0"', deep)
    yield "missing boundary parameter", mime(b"multipart/mixed", b"--x\r\n\r\nno boundary\r\n--x--\r\n")
    yield "boundary never used", mime(b'multipart/mixed; boundary="nope"', b"text without parts\r\n")
    yield "duplicate boundary", mime(b'multipart/mixed; boundary="d"; boundary="e"',
                                     b"--d\r\nContent-Type: multipart/mixed; boundary=\"d\"\r\n\r\n--d\r\n\r\ninner\r\n"
                                     b"--d--\r\n--d--\r\n")
    yield "unterminated multipart", mime(b'multipart/mixed; boundary="u"', b"--u\r\nContent-Type: text/plain\r\n\r\nx")
    yield "20 MB base64 line", mime(b'multipart/mixed; boundary="q"',
                                   b"--q\r\nContent-Type: application/octet-stream\r\n"
                                   b"Content-Transfer-Encoding: base64\r\n\r\n" + b"QUFB" * (5 * 1024 * 1024) +
                                   b"\r\n--q--\r\n")
    for charset in (b"UTF-7", b"ISO-2022-JP", b"Shift_JIS", b"x-bogus-charset", b"utf-8\"; charset=\"latin1", b""):
        yield "charset %r" % charset, (
            good_headers(b"=?" + charset + b"?B?+AGQ-=?= =?utf-8?Q?broken=ZZ?= =?utf-8?B?****?=") +
            [(b"MIME-Version", b" 1.0"), (b"Content-Type", b" text/plain; charset=\"" + charset + b"\"")],
            b"+AGQAZQBm- \x1b$B$3$s\x1b(B \x82\xa0\x82\xa2 \xff\xfe\x00 caf\xe9\r\n")
    yield "1M nested HTML tags", mime(b"text/html; charset=utf-8", b"<div>" * 1000000 + b"seed phrase")
    yield "150 parts", mime(b'multipart/mixed; boundary="p"',
                            b"".join(b"--p\r\nContent-Type: text/plain\r\n\r\npart %d\r\n" % i for i in range(150)) +
                            b"--p--\r\n")
    # Within the body limit (1 MiB): the whole HTML is parsed, in bounded time.
    yield "1 MB of nested HTML tags", mime(b"text/html; charset=utf-8",
                                           b"<b><i>" + b"<div><span>x" * 80000 + b"seed phrase")
    yield "broken RFC 2047 everywhere", (
        [(b"From", b" =?utf-8?B?TGVkZ2Vy?= <=?utf-8?Q?a?=@sender.example>"), (b"Subject", b" =?" * 5000),
         (b"To", b" =?utf-8?Q?=?= <rcpt@receiver.example>")], b"x\r\n")


def test_mime_torture_through_the_daemon():
    must_say_partial = {"100-deep multipart": "CONTENT_PARTIAL", "20 MB base64 line": "LIMIT_BODY",
                        "1M nested HTML tags": "LIMIT_BODY", "150 parts": "CONTENT_PARTIAL"}
    for name, (headers, body) in torture_messages():
        final, t = send_message(headers, body, timeout=120)
        bg = expect_not_refused(name, final, t, 30)
        said = [s for s in ("CONTENT_PARTIAL", "LIMIT_BODY") if s in bg]
        print("     %-36s %.2f s  %s" % (name, t, ",".join(said) or "-"))
        if name in must_say_partial:
            check(must_say_partial[name] in bg, "%s: no %s in %r" % (name, must_say_partial[name], bg))
    daemon_alive()


def test_domain_edge_cases_through_the_daemon():
    cases = [b"user@xn--invalid-punycode-.example", b"user@xn--ldger-9qa.com", b"user@" + b"a" * 64 + b".example",
             b"user@" + b".".join([b"abcdefghij"] * 30), b"user@Sender.EXAMPLE.", b"user@l\xd0\xb5dger.com",
             b"user@xn--80ak6aa92e.com", b"user@[192.0.2.1]", b"user@-bad-.example", b"user@", b"@",
             b"user@\xe2\x80\x8bledger.com", b"user@ledger..com"]
    for addr in cases:
        headers = [(b"From", b" Ledger <" + addr + b">"), (b"Subject", b" domain case"), (b"To", b" r@receiver.example")]
        final, t = send_message(headers, b"your seed phrase\r\n", mail_from=b"<" + addr + b">", helo=addr)
        cmd, data, _mods = final
        check(cmd in (b"c", b"a", b"y"), "%r: got %r" % (addr, cmd))
        check(not (cmd == b"y" and data.startswith(b"4")), "%r: tempfailed %r" % (addr, data[:80]))
    daemon_alive()


def test_null_sender_bounce_is_not_rejected():
    headers = [(b"From", b" Mail Delivery System <MAILER-DAEMON@mx.sender.example>"), (b"To", b" rcpt@receiver.example"),
               (b"Subject", b" Undelivered Mail Returned to Sender"), (b"MIME-Version", b" 1.0"),
               (b"Content-Type", b' multipart/report; report-type=delivery-status; boundary="r"')]
    body = (b"--r\r\nContent-Type: text/plain\r\n\r\nThis is the mail system.\r\n"
            b"--r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.sender.example\r\n\r\n"
            b"Final-Recipient: rfc822; x@y.example\r\nAction: failed\r\nStatus: 5.1.1\r\n--r--\r\n")
    final, t = send_message(headers, body, mail_from=b"<>")
    bg = expect_not_refused("null sender bounce", final, t, 20)
    check("accept" in bg or "tag" in bg, "bounce verdict %r" % bg)


def test_bare_lf_cr_nul_8bit_through_the_daemon():
    cases = [
        ("bare LF", good_headers(b"lf\nfolded"), b"line one\nline two\n"),
        ("CR only", good_headers(b"cr\rfolded"), b"line one\rline two\r"),
        ("NUL in header and body", good_headers(b"nul\0inside") + [(b"X-Nul", b" a\0b")], b"a\0b\0c\r\n"),
        ("raw 8-bit headers", [(b"From", b" J\xc3\xbcrgen \xff <j@sender.example>"), (b"Subject", b" \xe9t\xe9 \x80\x81"),
                               (b"To", b" r@receiver.example")], b"\xc3\xa9\xff\xfe\r\n"),
        ("SMTPUTF8 addresses", [(b"From", b" <\xe7\x94\xa8\xe6\x88\xb7@\xe4\xbe\x8b\xe5\xad\x90.example>"),
                                (b"Subject", b" utf8"), (b"To", b" r@receiver.example")], b"x\r\n"),
    ]
    for name, headers, body in cases:
        mail_from = b"<\xe7\x94\xa8\xe6\x88\xb7@\xe4\xbe\x8b\xe5\xad\x90.example>" if "SMTPUTF8" in name else b"<a@sender.example>"
        final, t = send_message(headers, body, mail_from=mail_from)
        expect_not_refused(name, final, t, 20)
    daemon_alive()


def test_injected_upstream_results_are_not_a_pass():
    """B8: results written by someone else (untrusted authserv-ids, comment
    tricks, NUL, (null)=pass, Received-SPF) never make our DMARC pass."""
    forged = [(b"Authentication-Results", b" example.net(.example.com; dmarc=pass header.from=sender.example"),
              (b"Authentication-Results", b" localhost; (null)=pass; dmarc=pass"),
              (b"Authentication-Results", b" mx\0.example; dmarc=pass"),
              (b"Received-SPF", b" pass (mx.sender.example: domain of helo) client-ip=192.0.2.1"),
              (b"ARC-Authentication-Results", b" i=1; mx.example; dmarc=pass; (null)=pass")]
    final, t = send_message(good_headers() + forged, b"x\r\n")
    bg = expect_not_refused("injected results", final, t, 20)
    ar = [d for c, d in final[2] if c == b"i" and b"Authentication-Results" in d[4:40]]
    check(ar, "no Authentication-Results of ours: %r" % (final[2],))
    check(b"dmarc=pass" not in ar[0], "our A-R says pass: %r" % ar[0])


def test_malformed_arc_is_ignored():
    arc = [(b"ARC-Seal", b" i=1; cv"), (b"ARC-Seal", b" i=1; none"), (b"ARC-Seal", b" i=1; a=rsa-sha256; cv=none;"),
           (b"ARC-Message-Signature", b" i=1; b=" + b"A" * 4096),
           (b"ARC-Authentication-Results", b" i=1; (null)=pass")]
    final, t = send_message(good_headers() + arc, b"x\r\n")
    expect_not_refused("malformed ARC", final, t, 20)
    ar = [d for c, d in final[2] if c == b"i" and b"Authentication-Results" in d[4:40]]
    check(ar and b"arc=pass" not in ar[0], "A-R %r" % ar)
    daemon_alive()


# --- S3 ---------------------------------------------------------------------

def test_socket_mode_and_other_users():
    mode = os.stat(STATE["sock"]).st_mode & 0o777
    check(mode == 0o660, "socket mode %o, configured 0660" % mode)
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        print("     (not root or no setpriv: the EACCES check for user nobody is skipped)")
        return
    probe = ("import socket,sys\ns=socket.socket(socket.AF_UNIX)\n"
             "try:\n s.connect(sys.argv[1]); print('connected')\n"
             "except PermissionError: print('EACCES')\nexcept OSError as e: print('other', e)\n")
    p = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable, "-c", probe,
                        STATE["sock"]], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=30)
    check(p.stdout.strip() == "EACCES", "user nobody: %r %r" % (p.stdout, p.stderr))


def test_daemon_log_has_no_crash_and_stops_cleanly():
    daemon_alive()
    well_behaved_check()
    m = STATE["milter"]
    m.stop()
    check(m.returncode == 0, "exit status %r" % m.returncode)
    with open(m.log_path, "rb") as f:
        log = f.read().decode("utf-8", "replace")
    check(not re.search(r"AddressSanitizer|runtime error|terminate called|Segmentation", log), log[-3000:])
    shutil.rmtree(STATE["tmp"], ignore_errors=True)


def main():
    if not RUN.test(test_start_daemon):
        RUN.skip_rest(["the rest"])
        return RUN.summary()
    try:
        for fn in (test_raw_packet_length_zero, test_raw_packet_length_ffffffff, test_raw_packet_over_max_data_size,
                   test_raw_packet_over_max_data_size_at_negotiation, test_raw_packet_unknown_command,
                   test_raw_packet_unknown_command_first, test_raw_packet_macro_without_nul,
                   test_raw_packet_body_before_mail, test_raw_packet_double_eoh,
                   test_raw_packet_abort_mid_body_then_next_message, test_raw_packet_close_without_quit,
                   test_raw_packet_truncated_header_and_eom_without_message, test_many_hostile_connections_in_parallel,
                   test_huge_headers_through_the_daemon, test_mime_torture_through_the_daemon,
                   test_domain_edge_cases_through_the_daemon, test_null_sender_bounce_is_not_rejected,
                   test_bare_lf_cr_nul_8bit_through_the_daemon, test_injected_upstream_results_are_not_a_pass,
                   test_malformed_arc_is_ignored, test_socket_mode_and_other_users,
                   test_daemon_log_has_no_crash_and_stops_cleanly):
            RUN.test(fn)
    finally:
        if STATE["milter"].popen is not None and STATE["milter"].popen.poll() is None:
            STATE["milter"].stop()
    return RUN.summary()


if __name__ == "__main__":
    sys.exit(main())
