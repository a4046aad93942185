#!/usr/bin/python3
"""End-to-end: the brand engine through real Postfix and a real DNS server.

A brand file for "Ledger" on test domains (ledger.test, the brand's own,
DKIM-signed and p=reject) is loaded by brandguard-milter, which resolves
through nsd on a loopback port. Asserts that:
- a phish speaking as Ledger from a lookalike domain and asking for the
  24 words is rejected in SMTP with a 5.7.1 reply that says why;
- genuine, signed Ledger order mail that mentions the order number, the
  carrier and "never share your 24 words" is delivered as accept, with
  BRAND_AUTHENTICATED in X-BrandGuard;
- a display name claiming Ledger from an unrelated domain is delivered
  tagged (subject prefix, X-BrandGuard names BRAND_NAME_SPOOF);
- a rule composite sees the brand symbols.

Run: python3 tests/e2e/test_brand.py BUILD_DIR   (as root)
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
    'ledger.test. 60 IN TXT "v=spf1 ip4:192.0.2.0/24 -all"',
    '_dmarc.ledger.test. 60 IN TXT "v=DMARC1; p=reject"',
    # The phisher's domains authenticate as themselves.
    'ledger-support-center.test. 60 IN TXT "v=spf1 ip4:198.51.100.0/24 -all"',
    'mailer.test. 60 IN TXT "v=spf1 ip4:203.0.113.0/24 -all"',
]

CONFIG = """\
milter:
  socket: unix:{socket}
  socket_mode: "0660"
  socket_group: postfix
control:
  socket: ""
dns:
  mode: forward
  forwarders: ["127.0.0.1@{dns_port}"]
  passthrough_zones: ["test."]
  timeout_ms: 1500
authentication:
  authserv_id: mx.receiver.test
  trusted_networks: []
brands:
  files: ["brands/*.yaml"]
  first_seen:
    path: {tmp}/first-seen.db
verdict:
  header: X-BrandGuard
  subject_prefix: "[SUSPICIOUS]"
rules:
  - symbol: LOOKALIKE_WANTS_SECRET
    all: [SECRET_REQUEST]
    any: [LOOKALIKE_FROM, LOOKALIKE_LINK]
    score: 1
"""

BRAND = """\
id: ledger
name: Ledger
names: [Ledger, Ledger Live, Ledger Support]
keywords: [ledger]
official_domains: [ledger.test]
link_hosts: [ledger.test]
phone_numbers: []
never_asks: [recovery_phrase, private_key, pin]
order_numbers: ['#?[0-9]{6,10}']
"""


def send(data, mail_from, client_ip, helo):
    pf = state["pf"]
    n = pf.sink.count()
    r = pf.send(mail_from=mail_from, data=data, helo=helo,
                extra_args=["--xclient", "ADDR=%s NAME=[UNAVAILABLE] HELO=%s" % (client_ip, helo)])
    return r, n


def test_start_dns_milter_and_postfix():
    tmp = tempfile.mkdtemp(prefix="bg-e2e-brand-")
    state["tmp"] = tmp
    os.chmod(tmp, 0o750)
    os.chown(tmp, 0, grp.getgrnam("postfix").gr_gid)
    key = DkimKey(tmp, "ledger.test", "e2e")
    state["dkim_key"] = key
    nsd = NsdServer(["ledger.test.", "ledger-support-center.test.", "mailer.test."], ZONE + [key.txt_record()])
    nsd.start()
    state["nsd"] = nsd
    os.makedirs(os.path.join(tmp, "brands"))
    with open(os.path.join(tmp, "brands", "ledger.yaml"), "w") as f:
        f.write(BRAND)
    socket_path = os.path.join(tmp, "milter.sock")
    config = os.path.join(tmp, "brandguard.yaml")
    with open(config, "w") as f:
        f.write(CONFIG.format(socket=socket_path, dns_port=nsd.port, tmp=tmp))
    milter = ManagedProcess([os.path.join(state["build"], "milter", "brandguard-milter"), "-c", config],
                            name="brandguard-milter", ready_unix_socket=socket_path,
                            log_path=os.path.join(tmp, "milter.log"))
    milter.start()
    state["milter"] = milter
    check(os.path.exists(os.path.join(tmp, "first-seen.db")), "the first-seen store was not created")
    pf = PostfixInstance(milter="unix:" + socket_path, milter_default_action="tempfail",
                         params={"smtpd_authorized_xclient_hosts": "127.0.0.0/8",
                                 "mynetworks": "127.0.0.0/8 192.0.2.0/24 198.51.100.0/24 203.0.113.0/24"})
    pf.start()
    state["pf"] = pf


def test_lookalike_phish_asking_for_the_24_words_is_rejected_with_a_reason():
    body = ("Dear customer,\n\nDue to the recent data breach, your Ledger Nano must be verified.\n"
            "Please enter your 24-word recovery phrase at https://ledger-verify.pages.dev/restore\n"
            "within 24 hours or your assets will be lost.\n\nLedger Support\n")
    data = build_message(mail_from="support@ledger-support-center.test", subject="Action required: verify your device",
                         body=body, headers=[("From", "Ledger Support <support@ledger-support-center.test>")])
    r, n = send(data, "support@ledger-support-center.test", "198.51.100.20", "mail.ledger-support-center.test")
    check(r.data_code == 550, "expected 550, got %s\n%s" % (r.data_code, r.transcript))
    reply = r.data_reply
    check("5.7.1" in reply, "no 5.7.1 in %r" % reply)
    check("LOOKALIKE_FROM" in reply or "SECRET_REQUEST" in reply or "BRAND_NAME_SPOOF" in reply,
          "the reply does not say why: %r" % reply)
    check(re.search(r"\(ref [^)]+\)", reply), "no reference id in %r" % reply)
    check(state["pf"].sink.count() == n, "a rejected message was delivered")


def test_genuine_signed_order_mail_is_accepted():
    body = ("Hello,\n\nThank you for your order #4815162. Your Ledger Nano X has shipped with DHL\n"
            "and will arrive in 3 to 5 days. Track it at https://www.ledger.test/orders/4815162\n\n"
            "Reminder: Ledger will never ask for your 24-word recovery phrase. Never share it with anyone.\n\n"
            "The Ledger team\n")
    data = build_message(mail_from="orders@ledger.test", subject="Your order #4815162 has shipped", body=body,
                         headers=[("From", "Ledger <orders@ledger.test>")])
    data = state["dkim_key"].sign(data)
    # From outside ledger.test's SPF: only the signature authenticates it.
    r, n = send(data, "bounce@ledger.test", "203.0.113.9", "out.mailer.test")
    check(r.data_code == 250, "genuine brand mail refused: %s\n%s" % (r.data_code, r.transcript))
    msg = state["pf"].sink.wait_for_messages(n + 1)[n]
    bg = one_header(msg, "X-BrandGuard")
    check(bg.startswith("accept;"), "genuine brand mail not accepted: %r" % bg)
    check("BRAND_AUTHENTICATED=" in bg, "no BRAND_AUTHENTICATED in %r" % bg)
    check("SECRET_REQUEST" not in bg and "ORDER_BAIT" not in bg, "brand mail judged as bait: %r" % bg)
    check(not msg["Subject"].startswith("[SUSPICIOUS]"), "subject tagged: %r" % msg["Subject"])


def test_display_name_claim_from_elsewhere_is_tagged():
    data = build_message(mail_from="hello@mailer.test", subject="A word from us",
                         body="We have news about our products. Visit our website.\n",
                         headers=[("From", "Ledger <hello@mailer.test>")])
    r, n = send(data, "hello@mailer.test", "203.0.113.9", "out.mailer.test")
    check(r.data_code == 250, "got %s\n%s" % (r.data_code, r.transcript))
    msg = state["pf"].sink.wait_for_messages(n + 1)[n]
    bg = one_header(msg, "X-BrandGuard")
    check(bg.startswith("tag;"), "expected tag: %r" % bg)
    check("BRAND_NAME_SPOOF=" in bg, "no BRAND_NAME_SPOOF in %r" % bg)
    check(msg["Subject"].startswith("[SUSPICIOUS]"), "no subject prefix: %r" % msg["Subject"])


def main():
    return run_e2e_suite(RUN, state, test_start_dns_milter_and_postfix, [
        test_lookalike_phish_asking_for_the_24_words_is_rejected_with_a_reason,
        test_genuine_signed_order_mail_is_accepted,
        test_display_name_claim_from_elsewhere_is_tagged])


if __name__ == "__main__":
    sys.exit(main())
