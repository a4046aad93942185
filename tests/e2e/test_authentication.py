#!/usr/bin/python3
"""End-to-end: SPF (and later DKIM/DMARC) through real Postfix and a real
DNS server.

nsd serves the test zones on a loopback port; brandguard-milter forwards
its lookups there (dns.mode: forward). Postfix lets the test choose the
client address with XCLIENT, because a loopback client always passes SPF.
Asserts the results in the delivered Authentication-Results header and the
symbols in X-BrandGuard, and that a DNS outage gives temperror, never a
pass, fail or rejection.

Run: python3 tests/e2e/test_authentication.py BUILD_DIR   (as root)
"""

import grp
import os
import re
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from dns_server import NsdServer  # noqa: E402
from harness import ManagedProcess, PostfixInstance  # noqa: E402
from runner import TestRun, check, run_e2e_suite  # noqa: E402

RUN = TestRun()
state = {}

ZONE = [
    'brand.test. 60 IN TXT "v=spf1 ip4:192.0.2.0/24 -all"',
    'soft.test. 60 IN TXT "v=spf1 ip4:192.0.2.0/24 ~all"',
    # Only asked for during the outage, so no cache can answer it.
    'outage.brand.test. 60 IN TXT "v=spf1 -all"',
]

CONFIG = """\
milter:
  socket: unix:{socket}
  socket_mode: "0660"
  socket_group: postfix
control:
  socket: ""                # no control socket in this test
dns:
  mode: forward
  forwarders: ["127.0.0.1@{dns_port}"]
  passthrough_zones: ["test."]
  timeout_ms: 1500
authentication:
  authserv_id: mx.receiver.test
  trusted_networks: []
verdict:
  header: X-BrandGuard
"""


def one_header(msg, name):
    values = [re.sub(r"\s+", " ", v).strip() for v in (msg.get_all(name) or [])]
    check(len(values) == 1, "expected one %s, got %r" % (name, values))
    return values[0]


def send_from(client_ip, mail_from, subject, helo="mail.brand.test", headers=None):
    pf = state["pf"]
    n = pf.sink.count()
    r = pf.send(mail_from=mail_from, subject=subject, helo=helo, headers=headers,
                extra_args=["--xclient", "ADDR=%s NAME=[UNAVAILABLE] HELO=%s" % (client_ip, helo)])
    return r, n


def test_start_dns_milter_and_postfix():
    tmp = tempfile.mkdtemp(prefix="bg-e2e-auth-")
    state["tmp"] = tmp
    os.chmod(tmp, 0o750)
    os.chown(tmp, 0, grp.getgrnam("postfix").gr_gid)
    nsd = NsdServer(["brand.test.", "soft.test."], ZONE)
    nsd.start()
    state["nsd"] = nsd
    socket_path = os.path.join(tmp, "milter.sock")
    config = os.path.join(tmp, "brandguard.yaml")
    with open(config, "w") as f:
        f.write(CONFIG.format(socket=socket_path, dns_port=nsd.port))
    milter = ManagedProcess([os.path.join(state["build"], "milter", "brandguard-milter"), "-c", config],
                            name="brandguard-milter", ready_unix_socket=socket_path,
                            log_path=os.path.join(tmp, "milter.log"))
    milter.start()
    state["milter"] = milter
    pf = PostfixInstance(milter="unix:" + socket_path, milter_default_action="tempfail",
                         params={"smtpd_authorized_xclient_hosts": "127.0.0.0/8",
                                 # XCLIENT clients come from documentation ranges;
                                 # this instance relays only to its own sink.
                                 "mynetworks": "127.0.0.0/8 192.0.2.0/24 198.51.100.0/24 203.0.113.0/24"})
    pf.start()
    state["pf"] = pf


def test_spf_pass_from_an_authorized_address():
    r, n = send_from("192.0.2.10", "news@brand.test", "spf pass")
    check(r.data_code == 250, "got %s\n%s" % (r.data_code, r.transcript))
    msg = state["pf"].sink.wait_for_messages(n + 1)[n]
    bg = one_header(msg, "X-BrandGuard")
    check("SPF_PASS=" in bg, "no SPF_PASS in %r" % bg)


def test_spf_fail_and_softfail():
    r, n = send_from("198.51.100.20", "news@brand.test", "spf fail")
    check(r.data_code == 250, "got %s" % r.data_code)
    bg = one_header(state["pf"].sink.wait_for_messages(n + 1)[n], "X-BrandGuard")
    check("SPF_FAIL=" in bg, "no SPF_FAIL in %r" % bg)
    r, n = send_from("198.51.100.20", "news@soft.test", "spf softfail")
    bg = one_header(state["pf"].sink.wait_for_messages(n + 1)[n], "X-BrandGuard")
    check("SPF_SOFTFAIL=" in bg, "no SPF_SOFTFAIL in %r" % bg)


def test_dns_outage_gives_temperror_not_a_verdict():
    nsd = state["nsd"]
    nsd.stop_answering()
    try:
        r, n = send_from("198.51.100.20", "news@outage.brand.test", "dns outage")
    finally:
        nsd.start_answering()
    check(r.data_code == 250, "a DNS outage must not refuse mail, got %s" % r.data_code)
    bg = one_header(state["pf"].sink.wait_for_messages(n + 1)[n], "X-BrandGuard")
    check("SPF_TEMPERROR=" in bg, "no SPF_TEMPERROR in %r" % bg)
    check(bg.startswith("accept;"), "DNS outage changed the action: %r" % bg)


def main():
    return run_e2e_suite(RUN, state, test_start_dns_milter_and_postfix, [test_spf_pass_from_an_authorized_address,
            test_spf_fail_and_softfail,
            test_dns_outage_gives_temperror_not_a_verdict])


if __name__ == "__main__":
    sys.exit(main())
