#!/usr/bin/python3
"""End-to-end: SPF, DKIM and DMARC through real Postfix and a real DNS
server.

nsd serves the test zones on a loopback port; brandguard-milter forwards
its lookups there (dns.mode: forward). Postfix lets the test choose the
client address with XCLIENT, because a loopback client always passes SPF.
Asserts the results in the delivered Authentication-Results header and the
symbols in X-BrandGuard, a DMARC p=reject rejection, removal of forged
Authentication-Results, and that a DNS outage gives temperror, never a
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

from dkim_signer import DkimKey  # noqa: E402
from dns_server import NsdServer  # noqa: E402
from harness import ManagedProcess, PostfixInstance, build_message  # noqa: E402
from runner import TestRun, check, one_header, run_e2e_suite  # noqa: E402

RUN = TestRun()
state = {}

ZONE = [
    'brand.test. 60 IN TXT "v=spf1 ip4:192.0.2.0/24 -all"',
    'soft.test. 60 IN TXT "v=spf1 ip4:192.0.2.0/24 ~all"',
    # Only asked for during the outage, so no cache can answer it.
    'outage.brand.test. 60 IN TXT "v=spf1 -all"',
    # shop.test publishes DMARC p=reject; its DKIM key is added at start.
    'shop.test. 60 IN TXT "v=spf1 ip4:192.0.2.0/24 -all"',
    '_dmarc.shop.test. 60 IN TXT "v=DMARC1; p=reject"',
    '_dmarc.outage.shop.test. 60 IN TXT "v=DMARC1; p=reject"',
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
    key = DkimKey(tmp, "shop.test", "e2e")
    state["dkim_key"] = key
    nsd = NsdServer(["brand.test.", "soft.test.", "shop.test."], ZONE + [key.txt_record()])
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


def shop_message(subject, extra_headers=None, body="Your order has shipped.\n"):
    return build_message(mail_from="orders@shop.test", subject=subject, body=body,
                         headers=[("From", "Shop <orders@shop.test>")] + (extra_headers or []))


def delivered_results(n):
    """(Authentication-Results values, X-BrandGuard) of delivered message n."""
    msg = state["pf"].sink.wait_for_messages(n + 1)[n]
    ars = [re.sub(r"\s+", " ", v).strip() for v in (msg.get_all("Authentication-Results") or [])]
    return ars, one_header(msg, "X-BrandGuard")


def test_dkim_signed_mail_passes_dmarc_through_its_signature():
    # From an address outside shop.test's SPF: only the signature aligns.
    data = state["dkim_key"].sign(shop_message("signed order"))
    pf = state["pf"]
    n = pf.sink.count()
    r = pf.send(mail_from="bounce@shop.test", data=data, helo="mail.shop.test",
                extra_args=["--xclient", "ADDR=198.51.100.20 NAME=[UNAVAILABLE] HELO=mail.shop.test"])
    check(r.data_code == 250, "signed aligned mail refused: %s\n%s" % (r.data_code, r.transcript))
    ars, bg = delivered_results(n)
    ours = [a for a in ars if a.startswith("mx.receiver.test;")]
    check(len(ours) == 1, "expected one A-R of ours, got %r" % ars)
    ar = ours[0]
    check("spf=fail" in ar, "no spf=fail in %r" % ar)
    check(re.search(r"dkim=pass \(2048-bit key\) header\.d=shop\.test header\.s=e2e", ar), "no dkim=pass in %r" % ar)
    check("dmarc=pass (p=reject dis=none) header.from=shop.test" in ar, "no dmarc=pass in %r" % ar)
    check("DKIM_PASS=" in bg and "DMARC_PASS=" in bg, "symbols missing in %r" % bg)


def test_tampered_signed_mail_fails_dkim_but_aligned_spf_passes_dmarc():
    data = state["dkim_key"].sign(shop_message("tampered order"))
    data = data.replace(b"Your order has shipped.", b"Your order was cancelled")
    pf = state["pf"]
    n = pf.sink.count()
    r = pf.send(mail_from="bounce@shop.test", data=data, helo="mail.shop.test",
                extra_args=["--xclient", "ADDR=192.0.2.10 NAME=[UNAVAILABLE] HELO=mail.shop.test"])
    check(r.data_code == 250, "got %s\n%s" % (r.data_code, r.transcript))
    ars, _bg = delivered_results(n)
    ar = [a for a in ars if a.startswith("mx.receiver.test;")][0]
    check("dkim=fail (body hash mismatch)" in ar, "no dkim=fail in %r" % ar)
    check("spf=pass" in ar and "dmarc=pass" in ar, "expected SPF-aligned dmarc=pass in %r" % ar)


def test_dmarc_p_reject_failure_is_rejected_with_a_reason():
    pf = state["pf"]
    n = pf.sink.count()
    r = pf.send(mail_from="support@lookalike.example", data=shop_message("refund pending"), helo="evil.example",
                extra_args=["--xclient", "ADDR=198.51.100.20 NAME=[UNAVAILABLE] HELO=evil.example"])
    check(r.data_code == 550, "expected 550, got %s\n%s" % (r.data_code, r.transcript))
    check("5.7.1" in r.data_reply and "DMARC policy of shop.test" in r.data_reply,
          "reply does not say why: %r" % r.data_reply)
    check(pf.sink.count() == n, "a rejected message was delivered")


def test_forged_authentication_results_never_survive():
    forged = [("Authentication-Results", "mx.receiver.test; dmarc=pass header.from=shop.test"),
              ("authentication-results", "MX.RECEIVER.TEST;\n\tdkim=pass header.d=shop.test"),
              ("Authentication-Results", "(c) mx.receiver.test; spf=pass " + "x" * 5000),
              ("Authentication-Results", "upstream.example; spf=pass smtp.mailfrom=shop.test")]
    pf = state["pf"]
    n = pf.sink.count()
    r = pf.send(mail_from="bounce@shop.test", data=shop_message("forged", forged), helo="mail.shop.test",
                extra_args=["--xclient", "ADDR=192.0.2.10 NAME=[UNAVAILABLE] HELO=mail.shop.test"])
    check(r.data_code == 250, "got %s\n%s" % (r.data_code, r.transcript))
    ars, _bg = delivered_results(n)
    ours = [a for a in ars if "mx.receiver.test" in a.lower()]
    check(len(ours) == 1, "forged copies survived: %r" % ours)
    check(ours[0].startswith("mx.receiver.test; spf=pass"), "the one left is not ours: %r" % ours[0])
    check(any(a.startswith("upstream.example;") for a in ars), "a foreign A-R was removed: %r" % ars)


def test_dns_outage_gives_dmarc_temperror_and_accepts():
    nsd = state["nsd"]
    nsd.stop_answering()
    pf = state["pf"]
    try:
        n = pf.sink.count()
        data = build_message(mail_from="a@outage.shop.test", subject="outage dmarc",
                             headers=[("From", "<a@outage.shop.test>")])
        r = pf.send(mail_from="a@outage.shop.test", data=data, helo="mail.shop.test",
                    extra_args=["--xclient", "ADDR=198.51.100.20 NAME=[UNAVAILABLE] HELO=mail.shop.test"])
    finally:
        nsd.start_answering()
    check(r.data_code == 250, "a DNS outage must not refuse mail, got %s" % r.data_code)
    ars, bg = delivered_results(n)
    ar = [a for a in ars if a.startswith("mx.receiver.test;")][0]
    check("dmarc=temperror" in ar and "spf=temperror" in ar, "expected temperror in %r" % ar)
    check(bg.startswith("accept;"), "DNS outage changed the action: %r" % bg)


def main():
    return run_e2e_suite(RUN, state, test_start_dns_milter_and_postfix, [test_spf_pass_from_an_authorized_address,
            test_spf_fail_and_softfail,
            test_dns_outage_gives_temperror_not_a_verdict,
            test_dkim_signed_mail_passes_dmarc_through_its_signature,
            test_tampered_signed_mail_fails_dkim_but_aligned_spf_passes_dmarc,
            test_dmarc_p_reject_failure_is_rejected_with_a_reason,
            test_forged_authentication_results_never_survive,
            test_dns_outage_gives_dmarc_temperror_and_accepts])


if __name__ == "__main__":
    sys.exit(main())
