#!/usr/bin/python3
"""Writes the golden fixtures of tests/golden: messages (msgs/*.eml), the DNS
zone they need (zone.txt) and the labelled manifest (manifest.jsonl) in the
format of CORPUS-FORMAT.md.

Every text here is written by us for these tests. The output is
deterministic: fixed dates, Message-IDs and MIME boundaries, DKIM signatures
made with the RSA keys committed in keys/ (RSA PKCS#1 v1.5 signatures are
deterministic) and with t= set to the message's own Date. A key that is
missing from keys/ is made with openssl, which changes that domain's
signatures and zone record: commit the new key with them.

Run:   /usr/bin/python3 tests/golden/make_fixtures.py
Needs: python3-dkim (dkimpy) and openssl, both Debian 12 packages
       (scripts/install-deps.sh --test installs them).

All sending addresses are in the documentation networks (RFC 5737 and
RFC 3849): 198.51.100.0/24 for brands, carriers and people, 203.0.113.0/24
for shops and news sites, 192.0.2.0/24 for the phishers.
"""

import base64
import datetime
import ipaddress
import json
import os
import quopri
import subprocess
import sys

try:
    import dkim
except ImportError:
    sys.exit("make_fixtures.py needs dkimpy (Debian: python3-dkim); run it with /usr/bin/python3")

HERE = os.path.dirname(os.path.abspath(__file__))
KEYS = os.path.join(HERE, "keys")
MSGS = os.path.join(HERE, "msgs")
TTL = 300
CRLF = b"\r\n"

# ---------------------------------------------------------------------------
# Sending domains: SPF network, DKIM selector, DMARC record.


class Domain:
    """A domain that sends mail: its SPF network, DKIM key and DMARC record."""

    def __init__(self, name, net, selector=None, dmarc="v=DMARC1; p=none", spf_all="-all", helo=None,
                 ip6=None, note="", host=5):
        self.name = name
        self.net = ipaddress.ip_network(net)
        self.ip = str(self.net.network_address + host)
        self.ip6 = ip6
        self.selector = selector
        self.dmarc = dmarc
        self.spf_all = spf_all
        self.helo = helo or "mail." + name
        self.note = note
        self.key_pem = None
        self.public_b64 = None

    def load_key(self):
        if not self.selector:
            return
        os.makedirs(KEYS, exist_ok=True)
        path = os.path.join(KEYS, "%s.%s.pem" % (self.selector, self.name))
        if not os.path.exists(path):
            subprocess.run(["openssl", "genrsa", "-traditional", "-out", path, "2048"], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        der = subprocess.run(["openssl", "rsa", "-in", path, "-pubout", "-outform", "DER"], check=True,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
        self.public_b64 = base64.b64encode(der).decode()
        with open(path, "rb") as f:
            self.key_pem = f.read()

    def spf(self):
        mechanisms = ["ip4:%s" % self.net]
        if self.ip6:
            mechanisms.append("ip6:%s" % ipaddress.ip_network(self.ip6))
        return "v=spf1 %s %s" % (" ".join(mechanisms), self.spf_all)

    def zone_lines(self):
        out = ["; %s%s" % (self.name, " -- " + self.note if self.note else "")]
        out.append('%s. %d IN TXT "%s"' % (self.name, TTL, self.spf()))
        out.append("%s. %d IN MX 10 mx.%s." % (self.name, TTL, self.name))
        out.append("mx.%s. %d IN A %s" % (self.name, TTL, self.net.network_address + 2))
        out.append("%s. %d IN A %s" % (self.helo, TTL, self.ip))
        out.append('%s. %d IN TXT "v=spf1 a -all"' % (self.helo, TTL))
        out.append("%s. %d IN PTR %s." % (ipaddress.ip_address(self.ip).reverse_pointer, TTL, self.helo))
        if self.ip6:
            addr = ipaddress.ip_network(self.ip6).network_address + 0x25
            out.append("%s. %d IN AAAA %s" % (self.helo, TTL, addr))
            out.append("%s. %d IN PTR %s." % (addr.reverse_pointer, TTL, self.helo))
        if self.selector:
            value = "v=DKIM1; k=rsa; p=" + self.public_b64
            parts = [value[i:i + 250] for i in range(0, len(value), 250)]
            out.append("%s._domainkey.%s. %d IN TXT %s" % (self.selector, self.name, TTL,
                                                          " ".join('"%s"' % p for p in parts)))
        if self.dmarc:
            out.append('_dmarc.%s. %d IN TXT "%s"' % (self.name, TTL, self.dmarc))
        return out

    @property
    def ip6_addr(self):
        return str(ipaddress.ip_network(self.ip6).network_address + 0x25)


def dmarc(policy, domain, extra=""):
    return "v=DMARC1; p=%s;%s rua=mailto:dmarc-reports@%s" % (policy, extra, domain)


D = {}


def domain(*args, **kwargs):
    d = Domain(*args, **kwargs)
    D[d.name] = d
    return d


# The brand and the companies that send for it (config/brands/ledger.yaml).
domain("ledger.com", "198.51.100.16/28", "lgr2025", dmarc("reject", "ledger.com"), helo="mail-out1.ledger.com",
       note="the brand; p=reject")
domain("shop.ledger.com", "198.51.100.16/28", None, None, helo="mail-out2.ledger.com", host=6,
       note="envelope domain of the shop's mail (DMARC from ledger.com)")
domain("ledger.fr", "198.51.100.16/28", "lgr2025", dmarc("reject", "ledger.fr"), helo="mail-out3.ledger.com", host=7,
       note="official; French newsletter")
domain("global-e.com", "198.51.100.32/28", "ge1", dmarc("quarantine", "global-e.com"), helo="smtp1.global-e.com",
       note="authorized sender: merchant of record")
domain("shopify.com", "198.51.100.48/28", "shopify2025", dmarc("reject", "shopify.com"),
       helo="outbound-1.shopify.com", note="authorized sender: shop notifications")
domain("zendesk.com", "198.51.100.64/28", "zendesk1", dmarc("reject", "zendesk.com"), helo="out1.zendesk.com",
       note="authorized sender: support tickets")
domain("ledger.zendesk.com", "198.51.100.64/28", None, None, helo="out2.zendesk.com", host=6,
       note="Ledger's help desk on Zendesk (DMARC from zendesk.com)")
# Carriers.
domain("dhl.de", "198.51.100.80/28", "dhl2025", dmarc("reject", "dhl.de"), helo="mailout.dhl.de", note="carrier")
domain("laposte.fr", "198.51.100.96/28", "lp1", dmarc("reject", "laposte.fr"), helo="smtp-out.laposte.fr",
       note="carrier")
domain("kuronekoyamato.co.jp", "198.51.100.112/28", "yamato1", dmarc("quarantine", "kuronekoyamato.co.jp"),
       helo="mail.kuronekoyamato.co.jp", note="carrier (Yamato Transport)")
# People.
domain("gmail.com", "198.51.100.128/28", "20230601", "v=DMARC1; p=none; sp=quarantine", spf_all="~all",
       helo="mail-sor-f41.google.com", ip6="2001:db8:4860::/48", note="freemail")
domain("gmx.de", "198.51.100.144/28", "s2025", dmarc("quarantine", "gmx.de"), helo="mout.gmx.de",
       note="freemail")
# News and newsletters.
domain("blockchain-chronicle.com", "203.0.113.0/28", "news", dmarc("quarantine", "blockchain-chronicle.com"),
       note="crypto news site")
domain("secwatch-weekly.net", "203.0.113.16/28", "k1", dmarc("reject", "secwatch-weekly.net"),
       note="security newsletter")
domain("theledger.com", "203.0.113.32/28", "gannett", dmarc("reject", "theledger.com"),
       helo="mta1.theledger.com", note="The Ledger, Lakeland FL newspaper: not the brand")
domain("knowledge.com", "203.0.113.48/28", "km1", dmarc("none", "knowledge.com"), note="learning site")
domain("diariocripto.es", "203.0.113.64/28", "dc1", dmarc("quarantine", "diariocripto.es"),
       note="Spanish crypto news site")
# Shops with nothing to do with Ledger.
domain("maplepine-outfitters.com", "203.0.113.80/28", "mp1", dmarc("quarantine", "maplepine-outfitters.com"),
       note="shop, en")
domain("boutique-lumiere.fr", "203.0.113.96/28", "bl1", dmarc("quarantine", "boutique-lumiere.fr"),
       note="shop, fr")
domain("tienda-olivar.es", "203.0.113.112/28", "to1", dmarc("none", "tienda-olivar.es"), note="shop, es")
domain("buchhaus-kramer.de", "203.0.113.128/28", "bk1", dmarc("quarantine", "buchhaus-kramer.de"),
       note="shop, de")
domain("sakura-zakka.jp", "203.0.113.144/28", "sz1", dmarc("none", "sakura-zakka.jp"), note="shop, ja")
# Phishers. Each lookalike has its own SPF, DKIM key and DMARC record, so the
# mail authenticates as what it is: a lookalike, not the brand.
domain("ledger-support-center.com", "192.0.2.8/29", "default", dmarc("none", "ledger-support-center.com"),
       note="lookalike: brand + words")
domain("1edger.com", "192.0.2.16/29", "mail", dmarc("reject", "1edger.com"), note="lookalike: digit 1 for l")
domain("xn--ldger-zwe.com", "192.0.2.24/29", "s1", dmarc("none", "xn--ldger-zwe.com"),
       note="lookalike: l\u0435dger.com with CYRILLIC SMALL LETTER IE")
domain("secure-verify.net", "192.0.2.32/29", "sv", dmarc("none", "secure-verify.net"),
       note="hosts ledger.com.secure-verify.net")
domain("ledger.com.secure-verify.net", "192.0.2.32/29", None, None, helo="relay.secure-verify.net", host=3,
       note="lookalike: brand domain as a subdomain")
domain("ledger-secure-helpdesk.com", "192.0.2.40/29", "hd", dmarc("none", "ledger-secure-helpdesk.com"),
       note="lookalike: brand + words")
domain("walletsync-alerts.com", "192.0.2.48/29", "wa", None, note="phisher, no brand in the name")
domain("account-notice.io", "192.0.2.56/29", "an", dmarc("none", "account-notice.io"),
       note="phisher, no brand in the name")
domain("mailfence-relay.net", "192.0.2.64/29", "mr", dmarc("none", "mailfence-relay.net"), note="extortion, en")
domain("ledger-assistance.fr", "192.0.2.72/29", "la", dmarc("none", "ledger-assistance.fr"),
       note="lookalike: brand + words, .fr")
domain("ledger-livraison.fr", "192.0.2.80/29", "ll", dmarc("none", "ledger-livraison.fr"),
       note="lookalike: brand + words, .fr")
domain("ledgerwallet-fr.com", "192.0.2.88/29", "lw", dmarc("none", "ledgerwallet-fr.com"),
       note="lookalike of ledgerwallet.com")
domain("ledger-envios.es", "192.0.2.96/29", "le", dmarc("none", "ledger-envios.es"),
       note="lookalike: brand + words, .es")
domain("correo-rapido.net", "192.0.2.104/29", "cr", dmarc("none", "correo-rapido.net"), note="extortion, es")
domain("ledger-de-sicherheit.com", "192.0.2.112/29", "ls", dmarc("none", "ledger-de-sicherheit.com"),
       note="lookalike: brand + words, de")
domain("ledger-jp-support.com", "192.0.2.120/29", "lj", dmarc("none", "ledger-jp-support.com"),
       note="lookalike: brand + words, ja")
domain("ledger-shop-jp.com", "192.0.2.128/29", "lsj", dmarc("none", "ledger-shop-jp.com"),
       note="lookalike: brand + words, ja")
domain("ledgerlive-jp.com", "192.0.2.136/29", "llj", dmarc("none", "ledgerlive-jp.com"),
       note="lookalike: product name + words, ja")

# Hosts with no SPF authority for ledger.com, used by the spoofs of ledger.com.
SPOOF_IP = "192.0.2.201"
REPLAY_IP = "192.0.2.202"

# ---------------------------------------------------------------------------
# MIME building: bytes exactly as we want them, CRLF line ends.

CODECS = {"UTF-8": "utf-8", "ISO-8859-1": "latin-1", "ISO-2022-JP": "iso2022_jp", "Shift_JIS": "shift_jis",
          "US-ASCII": "ascii"}


def lf_to_crlf(data):
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def encode_body(text, charset, cte):
    data = text.replace("\r\n", "\n").encode(CODECS[charset])
    if cte == "quoted-printable":
        return lf_to_crlf(quopri.encodestring(data))
    if cte == "base64":
        return lf_to_crlf(base64.encodebytes(lf_to_crlf(data)))
    if cte == "7bit":
        assert all(b < 0x80 for b in data), "7bit part with 8-bit bytes"
    return lf_to_crlf(data)


class Part:
    def __init__(self, text, subtype="plain", charset="UTF-8", cte="quoted-printable"):
        self.text, self.subtype, self.charset, self.cte = text, subtype, charset, cte

    def render(self):
        head = "Content-Type: text/%s; charset=%s\r\nContent-Transfer-Encoding: %s\r\n" % (
            self.subtype, self.charset if self.charset != "Shift_JIS" else "Shift_JIS", self.cte)
        return head.encode(), encode_body(self.text, self.charset, self.cte)


class Alternative:
    def __init__(self, boundary, *parts):
        self.boundary, self.parts = boundary, parts

    def render(self):
        head = 'Content-Type: multipart/alternative;\r\n boundary="%s"\r\n' % self.boundary
        body = b"This is a multi-part message in MIME format.\r\n"
        for p in self.parts:
            phead, pbody = p.render()
            body += b"\r\n--" + self.boundary.encode() + CRLF + phead + CRLF + pbody
            if not body.endswith(CRLF):
                body += CRLF
        body += b"\r\n--" + self.boundary.encode() + b"--\r\n"
        return head.encode(), body


def q_word(text, charset):
    out = []
    for b in text.encode(CODECS[charset]):
        c = chr(b)
        if c.isascii() and (c.isalnum() or c in "!*+-/"):
            out.append(c)
        elif c == " ":
            out.append("_")
        else:
            out.append("=%02X" % b)
    return "=?%s?Q?%s?=" % (charset, "".join(out))


def b_word(text, charset):
    return "=?%s?B?%s?=" % (charset, base64.b64encode(text.encode(CODECS[charset])).decode())


def encoded(text, charset="UTF-8", enc="B", chunk=14):
    """RFC 2047 encoded-words for a header value, each self-contained (an
    ISO-2022-JP word ends back in ASCII), folded one word per line."""
    pieces = [text[i:i + chunk] for i in range(0, len(text), chunk)]
    word = b_word if enc == "B" else q_word
    return "\r\n ".join(word(p, charset) for p in pieces)


def mailbox(display, address, charset=None, enc="B"):
    if display is None:
        return address
    if charset is None and not display.isascii():
        charset, enc = "UTF-8", "Q"
    if charset:
        return "%s <%s>" % (encoded(display, charset, enc, chunk=20), address)
    if any(c in display for c in '()<>[]:;@\\,."'):
        return '"%s" <%s>' % (display.replace("\\", "\\\\").replace('"', '\\"'), address)
    return "%s <%s>" % (display, address)


def date(y, mo, d, h, mi, s, offset_hours):
    tz = datetime.timezone(datetime.timedelta(hours=offset_hours))
    when = datetime.datetime(y, mo, d, h, mi, s, tzinfo=tz)
    return when


def rfc5322_date(when):
    return when.strftime("%a, %d %b %Y %H:%M:%S %z")


class Message:
    """One fixture: headers, body, envelope, expectation."""

    def __init__(self, name, label, lang, sender, when, from_, to, subject, body, msgid, rcpt=None,
                 extra_headers=(), mail_from=None, client=None, sign=True, expect=None, tags=(),
                 subject_charset=None, subject_enc="B", purpose=""):
        self.name, self.label, self.lang, self.sender, self.when = name, label, lang, sender, when
        self.from_, self.to, self.subject, self.body, self.msgid = from_, to, subject, body, msgid
        self.rcpt = rcpt or [to.split("<")[-1].rstrip(">")]
        self.extra_headers = list(extra_headers)
        self.mail_from = mail_from if mail_from is not None else from_.split("<")[-1].rstrip(">")
        self.client = client  # (ip, name, helo) overriding the sender domain's
        self.sign = sign
        self.expect = expect or {}
        self.tags = list(tags)
        self.subject_charset, self.subject_enc = subject_charset, subject_enc
        self.purpose = purpose
        self.tamper = None

    def raw(self):
        subject = encoded(self.subject, self.subject_charset, self.subject_enc) if self.subject_charset \
            else self.subject
        body_head, body = self.body.render()
        headers = [("From", self.from_), ("To", self.to), ("Subject", subject),
                   ("Date", rfc5322_date(self.when)), ("Message-ID", "<%s>" % self.msgid)]
        headers += self.extra_headers
        headers.append(("MIME-Version", "1.0"))
        text = "".join("%s: %s\r\n" % h for h in headers).encode() + body_head + CRLF + body
        signer = D[self.sign] if isinstance(self.sign, str) else (self.sender if self.sign else None)
        if signer is not None:
            signed = [b"from", b"to", b"subject", b"date", b"message-id", b"mime-version", b"content-type",
                      b"content-transfer-encoding"]
            signed += [name.lower().encode() for name, _ in self.extra_headers
                       if name.lower() in ("reply-to", "list-unsubscribe", "list-id")]
            text = dkim_sign(text, signer, int(self.when.timestamp()), signed) + text
        if self.tamper:
            text = self.tamper(text)
        return text

    def envelope(self):
        if self.client:
            ip, name, helo = self.client
        else:
            ip, name, helo = self.sender.ip, self.sender.helo, self.sender.helo
        return {"client_ip": ip, "client_name": name, "helo": helo, "mail_from": self.mail_from,
                "rcpt": self.rcpt}


class _FixedClock:
    """Stands in for the time module inside dkimpy, so that t= is the
    message's Date and the signature is the same on every run."""

    def __init__(self, now):
        self.now = now

    def time(self):
        return self.now


def dkim_sign(message, d, timestamp, headers):
    saved = dkim.time
    dkim.time = _FixedClock(timestamp)
    try:
        return dkim.sign(message, d.selector.encode(), d.name.encode(), d.key_pem,
                         canonicalize=(b"relaxed", b"relaxed"), include_headers=headers, linesep=b"\r\n")
    finally:
        dkim.time = saved


def html(body_html, title=""):
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%s</title></head>\n"
            "<body style=\"font-family:Arial,sans-serif\">\n%s\n</body></html>\n" % (title, body_html.strip()))


# Recipients: the receiving organisation is example.org / .net / .com.
R_EN = "Jonathan Hale <j.hale@example.org>"
R_FR = "Camille Martin <camille.martin@example.org>"
R_ES = "Lucía Ortega <lucia.ortega@example.net>"
R_DE = "Anna Becker <anna.becker@example.net>"
R_JA = "山田 花子 <hanako.yamada@example.com>"


def to_header(r, charset=None):
    name, addr = r.split(" <")
    addr = addr.rstrip(">")
    if charset:
        return mailbox(name, addr, charset)
    return mailbox(name, addr)


def addr_of(r):
    return r.split("<")[-1].rstrip(">")


BTC = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"

# ---------------------------------------------------------------------------
# The messages. Phish first, then ham; each with what it is for.

M = []


def add(m):
    M.append(m)
    return m


def held(action, *symbols, spf="pass", dkim_="pass", dmarc_="pass"):
    e = {"action": action, "spf": spf, "dkim": dkim_, "dmarc": dmarc_}
    if symbols:
        e["symbols"] = list(symbols)
    return e


def ok(spf="pass", dkim_="pass", dmarc_="pass"):
    return {"action": "accept", "spf": spf, "dkim": dkim_, "dmarc": dmarc_}


# ---- PHISH, English -------------------------------------------------------

P01_TEXT = """\
Dear Ledger customer,

Following the security incident at one of our e-commerce partners, some
customer records were exposed. As a precaution, every Ledger Nano device
sold between 2020 and 2025 must now be verified again.

To keep access to your assets, confirm your recovery phrase (24 words)
in our secure verification portal before 31 January 2026:

  https://ledger-support-center.com/verify?case=LDG-7731942

Devices that are not verified in time will be locked out of Ledger Live
and the funds on them may become inaccessible.

Thank you for your trust,
Ledger Support Team
"""

P01_HTML = html("""
<p>Dear Ledger customer,</p>
<p>Following the security incident at one of our e-commerce partners, some customer records were
exposed. As a precaution, every Ledger Nano device sold between 2020 and 2025 must now be verified
again.</p>
<p>To keep access to your assets, <b>confirm your recovery phrase (24 words)</b> in our secure
verification portal before <b>31 January 2026</b>.</p>
<p><a href="https://ledger-support-center.com/verify?case=LDG-7731942"
 style="background:#000;color:#fff;padding:10px 18px;text-decoration:none">Verify my device</a></p>
<p>Devices that are not verified in time will be locked out of Ledger Live and the funds on them may
become inaccessible.</p>
<p>Thank you for your trust,<br>Ledger Support Team</p>
""", "Ledger")

add(Message(
    "p01-en-seed-lookalike-alternative", "phish", "en", D["ledger-support-center.com"],
    date(2026, 1, 19, 8, 12, 40, 0), mailbox("Ledger Support", "support@ledger-support-center.com"),
    to_header(R_EN), "Action required: confirm your Ledger recovery phrase before 31 January",
    Alternative("=_lsc_7731942_alt", Part(P01_TEXT, cte="7bit", charset="US-ASCII"),
                Part(P01_HTML, "html")),
    "20260119081240.7731942@ledger-support-center.com",
    expect=held("reject", "LOOKALIKE_FROM", "BRAND_NAME_SPOOF", "SECRET_REQUEST"),
    tags=["ledger", "lookalike", "secret-request", "breach-pretext", "multipart-alternative"],
    purpose="lookalike brand+words domain asks for the 24 words; phish text in both parts of an "
            "attachment-free multipart/alternative"))

P02_HTML = html("""
<table width="600" align="center"><tr><td>
<h2 style="font-weight:normal">Your order could not be shipped</h2>
<p>Hello,</p>
<p>We tried to ship your <b>Ledger Nano X</b> (order <b>#4815162</b>), but the parcel is held by
customs because import fees of <b>&euro;2.99</b> are unpaid.</p>
<p>Carrier: DHL Express &ndash; tracking number 7284 6610 53</p>
<p>To release your parcel, please pay the customs fees within 48 hours:</p>
<p><a href="https://1edger.com/track/4815162/customs">Pay customs fees</a></p>
<p>If the fees are not paid, the parcel will be returned and your order cancelled without refund.</p>
<p>Ledger Order Service</p>
</td></tr></table>
""", "Ledger order #4815162")

add(Message(
    "p02-en-customs-fees-html-only", "phish", "en", D["1edger.com"],
    date(2026, 2, 3, 14, 5, 11, 1), mailbox("Ledger", "orders@1edger.com"), to_header(R_EN),
    "Your order #4815162 could not be shipped", Part(P02_HTML, "html", "UTF-8", "quoted-printable"),
    "0203140511.4815162@1edger.com",
    expect=held("reject", "LOOKALIKE_FROM", "ORDER_BAIT"),
    tags=["ledger", "lookalike", "order-bait", "html-only"],
    purpose="order-number bait with customs fees, HTML only, from 1edger.com (digit one for l)"))

P03_TEXT = """\
Dear customer,

As you may have read in the press, customer data of Ledger was exposed
through one of our logistics partners. Devices shipped to the affected
customers may have been tampered with in transit.

As a precaution we are sending you a free replacement Ledger Nano X.
Replacement reference: LDG-5520187.

When the new device arrives, do not use your old device anymore. Open the
setup page that comes with it and enter your 24-word recovery phrase so
that your accounts are transferred to the new device.

Track your replacement: https://xn--ldger-zwe.com/replacement/LDG-5520187

We apologise for the inconvenience.
Ledger Customer Security
"""

add(Message(
    "p03-en-replacement-homoglyph-domain", "phish", "en", D["xn--ldger-zwe.com"],
    date(2026, 1, 27, 10, 44, 2, 1), mailbox("Ledger", "security@xn--ldger-zwe.com"), to_header(R_EN),
    "Free replacement device after the customer data breach", Part(P03_TEXT, cte="7bit", charset="US-ASCII"),
    "replacement-5520187@xn--ldger-zwe.com",
    expect=held("reject", "LOOKALIKE_FROM", "SECRET_REQUEST"),
    tags=["ledger", "lookalike", "homoglyph", "replacement-device", "secret-request"],
    purpose="'replacement device due to the data breach' from a Cyrillic-e homoglyph domain (punycode)"))

P04_TEXT = """\
New sign-in to Ledger Live

We detected a sign-in to your Ledger Live account from a new device:

  Device:   Windows 11, Chrome
  Location: Kyiv, Ukraine
  Time:     9 February 2026, 03:17 UTC

If this was you, you can ignore this message. If it was not you, secure
your account now:

  https://ledger.com.secure-verify.net/session/verify?id=88213

Ledger Security
"""

P04_HTML = html("""
<h3>New sign-in to Ledger Live</h3>
<p>We detected a sign-in to your Ledger Live account from a new device:</p>
<ul><li>Device: Windows 11, Chrome</li><li>Location: Kyiv, Ukraine</li>
<li>Time: 9 February 2026, 03:17 UTC</li></ul>
<p>If this was you, you can ignore this message. If it was not you, secure your account now:<br>
<a href="https://ledger.com.secure-verify.net/session/verify?id=88213">https://www.ledger.com/account/security</a></p>
<p>Ledger Security</p>
""", "Ledger")

add(Message(
    "p04-en-link-text-mismatch-subdomain", "phish", "en", D["ledger.com.secure-verify.net"],
    date(2026, 2, 9, 3, 20, 55, 0), mailbox("Ledger", "no-reply@ledger.com.secure-verify.net"), to_header(R_EN),
    "Unusual sign-in to your Ledger Live account",
    Alternative("----=_Part_88213_1770607255", Part(P04_TEXT, cte="7bit", charset="US-ASCII"),
                Part(P04_HTML, "html")),
    "88213.1770607255@ledger.com.secure-verify.net", sign="secure-verify.net",
    expect=held("reject", "LOOKALIKE_FROM", "LINK_TEXT_MISMATCH"),
    tags=["ledger", "lookalike", "subdomain", "link-text-mismatch", "security-pretext"],
    purpose="link text shows https://www.ledger.com/... while the href goes to ledger.com.secure-verify.net; "
            "From is the brand domain as a subdomain of the phisher's"))

P05_TEXT = """\
Important security update for Ledger Nano S Plus owners

A vulnerability affecting Ledger Nano S Plus firmware 1.1.x has been
reported to our security team. Attackers who know your address from the
customer data leak could exploit it.

Please install the patched Ledger Live 2.91 from our download mirror
today:

  https://ledgerlive.pages.dev/download

After the update you will be asked to restore your wallet with your 24
words. This is a one-time step and takes less than five minutes.

The Ledger Live team
"""

P05_HTML = html("""
<p><b>Important security update for Ledger Nano S Plus owners</b></p>
<p>A vulnerability affecting Ledger Nano S Plus firmware 1.1.x has been reported to our security team.
Attackers who know your address from the customer data leak could exploit it.</p>
<p>Please install the patched Ledger Live 2.91 from our download mirror today:
<a href="https://ledgerlive.pages.dev/download">Download Ledger Live 2.91</a></p>
<p>After the update you will be asked to restore your wallet with your 24 words. This is a one-time
step and takes less than five minutes.</p>
<p>The Ledger Live team</p>
""")

add(Message(
    "p05-en-freemail-pages-dev-update", "phish", "en", D["gmail.com"],
    date(2026, 2, 14, 17, 2, 31, -5), mailbox("Ledger Live", "ledgerlive.updates.team@gmail.com"),
    to_header(R_EN), "Critical firmware update for your Ledger Nano S Plus",
    Alternative("000000000000a1b2c3d4e5f60718", Part(P05_TEXT, cte="7bit", charset="US-ASCII"),
                Part(P05_HTML, "html")),
    "CAH7x2mPq0vLd9FfR3=update-2026-02@mail.gmail.com",
    client=(D["gmail.com"].ip6_addr, "mail-sor-f41.google.com", "mail-sor-f41.google.com"),
    expect=held("reject", "BRAND_NAME_SPOOF", "LOOKALIKE_LINK"),
    tags=["ledger", "freemail", "free-hosting", "secret-request", "ipv6"],
    purpose="display name Ledger Live from gmail.com (DKIM/SPF pass for gmail), link to ledgerlive.pages.dev"))

P06_TEXT = """\
Withdrawal pending approval

A withdrawal of 0.8417 BTC (about 71,540 USD) from your Ledger account to
an external address was requested on 21 February 2026 at 22:48 UTC.

If you did not request this transaction, call our support at
+1 888 555 0143 immediately (24/7). Our agent will guide you through
cancelling it before it is broadcast.

Case reference: LDG-3391-0722

Ledger Security Operations
"""

add(Message(
    "p06-en-callback-phone", "phish", "en", D["ledger-secure-helpdesk.com"],
    date(2026, 2, 21, 22, 51, 7, 0), mailbox("Ledger Security", "alerts@ledger-secure-helpdesk.com"),
    to_header(R_EN), "Withdrawal of 0.8417 BTC pending approval", Part(P06_TEXT, cte="7bit", charset="US-ASCII"),
    "alert-3391-0722@ledger-secure-helpdesk.com",
    expect=held("reject", "LOOKALIKE_FROM", "CALLBACK_PHONE"),
    tags=["ledger", "lookalike", "callback-phone"],
    purpose="callback phishing: fake withdrawal alert, 'call our support at +1 888 ...'"))

P07_TEXT = """\
Hello,

We could not verify your identity for your Ledger Recover subscription.
The service has been suspended to protect your backup.

To reactivate Ledger Recover, verify your seed phrase on our secure page
within 24 hours:

  https://walletsync-alerts.com/recover/reactivate

If we do not hear from you, your encrypted backup will be deleted.

Ledger Recover
"""

add(Message(
    "p07-en-invisible-char-display-name", "phish", "en", D["walletsync-alerts.com"],
    date(2026, 3, 2, 6, 30, 0, 0), mailbox("L\u200bedger", "notifications@walletsync-alerts.com", "UTF-8"),
    to_header(R_EN), "Your Ledger Recover subscription has been suspended",
    Part(P07_TEXT, cte="7bit", charset="US-ASCII"), "recover.1772433000.5521@walletsync-alerts.com",
    expect=held("reject", "BRAND_NAME_SPOOF", "BRAND_NAME_OBFUSCATED", "SECRET_REQUEST", dmarc_="none"),
    tags=["ledger", "display-name", "invisible-char", "secret-request"],
    purpose="display name 'L<ZERO WIDTH SPACE>edger' (RFC 2047) from a domain without the brand; "
            "the phisher's domain has no DMARC record"))

P08_TEXT = """\
Hello,

We could not deliver your Ledger Stax (order #4815162): the address in
our records is incomplete and UPS returned the parcel to its depot.

Please confirm your delivery address and pay the redelivery fee of
1.95 USD within 3 days:

  https://account-notice.io/redeliver?o=4815162

After this period the order will be cancelled.

Ledger Customer Care
"""

add(Message(
    "p08-en-cyrillic-display-name-order", "phish", "en", D["account-notice.io"],
    date(2026, 3, 5, 13, 14, 15, 0), mailbox("L\u0435dg\u0435r", "info@account-notice.io", "UTF-8", "Q"),
    to_header(R_EN), "Delivery failed: order #4815162", Part(P08_TEXT, cte="7bit", charset="US-ASCII"),
    "redeliver-4815162-1772716455@account-notice.io",
    expect=held("reject", "BRAND_NAME_SPOOF", "BRAND_NAME_OBFUSCATED", "ORDER_BAIT"),
    tags=["ledger", "display-name", "cyrillic", "order-bait"],
    purpose="display name 'Ledger' with two CYRILLIC SMALL LETTER IE, order-number bait with redelivery fee"))

P09_TEXT = """\
Jonathan,

Your name, your phone number and your home address (14 Alder Road,
Leeds) were in the Ledger customer database that leaked. We know you
hold crypto. We know where you live.

Send 0.05 BTC to this address within 48 hours:

  %s

If the payment does not arrive in time, we will pay you a visit. Do not
go to the police. We will know.
""" % BTC

add(Message(
    "p09-en-extortion-btc", "phish", "en", D["mailfence-relay.net"],
    date(2026, 3, 8, 23, 59, 1, 0), mailbox("A neighbour", "drop7741@mailfence-relay.net"), to_header(R_EN),
    "We know where you live, Jonathan", Part(P09_TEXT, cte="7bit", charset="US-ASCII"),
    "7741.1772999941@mailfence-relay.net",
    expect=held("quarantine", "EXTORTION"),
    tags=["ledger", "extortion", "btc-address"],
    purpose="extortion using the leaked postal address: valid bech32 BTC address, threat, payment demand"))

P10_TEXT = """\
Dear customer,

Due to a security update of the Ledger Live servers, every Ledger device
must be re-synchronised with its owner before 20 March 2026.

Re-synchronise your device here:

  https://ledger-sync.pages.dev/start

You will be asked to enter your recovery phrase to confirm that you are
the owner of the device.

Ledger
"""

add(Message(
    "p10-en-exact-domain-spoof", "phish", "en", D["ledger.com"],
    date(2026, 3, 10, 9, 1, 12, 0), mailbox("Ledger", "security@ledger.com"), to_header(R_EN),
    "Security notice: your Ledger device must be re-synchronised", Part(P10_TEXT, cte="7bit", charset="US-ASCII"),
    "resync-20260310090112@ledger.com", sign=False,
    client=(SPOOF_IP, "unknown", "vps-2231.hosting.invalid"),
    expect=held("reject", "DMARC_FAIL", "BRAND_OFFICIAL_UNAUTHENTICATED", spf="fail", dkim_="none",
                dmarc_="fail"),
    tags=["ledger", "spoof", "dmarc-reject", "secret-request", "free-hosting"],
    purpose="From security@ledger.com sent from an unauthorized host without DKIM: SPF fail, DMARC fail "
            "under p=reject (rejected today by DMARC alone)"))

# ---- HAM, English: the genuine Ledger mail (p11 replays h01) ---------------

H01_TEXT = """\
Hi Camille,

Thank you for your order.

Order #5187349, placed on 12 March 2026

  1 x Ledger Nano X (Onyx Black)        149.00 USD
  Shipping: DHL Express                   0.00 USD
  Total                                 149.00 USD

We will send you a shipping notice with your DHL tracking number as soon
as your parcel leaves our warehouse. You can follow your order at
https://shop.ledger.com/account/orders

A reminder: Ledger will never ask for your 24 words. Never share your
recovery phrase with anyone, never type it on a computer or a phone, and
never enter it on a website.

Ledger Support: https://support.ledger.com

Ledger SAS
"""

H01_HTML = html("""
<p>Hi Camille,</p>
<p>Thank you for your order.</p>
<table cellpadding="4">
<tr><td colspan="2"><b>Order #5187349</b>, placed on 12 March 2026</td></tr>
<tr><td>1 x Ledger Nano X (Onyx Black)</td><td align="right">149.00 USD</td></tr>
<tr><td>Shipping: DHL Express</td><td align="right">0.00 USD</td></tr>
<tr><td><b>Total</b></td><td align="right"><b>149.00 USD</b></td></tr>
</table>
<p>We will send you a shipping notice with your DHL tracking number as soon as your parcel leaves our
warehouse. You can follow your order in <a href="https://shop.ledger.com/account/orders">your account</a>.</p>
<p style="border:1px solid #ccc;padding:8px"><b>A reminder: Ledger will never ask for your 24 words.</b>
Never share your recovery phrase with anyone, never type it on a computer or a phone, and never enter it
on a website.</p>
<p><a href="https://support.ledger.com">Ledger Support</a> &middot;
<a href="https://www.ledger.com">https://www.ledger.com</a></p>
""", "Your Ledger order")

h01 = Message(
    "h01-en-ledger-order-confirmation", "ham", "en", D["ledger.com"],
    date(2026, 3, 12, 10, 2, 44, 1), mailbox("Ledger", "orders@ledger.com"), to_header(R_FR),
    "Your Ledger order #5187349 is confirmed",
    Alternative("b1_LDG5187349_confirm", Part(H01_TEXT, cte="7bit", charset="US-ASCII"), Part(H01_HTML, "html")),
    "order-5187349-confirmation@ledger.com", mail_from="bounces@ledger.com",
    expect=ok(), tags=["ledger", "genuine", "order", "carrier", "secret-warning"],
    purpose="genuine order confirmation, DKIM d=ledger.com: order number, DHL, 'Ledger will never ask for your "
            "24 words'")

P11_ADDED = ("Your order is on hold until you confirm ownership of your device: confirm\r\n"
             "your recovery phrase at https://ledger-orders.pages.dev/5187349\r\n\r\n")


def replay_tamper(raw):
    # The genuine signed bytes of h01, with a paragraph slipped into the text
    # part: the signature is intact, the body hash no longer matches.
    marker = b"We will send you a shipping notice"
    assert raw.count(marker) >= 1
    return raw.replace(marker, P11_ADDED.encode() + marker, 1)  # the first: the text/plain part


p11 = Message(
    "p11-en-dkim-replay-tampered", "phish", "en", D["ledger.com"],
    h01.when, h01.from_, h01.to, h01.subject, h01.body, h01.msgid, rcpt=[addr_of(R_EN)],
    mail_from="bounces@ledger.com", client=(REPLAY_IP, "unknown", "smtp.mailer-7.invalid"),
    expect=held("reject", "DMARC_FAIL", "BRAND_OFFICIAL_UNAUTHENTICATED", spf="fail", dkim_="fail",
                dmarc_="fail"),
    tags=["ledger", "spoof", "dkim-replay", "dmarc-reject", "secret-request"],
    purpose="h01's genuine signed message replayed from another host with a phishing paragraph added: "
            "dkim=fail (body hash), spf=fail, DMARC fail under p=reject")
p11.tamper = replay_tamper
add(p11)

# ---- PHISH, French ---------------------------------------------------------

P12_TEXT = """\
Bonjour,

Suite à la fuite de données survenue chez notre prestataire logistique,
nous renforçons la sécurité de tous les portefeuilles Ledger.

Pour éviter le blocage de votre appareil, saisissez votre phrase de
récupération de 24 mots sur notre page sécurisée avant le 15 février :

https://ledger-assistance.fr/verification

Sans action de votre part, l'accès à vos cryptoactifs sera suspendu.

Cordialement,
Le service client Ledger
"""

add(Message(
    "p12-fr-seed-qp", "phish", "fr", D["ledger-assistance.fr"],
    date(2026, 2, 6, 11, 20, 0, 1), mailbox("Service Client Ledger", "assistance@ledger-assistance.fr"),
    to_header(R_FR), "Votre Ledger Nano doit être vérifié avant le 15 février",
    Part(P12_TEXT, cte="quoted-printable"), "verif-20260206112000@ledger-assistance.fr",
    subject_charset="UTF-8", subject_enc="Q",
    expect=held("reject", "LOOKALIKE_FROM", "SECRET_REQUEST"),
    tags=["ledger", "lookalike", "secret-request", "breach-pretext", "quoted-printable"],
    purpose="French, UTF-8 quoted-printable, Q-encoded subject: asks for the 24 words"))

P13_TEXT = """\
Bonjour,

Votre commande n°4815162 (Ledger Flex) n'a pas pu être expédiée : des
frais de douane de 2,99 € restent à régler.

Réglez-les sous 72 heures pour que Colissimo puisse livrer votre colis :
https://ledger-livraison.fr/douane/4815162

Passé ce délai, le colis sera retourné à l'expéditeur et la commande
annulée sans remboursement.

Le service expédition Ledger
"""

add(Message(
    "p13-fr-customs-fees-base64", "phish", "fr", D["ledger-livraison.fr"],
    date(2026, 2, 11, 9, 35, 12, 1), mailbox("Ledger", "expedition@ledger-livraison.fr"), to_header(R_FR),
    "Commande n°4815162 : frais de douane à régler", Part(P13_TEXT, cte="base64"),
    "douane.4815162.1770798912@ledger-livraison.fr", subject_charset="UTF-8",
    expect=held("reject", "LOOKALIKE_FROM", "ORDER_BAIT"),
    tags=["ledger", "lookalike", "order-bait", "base64"],
    purpose="French, UTF-8 base64 body, B-encoded subject: order #4815162 held for customs fees"))

P14_TEXT = """\
Madame, Monsieur,

À la suite de la fuite de données clients et de l'incident de janvier
2026, Ledger remplace gratuitement les appareils concernés. Votre numéro
de client figure dans la liste des clients éligibles.

Pour organiser l'échange de votre appareil, appelez notre service
d'assistance au +33 1 99 00 47 12 (du lundi au samedi, de 9 h à 19 h).
Munissez-vous de votre appareil : le conseiller vous guidera pas à pas
pour transférer vos fonds vers le nouvel appareil.

Ledger France
Service remplacement
"""

add(Message(
    "p14-fr-replacement-callback-latin1", "phish", "fr", D["ledgerwallet-fr.com"],
    date(2026, 2, 17, 15, 0, 30, 1), mailbox("Ledger France", "securite@ledgerwallet-fr.com"), to_header(R_FR),
    "Remplacement de votre appareil suite à la fuite de données",
    Part(P14_TEXT, charset="ISO-8859-1", cte="quoted-printable"), "echange-20260217150030@ledgerwallet-fr.com",
    subject_charset="ISO-8859-1", subject_enc="Q",
    expect=held("reject", "LOOKALIKE_FROM", "CALLBACK_PHONE"),
    tags=["ledger", "lookalike", "replacement-device", "callback-phone", "iso-8859-1"],
    purpose="French in ISO-8859-1 (quoted-printable and Q subject): replacement device after the leak, "
            "callback number, from a lookalike of ledgerwallet.com"))

# ---- PHISH, Spanish --------------------------------------------------------

P15_TEXT = """\
Estimado cliente:

Debido a la filtración de datos de clientes, todos los dispositivos
Ledger deben verificarse de nuevo. Introduzca su frase de recuperación
de 24 palabras en nuestra página oficial:

https://ledgerlive.pages.dev/es/verificar

Si no completa la verificación en 48 horas, sus fondos quedarán
bloqueados por motivos de seguridad.

Atentamente,
Soporte Ledger
"""

P15_HTML = html("""
<p>Estimado cliente:</p>
<p>Debido a la filtración de datos de clientes, todos los dispositivos Ledger deben verificarse de
nuevo. Introduzca su frase de recuperación de 24 palabras en nuestra página oficial:</p>
<p><a href="https://ledgerlive.pages.dev/es/verificar">https://www.ledger.com/es/verificacion</a></p>
<p>Si no completa la verificación en 48 horas, sus fondos quedarán bloqueados por motivos de
seguridad.</p>
<p>Atentamente,<br>Soporte Ledger</p>
""")

add(Message(
    "p15-es-seed-link-text-mismatch-qp", "phish", "es", D["1edger.com"],
    date(2026, 2, 19, 12, 12, 12, 1), mailbox("Soporte Ledger", "soporte@1edger.com"), to_header(R_ES),
    "Verificación obligatoria de su dispositivo Ledger",
    Alternative("=_alt_es_0219", Part(P15_TEXT), Part(P15_HTML, "html")),
    "verificacion-0219-1212@1edger.com", subject_charset="UTF-8", subject_enc="Q",
    expect=held("reject", "LOOKALIKE_FROM", "LINK_TEXT_MISMATCH", "SECRET_REQUEST"),
    tags=["ledger", "lookalike", "link-text-mismatch", "free-hosting", "secret-request", "quoted-printable"],
    purpose="Spanish, UTF-8 quoted-printable alternative: link text https://www.ledger.com/... to ledgerlive.pages.dev"))

P16_TEXT = """\
Hola:

Su pedido #4815162 (Ledger Nano X) está retenido en la aduana de Madrid.
Para liberar el paquete debe abonar 3,49 € de tasas de importación:

https://ledger-envios.es/aduanas/4815162

Transportista: Correos Express. Si no realiza el pago en 5 días, el
paquete será devuelto al remitente y no se emitirá ningún reembolso.

Atención al cliente Ledger
"""

add(Message(
    "p16-es-customs-fees-base64", "phish", "es", D["ledger-envios.es"],
    date(2026, 2, 24, 16, 40, 0, 1), mailbox("Ledger", "pedidos@ledger-envios.es"), to_header(R_ES),
    "Su pedido #4815162 está retenido en aduanas", Part(P16_TEXT, cte="base64"),
    "aduanas-4815162@ledger-envios.es", subject_charset="UTF-8",
    expect=held("reject", "LOOKALIKE_FROM", "ORDER_BAIT"),
    tags=["ledger", "lookalike", "order-bait", "base64"],
    purpose="Spanish, UTF-8 base64: order #4815162 held in customs"))

P17_TEXT = """\
Tus datos (nombre, teléfono y dirección) aparecen en la filtración de
clientes de Ledger. Sabemos que tienes criptomonedas y sabemos dónde
vives.

Envía 0,04 BTC a esta dirección en un plazo de 72 horas:

%s

Si no recibimos el pago, iremos a tu casa. No avises a la policía.
""" % BTC

add(Message(
    "p17-es-extortion-btc", "phish", "es", D["correo-rapido.net"],
    date(2026, 3, 1, 2, 10, 0, 1), mailbox("Un vecino", "privado.2231@correo-rapido.net"), to_header(R_ES),
    "Sabemos dónde vives", Part(P17_TEXT), "2231.1772327400@correo-rapido.net", subject_charset="UTF-8",
    subject_enc="Q",
    expect=held("quarantine", "EXTORTION"),
    tags=["ledger", "extortion", "btc-address", "quoted-printable"],
    purpose="Spanish extortion: leaked address, 'sabemos dónde vives', BTC address and deadline"))

# ---- PHISH, German ---------------------------------------------------------

P18_TEXT = """\
Sehr geehrte Kundin, sehr geehrter Kunde,

nach dem Datenleck bei unserem Logistikpartner müssen alle Ledger-Geräte
neu verifiziert werden. Bitte bestätigen Sie Ihre Wiederherstellungsphrase
(24 Wörter) innerhalb von 48 Stunden:

https://ledger-support-center.com/de/verifizierung

Andernfalls wird Ihr Gerät aus Sicherheitsgründen gesperrt.

Mit freundlichen Grüßen
Ihr Ledger Support-Team
"""

add(Message(
    "p18-de-seed-qp", "phish", "de", D["ledger-support-center.com"],
    date(2026, 1, 29, 7, 58, 3, 1), mailbox("Ledger Kundendienst", "kundendienst@ledger-support-center.com"),
    to_header(R_DE), "Bestätigung Ihrer Wiederherstellungsphrase erforderlich", Part(P18_TEXT),
    "de-verif-20260129075803@ledger-support-center.com", subject_charset="UTF-8", subject_enc="Q",
    expect=held("reject", "LOOKALIKE_FROM", "SECRET_REQUEST"),
    tags=["ledger", "lookalike", "secret-request", "breach-pretext", "quoted-printable"],
    purpose="German, UTF-8 quoted-printable: confirm the recovery phrase after the leak"))

P19_TEXT = """\
Guten Tag,

aufgrund des Datenlecks tauschen wir Ihren Ledger Nano kostenlos aus.
Ihre Bestellnummer für das Ersatzgerät: 4815162. Der Versand erfolgt
mit DHL.

Um den Versand freizugeben, rufen Sie bitte unsere Hotline an:
+49 30 23125 417 (Mo–Fr 8–20 Uhr).

Halten Sie Ihre 24 Wörter bereit, damit unser Mitarbeiter Ihr Konto auf
das neue Gerät übertragen kann.

Ihr Ledger Service
"""

add(Message(
    "p19-de-replacement-callback-base64", "phish", "de", D["ledger-de-sicherheit.com"],
    date(2026, 2, 26, 10, 5, 0, 1), mailbox("Ledger", "service@ledger-de-sicherheit.com"), to_header(R_DE),
    "Kostenloses Ersatzgerät nach dem Datenleck", Part(P19_TEXT, cte="base64"),
    "ersatz-4815162@ledger-de-sicherheit.com", subject_charset="UTF-8",
    expect=held("reject", "LOOKALIKE_FROM", "CALLBACK_PHONE", "SECRET_REQUEST"),
    tags=["ledger", "lookalike", "replacement-device", "callback-phone", "secret-request", "base64"],
    purpose="German, UTF-8 base64: replacement device, hotline number, 'keep your 24 words ready'"))

P20_TEXT = """\
Ihr Ledger Live Konto wurde eingeschränkt

Wir haben verdächtige Aktivitäten in Ihrem Ledger Live Konto festgestellt
und es vorübergehend eingeschränkt. Bitte bestätigen Sie Ihre Identität:

https://ledger.com.secure-verify.net/de/konto

Ihr Ledger Sicherheitsteam
"""

P20_HTML = html("""
<p><b>Ihr Ledger Live Konto wurde eingeschränkt</b></p>
<p>Wir haben verdächtige Aktivitäten in Ihrem Ledger Live Konto festgestellt und es vorübergehend
eingeschränkt. Bitte bestätigen Sie Ihre Identität:</p>
<p><a href="https://ledger.com.secure-verify.net/de/konto">https://www.ledger.com/de/konto</a></p>
<p>Ihr Ledger Sicherheitsteam</p>
""")

add(Message(
    "p20-de-link-text-mismatch-subdomain", "phish", "de", D["ledger.com.secure-verify.net"],
    date(2026, 3, 3, 18, 22, 9, 1), mailbox("Ledger", "konto@ledger.com.secure-verify.net"), to_header(R_DE),
    "Ihr Ledger Live Konto wurde eingeschränkt",
    Alternative("----=_Part_de_0303", Part(P20_TEXT), Part(P20_HTML, "html")),
    "konto-0303-182209@ledger.com.secure-verify.net", sign="secure-verify.net", subject_charset="UTF-8",
    subject_enc="Q",
    expect=held("reject", "LOOKALIKE_FROM", "LINK_TEXT_MISMATCH"),
    tags=["ledger", "lookalike", "subdomain", "link-text-mismatch", "quoted-printable"],
    purpose="German alternative: link text https://www.ledger.com/de/konto, href on ledger.com.secure-verify.net"))

# ---- PHISH, Japanese -------------------------------------------------------

P21_TEXT = """\
Ledgerをご利用のお客様

物流委託先での顧客情報漏洩を受け、すべてのLedgerデバイスの再認証を
お願いしております。

2月20日までに、以下の認証ページでリカバリーフレーズを入力してください
（24単語）。

https://ledger-jp-support.com/ninsho

期限までに認証が完了しない場合、Ledger Liveから資産へのアクセスが
制限されます。

Ledger サポートチーム
"""

add(Message(
    "p21-ja-seed-iso2022jp", "phish", "ja", D["ledger-jp-support.com"],
    date(2026, 2, 12, 9, 0, 0, 9), mailbox("Ledger サポート", "support@ledger-jp-support.com", "ISO-2022-JP"),
    to_header(R_JA, "ISO-2022-JP"), "【重要】Ledgerデバイスの再認証のお願い",
    Part(P21_TEXT, charset="ISO-2022-JP", cte="7bit"), "ninsho-20260212090000@ledger-jp-support.com",
    subject_charset="ISO-2022-JP",
    expect=held("reject", "LOOKALIKE_FROM", "SECRET_REQUEST"),
    tags=["ledger", "lookalike", "secret-request", "breach-pretext", "iso-2022-jp"],
    purpose="Japanese in ISO-2022-JP (7bit body, B-encoded subject and display name): enter the recovery phrase"))

P22_TEXT = """\
お客様

ご注文番号 #4815162（Ledger Nano X）の商品は、関税が未払いのため
税関で保留されています。

48時間以内に下記のページから関税 850円 をお支払いください。
お支払いが確認でき次第、ヤマト運輸にて発送いたします。

https://ledger-shop-jp.com/kanzei/4815162

期限を過ぎるとご注文はキャンセルとなり、返金はできません。

Ledger オンラインストア
"""

add(Message(
    "p22-ja-customs-fees-shift-jis", "phish", "ja", D["ledger-shop-jp.com"],
    date(2026, 2, 20, 11, 30, 0, 9), mailbox("Ledger Japan", "shop@ledger-shop-jp.com"),
    to_header(R_JA, "ISO-2022-JP"), "ご注文 #4815162 の配送保留について（関税のお支払い）",
    Part(P22_TEXT, charset="Shift_JIS", cte="8bit"), "kanzei-4815162@ledger-shop-jp.com",
    subject_charset="Shift_JIS",
    expect=held("reject", "LOOKALIKE_FROM", "ORDER_BAIT"),
    tags=["ledger", "lookalike", "order-bait", "shift-jis"],
    purpose="Japanese in Shift_JIS (8bit body, B-encoded Shift_JIS subject): order #4815162, customs fee, Yamato"))

P23_TEXT = """\
Ledger Liveに重大な脆弱性が見つかりました。

資産を守るため、今すぐ最新版をインストールしてください。
ダウンロード: https://ledgerlive.pages.dev/ja

インストール後、シードフレーズを入力してウォレットを復元してください。

Ledger Live チーム
"""

P23_HTML = """\
<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-2022-JP"></head><body>
<p>Ledger Liveに重大な脆弱性が見つかりました。</p>
<p>資産を守るため、今すぐ最新版をインストールしてください。<br>
ダウンロード: <a href="https://ledgerlive.pages.dev/ja">https://www.ledger.com/ja/ledger-live</a></p>
<p>インストール後、シードフレーズを入力してウォレットを復元してください。</p>
<p>Ledger Live チーム</p>
</body></html>
"""

add(Message(
    "p23-ja-link-text-mismatch-iso2022jp", "phish", "ja", D["ledgerlive-jp.com"],
    date(2026, 3, 6, 20, 15, 0, 9), mailbox("Ledger Live", "update@ledgerlive-jp.com"),
    to_header(R_JA, "ISO-2022-JP"), "Ledger Live 緊急アップデートのお知らせ",
    Alternative("=_ja_alt_0306", Part(P23_TEXT, charset="ISO-2022-JP", cte="7bit"),
                Part(P23_HTML, "html", "ISO-2022-JP", "7bit")),
    "update-0306-2015@ledgerlive-jp.com", subject_charset="ISO-2022-JP",
    expect=held("reject", "LOOKALIKE_FROM", "LINK_TEXT_MISMATCH", "LOOKALIKE_LINK", "SECRET_REQUEST"),
    tags=["ledger", "lookalike", "link-text-mismatch", "free-hosting", "secret-request", "iso-2022-jp"],
    purpose="Japanese ISO-2022-JP alternative: link text https://www.ledger.com/ja/... to ledgerlive.pages.dev"))

# ---- HAM, English ----------------------------------------------------------

add(h01)

H02_TEXT = """\
Hi Camille,

Good news: your order #5187349 is on its way.

  Carrier:          DHL Express
  Tracking number:  4417 8820 93
  Track it:         https://www.dhl.com/en/express/tracking.html?AWB=4417882093
  Delivery:         18–19 March 2026

When your device arrives, check that the box is sealed, then set it up
with Ledger Live downloaded from https://www.ledger.com/ledger-live

Ledger will never ask for your 24 words, by mail, by phone or in any
other way. Anyone who asks for them is trying to steal your crypto.

Ledger
"""

add(Message(
    "h02-en-ledger-shipping-notice", "ham", "en", D["shop.ledger.com"],
    date(2026, 3, 16, 15, 47, 2, 1), mailbox("Ledger", "orders@shop.ledger.com"), to_header(R_FR),
    "Your order #5187349 has shipped", Part(H02_TEXT), "order-5187349-shipped@shop.ledger.com",
    mail_from="bounces@shop.ledger.com", sign="ledger.com",
    expect=ok(), tags=["ledger", "genuine", "order", "carrier", "secret-warning", "relaxed-alignment"],
    purpose="genuine shipping notice from shop.ledger.com signed d=ledger.com (relaxed alignment): DHL tracking"))

H05_TEXT = """\
Dear Lukas,

Thank you for shopping with Ledger. Global-e is the merchant of record for
this order and handles your payment, duties and taxes.

  Order number:     GE41839275DE
  Merchant order:   #5187352
  Items:            1 x Ledger Nano S Plus — 79.00 EUR
  Duties and taxes: prepaid (included in the total)
  Shipping:         DHL Express, 3–5 business days

You will not be asked to pay any customs fees on delivery. If you return
the item within 30 days, the refund, including duties, goes back to your
original payment method.

Questions about this order: https://www.global-e.com/en/contact

Global-e, on behalf of Ledger
"""

add(Message(
    "h03-en-global-e-order", "ham", "en", D["global-e.com"],
    date(2026, 3, 9, 8, 30, 0, 0), mailbox("Ledger via Global-e", "no-reply@global-e.com"),
    "Lukas Brandt <lukas.brandt@example.net>", "Your Ledger order GE41839275DE is confirmed", Part(H05_TEXT),
    "GE41839275DE.confirmation@global-e.com", mail_from="bounce@global-e.com",
    expect=ok(), tags=["ledger", "authorized-sender", "order", "carrier", "customs-words"],
    purpose="authorized sender: Global-e order mail for Ledger signed d=global-e.com; customs, duties, refund, DHL"))

H06_TEXT = """\
Hi Ana,

A refund of 59.00 USD for order #5187355 has been issued to your Visa
ending in 4417. Depending on your bank it can take 5 to 10 business days
to appear on your statement.

  Refunded: 1 x Ledger Nano S Plus cable kit     59.00 USD

View your order: https://shop.ledger.com/account/orders/5187355

If you have any questions, reply to this email or contact us at
support@ledger.com.

Ledger
"""

add(Message(
    "h04-en-shopify-refund", "ham", "en", D["shopify.com"],
    date(2026, 3, 11, 19, 3, 27, -4), mailbox("Ledger", "mailer@shopify.com"),
    "Ana Souza <ana.souza@example.org>", "Refund for order #5187355", Part(H06_TEXT, cte="7bit",
                                                                          charset="US-ASCII"),
    "shopify-refund-5187355.1773270207@shopify.com", mail_from="bounces+4417@shopify.com",
    extra_headers=[("Reply-To", "Ledger <support@ledger.com>")],
    expect=ok(), tags=["ledger", "authorized-sender", "order", "refund", "reply-to-brand"],
    purpose="authorized sender: Shopify notification for shop.ledger.com signed d=shopify.com, Reply-To ledger.com"))

H07_TEXT = """\
##- Please type your reply above this line -##

Your request (3317542) has been updated. To add additional comments,
reply to this email.

Ines (Ledger Support)

Hi Thomas,

Thank you for your patience. When Ledger Live does not recognise your
Nano X, please try these steps:

1. Use the USB cable that came with the device, directly on the computer
   (no hub).
2. Update Ledger Live to the latest version from
   https://www.ledger.com/ledger-live
3. Close any other wallet application that may be using the device.

Please note that Ledger Support will never ask for your 24-word recovery
phrase, your PIN code or remote access to your computer.

Kind regards,
Ines
Ledger Support

[K0P3QZ-7R2W]
"""

add(Message(
    "h05-en-zendesk-support-ticket", "ham", "en", D["ledger.zendesk.com"],
    date(2026, 3, 13, 14, 21, 9, 1), mailbox("Ledger Support", "support@ledger.zendesk.com"),
    "Thomas Keller <t.keller@example.org>", "[Ledger Support] Re: Nano X not recognised by Ledger Live",
    Part(H07_TEXT, cte="7bit", charset="US-ASCII"), "K0P3QZ7R2W_69b41c15_3317542@zendesk.com",
    sign="zendesk.com", mail_from="support@ledger.zendesk.com",
    expect=ok(), tags=["ledger", "authorized-sender", "support", "secret-warning", "relaxed-alignment"],
    purpose="authorized sender: Ledger's Zendesk help desk, signed d=zendesk.com; names PIN, 24 words, remote access "
            "in a warning"))

H08_TEXT = """\
BLOCKCHAIN CHRONICLE -- Daily briefing, 14 January 2026

Ledger customer data exposed again: what we know about the Global-e breach

Ledger, the Paris-based maker of hardware crypto wallets, said on Tuesday
that names, e-mail and postal addresses of customers who ordered through
its e-commerce partner Global-e were exposed in a breach at the partner.
According to the company, no recovery phrases, private keys or payment
data were affected, and the devices themselves are not at risk.

It is the second time Ledger customers have been caught up in a leak. In
2020, about a million e-mail addresses and 272,000 postal addresses from
its online shop were published on a hacking forum, and customers received
fake "replacement devices" and letters asking for their 24 words for
years afterwards.

Security researchers expect the new breach to fuel another wave of
phishing. "Ledger will never ask you for your 24-word recovery phrase,
never calls customers and never sends a replacement device you did not
order," the company said in its statement.

Read the full article:
https://blockchain-chronicle.com/2026/01/14/ledger-global-e-breach/

Ledger's statement: https://www.ledger.com/blog

You receive this briefing because you subscribed at blockchain-chronicle.com.
Unsubscribe: https://blockchain-chronicle.com/newsletter/unsubscribe
"""

H08_HTML = html("""
<h1>Ledger customer data exposed again: what we know about the Global-e breach</h1>
<p>Ledger, the Paris-based maker of hardware crypto wallets, said on Tuesday that names, e-mail and postal
addresses of customers who ordered through its e-commerce partner Global-e were exposed in a breach at the
partner. According to the company, no recovery phrases, private keys or payment data were affected, and the
devices themselves are not at risk.</p>
<p>It is the second time Ledger customers have been caught up in a leak. In 2020, about a million e-mail
addresses and 272,000 postal addresses from its online shop were published on a hacking forum, and customers
received fake &ldquo;replacement devices&rdquo; and letters asking for their 24 words for years afterwards.</p>
<p>Security researchers expect the new breach to fuel another wave of phishing. &ldquo;Ledger will never ask
you for your 24-word recovery phrase, never calls customers and never sends a replacement device you did not
order,&rdquo; the company said in <a href="https://www.ledger.com/blog">its statement</a>.</p>
<p><a href="https://blockchain-chronicle.com/2026/01/14/ledger-global-e-breach/">Read the full article</a></p>
<p style="font-size:small">You receive this briefing because you subscribed at blockchain-chronicle.com.
<a href="https://blockchain-chronicle.com/newsletter/unsubscribe">Unsubscribe</a></p>
""", "Blockchain Chronicle")

add(Message(
    "h06-en-news-article-breach", "ham", "en", D["blockchain-chronicle.com"],
    date(2026, 1, 14, 6, 0, 0, 0), mailbox("Blockchain Chronicle", "newsletter@blockchain-chronicle.com"),
    to_header(R_EN), "Ledger customer data exposed again: what we know about the Global-e breach",
    Alternative("==bc-briefing-20260114==", Part(H08_TEXT, cte="7bit", charset="US-ASCII"),
                Part(H08_HTML, "html")),
    "briefing-20260114.0600@blockchain-chronicle.com", mail_from="bounce@blockchain-chronicle.com",
    extra_headers=[("List-Unsubscribe", "<https://blockchain-chronicle.com/newsletter/unsubscribe>")],
    expect=ok(), tags=["ledger-mention", "news", "breach-words", "secret-warning", "newsletter"],
    purpose="news site newsletter about the Ledger leak: names Ledger, 'breach', recovery phrase warnings"))

H09_TEXT = """\
SecWatch Weekly #212

1. Ledger phishing wave after the Global-e leak

Since the Global-e breach was announced, our traps have collected
several hundred phishing mails aimed at Ledger customers. The lures are
the same as in 2020, now with real order numbers. Typical lines:

  "Your order #4815162 could not be shipped, customs fees are unpaid"
  "Please verify your recovery phrase to keep your Ledger active"
  "Call our support at +1 888 ... to cancel the withdrawal"

and extortion mails that claim "we know where you live" and demand
bitcoin. None of these come from Ledger. Advice for readers: a hardware
wallet's recovery phrase is never typed anywhere but on the device
itself, and no company needs it.

2. Patch Tuesday round-up

Microsoft fixed 61 vulnerabilities this month, three of them exploited.

Read online: https://secwatch-weekly.net/issues/212
Unsubscribe: https://secwatch-weekly.net/unsubscribe
"""

add(Message(
    "h07-en-security-newsletter-quotes", "ham", "en", D["secwatch-weekly.net"],
    date(2026, 2, 13, 7, 0, 0, 0), mailbox("SecWatch Weekly", "digest@secwatch-weekly.net"), to_header(R_EN),
    "SecWatch #212: Ledger phishing wave, fake customs fees, extortion reruns",
    Part(H09_TEXT, cte="7bit", charset="US-ASCII"), "issue-212@secwatch-weekly.net",
    mail_from="bounces@secwatch-weekly.net",
    extra_headers=[("List-Unsubscribe", "<https://secwatch-weekly.net/unsubscribe>"),
                   ("List-Id", "SecWatch Weekly <weekly.secwatch-weekly.net>")],
    expect=ok(), tags=["ledger-mention", "newsletter", "quoted-lures", "order-words", "extortion-words"],
    purpose="security newsletter quoting phishing lines in quotation marks (order bait, recovery phrase, callback, "
            "extortion)"))

H10_TEXT = """\
THE LEDGER -- Morning headlines
Tuesday, March 17, 2026

* Polk County commissioners approve road widening on US 98
  https://www.theledger.com/story/news/local/2026/03/17/us-98-widening/

* Lakeland's Lake Mirror festival returns this weekend
  https://www.theledger.com/story/entertainment/2026/03/17/lake-mirror/

* High school baseball: Lakeland beats Bartow 5-3
  https://www.theledger.com/story/sports/2026/03/17/lakeland-bartow/

You are receiving this newsletter because you signed up at theledger.com.
Manage newsletters: https://www.theledger.com/newsletters/
"""

add(Message(
    "h08-en-theledger-newspaper", "ham", "en", D["theledger.com"],
    date(2026, 3, 17, 6, 15, 0, -4), mailbox("The Ledger", "newsletters@theledger.com"),
    "Mary Collins <mary.collins@example.com>", "The Ledger: Morning headlines for Tuesday, March 17",
    Part(H10_TEXT, cte="7bit", charset="US-ASCII"), "20260317061500.am-headlines@theledger.com",
    mail_from="newsletters@theledger.com",
    extra_headers=[("List-Unsubscribe", "<https://www.theledger.com/newsletters/>")],
    expect=ok(), tags=["name-collision", "newsletter"],
    purpose="The Ledger, a Florida newspaper: display name and domain contain the brand word, not the brand"))

H11_TEXT = """\
Your weekly learning digest

Continue where you left off:

  Bookkeeping basics, lesson 4 of 9:
  "Posting entries to the general ledger"

New this week:

  * Spreadsheets for small businesses
  * Reading a balance sheet in ten minutes

Keep learning: https://www.knowledge.com/my-courses

knowledge.com - Learn something every week.
Unsubscribe: https://www.knowledge.com/settings/email
"""

add(Message(
    "h09-en-knowledge-com-digest", "ham", "en", D["knowledge.com"],
    date(2026, 3, 14, 12, 0, 0, 0), mailbox("Knowledge.com", "hello@knowledge.com"), to_header(R_EN),
    "Your weekly learning digest", Part(H11_TEXT, cte="7bit", charset="US-ASCII"),
    "digest-20260314-88120@knowledge.com", mail_from="bounce@knowledge.com",
    extra_headers=[("List-Unsubscribe", "<https://www.knowledge.com/settings/email>")],
    expect=ok(), tags=["name-collision", "accounting", "newsletter"],
    purpose="knowledge.com (contains 'ledge'), a course on the general ledger"))

H12_TEXT = """\
Hi Dan,

I've entered the March invoices in my ledger - we're 312.40 short on the
utilities line, so one of the bills must be missing. Can you send me the
receipt for the plumber?

Also, the garden shop still owes us a refund for order #2231 that never
arrived. I'll call them tomorrow.

Cheers,
Priya
"""

add(Message(
    "h10-en-personal-my-ledger", "ham", "en", D["gmail.com"],
    date(2026, 3, 18, 21, 4, 51, 0), mailbox("Priya Raman", "priya.raman@gmail.com"),
    "Dan Whitfield <dan.whitfield@example.org>", "Re: March expenses", Part(H12_TEXT, cte="7bit",
                                                                          charset="US-ASCII"),
    "CAJpR7vX0q+March-expenses-4b2@mail.gmail.com",
    extra_headers=[("In-Reply-To", "<CAF8dW1x9-expenses@mail.gmail.com>")],
    client=(D["gmail.com"].ip6_addr, "mail-sor-f41.google.com", "mail-sor-f41.google.com"),
    expect=ok(spf="pass"), tags=["accounting", "personal", "ipv6"],
    purpose="personal mail: 'my ledger' in the bookkeeping sense, a refund and an order number"))

H13_TEXT = """\
Hi Jordan,

Your order #1048573 has shipped with UPS.

  Tracking number:  1Z 9W7 842 03 1458 7720
  Track:            https://www.ups.com/track?tracknum=1Z9W78420314587720
  Estimated delivery: Thursday, March 19

We also received the Alpine shell jacket you sent back: a refund of
129.00 USD has been issued to your Mastercard ending in 2291. It can take
5 to 10 business days to appear.

Questions? Write to support@maplepine-outfitters.com or call us at
+1 802 555 0178 (Mon-Fri, 9am-5pm ET).

Maple & Pine Outfitters
"""

add(Message(
    "h11-en-shop-order-refund", "ham", "en", D["maplepine-outfitters.com"],
    date(2026, 3, 16, 11, 12, 0, -4), mailbox("Maple & Pine Outfitters", "orders@maplepine-outfitters.com"),
    "Jordan Price <jordan.price@example.com>", "Order #1048573 has shipped, and your refund is on its way",
    Part(H13_TEXT, cte="7bit", charset="US-ASCII"), "1048573.shipped@maplepine-outfitters.com",
    expect=ok(), tags=["shop", "order", "carrier", "refund", "phone-number"],
    purpose="unrelated shop: order number, UPS, refund and a phone number"))

# ---- HAM, French -----------------------------------------------------------

H14_TEXT = """\
Bonjour,

Ce mois-ci chez Ledger :

• Ledger Flex : l'écran E Ink et la signature claire de vos transactions,
  désormais disponible en France métropolitaine et dans les DOM.
• Ledger Live : le suivi de vos jetons sur 12 nouveaux réseaux.

Sécurité : les bons réflexes

Depuis la fuite de données de 2020, des escrocs envoient des courriels,
des SMS et même des courriers au nom de Ledger. Rappel : Ledger ne vous
demandera jamais vos 24 mots. Ne saisissez jamais votre phrase de
récupération sur un ordinateur, un téléphone ou un site web, et ne la
communiquez à personne.

En cas de doute : https://www.ledger.com/fr/securite

L'équipe Ledger

Vous recevez cette lettre car vous êtes inscrit(e) sur ledger.com.
Se désabonner : https://www.ledger.com/fr/preferences
"""

H14_HTML = html("""
<p>Bonjour,</p>
<p>Ce mois-ci chez Ledger :</p>
<ul><li><b>Ledger Flex</b> : l'écran E Ink et la signature claire de vos transactions, désormais disponible
en France métropolitaine et dans les DOM.</li>
<li><b>Ledger Live</b> : le suivi de vos jetons sur 12 nouveaux réseaux.</li></ul>
<h3>Sécurité : les bons réflexes</h3>
<p>Depuis la fuite de données de 2020, des escrocs envoient des courriels, des SMS et même des courriers au
nom de Ledger. <b>Rappel : Ledger ne vous demandera jamais vos 24 mots.</b> Ne saisissez jamais votre phrase
de récupération sur un ordinateur, un téléphone ou un site web, et ne la communiquez à personne.</p>
<p>En cas de doute : <a href="https://www.ledger.com/fr/securite">ledger.com/fr/securite</a></p>
<p>L'équipe Ledger</p>
<p style="font-size:small">Vous recevez cette lettre car vous êtes inscrit(e) sur ledger.com.
<a href="https://www.ledger.com/fr/preferences">Se désabonner</a></p>
""", "Ledger")

add(Message(
    "h12-fr-ledger-newsletter", "ham", "fr", D["ledger.fr"],
    date(2026, 3, 4, 10, 0, 0, 1), mailbox("Ledger", "news@ledger.fr"), to_header(R_FR),
    "Les nouveautés Ledger de mars et les bons réflexes de sécurité",
    Alternative("=_ledger_fr_news_0304", Part(H14_TEXT), Part(H14_HTML, "html")),
    "news-fr-202603@ledger.fr", mail_from="news@ledger.fr", subject_charset="UTF-8", subject_enc="Q",
    extra_headers=[("List-Unsubscribe", "<https://www.ledger.com/fr/preferences>")],
    expect=ok(), tags=["ledger", "genuine", "newsletter", "secret-warning", "breach-words", "quoted-printable"],
    purpose="genuine French newsletter, DKIM d=ledger.fr: 'Ledger ne vous demandera jamais vos 24 mots'"))

H15_TEXT = """\
Bonjour,

Votre colis n° 6A21473598012, expédié par Boutique Lumière, sera livré
demain, mardi 10 mars, entre 9 h et 13 h.

Suivre mon colis :
https://www.laposte.fr/outils/suivre-vos-envois?code=6A21473598012

Vous ne serez pas là ? Choisissez une autre date ou un point de retrait
sur laposte.fr.

Attention : La Poste ne vous demande jamais de payer des frais par SMS
ou par e-mail pour livrer un colis.

La Poste - Colissimo
"""

add(Message(
    "h13-fr-la-poste-delivery", "ham", "fr", D["laposte.fr"],
    date(2026, 3, 9, 18, 2, 0, 1), mailbox("La Poste - Colissimo", "noreply@laposte.fr"), to_header(R_FR),
    "Votre colis 6A21473598012 sera livré demain", Part(H15_TEXT),
    "6A21473598012.avis.20260309180200@laposte.fr", subject_charset="UTF-8", subject_enc="Q",
    expect=ok(), tags=["carrier", "delivery", "quoted-printable"],
    purpose="carrier delivery notice from laposte.fr, with its own 'we never ask for fees' warning"))

H16_TEXT = """\
Bonjour Claire,

Bonne nouvelle : votre commande n°230917 a été expédiée avec Colissimo.

  Numéro de suivi :  6A21473598012
  Livraison prévue : mardi 10 mars

Nous avons bien reçu la lampe « Opaline » que vous nous avez retournée :
le remboursement de 64,90 € a été effectué sur votre carte bancaire.

Une question ? Répondez simplement à ce message.

À bientôt,
Boutique Lumière
"""

add(Message(
    "h14-fr-shop-order-refund", "ham", "fr", D["boutique-lumiere.fr"],
    date(2026, 3, 7, 16, 45, 0, 1), mailbox("Boutique Lumière", "commandes@boutique-lumiere.fr", "UTF-8", "Q"),
    "Claire Morel <claire.morel@example.org>", "Votre commande n°230917 a été expédiée", Part(H16_TEXT),
    "commande-230917-expedition@boutique-lumiere.fr", subject_charset="UTF-8", subject_enc="Q",
    expect=ok(), tags=["shop", "order", "carrier", "refund", "quoted-printable"],
    purpose="unrelated French shop: order number, Colissimo, refund"))

# ---- HAM, Spanish ----------------------------------------------------------

H17_TEXT = """\
Hola Lucía:

Tu pedido #884213 ha salido de nuestro almacén y viaja con SEUR.

  Número de seguimiento: 8241 5530 9917
  Entrega prevista:      jueves 12 de marzo

Hemos recibido la botella de aceite que nos devolviste y te hemos
reembolsado 18,50 € en la tarjeta con la que pagaste.

Gracias por comprar en Tienda Olivar.
"""

add(Message(
    "h15-es-shop-order-refund", "ham", "es", D["tienda-olivar.es"],
    date(2026, 3, 10, 13, 5, 0, 1), mailbox("Tienda Olivar", "pedidos@tienda-olivar.es"), to_header(R_ES),
    "Tu pedido #884213 está en camino", Part(H17_TEXT, cte="base64"), "pedido-884213-envio@tienda-olivar.es",
    subject_charset="UTF-8",
    expect=ok(), tags=["shop", "order", "carrier", "refund", "base64"],
    purpose="unrelated Spanish shop: order number, SEUR, refund (UTF-8 base64)"))

H18_TEXT = """\
DIARIO CRIPTO - Boletín del 15 de enero de 2026

Nueva filtración de datos de clientes de Ledger: cómo protegerte

La empresa francesa Ledger, fabricante de carteras físicas para
criptomonedas, confirmó ayer una brecha de seguridad en su socio de
comercio electrónico Global-e. Quedaron expuestos nombres, correos y
direcciones postales; según la empresa, no se vieron afectadas las
frases de recuperación ni las claves privadas.

Los expertos prevén una nueva oleada de correos fraudulentos. Ledger
recuerda que nunca pide la frase de recuperación, ni por correo ni por
teléfono, y que no envía dispositivos de sustitución sin un pedido.

Artículo completo: https://diariocripto.es/2026/01/15/filtracion-ledger-global-e

Darse de baja: https://diariocripto.es/boletin/baja
"""

add(Message(
    "h16-es-news-article-breach", "ham", "es", D["diariocripto.es"],
    date(2026, 1, 15, 7, 30, 0, 1), mailbox("Diario Cripto", "boletin@diariocripto.es"), to_header(R_ES),
    "Nueva filtración de datos de clientes de Ledger: cómo protegerte", Part(H18_TEXT),
    "boletin-20260115@diariocripto.es", mail_from="boletin@diariocripto.es", subject_charset="UTF-8",
    subject_enc="Q", extra_headers=[("List-Unsubscribe", "<https://diariocripto.es/boletin/baja>")],
    expect=ok(), tags=["ledger-mention", "news", "breach-words", "secret-warning", "quoted-printable"],
    purpose="Spanish news newsletter about the Ledger leak: 'filtración', 'brecha', frase de recuperación"))

H19_TEXT = """\
Hola Lucía:

Buenas noticias: tu pedido #5187361 ya está en camino.

  Transportista:          DHL Express
  Número de seguimiento:  5520 1184 36
  Entrega prevista:       18 de marzo de 2026

Cuando recibas tu dispositivo, comprueba que la caja esté precintada y
configúralo con Ledger Live, descargado desde https://www.ledger.com/es

Ledger nunca te pedirá tus 24 palabras, ni por correo, ni por teléfono,
ni de ninguna otra forma.

El equipo de Ledger
"""

add(Message(
    "h17-es-ledger-shipping-notice", "ham", "es", D["ledger.com"],
    date(2026, 3, 16, 16, 2, 10, 1), mailbox("Ledger", "orders@ledger.com"), to_header(R_ES),
    "Tu pedido #5187361 ha sido enviado", Part(H19_TEXT, cte="base64"), "order-5187361-shipped@ledger.com",
    mail_from="bounces@ledger.com", subject_charset="UTF-8",
    expect=ok(), tags=["ledger", "genuine", "order", "carrier", "secret-warning", "base64"],
    purpose="genuine Spanish shipping notice, DKIM d=ledger.com: order number, DHL, 'nunca te pedirá tus 24 palabras'"))

# ---- HAM, German -----------------------------------------------------------

H20_TEXT = """\
Hallo Frau Becker,

Ihre Sendung 00340434161094042557 von Buchhaus Kramer wird heute
zwischen 10:15 und 12:15 Uhr zugestellt.

Sendungsverfolgung:
https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=00340434161094042557

Sie sind nicht zu Hause? Legen Sie einen Ablageort fest oder lassen Sie
die Sendung an eine Packstation umleiten.

Ihr DHL Team
"""

add(Message(
    "h18-de-dhl-delivery", "ham", "de", D["dhl.de"],
    date(2026, 3, 11, 7, 40, 0, 1), mailbox("DHL Paket", "noreply@dhl.de"), to_header(R_DE),
    "Ihre DHL Sendung kommt heute", Part(H20_TEXT), "00340434161094042557.20260311@dhl.de",
    expect=ok(), tags=["carrier", "delivery", "quoted-printable"],
    purpose="carrier delivery notice from dhl.de (UTF-8 quoted-printable)"))

H21_TEXT = """\
Guten Tag Frau Becker,

Ihre Bestellung 7730215 wurde heute mit DHL versandt.

  Sendungsnummer: 00340434161094042557
  Artikel:        Wandkalender "Alpen 2026", Roman "Die Überfahrt"

Den zurückgesandten Kalender haben wir erhalten. Die Erstattung über
12,99 EUR erfolgt auf Ihr Konto.

Mit freundlichen Grüßen
Ihr Buchhaus Kramer
"""

add(Message(
    "h19-de-shop-order-refund-latin1", "ham", "de", D["buchhaus-kramer.de"],
    date(2026, 3, 10, 15, 20, 0, 1), mailbox("Buchhaus Kramer", "bestellung@buchhaus-kramer.de"), to_header(R_DE),
    "Ihre Bestellung 7730215 wurde versandt", Part(H21_TEXT, charset="ISO-8859-1"),
    "bestellung-7730215-versand@buchhaus-kramer.de",
    expect=ok(), tags=["shop", "order", "carrier", "refund", "iso-8859-1"],
    purpose="unrelated German shop in ISO-8859-1: order number, DHL, Erstattung"))

H22_TEXT = """\
Hi Jonas,

ja, ich nutze seit 2021 einen Ledger Nano S und bin zufrieden. Wichtig:
Die 24 Wörter habe ich nur auf Papier notiert, nie fotografiert und nie
in einen Computer getippt.

Und wenn dir jemand eine Mail schickt, angeblich von Ledger, mit einem
Link zum "Verifizieren": einfach löschen. Nach dem Datenleck kamen bei
mir auch ein paar davon an.

Gruß
Stefan
"""

add(Message(
    "h20-de-personal-ledger-owner", "ham", "de", D["gmx.de"],
    date(2026, 2, 22, 20, 14, 0, 1), mailbox("Stefan Wolf", "stefan.wolf@gmx.de"),
    "Jonas Richter <jonas.richter@example.net>", "Re: Krypto-Frage", Part(H22_TEXT),
    "trinity-4f1c2a9e-20260222201400@3c-app-gmx-bs55", extra_headers=[("In-Reply-To", "<krypto-frage-1@example.net>")],
    expect=ok(), tags=["ledger-mention", "personal", "breach-words", "quoted-printable"],
    purpose="personal German mail from a Ledger owner: names Ledger, the 24 words and the leak"))

# ---- HAM, Japanese ---------------------------------------------------------

H23_TEXT = """\
いつもLedgerをご利用いただきありがとうございます。

■ Ledger Flexが日本語表示に対応しました
Ledger Liveを最新版に更新すると、Ledger Flexの画面を日本語で表示できます。

■ セキュリティに関する大切なお知らせ
Ledgerを名乗る偽のメールやSMSが確認されています。Ledgerがメール、
電話、SMSでリカバリーフレーズ（24単語）をお尋ねすることは一切あり
ません。不審なメールのリンクは開かず、公式サイトからご確認ください。
https://www.ledger.com/ja

Ledger ジャパン

配信停止: https://www.ledger.com/ja/preferences
"""

H23_HTML = html("""
<p>いつもLedgerをご利用いただきありがとうございます。</p>
<h3>■ Ledger Flexが日本語表示に対応しました</h3>
<p>Ledger Liveを最新版に更新すると、Ledger Flexの画面を日本語で表示できます。</p>
<h3>■ セキュリティに関する大切なお知らせ</h3>
<p>Ledgerを名乗る偽のメールやSMSが確認されています。<b>Ledgerがメール、電話、SMSでリカバリーフレーズ（24単語）を
お尋ねすることは一切ありません。</b>不審なメールのリンクは開かず、<a href="https://www.ledger.com/ja">公式サイト</a>からご確認ください。</p>
<p>Ledger ジャパン</p>
<p style="font-size:small"><a href="https://www.ledger.com/ja/preferences">配信停止</a></p>
""", "Ledger")

add(Message(
    "h21-ja-ledger-newsletter", "ham", "ja", D["ledger.com"],
    date(2026, 3, 5, 12, 0, 0, 9), mailbox("Ledger", "news@ledger.com"), to_header(R_JA, "UTF-8"),
    "Ledgerニュースレター 2026年3月号",
    Alternative("=_ledger_ja_news_0305", Part(H23_TEXT, cte="base64"), Part(H23_HTML, "html", cte="base64")),
    "news-ja-202603@ledger.com", mail_from="bounces@ledger.com", subject_charset="UTF-8",
    extra_headers=[("List-Unsubscribe", "<https://www.ledger.com/ja/preferences>")],
    expect=ok(), tags=["ledger", "genuine", "newsletter", "secret-warning", "base64"],
    purpose="genuine Japanese newsletter, DKIM d=ledger.com, UTF-8 base64 alternative: recovery phrase warning"))

H24_TEXT = """\
山田 花子 様

ヤマト運輸です。
さくら雑貨様からのお荷物を、下記の日時にお届けします。

伝票番号：4521-8837-1206
お届け予定日時：3月12日（木） 14時〜16時

お荷物の状況確認・お受け取り日時の変更はこちら
https://toi.kuronekoyamato.co.jp/cgi-bin/tneko

※このメールは送信専用です。ご返信いただいてもお答えできません。
ヤマト運輸株式会社
"""

add(Message(
    "h22-ja-yamato-delivery-shift-jis", "ham", "ja", D["kuronekoyamato.co.jp"],
    date(2026, 3, 11, 8, 5, 0, 9), mailbox("ヤマト運輸", "mail@kuronekoyamato.co.jp", "ISO-2022-JP"),
    to_header(R_JA, "ISO-2022-JP"), "お荷物お届けのお知らせ", Part(H24_TEXT, charset="Shift_JIS", cte="base64"),
    "20260311080500.452188371206@kuronekoyamato.co.jp", subject_charset="ISO-2022-JP",
    expect=ok(), tags=["carrier", "delivery", "shift-jis", "base64"],
    purpose="carrier delivery notice from ヤマト運輸 (kuronekoyamato.co.jp): Shift_JIS base64 body"))

H25_TEXT = """\
山田 花子 様

さくら雑貨をご利用いただきありがとうございます。
ご注文の商品を本日発送いたしました。

ご注文番号：2026-118834
配送業者：ヤマト運輸
伝票番号：4521-8837-1206

また、ご返品いただいた「湯呑み」の代金 1,650円 は、ご利用のクレジット
カードへ返金いたしました。

さくら雑貨
"""

add(Message(
    "h23-ja-shop-order-refund-iso2022jp", "ham", "ja", D["sakura-zakka.jp"],
    date(2026, 3, 10, 17, 0, 0, 9), mailbox("さくら雑貨", "info@sakura-zakka.jp", "ISO-2022-JP"),
    to_header(R_JA, "ISO-2022-JP"), "【さくら雑貨】ご注文の商品を発送しました（ご注文番号 2026-118834）",
    Part(H25_TEXT, charset="ISO-2022-JP", cte="7bit"), "order-2026-118834-shipped@sakura-zakka.jp",
    subject_charset="ISO-2022-JP",
    expect=ok(), tags=["shop", "order", "carrier", "refund", "iso-2022-jp"],
    purpose="unrelated Japanese shop in ISO-2022-JP: order number, Yamato, refund"))


# ---------------------------------------------------------------------------

def main():
    for d in D.values():
        d.load_key()
    os.makedirs(MSGS, exist_ok=True)
    for old in os.listdir(MSGS):
        if old.endswith(".eml"):
            os.remove(os.path.join(MSGS, old))
    names = set()
    manifest = []
    for m in M:
        assert m.name not in names, m.name
        names.add(m.name)
        path = "msgs/%s.eml" % m.name
        with open(os.path.join(HERE, path), "wb") as f:
            f.write(m.raw())
        entry = {"file": path}
        entry.update(m.envelope())
        entry["label"] = m.label
        entry["expect"] = m.expect
        entry["tags"] = [m.lang] + m.tags
        entry["purpose"] = m.purpose
        manifest.append(entry)
    with open(os.path.join(HERE, "manifest.jsonl"), "w", encoding="utf-8") as f:
        for entry in manifest:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")
    lines = ["; DNS data for tests/golden (CORPUS-FORMAT.md). Generated by make_fixtures.py: do not edit.",
             "; Every domain the golden messages use: SPF, DKIM key, DMARC record, MX, the HELO",
             "; host (A, PTR, SPF). Addresses are from the documentation networks."]
    for d in D.values():
        lines.append("")
        lines.extend(d.zone_lines())
    with open(os.path.join(HERE, "zone.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    counts = {}
    for m in M:
        counts[(m.label, m.lang)] = counts.get((m.label, m.lang), 0) + 1
    print("wrote %d messages, %d domains: %s" % (len(M), len(D), ", ".join(
        "%s/%s %d" % (k[0], k[1], v) for k, v in sorted(counts.items()))))


if __name__ == "__main__":
    main()
