#!/usr/bin/python3
"""Writes the benchmark corpus of bench/: about 200 realistic messages (2-50
KB, DKIM-signed, English, French, Spanish, German and Japanese, 70% ham and
30% phish) with their envelopes, the DNS zone they need and the signing keys,
in the format of CORPUS-FORMAT.md:

  <out>/msgs/NNNN-<label>-<lang>-<kind>.eml   raw messages, CRLF
  <out>/manifest.jsonl                        envelope, label, expect, tags
  <out>/zone.txt                              SPF, DKIM, DMARC, MX, A, AAAA, PTR
  <out>/keys/                                 DKIM private keys (test keys)

`brandguard bench` replays it against BrandGuard and against
opendkim+opendmarc, both resolving through one local DNS server that serves
zone.txt; `brandguard scan/eval --zone zone.txt --manifest manifest.jsonl`
judges it offline.

Every text is ours: written from templates and word lists below and drawn
with a seeded RNG (nothing is copied from ../shared/corpora or from real
mail). The output is byte-for-byte deterministic: fixed seed, one RNG per
message (so adding a message changes no other), fixed dates, Message-IDs and
MIME boundaries, DKIM t= set to each message's Date, deterministic
signatures (RSA PKCS#1 v1.5 and Ed25519) with the keys committed in keys/.
A key missing from keys/ is made (openssl for RSA, os.urandom for Ed25519),
which changes that domain's signatures and zone record: commit it.

Run:   /usr/bin/python3 bench/make_corpus.py [--out bench/corpus]
Needs: python3-dkim (dkimpy), python3-nacl (Ed25519) and openssl: Debian
       packages (scripts/install-deps.sh --test).

Addresses are all in the documentation networks (RFC 5737, RFC 3849):
198.51.100.0/24 brands, carriers, freemail, people and lists; 203.0.113.0/24
shops, news sites and the newsletter service provider; 192.0.2.0/24 phishers.
"""

import argparse
import base64
import collections
import datetime
import ipaddress
import json
import os
import quopri
import random
import shutil
import statistics
import struct
import subprocess
import sys
import textwrap
import unicodedata
import zlib

try:
    import dkim
except ImportError:
    sys.exit("make_corpus.py needs dkimpy (Debian: python3-dkim); run it with /usr/bin/python3")
try:
    import nacl.signing
except ImportError:
    sys.exit("make_corpus.py needs PyNaCl for Ed25519 keys (Debian: python3-nacl)")

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "corpus")
SEED = 20260415
TTL = 300
CRLF = b"\r\n"
MIN_BYTES = 2048
MAX_BYTES = 50 * 1024

# ---------------------------------------------------------------------------
# Sending domains: network, SPF, DKIM keys, DMARC record, HELO host.

ESP_NET = ipaddress.ip_network("203.0.113.224/27")   # sendwave.net, the newsletter service provider
ESP_INCLUDE = "_spf.sendwave.net"


class Key:
    """One DKIM key: selector, algorithm (rsa or ed25519), bits."""

    def __init__(self, domain, selector, alg, bits):
        self.domain, self.selector, self.alg, self.bits = domain, selector, alg, bits
        self.private = None    # PEM (RSA) or base64 seed (Ed25519), as dkimpy wants them
        self.public_b64 = None

    def path(self, keys_dir):
        return os.path.join(keys_dir, "%s.%s.%s" % (self.selector, self.domain, "pem" if self.alg == "rsa"
                                                    else "ed25519"))

    def load(self, keys_dir):
        path = self.path(keys_dir)
        if self.alg == "rsa":
            if not os.path.exists(path):
                subprocess.run(["openssl", "genrsa", "-traditional", "-out", path, str(self.bits)], check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            der = subprocess.run(["openssl", "rsa", "-in", path, "-pubout", "-outform", "DER"], check=True,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
            self.public_b64 = base64.b64encode(der).decode()
            with open(path, "rb") as f:
                self.private = f.read()
        else:
            if not os.path.exists(path):
                with open(path, "w") as f:
                    f.write(base64.b64encode(os.urandom(32)).decode() + "\n")
            with open(path, "rb") as f:
                self.private = f.read().strip()
            seed = base64.b64decode(self.private)
            self.public_b64 = base64.b64encode(bytes(nacl.signing.SigningKey(seed).verify_key)).decode()

    def record(self):
        return "v=DKIM1; k=%s; p=%s" % ("rsa" if self.alg == "rsa" else "ed25519", self.public_b64)

    @property
    def algorithm(self):
        return b"rsa-sha256" if self.alg == "rsa" else b"ed25519-sha256"

    @property
    def label(self):
        return "rsa%d" % self.bits if self.alg == "rsa" else "ed25519"


class Domain:
    """A domain that sends mail: its addresses, SPF, DKIM keys and DMARC record."""

    def __init__(self, name, net, keys="s1:rsa2048", dmarc="none", spf_style="ip4", spf_all="-all", helo=None,
                 ip6=None, ptr=True, host=5, esp=False, signer=None, dmarc_extra="", note=""):
        self.name = name
        self.net = ipaddress.ip_network(net)
        self.ip = str(self.net.network_address + host)
        self.ip6 = ip6
        self.helo = helo or "mail." + name
        self.ptr = ptr
        self.esp = esp                # also sends through sendwave.net (SPF include, bounce subdomain em.)
        self.signer = signer          # another domain whose key signs this one's mail (shop.ledger.com)
        self.spf_style, self.spf_all = spf_style, spf_all
        self.dmarc_policy, self.dmarc_extra = dmarc, dmarc_extra
        self.note = note
        self.keys = []
        for spec in (keys.split(",") if keys else []):
            selector, kind = spec.split(":")
            if kind == "ed25519":
                self.keys.append(Key(name, selector, "ed25519", 256))
            else:
                self.keys.append(Key(name, selector, "rsa", int(kind[3:])))

    # SPF ------------------------------------------------------------------
    def spf(self):
        if self.spf_style == "mx":
            mech = ["mx", "a:%s" % self.helo]
        else:
            mech = ["ip4:%s" % self.net]
        if self.ip6:
            mech.append("ip6:%s" % ipaddress.ip_network(self.ip6))
        if self.esp:
            mech.append("include:%s" % ESP_INCLUDE)
        return "v=spf1 %s %s" % (" ".join(mech), self.spf_all)

    def spf_allows(self, ip):
        addr = ipaddress.ip_address(ip)
        if addr.version == 4:
            if self.spf_style == "mx":
                ok = addr in (ipaddress.ip_address(self.ip), self.net.network_address + 2)
            else:
                ok = addr in self.net
            return ok or (self.esp and addr in ESP_NET)
        return bool(self.ip6) and addr in ipaddress.ip_network(self.ip6)

    def dmarc(self):
        if self.dmarc_policy is None:
            return None
        return "v=DMARC1; p=%s;%s rua=mailto:dmarc-reports@%s" % (self.dmarc_policy, self.dmarc_extra, self.name)

    @property
    def ip6_addr(self):
        return str(ipaddress.ip_network(self.ip6).network_address + 0x25)

    def zone_lines(self):
        out = ["; %s%s" % (self.name, " -- " + self.note if self.note else "")]
        out.append('%s. %d IN TXT "%s"' % (self.name, TTL, self.spf()))
        if self.esp:
            out.append('em.%s. %d IN TXT "v=spf1 include:%s -all"' % (self.name, TTL, ESP_INCLUDE))
        out.append("%s. %d IN MX 10 mx.%s." % (self.name, TTL, self.name))
        if self.helo != "mx." + self.name:
            out.append("mx.%s. %d IN A %s" % (self.name, TTL, self.net.network_address + 2))
        out.append("%s. %d IN A %s" % (self.helo, TTL, self.ip))
        if self.helo != self.name:    # one SPF record per name: the domain's covers its host
            out.append('%s. %d IN TXT "v=spf1 a -all"' % (self.helo, TTL))
        if self.ptr:
            out.append("%s. %d IN PTR %s." % (ipaddress.ip_address(self.ip).reverse_pointer, TTL, self.helo))
        if self.ip6:
            out.append("%s. %d IN AAAA %s" % (self.helo, TTL, self.ip6_addr))
            out.append("%s. %d IN PTR %s." % (ipaddress.ip_address(self.ip6_addr).reverse_pointer, TTL, self.helo))
        for k in self.keys:
            value = k.record()
            parts = [value[i:i + 250] for i in range(0, len(value), 250)]
            out.append("%s._domainkey.%s. %d IN TXT %s" % (k.selector, self.name, TTL,
                                                          " ".join('"%s"' % p for p in parts)))
        if self.dmarc():
            out.append('_dmarc.%s. %d IN TXT "%s"' % (self.name, TTL, self.dmarc()))
        return out


D = collections.OrderedDict()


def domain(name, net, **kw):
    d = Domain(name, net, **kw)
    assert name not in D, name
    D[name] = d
    return d


def idna(text):
    return ".".join(label.encode("idna").decode() if not label.isascii() else label for label in text.split("."))


# The brand and the companies that send for it (config/brands/ledger.yaml).
domain("ledger.com", "198.51.100.0/29", keys="lgr2025:rsa2048", dmarc="reject", helo="mail-out1.ledger.com",
       note="the brand; p=reject")
domain("shop.ledger.com", "198.51.100.0/29", keys=None, dmarc=None, helo="mail-out2.ledger.com", host=6,
       signer="ledger.com", note="envelope domain of the shop's mail, signed d=ledger.com (DMARC from ledger.com)")
domain("ledger.fr", "198.51.100.0/29", keys="lgr2025:rsa2048", dmarc="reject", helo="mail-out3.ledger.com", host=4,
       note="official; French newsletter")
domain("global-e.com", "198.51.100.8/29", keys="ge1:rsa2048", dmarc="quarantine", helo="smtp1.global-e.com",
       note="authorized sender: merchant of record")
domain("shopify.com", "198.51.100.16/29", keys="shopify2025:rsa2048", dmarc="reject", helo="outbound-1.shopify.com",
       note="authorized sender: shop notifications")
domain("zendesk.com", "198.51.100.24/29", keys="zendesk1:rsa2048", dmarc="reject", helo="out1.zendesk.com",
       note="authorized sender: support tickets")
domain("ledger.zendesk.com", "198.51.100.24/29", keys=None, dmarc=None, helo="out2.zendesk.com", host=6,
       signer="zendesk.com", note="Ledger's help desk on Zendesk (DMARC from zendesk.com)")
# Carriers.
domain("dhl.de", "198.51.100.32/29", keys="dhl2025:rsa2048", dmarc="reject", helo="mailout.dhl.de", note="carrier, de")
domain("ups.com", "198.51.100.40/29", keys="ups1:rsa2048", dmarc="reject", helo="smtp2.ups.com", note="carrier, en")
domain("laposte.fr", "198.51.100.48/29", keys="lp1:rsa2048", dmarc="reject", helo="smtp-out.laposte.fr",
       note="carrier, fr")
domain("seur.com", "198.51.100.56/29", keys="seur:rsa2048", dmarc="quarantine", helo="correo.seur.com",
       note="carrier, es")
domain("kuronekoyamato.co.jp", "198.51.100.64/29", keys="yamato1:rsa1024", dmarc="quarantine",
       helo="mail.kuronekoyamato.co.jp", note="carrier, ja (1024-bit key)")
# Freemail.
domain("gmail.com", "198.51.100.72/29", keys="20230601:rsa2048", dmarc="none", dmarc_extra=" sp=quarantine;",
       spf_all="~all", helo="mail-sor-f41.google.com", ip6="2001:db8:4860::/48", note="freemail")
domain("gmx.de", "198.51.100.80/29", keys="s2025:rsa2048,e2025:ed25519", dmarc="quarantine", helo="mout.gmx.de",
       note="freemail, signs rsa-sha256 and ed25519-sha256")
domain("orange.fr", "198.51.100.88/29", keys="or2025:rsa2048", dmarc="none", spf_all="~all",
       helo="smtp-out.orange.fr", note="freemail")
domain("yahoo.co.jp", "198.51.100.96/29", keys="yj20250101:rsa2048", dmarc="none", spf_all="~all",
       helo="mta-out.mail.yahoo.co.jp", note="freemail")
domain("outlook.com", "198.51.100.104/29", keys="selector1:rsa2048", dmarc="none", spf_all="~all",
       helo="mail-out.outlook.com", ip6="2001:db8:a01::/48", note="freemail")
# Mailing lists.
domain("lists.openlattice.org", "198.51.100.112/29", keys="ml2025:rsa2048,ml2025e:ed25519", dmarc="none",
       helo="lists.openlattice.org", ip6="2001:db8:77::/48", note="mailing lists of an open-source project (en)")
domain("listes.velo-lyon.fr", "198.51.100.120/29", keys="listes:rsa2048", dmarc="none", helo="listes.velo-lyon.fr",
       note="cycling association's lists (fr)")
domain("lists.stammtisch-linux.de", "198.51.100.128/29", keys="lst:rsa2048", dmarc="none",
       helo="lists.stammtisch-linux.de", spf_style="mx", note="Linux user group's lists (de)")
domain("listas.huerto-comunitario.es", "198.51.100.136/29", keys="hc1:rsa2048", dmarc="none",
       helo="listas.huerto-comunitario.es", note="community garden's list (es)")
domain("ml.kansai-rb.jp", "198.51.100.144/29", keys="ml:rsa2048", dmarc="none", helo="ml.kansai-rb.jp",
       note="Ruby user group's list (ja)")
# People and small organisations with their own servers.
domain("hale-family.net", "198.51.100.152/29", keys="home:ed25519", dmarc="none", spf_style="mx",
       helo="mx.hale-family.net", host=2, note="personal domain, Ed25519 signatures only")
domain("famille-roux.fr", "198.51.100.160/29", keys=None, dmarc="none", spf_style="mx", helo="mx.famille-roux.fr",
       host=2, note="personal domain, does not sign")
domain("bergverein-allgaeu.de", "198.51.100.168/29", keys=None, dmarc="none", helo="mail.bergverein-allgaeu.de",
       note="hiking club, does not sign")
domain("estudio-nogal.es", "198.51.100.176/29", keys="nogal:rsa1024", dmarc="none", spf_style="mx",
       helo="mail.estudio-nogal.es", note="small architecture office, 1024-bit key")

# The newsletter service provider (ESP) and the domains that send through it.
domain("sendwave.net", "203.0.113.224/27", keys="sw:rsa2048", dmarc="reject", helo="mta.sendwave.net", host=30,
       note="newsletter service provider; hosts o1..o8.mta.sendwave.net")
# Shops (order mail from their own servers, newsletters through sendwave.net).
for _name, _net, _keys, _pol, _note in [
        ("maplepine-outfitters.com", "203.0.113.0/29", "mp1:rsa2048", "quarantine", "shop, en"),
        ("harbor-lane-books.co.uk", "203.0.113.8/29", "hlb:rsa2048", "reject", "shop, en (UK)"),
        ("boutique-lumiere.fr", "203.0.113.16/29", "bl1:rsa2048", "quarantine", "shop, fr"),
        ("la-cave-a-the.fr", "203.0.113.24/29", "cat:rsa1024", "none", "shop, fr (1024-bit key)"),
        ("tienda-olivar.es", "203.0.113.32/29", "to1:rsa2048", "none", "shop, es"),
        ("libreria-marea.es", "203.0.113.40/29", "lm1:rsa2048", "quarantine", "shop, es"),
        ("buchhaus-kramer.de", "203.0.113.48/29", "bk1:rsa2048", "quarantine", "shop, de"),
        ("fahrradwerk-berlin.de", "203.0.113.56/29", "fw2025:rsa2048,fw2025e:ed25519", "reject",
         "shop, de (rsa-sha256 and ed25519-sha256)"),
        ("sakura-zakka.jp", "203.0.113.64/29", "sz1:rsa2048", "none", "shop, ja"),
        ("mame-coffee.jp", "203.0.113.72/29", "mc:rsa1024", "none", "shop, ja (1024-bit key)")]:
    domain(_name, _net, keys=_keys, dmarc=_pol, esp=True, note=_note)
# News sites and newsletters (through sendwave.net).
for _name, _net, _keys, _pol, _note in [
        ("morningbrief-news.com", "203.0.113.80/29", "mb:rsa2048", "reject", "news, en"),
        ("techpulse-weekly.com", "203.0.113.88/29", "tp:rsa2048,tpe:ed25519", "quarantine",
         "tech newsletter, en (rsa-sha256 and ed25519-sha256)"),
        ("blockchain-chronicle.com", "203.0.113.96/29", "news:rsa2048", "quarantine", "crypto news, en"),
        ("jardins-et-saisons.fr", "203.0.113.104/29", "js:rsa2048", "none", "gardening magazine, fr"),
        ("lettre-du-quartier.fr", "203.0.113.112/29", "lq:rsa2048", "quarantine", "local news, fr"),
        ("diariocripto.es", "203.0.113.120/29", "dc1:rsa2048", "quarantine", "crypto news, es"),
        ("viajes-lentos.es", "203.0.113.128/29", "vl:rsa2048", "none", "travel magazine, es"),
        ("technik-wochenblatt.de", "203.0.113.136/29", "tw:rsa2048", "reject", "tech news, de"),
        ("stadtgarten-post.de", "203.0.113.144/29", "sg:rsa1024", "none", "local news, de (1024-bit key)"),
        ("tech-dayori.jp", "203.0.113.152/29", "td:rsa2048", "none", "tech news, ja"),
        ("ryori-note.jp", "203.0.113.160/29", "rn:rsa2048", "quarantine", "cooking magazine, ja")]:
    domain(_name, _net, keys=_keys, dmarc=_pol, esp=True, note=_note)

# Phishers. Each lookalike has its own SPF, DKIM key and DMARC record, so its
# mail authenticates as what it is: a lookalike, not the brand.
HOMOGLYPH = idna("l\u0435dger-support.com")     # CYRILLIC SMALL LETTER IE for the first e
for _name, _net, _keys, _pol, _ptr, _note in [
        ("ledger-verify-portal.com", "192.0.2.0/29", "default:rsa2048", "none", True, "lookalike: brand + words"),
        ("ledgerlive-sync.com", "192.0.2.8/29", "mail:rsa2048", "none", True, "lookalike: product name + words"),
        ("1edger-wallet.com", "192.0.2.16/29", "k1:rsa2048", "reject", True, "lookalike: digit 1 for l"),
        (HOMOGLYPH, "192.0.2.24/29", "s1:rsa2048", "none", False, "lookalike: l\u0435dger-support.com, Cyrillic IE"),
        ("ledger-secure-update.net", "192.0.2.32/29", "x:rsa1024", "none", False,
         "lookalike: brand + words (1024-bit key)"),
        ("account-restore.net", "192.0.2.40/29", "ar:rsa2048", "none", True,
         "hosts ledger.com.account-restore.net"),
        ("ledger-livraison-fr.com", "192.0.2.48/29", "ll:rsa2048", "none", True, "lookalike, fr"),
        ("ledger-assistance-client.fr", "192.0.2.56/29", "lac:rsa2048", "quarantine", True, "lookalike, fr"),
        ("ledger-envios-es.com", "192.0.2.64/29", "le:rsa2048", "none", True, "lookalike, es"),
        ("ledger-kundendienst.de", "192.0.2.72/29", "lk:rsa2048", "none", True, "lookalike, de"),
        ("ledger-jp-anshin.com", "192.0.2.80/29", "lj:rsa2048", "none", True, "lookalike, ja"),
        ("parcel-duty-service.com", "192.0.2.88/29", "pd:rsa2048", "none", True, "order bait, no brand in name"),
        ("walletguard-alerts.com", "192.0.2.96/29", "wa:rsa2048", "none", True, "phisher, no brand in name"),
        ("secure-mail-relay.net", "192.0.2.104/29", "smr:rsa2048", "none", False, "extortion sender"),
        ("correo-seguro-envio.net", "192.0.2.112/29", "cse:rsa1024", "none", False,
         "extortion sender, es (1024-bit key)"),
        ("fleurs-de-marie.fr", "192.0.2.120/29", "fm:rsa2048", "none", True, "compromised florist's site"),
        ("kontakt-sicherheit.de", "192.0.2.128/29", "ks:rsa2048", "none", True, "extortion/callback sender, de")]:
    domain(_name, _net, keys=_keys, dmarc=_pol, ptr=_ptr, note=_note)

# Hosts with no SPF authority for ledger.com: the spoofs and the replay.
SPOOF_HOSTS = [("192.0.2.201", "unknown", "vps-2231.hosting.invalid"),
               ("192.0.2.202", "unknown", "smtp.mailer-7.invalid"),
               ("192.0.2.203", "unknown", "localhost.localdomain"),
               ("192.0.2.204", "unknown", "ns3104882.ip-192-0-2.invalid")]


def org_domain(name):
    labels = name.lower().split(".")
    n = 3 if labels[-2:] in (["co", "jp"], ["co", "uk"]) else 2
    return ".".join(labels[-n:])


def dmarc_record_for(from_domain):
    for name in (from_domain, org_domain(from_domain)):
        d = D.get(name)
        if d is not None and d.dmarc():
            return d
    return None


def spf_domain_for(name):
    """The Domain whose SPF record answers for NAME (em.x is x's ESP bounce domain)."""
    if name in D:
        return D[name]
    if name.startswith("em.") and name[3:] in D and D[name[3:]].esp:
        return D[name[3:]]
    return None


# ---------------------------------------------------------------------------
# Text and MIME: bytes exactly as we want them, CRLF line ends.

CODECS = {"UTF-8": "utf-8", "ISO-8859-1": "latin-1", "ISO-2022-JP": "iso2022_jp", "Shift_JIS": "shift_jis",
          "US-ASCII": "ascii"}
# What senders in ISO-8859-1 write instead of characters it lacks.
LATIN1_FALLBACK = {"\u20ac": "EUR", "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2026": "...",
                   "\u2013": "-", "\u2014": "-", "\u0153": "oe", "\u0152": "OE", "\u00a0": " ", "\u202f": " "}


def for_charset(text, charset):
    if charset == "ISO-8859-1":
        for a, b in LATIN1_FALLBACK.items():
            text = text.replace(a, b)
    if charset == "US-ASCII":
        text = text.replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-").replace("\u2026", "...")
    return text


def encodable(text, charset):
    try:
        for_charset(text, charset).encode(CODECS[charset])
        return True
    except UnicodeEncodeError:
        return False


def lf_to_crlf(data):
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def encode_body(text, charset, cte):
    data = for_charset(text.replace("\r\n", "\n"), charset).encode(CODECS[charset])
    if cte == "quoted-printable":
        return lf_to_crlf(quopri.encodestring(data))
    if cte == "base64":
        return lf_to_crlf(base64.encodebytes(lf_to_crlf(data)))
    if cte == "7bit":
        assert all(b < 0x80 for b in data), "7bit part with 8-bit bytes"
    assert max(len(line) for line in data.split(b"\n")) < 990, "line too long for %s" % cte
    return lf_to_crlf(data)


def b64_lines(data):
    return lf_to_crlf(base64.encodebytes(data))


class Text:
    def __init__(self, text, subtype="plain", charset="UTF-8", cte="quoted-printable", quoted_charset=True):
        self.text, self.subtype, self.charset, self.cte = text, subtype, charset, cte
        self.quoted_charset = quoted_charset

    def render(self):
        cs = '"%s"' % self.charset if self.quoted_charset else self.charset
        head = [("Content-Type", "text/%s; charset=%s" % (self.subtype, cs)),
                ("Content-Transfer-Encoding", self.cte)]
        return head, encode_body(self.text, self.charset, self.cte)


class Attachment:
    def __init__(self, ctype, filename, data, inline=False, cid=None):
        self.ctype, self.filename, self.data, self.inline, self.cid = ctype, filename, data, inline, cid

    def render(self):
        if self.filename.isascii():
            name = '"%s"' % self.filename
            disp = 'filename="%s"' % self.filename
        else:
            name = '"%s"' % b_word(self.filename, "UTF-8")
            disp = "filename*=UTF-8''" + "".join(c if c.isascii() and (c.isalnum() or c in ".-_") else
                                               "".join("%%%02X" % b for b in c.encode()) for c in self.filename)
        head = [("Content-Type", "%s; name=%s" % (self.ctype, name)),
                ("Content-Disposition", "%s; %s" % ("inline" if self.inline else "attachment", disp)),
                ("Content-Transfer-Encoding", "base64")]
        if self.cid:
            head.append(("Content-ID", "<%s>" % self.cid))
        return head, b64_lines(self.data)


class Multi:
    def __init__(self, subtype, boundary, parts, preamble=True):
        self.subtype, self.boundary, self.parts, self.preamble = subtype, boundary, parts, preamble

    def render(self):
        head = [("Content-Type", 'multipart/%s;\r\n boundary="%s"' % (self.subtype, self.boundary))]
        body = b"This is a multi-part message in MIME format.\r\n" if self.preamble else b""
        for p in self.parts:
            phead, pbody = p.render()
            body += b"\r\n--" + self.boundary.encode() + CRLF + headers_bytes(phead) + CRLF + pbody
            if not body.endswith(CRLF):
                body += CRLF
        body += b"\r\n--" + self.boundary.encode() + b"--\r\n"
        return head, body


def headers_bytes(headers):
    return "".join("%s: %s\r\n" % h for h in headers).encode()


def q_word(text, charset):
    out = []
    for b in for_charset(text, charset).encode(CODECS[charset]):
        c = chr(b)
        if c.isascii() and (c.isalnum() or c in "!*+-/"):
            out.append(c)
        elif c == " ":
            out.append("_")
        else:
            out.append("=%02X" % b)
    return "=?%s?Q?%s?=" % (charset, "".join(out))


def b_word(text, charset):
    return "=?%s?B?%s?=" % (charset, base64.b64encode(for_charset(text, charset).encode(CODECS[charset])).decode())


def encoded(text, charset="UTF-8", enc="B"):
    """RFC 2047 encoded-words for a header value, each self-contained (an
    ISO-2022-JP word ends back in ASCII) and at most 75 characters, folded
    one word per line."""
    word = b_word if enc == "B" else q_word
    words, current = [], ""
    for c in text:
        if current and len(word(current + c, charset)) > 75:
            words.append(word(current, charset))
            current = ""
        current += c
    if current:
        words.append(word(current, charset))
    return "\r\n ".join(words)


def fold(value, width=76):
    """Folds an ASCII header value at spaces."""
    out, line = [], ""
    for w in value.split(" "):
        if line and len(line) + 1 + len(w) > width:
            out.append(line)
            line = w
        else:
            line = w if not line else line + " " + w
    out.append(line)
    return "\r\n ".join(out)


def header_text(text, charset="UTF-8", enc="B"):
    if text.isascii():
        return fold(text)
    return encoded(text, charset, enc)


def mailbox(display, address, charset="UTF-8", enc="B"):
    if not display:
        return address
    if not display.isascii():
        return "%s <%s>" % (encoded(display, charset, enc), address)
    if any(c in display for c in '()<>[]:;@\\,."'):
        return '"%s" <%s>' % (display.replace("\\", "\\\\").replace('"', '\\"'), address)
    return "%s <%s>" % (display, address)


def rfc5322_date(when):
    return when.strftime("%a, %d %b %Y %H:%M:%S %z")


class _FixedClock:
    """Stands in for the time module inside dkimpy, so that t= is the
    message's Date and the signature is the same on every run."""

    def __init__(self, now):
        self.now = now

    def time(self):
        return self.now


def dkim_sign(message, signing_domain, key, timestamp, headers, canon):
    saved = dkim.time
    dkim.time = _FixedClock(timestamp)
    try:
        return dkim.sign(message, key.selector.encode(), signing_domain.encode(), key.private,
                         canonicalize=canon, include_headers=headers, linesep=b"\r\n",
                         signature_algorithm=key.algorithm)
    finally:
        dkim.time = saved


SIGNED_HEADERS = ["from", "reply-to", "subject", "date", "to", "cc", "message-id", "in-reply-to", "references",
                  "mime-version", "content-type", "content-transfer-encoding", "list-id", "list-unsubscribe",
                  "list-unsubscribe-post", "feedback-id", "sender"]
OVERSIGN = {"gmx.de", "fahrradwerk-berlin.de", "ledger.com", "techpulse-weekly.com", "lists.openlattice.org"}


class Mail:
    """One message as sent: headers, MIME body, signers, envelope; plus the
    list's changes after signing (which break the author's signature)."""

    def __init__(self):
        self.sender = None            # Domain whose host sends it (envelope client)
        self.client = None            # (ip, ptr name, helo) overriding the sender's
        self.mail_from = None
        self.rcpt = []
        self.from_ = None             # header value
        self.from_domain = None
        self.to = ""
        self.cc = None
        self.subject = ""             # header value, encoded
        self.when = None
        self.msgid = None
        self.headers = []             # extra (name, value) after Message-ID
        self.received = []            # Received values, top first, added before signing
        self.body = None
        self.sign = "sender"          # "sender", None, or [(signing domain, Key)]
        self.canon = (b"relaxed", b"relaxed")
        self.after_sign = None        # function(raw bytes) -> raw bytes
        self.tags = []
        self.action = None
        self.purpose = ""
        self.broken = False           # the signature is meant to fail
        self.full = False             # the generator has no more text to grow it with

    def signers(self):
        if self.sign is None:
            return []
        if self.sign != "sender":
            return self.sign
        d = D[self.sender.signer] if self.sender.signer else self.sender
        return [(d.name, k) for k in d.keys]

    def unsigned(self):
        body_head, body = self.body.render()
        hs = [("From", self.from_), ("To", self.to)]
        if self.cc:
            hs.append(("Cc", self.cc))
        hs += [("Subject", self.subject), ("Date", rfc5322_date(self.when)), ("Message-ID", "<%s>" % self.msgid)]
        hs += self.headers
        hs.append(("MIME-Version", "1.0"))
        hs += body_head
        received = "".join("Received: %s\r\n" % r for r in self.received).encode()
        return received + headers_bytes(hs) + CRLF + body, [h[0].lower() for h in hs]

    def raw(self, estimate=False):
        text, present = self.unsigned()
        signers = self.signers()
        if estimate:
            return len(text) + sum(560 if k.bits >= 2048 else (390 if k.alg == "rsa" else 330) for _, k in signers)
        names = [h for h in SIGNED_HEADERS if h in present]
        sigs = b""
        for dom, key in signers:
            h = names + (["from", "subject"] if dom in OVERSIGN else [])
            sigs = dkim_sign(text, dom, key, int(self.when.timestamp()), h, self.canon) + sigs
        text = sigs + text
        if self.after_sign:
            text = self.after_sign(text)
        return text

    def envelope(self):
        ip, name, helo = self.client or (self.sender.ip, self.sender.helo if self.sender.ptr else "unknown",
                                         self.sender.helo)
        return {"client_ip": ip, "client_name": name, "helo": helo, "mail_from": self.mail_from, "rcpt": self.rcpt}

    def expected_auth(self):
        env = self.envelope()
        spf = "none"
        mf_domain = self.mail_from.split("@")[-1] if self.mail_from else env["helo"]
        sd = spf_domain_for(mf_domain)
        if sd is not None:
            spf = "pass" if sd.spf_allows(env["client_ip"]) else ("fail" if sd.spf_all == "-all" else "softfail")
        signers = self.signers()
        if not signers:
            dkim_ = "none"
        else:
            dkim_ = "fail" if self.broken else "pass"
        rec = dmarc_record_for(self.from_domain)
        if rec is None:
            dmarc_ = "none"
        else:
            org = org_domain(self.from_domain)
            aligned = (spf == "pass" and org_domain(mf_domain) == org) or \
                (dkim_ == "pass" and any(org_domain(d) == org for d, _ in signers))
            dmarc_ = "pass" if aligned else "fail"
        return {"spf": spf, "dkim": dkim_, "dmarc": dmarc_}


# ---------------------------------------------------------------------------
# Small helpers for the generators.

TZ = {"en": [-5, 0, -8], "fr": [1], "es": [1], "de": [1], "ja": [9]}


def when_for(r, lang, start=(2026, 1, 5), days=95):
    day = datetime.date(*start) + datetime.timedelta(days=r.randrange(days))
    tz = r.choice(TZ[lang])
    if lang in ("fr", "es", "de") and day >= datetime.date(2026, 3, 29):
        tz = 2
    t = datetime.datetime(day.year, day.month, day.day, r.randrange(6, 23), r.randrange(60), r.randrange(60),
                          tzinfo=datetime.timezone(datetime.timedelta(hours=tz)))
    return t


def hexid(r, n):
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def alnum(r, n, alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"):
    return "".join(r.choice(alphabet) for _ in range(n))


def digits(r, n):
    return str(r.randrange(1, 10)) + "".join(str(r.randrange(10)) for _ in range(n - 1))


def ascii_fold(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def boundary(r, style):
    if style == "gmail":
        return "000000000000" + hexid(r, 16)
    if style == "java":
        return "----=_Part_%d_%d.%d" % (r.randrange(10000, 99999), r.randrange(10 ** 8, 10 ** 9),
                                        r.randrange(10 ** 12, 10 ** 13))
    if style == "apple":
        return "Apple-Mail=_%s-%s-%s-%s-%s" % (alnum(r, 8), alnum(r, 4), alnum(r, 4), alnum(r, 4), alnum(r, 12))
    if style == "esp":
        return "_----%s===_%s" % (alnum(r, 22, "abcdefghijklmnopqrstuvwxyz0123456789"), hexid(r, 2).upper())
    return "=_%s" % hexid(r, 24)


def received(r, lang, by_host, when, rcpt, proto="ESMTPSA", internal="submit"):
    qid = alnum(r, 11, "0123456789BCDFGHJKLMNPQRSTVWXYZ")
    at = when + datetime.timedelta(seconds=r.randrange(1, 4))
    return "from %s.internal (%s.internal [10.%d.%d.%d])\r\n\tby %s (Postfix) with %s id %s\r\n\tfor <%s>; %s" % (
        internal, internal, r.randrange(256), r.randrange(256), r.randrange(1, 255), by_host, proto, qid, rcpt,
        rfc5322_date(at))


def wrap(text, lang, width=72):
    """Wraps each line of TEXT; lines starting with a space, '>' or '|' and
    Japanese lines holding a URL are kept as they are."""
    out = []
    for line in text.split("\n"):
        if not line or line[:1] in (" ", ">", "|") or (lang == "ja" and "://" in line):
            out.append(line)
        else:
            out.extend(wrap_line(line, lang, width))
    return "\n".join(out)


def wrap_line(line, lang, width):
    if lang == "ja":
        # about 36 characters a line, never inside an ASCII word
        # nor before closing punctuation (kinsoku)
        out, cur = [], ""
        for c in line:
            in_word = cur and c.isascii() and c != " " and cur[-1].isascii() and cur[-1] != " "
            if len(cur) >= width // 2 and not in_word and c not in "\u3002\u3001\uff09\u300d\u300f\uff01\uff1f\u30fc)":
                out.append(cur.rstrip(" "))
                cur = ""
                if c == " ":
                    continue
            cur += c
        out.append(cur)
        return out
    return textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [""]


def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Bech32 (BIP 173) so that the extortion mail carries well-formed addresses
# of our own making.
_B32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _bech32_polymod(values):
    gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
    chk = 1
    for v in values:
        b = chk >> 25
        chk = (chk & 0x1ffffff) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if ((b >> i) & 1) else 0
    return chk


def bech32_address(r):
    program = bytes(r.randrange(256) for _ in range(20))
    acc, bits, data = 0, 0, [0]
    for b in program:
        acc = (acc << 8) | b
        bits += 8
        while bits >= 5:
            bits -= 5
            data.append((acc >> bits) & 31)
    if bits:
        data.append((acc << (5 - bits)) & 31)
    hrp = "bc"
    values = [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp] + data
    polymod = _bech32_polymod(values + [0] * 6) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_B32[d] for d in data + checksum)


def eth_address(r):
    return "0x" + hexid(r, 40)


# Attachments of our own making: a small PNG, a one-page PDF, an iCalendar
# invitation, a CSV.

def png_image(r, w=None, h=None):
    w = w or r.choice([40, 48, 56, 64])
    h = h or r.choice([30, 36, 48])
    base = [r.randrange(256) for _ in range(3)]
    rows = b""
    for y in range(h):
        row = bytearray([0])
        for x in range(w):
            row += bytes(((base[c] + x * (c + 1) + y * (3 - c) + r.randrange(6)) & 255) for c in range(3))
        rows += bytes(row)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def pdf_document(lines, title="Document"):
    """A one-page PDF with LINES of ASCII text (Helvetica), uncompressed."""
    def pdf_str(s):
        s = ascii_fold(s) if not s.isascii() else s
        return "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
    content = ["BT", "/F1 11 Tf", "14 TL", "56 780 Td"]
    for line in lines:
        content.append("%s Tj T*" % pdf_str(line))
    content.append("ET")
    stream = "\n".join(content).encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
            b"/Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            ("<< /Title %s /Producer (bench/make_corpus.py) >>" % pdf_str(title)).encode()]
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


def ics_invite(r, summary, where, start, organizer, attendee):
    end = start + datetime.timedelta(hours=r.choice([1, 2, 3]))
    fmt = "%Y%m%dT%H%M%SZ"
    utc = datetime.timezone.utc
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//BrandGuard bench//make_corpus//EN", "METHOD:REQUEST",
             "BEGIN:VEVENT", "UID:%s@%s" % (hexid(r, 24), organizer.split("@")[1]),
             "DTSTAMP:%s" % start.astimezone(utc).strftime(fmt),
             "DTSTART:%s" % start.astimezone(utc).strftime(fmt), "DTEND:%s" % end.astimezone(utc).strftime(fmt),
             "SUMMARY:%s" % summary, "LOCATION:%s" % where, "ORGANIZER:mailto:%s" % organizer,
             "ATTENDEE;RSVP=TRUE:mailto:%s" % attendee, "END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(lines) + "\r\n").encode()


# ---------------------------------------------------------------------------
# Word lists. Every phrase below is ours.

FIRST = {
    "en": ["James", "Olivia", "Michael", "Emma", "Daniel", "Sophie", "Robert", "Grace", "Thomas", "Hannah", "Peter",
           "Laura", "Kevin", "Rachel", "Mark", "Alice"],
    "fr": ["Camille", "Julien", "Claire", "Antoine", "\u00c9lodie", "Nicolas", "Manon", "Thomas", "Juliette",
           "Mathieu", "Sophie", "Lucas"],
    "es": ["Luc\u00eda", "Javier", "Marta", "Pablo", "Carmen", "Diego", "Elena", "\u00c1lvaro", "Sara", "Andr\u00e9s",
           "Paula", "Sergio"],
    "de": ["Anna", "Lukas", "Julia", "Felix", "Katharina", "Jonas", "Laura", "Tobias", "Sabine", "Matthias", "Lena",
           "Stefan"],
    "ja": [("\u7fd4\u592a", "shota"), ("\u967d\u5b50", "yoko"), ("\u5065\u4e00", "kenichi"),
           ("\u7f8e\u54b2", "misaki"), ("\u5927\u8f14", "daisuke"), ("\u771f\u7531\u7f8e", "mayumi"),
           ("\u62d3\u4e5f", "takuya"), ("\u6075", "megumi"), ("\u76f4\u6a39", "naoki"), ("\u5f69", "aya")],
}
LAST = {
    "en": ["Carter", "Hughes", "Bennett", "Foster", "Morgan", "Reed", "Palmer", "Walsh", "Turner", "Quinn", "Sutton",
           "Lowe"],
    "fr": ["Martin", "Bernard", "Dubois", "Lef\u00e8vre", "Moreau", "Girard", "Roux", "Fournier", "Lambert",
           "Fontaine", "Chevalier", "Garnier"],
    "es": ["Garc\u00eda", "Fern\u00e1ndez", "L\u00f3pez", "Mart\u00edn", "S\u00e1nchez", "Romero", "Navarro",
           "Torres", "Dom\u00ednguez", "V\u00e1zquez", "Ramos", "Gil"],
    "de": ["Becker", "Schneider", "Fischer", "Weber", "Wagner", "Hoffmann", "Sch\u00e4fer", "Koch", "Bauer",
           "Richter", "Klein", "Wolf"],
    "ja": [("\u4f50\u85e4", "sato"), ("\u9234\u6728", "suzuki"), ("\u9ad8\u6a4b", "takahashi"),
           ("\u7530\u4e2d", "tanaka"), ("\u4f0a\u85e4", "ito"), ("\u6e21\u8fba", "watanabe"),
           ("\u5c71\u672c", "yamamoto"), ("\u4e2d\u6751", "nakamura"), ("\u5c0f\u6797", "kobayashi"),
           ("\u52a0\u85e4", "kato")],
}
RCPT_DOMAINS = ["example.org", "example.net", "example.com"]


class Person:
    def __init__(self, r, lang, domain=None):
        self.lang = lang
        f, l = r.choice(FIRST[lang]), r.choice(LAST[lang])
        if lang == "ja":
            self.first, self.last = f[0], l[0]
            self.name = "%s %s" % (l[0], f[0])
            local = r.choice(["%s.%s" % (f[1], l[1]), "%s_%s" % (l[1], f[1]), "%s%s%d" % (f[1][0], l[1],
                                                                                            r.randrange(10, 99))])
        else:
            self.first, self.last = f, l
            self.name = "%s %s" % (f, l)
            local = r.choice(["%s.%s", "%s.%s", "%s%s", "%s_%s"]) % (ascii_fold(f).lower(), ascii_fold(l).lower())
            if r.random() < 0.3:
                local = "%s.%s" % (ascii_fold(f).lower()[0], ascii_fold(l).lower())
        self.addr = "%s@%s" % (local, domain or r.choice(RCPT_DOMAINS))

    def mailbox(self, charset="UTF-8", enc="B"):
        return mailbox(self.name, self.addr, charset, enc)

    def greet_name(self):
        return self.first


STREETS = {
    "en": ["Maple Avenue", "Harbor Road", "Elm Street", "Station Road", "Park Lane", "Willow Drive", "Mill Street"],
    "fr": ["rue des Lilas", "avenue Jean Jaur\u00e8s", "boulevard Victor Hugo", "rue du Moulin", "place du March\u00e9",
           "impasse des Tilleuls"],
    "es": ["calle Mayor", "avenida de la Constituci\u00f3n", "calle del Olivo", "paseo de la Estaci\u00f3n",
           "calle de las Flores", "plaza del Sol"],
    "de": ["Lindenstra\u00dfe", "Bahnhofstra\u00dfe", "Gartenweg", "Am Markt", "Schulstra\u00dfe", "Birkenallee"],
}
CITIES = {
    "en": ["Springfield, IL 62704", "Portland, OR 97205", "Leeds LS6 2AB", "Bristol BS1 4DJ", "Madison, WI 53703",
           "Norwich NR2 1TF"],
    "fr": ["69003 Lyon", "33000 Bordeaux", "44000 Nantes", "31000 Toulouse", "67000 Strasbourg", "35000 Rennes"],
    "es": ["28013 Madrid", "41001 Sevilla", "46002 Valencia", "29015 M\u00e1laga", "50001 Zaragoza",
           "48001 Bilbao"],
    "de": ["10115 Berlin", "80331 M\u00fcnchen", "50667 K\u00f6ln", "20095 Hamburg", "04109 Leipzig",
           "70173 Stuttgart"],
    "ja": ["\u3012154-0024 \u6771\u4eac\u90fd\u4e16\u7530\u8c37\u533a\u4e09\u8ed2\u8336\u5c4b2-14-7",
           "\u3012530-0001 \u5927\u962a\u5e9c\u5927\u962a\u5e02\u5317\u533a\u6885\u75301-3-1",
           "\u3012604-8152 \u4eac\u90fd\u5e9c\u4eac\u90fd\u5e02\u4e2d\u4eac\u533a\u70cf\u4e38\u901a4-7",
           "\u3012810-0001 \u798f\u5ca1\u770c\u798f\u5ca1\u5e02\u4e2d\u592e\u533a\u5929\u795e3-5-12",
           "\u3012460-0008 \u611b\u77e5\u770c\u540d\u53e4\u5c4b\u5e02\u4e2d\u533a\u68042-9-18"],
}


def postal_address(r, lang, person):
    if lang == "ja":
        return ["%s \u69d8" % person.name, r.choice(CITIES["ja"])]
    street = r.choice(STREETS[lang])
    no = r.randrange(2, 140)
    if lang == "en":
        line = "%d %s" % (no, street)
    elif lang == "fr":
        line = "%d %s" % (no, street)
    elif lang == "es":
        line = "%s, %d, %d\u00ba %s" % (street[0].upper() + street[1:], no, r.randrange(1, 8), r.choice("ABCD"))
    else:
        line = "%s %d" % (street, no)
    return [person.name, line, r.choice(CITIES[lang])]


# Newsletter sentences: subject + verb + object + time, and comments.
NEWS = {
    "en": {
        "subj": ["The city council", "A team of local volunteers", "The regional library network", "Our test kitchen",
                 "The weather service", "A small bakery in the old town", "The football club",
                 "A group of students from the technical college", "The natural history museum", "Our travel editor",
                 "The public transport authority", "A start-up from the harbour district", "The community garden",
                 "The national park service", "Our reviewer", "The open-source community",
                 "The developers of a popular database", "A research group at the university"],
        "verb": ["announced", "launched", "tested", "published", "presented", "finally opened", "reviewed",
                 "unveiled", "redesigned", "expanded"],
        "obj": ["a new cycling route along the river", "a weekend market for regional produce",
                "an app that shows bus delays in real time", "a guide to growing tomatoes on a balcony",
                "a series of free evening concerts", "a cheaper monthly ticket for students",
                "a collection of quick weeknight recipes", "a study on the quality of tap water",
                "a repair cafe for small electrical appliances", "three new walking trails in the hills",
                "an exhibition about the history of the harbour", "a pilot project for solar panels on school roofs",
                "a reading club for teenagers", "a map of the best viewpoints in the region",
                "a release with much faster start-up times", "benchmarks of five budget laptops",
                "a tool that finds broken links in documentation", "a guide to backing up family photos"],
        "when": ["this week", "on Monday", "after two years of preparation", "ahead of the summer season",
                 "for the first time", "last weekend", "earlier than expected", "on Tuesday evening"],
        "comment": ["Readers who tried it early were largely positive.",
                    "Details are still being worked out, and we will report again next month.",
                    "Places are limited, so it is worth booking early.",
                    "The project is funded partly by local businesses.",
                    "Critics say the timetable is too ambitious.",
                    "The first results will be published in the autumn.",
                    "Several of you wrote to us about this, and we thank you for the tips.",
                    "Opening hours are listed on the website.",
                    "It takes about forty minutes to get there from the central station.",
                    "The organisers expect around two thousand visitors.",
                    "We will keep an eye on how it works out in practice.",
                    "A longer interview with the team follows in our next issue."],
        "headline": ["{Obj}: what you need to know", "{Subj} {verb} {obj}", "Why {obj} matters",
                     "In pictures: {obj}", "{Obj}, reviewed", "First look at {obj}"],
        "read_more": "Read more", "intro": ["Good morning! Here is what happened this week.",
                                            "Hello, and welcome to this week's edition.",
                                            "Here are the stories our readers talked about most."],
        "sections": ["Top stories", "In brief", "Events", "From our readers", "Worth reading", "Tech corner"],
        "footer": "You are receiving this newsletter because you subscribed at {domain}. Unsubscribe: {unsub} "
                  "- Manage preferences: {prefs}",
        "view": "View this email in your browser", "issue": "Issue {n}",
    },
    "fr": {
        "subj": ["La mairie", "Une \u00e9quipe de b\u00e9n\u00e9voles", "Le r\u00e9seau des biblioth\u00e8ques",
                 "Notre cuisine test", "Le service m\u00e9t\u00e9o r\u00e9gional",
                 "Une petite boulangerie du centre-ville", "Le club de football",
                 "Un groupe d'\u00e9tudiants de l'IUT", "Le mus\u00e9um d'histoire naturelle",
                 "Notre r\u00e9dactrice voyage", "La r\u00e9gie des transports",
                 "Une jeune pousse du quartier du port", "Le jardin partag\u00e9", "Le parc naturel r\u00e9gional",
                 "Notre critique"],
        "verb": ["a annonc\u00e9", "a lanc\u00e9", "a test\u00e9", "a publi\u00e9", "a pr\u00e9sent\u00e9",
                 "a enfin ouvert", "a pass\u00e9 en revue", "a d\u00e9voil\u00e9", "a repens\u00e9",
                 "a \u00e9tendu"],
        "obj": ["une nouvelle piste cyclable le long de la Sa\u00f4ne", "un march\u00e9 de producteurs le samedi matin",
                "une application qui affiche les retards de bus en temps r\u00e9el",
                "un guide pour cultiver des tomates sur un balcon", "une s\u00e9rie de concerts gratuits en soir"
                                                                    "\u00e9e",
                "un abonnement mensuel moins cher pour les \u00e9tudiants",
                "des recettes rapides pour les soirs de semaine",
                "une \u00e9tude sur la qualit\u00e9 de l'eau du robinet",
                "un caf\u00e9 de r\u00e9paration pour les petits appareils",
                "trois nouveaux sentiers de randonn\u00e9e", "une exposition sur l'histoire du port",
                "un projet de panneaux solaires sur les toits des \u00e9coles",
                "un club de lecture pour les adolescents",
                "une carte des plus beaux points de vue de la r\u00e9gion",
                "un calendrier des semis pour le potager", "une taille douce pour les rosiers anciens"],
        "when": ["cette semaine", "lundi", "apr\u00e8s deux ans de pr\u00e9paration", "avant la saison estivale",
                 "pour la premi\u00e8re fois", "le week-end dernier", "plus t\u00f4t que pr\u00e9vu", "mardi soir"],
        "comment": ["Les premiers retours des lecteurs sont plut\u00f4t positifs.",
                    "Les d\u00e9tails restent \u00e0 pr\u00e9ciser\u202f; nous y reviendrons le mois prochain.",
                    "Les places sont limit\u00e9es\u202f: mieux vaut r\u00e9server t\u00f4t.",
                    "Le projet est financ\u00e9 en partie par des commer\u00e7ants du quartier.",
                    "Certains jugent le calendrier trop ambitieux.",
                    "Les premiers r\u00e9sultats seront publi\u00e9s \u00e0 l'automne.",
                    "Vous avez \u00e9t\u00e9 nombreux \u00e0 nous \u00e9crire \u00e0 ce sujet, merci pour vos "
                    "suggestions.",
                    "Les horaires d'ouverture sont indiqu\u00e9s sur le site.",
                    "Comptez environ quarante minutes depuis la gare.",
                    "Les organisateurs attendent environ deux mille visiteurs.",
                    "Nous suivrons de pr\u00e8s la mise en \u0153uvre sur le terrain.",
                    "Un entretien plus long avec l'\u00e9quipe para\u00eetra dans le prochain num\u00e9ro."],
        "headline": ["{Obj}\u202f: ce qu'il faut savoir", "{Subj} {verb} {obj}", "Pourquoi {obj} change la donne",
                     "En images\u202f: {obj}", "Nous avons test\u00e9 {obj}"],
        "read_more": "Lire la suite", "intro": ["Bonjour\u202f! Voici l'essentiel de la semaine.",
                                                "Bienvenue dans ce nouveau num\u00e9ro.",
                                                "Voici les sujets qui vous ont le plus int\u00e9ress\u00e9s."],
        "sections": ["\u00c0 la une", "En bref", "Agenda", "Courrier des lecteurs", "\u00c0 lire aussi",
                     "Au jardin"],
        "footer": "Vous recevez cette lettre car vous \u00eates inscrit(e) sur {domain}. Se d\u00e9sinscrire\u202f: "
                  "{unsub} - G\u00e9rer mes pr\u00e9f\u00e9rences\u202f: {prefs}",
        "view": "Voir cette lettre dans votre navigateur", "issue": "Num\u00e9ro {n}",
    },
    "es": {
        "subj": ["El ayuntamiento", "Un grupo de voluntarios", "La red de bibliotecas municipales",
                 "Nuestra cocina de pruebas", "El servicio meteorol\u00f3gico regional",
                 "Una peque\u00f1a panader\u00eda del casco antiguo", "El club de f\u00fatbol",
                 "Un grupo de estudiantes de formaci\u00f3n profesional", "El museo de ciencias naturales",
                 "Nuestra redactora de viajes", "El consorcio de transportes",
                 "Una empresa emergente del barrio del puerto", "El huerto comunitario", "El parque natural",
                 "Nuestro cr\u00edtico"],
        "verb": ["anunci\u00f3", "lanz\u00f3", "prob\u00f3", "public\u00f3", "present\u00f3", "por fin abri\u00f3",
                 "analiz\u00f3", "desvel\u00f3", "redise\u00f1\u00f3", "ampli\u00f3"],
        "obj": ["un nuevo carril bici junto al r\u00edo", "un mercado de productores los s\u00e1bados",
                "una aplicaci\u00f3n que muestra los retrasos de los autobuses en tiempo real",
                "una gu\u00eda para cultivar tomates en el balc\u00f3n",
                "un ciclo de conciertos gratuitos al atardecer",
                "un abono mensual m\u00e1s barato para estudiantes",
                "recetas r\u00e1pidas para las noches entre semana",
                "un estudio sobre la calidad del agua del grifo",
                "un caf\u00e9 de reparaci\u00f3n para peque\u00f1os electrodom\u00e9sticos",
                "tres nuevas rutas de senderismo por la sierra", "una exposici\u00f3n sobre la historia del puerto",
                "un proyecto piloto de placas solares en los colegios", "un club de lectura para adolescentes",
                "un mapa de los mejores miradores de la provincia", "una ruta en tren por pueblos de monta\u00f1a",
                "una lista de alojamientos rurales sin coche"],
        "when": ["esta semana", "el lunes", "tras dos a\u00f1os de preparaci\u00f3n", "antes del verano",
                 "por primera vez", "el fin de semana pasado", "antes de lo previsto", "el martes por la tarde"],
        "comment": ["Los primeros lectores que lo probaron est\u00e1n bastante satisfechos.",
                    "A\u00fan faltan detalles; volveremos sobre el tema el mes que viene.",
                    "Las plazas son limitadas, as\u00ed que conviene reservar pronto.",
                    "El proyecto se financia en parte con aportaciones de comercios del barrio.",
                    "Algunos cr\u00edticos consideran que el calendario es demasiado ambicioso.",
                    "Los primeros resultados se publicar\u00e1n en oto\u00f1o.",
                    "Muchos de vosotros nos hab\u00e9is escrito sobre esto: gracias por las pistas.",
                    "Los horarios est\u00e1n en la p\u00e1gina web.",
                    "Se tarda unos cuarenta minutos desde la estaci\u00f3n central.",
                    "Los organizadores esperan unas dos mil personas.",
                    "Seguiremos de cerca c\u00f3mo funciona en la pr\u00e1ctica.",
                    "En el pr\u00f3ximo n\u00famero publicaremos una entrevista con el equipo."],
        "headline": ["{Obj}: lo que hay que saber", "{Subj} {verb} {obj}", "Por qu\u00e9 importa {obj}",
                     "En im\u00e1genes: {obj}", "Hemos probado {obj}"],
        "read_more": "Seguir leyendo", "intro": ["\u00a1Buenos d\u00edas! Esto es lo m\u00e1s destacado de la semana.",
                                                 "Bienvenido a un nuevo n\u00famero de nuestro bolet\u00edn.",
                                                 "Estos son los temas que m\u00e1s os han interesado."],
        "sections": ["Portada", "Breves", "Agenda", "Cartas de los lectores", "Para leer con calma", "Escapadas"],
        "footer": "Recibes este bolet\u00edn porque te suscribiste en {domain}. Darse de baja: {unsub} - "
                  "Preferencias: {prefs}",
        "view": "Ver este correo en el navegador", "issue": "N\u00famero {n}",
    },
    "de": {
        "subj": ["Der Stadtrat", "Eine Gruppe Ehrenamtlicher", "Die Stadtbibliothek", "Unsere Testk\u00fcche",
                 "Der regionale Wetterdienst", "Eine kleine B\u00e4ckerei in der Altstadt", "Der Fu\u00dfballverein",
                 "Eine Gruppe von Studierenden der Fachhochschule", "Das Naturkundemuseum",
                 "Unsere Reiseredakteurin", "Der Verkehrsverbund", "Ein Start-up aus dem Hafenviertel",
                 "Der Gemeinschaftsgarten", "Die Nationalparkverwaltung", "Unser Kritiker",
                 "Die Open-Source-Gemeinde"],
        "verb": [("hat", "angek\u00fcndigt"), ("hat", "gestartet"), ("hat", "getestet"), ("hat", "ver\u00f6ffentlicht"),
                 ("hat", "vorgestellt"), ("hat", "er\u00f6ffnet"), ("hat", "unter die Lupe genommen"),
                 ("hat", "\u00fcberarbeitet"), ("hat", "erweitert")],
        "obj": ["einen neuen Radweg entlang des Flusses", "einen Bauernmarkt am Samstagvormittag",
                "eine App f\u00fcr Busversp\u00e4tungen in Echtzeit", "einen Ratgeber f\u00fcr Tomaten auf dem Balkon",
                "eine Reihe kostenloser Abendkonzerte", "ein g\u00fcnstigeres Monatsticket f\u00fcr Studierende",
                "schnelle Rezepte f\u00fcr den Feierabend", "eine Studie zur Qualit\u00e4t des Leitungswassers",
                "ein Reparaturcaf\u00e9 f\u00fcr kleine Elektroger\u00e4te", "drei neue Wanderwege im Mittelgebirge",
                "eine Ausstellung \u00fcber die Geschichte des Hafens",
                "ein Pilotprojekt f\u00fcr Solaranlagen auf Schuld\u00e4chern", "einen Lesekreis f\u00fcr Jugendliche",
                "eine Karte der sch\u00f6nsten Aussichtspunkte der Region",
                "eine neue Version mit deutlich k\u00fcrzeren Startzeiten",
                "einen Vergleich von f\u00fcnf g\u00fcnstigen Notebooks"],
        "when": ["in dieser Woche", "am Montag", "nach zwei Jahren Vorbereitung", "vor der Sommersaison",
                 "zum ersten Mal", "am vergangenen Wochenende", "fr\u00fcher als geplant", "am Dienstagabend"],
        "comment": ["Die ersten R\u00fcckmeldungen unserer Leserinnen und Leser sind \u00fcberwiegend positiv.",
                    "Details stehen noch aus; wir berichten im n\u00e4chsten Monat weiter.",
                    "Die Pl\u00e4tze sind begrenzt, eine fr\u00fche Anmeldung lohnt sich.",
                    "Finanziert wird das Projekt zum Teil von Gesch\u00e4ften aus dem Viertel.",
                    "Kritiker halten den Zeitplan f\u00fcr zu ehrgeizig.",
                    "Erste Ergebnisse sollen im Herbst ver\u00f6ffentlicht werden.",
                    "Viele von Ihnen haben uns dazu geschrieben \u2013 danke f\u00fcr die Hinweise.",
                    "Die \u00d6ffnungszeiten stehen auf der Website.",
                    "Vom Hauptbahnhof sind es etwa vierzig Minuten.",
                    "Die Veranstalter rechnen mit rund zweitausend G\u00e4sten.",
                    "Wir bleiben dran und berichten, wie es sich im Alltag bew\u00e4hrt.",
                    "Ein ausf\u00fchrliches Interview mit dem Team folgt in der n\u00e4chsten Ausgabe."],
        "headline": ["{Obj}: Das m\u00fcssen Sie wissen", "{Subj} {aux} {obj} {part}", "Im Test: {obj}",
                     "In Bildern: {obj}", "Warum {obj} wichtig ist"],
        "read_more": "Weiterlesen", "intro": ["Guten Morgen! Das war die Woche.",
                                              "Willkommen zur neuen Ausgabe unseres Newsletters.",
                                              "Diese Themen haben Sie in dieser Woche besonders interessiert."],
        "sections": ["Top-Themen", "Kurz notiert", "Termine", "Leserbriefe", "Lesenswert", "Technik"],
        "footer": "Sie erhalten diesen Newsletter, weil Sie ihn auf {domain} abonniert haben. Abmelden: {unsub} "
                  "- Einstellungen: {prefs}",
        "view": "Im Browser ansehen", "issue": "Ausgabe {n}",
    },
    "ja": {
        "subj": ["\u5e02\u8b70\u4f1a", "\u5730\u5143\u306e\u30dc\u30e9\u30f3\u30c6\u30a3\u30a2\u56e3\u4f53",
                 "\u5e02\u7acb\u56f3\u66f8\u9928", "\u5f53\u7de8\u96c6\u90e8\u306e\u30c6\u30b9\u30c8\u30ad\u30c3"
                                                   "\u30c1\u30f3",
                 "\u5730\u65b9\u6c17\u8c61\u53f0", "\u65e7\u5e02\u8857\u306e\u5c0f\u3055\u306a\u30d1\u30f3\u5c4b",
                 "\u5730\u5143\u306e\u30b5\u30c3\u30ab\u30fc\u30af\u30e9\u30d6",
                 "\u5c02\u9580\u5b66\u6821\u306e\u5b66\u751f\u30b0\u30eb\u30fc\u30d7",
                 "\u81ea\u7136\u53f2\u535a\u7269\u9928",
                 "\u5f53\u8a8c\u306e\u65c5\u884c\u62c5\u5f53\u8a18\u8005", "\u5e02\u4ea4\u901a\u5c40",
                 "\u6e2f\u5730\u533a\u306e\u30b9\u30bf\u30fc\u30c8\u30a2\u30c3\u30d7\u4f01\u696d",
                 "\u30b3\u30df\u30e5\u30cb\u30c6\u30a3\u30ac\u30fc\u30c7\u30f3",
                 "\u56fd\u7acb\u516c\u5712\u306e\u7ba1\u7406\u4e8b\u52d9\u6240",
                 "\u5f53\u8a8c\u306e\u30ec\u30d3\u30e5\u30fc\u62c5\u5f53",
                 "\u30aa\u30fc\u30d7\u30f3\u30bd\u30fc\u30b9\u306e\u958b\u767a\u30c1\u30fc\u30e0"],
        "verb": ["\u767a\u8868\u3057\u307e\u3057\u305f", "\u958b\u59cb\u3057\u307e\u3057\u305f",
                 "\u8a66\u9a13\u7684\u306b\u5c0e\u5165\u3057\u307e\u3057\u305f", "\u516c\u958b\u3057\u307e\u3057\u305f",
                 "\u7d39\u4ecb\u3057\u307e\u3057\u305f",
                 "\u8a73\u3057\u304f\u691c\u8a3c\u3057\u307e\u3057\u305f", "\u62ab\u9732\u3057\u307e\u3057\u305f",
                 "\u4e00\u65b0\u3057\u307e\u3057\u305f", "\u62e1\u5145\u3057\u307e\u3057\u305f"],
        "obj": ["\u5ddd\u6cbf\u3044\u306e\u65b0\u3057\u3044\u30b5\u30a4\u30af\u30ea\u30f3\u30b0\u30ed\u30fc\u30c9",
                "\u571f\u66dc\u671d\u306e\u7523\u76f4\u5e02\u5834",
                "\u30d0\u30b9\u306e\u9045\u308c\u3092\u30ea\u30a2\u30eb\u30bf\u30a4\u30e0\u3067\u8868\u793a\u3059"
                "\u308b\u30a2\u30d7\u30ea",
                "\u30d9\u30e9\u30f3\u30c0\u3067\u30c8\u30de\u30c8\u3092\u80b2\u3066\u308b\u305f\u3081\u306e\u30ac"
                "\u30a4\u30c9",
                "\u591c\u306e\u7121\u6599\u30b3\u30f3\u30b5\u30fc\u30c8\u30b7\u30ea\u30fc\u30ba",
                "\u5b66\u751f\u5411\u3051\u306e\u5272\u5b89\u306a\u5b9a\u671f\u5238",
                "\u5e73\u65e5\u306e\u591c\u306b\u3059\u3050\u4f5c\u308c\u308b\u30ec\u30b7\u30d4\u96c6",
                "\u6c34\u9053\u6c34\u306e\u6c34\u8cea\u306b\u95a2\u3059\u308b\u8abf\u67fb\u7d50\u679c",
                "\u5c0f\u578b\u5bb6\u96fb\u306e\u4fee\u7406\u30ab\u30d5\u30a7",
                "\u5c71\u3042\u3044\u306e\u65b0\u3057\u3044\u30cf\u30a4\u30ad\u30f3\u30b0\u30b3\u30fc\u30b9",
                "\u6e2f\u306e\u6b74\u53f2\u3092\u305f\u3069\u308b\u5c55\u89a7\u4f1a",
                "\u5b66\u6821\u306e\u5c4b\u4e0a\u306b\u592a\u967d\u5149\u30d1\u30cd\u30eb\u3092\u8a2d\u7f6e\u3059"
                "\u308b\u8a66\u9a13\u4e8b\u696d",
                "\u5341\u4ee3\u5411\u3051\u306e\u8aad\u66f8\u4f1a",
                "\u5730\u57df\u306e\u773a\u3081\u306e\u3088\u3044\u5834\u6240\u3092\u307e\u3068\u3081\u305f\u5730"
                "\u56f3",
                "\u8d77\u52d5\u304c\u5927\u5e45\u306b\u901f\u304f\u306a\u3063\u305f\u65b0\u30d0\u30fc\u30b8\u30e7"
                "\u30f3",
                "\u65ec\u306e\u91ce\u83dc\u3092\u4f7f\u3063\u305f\u4f5c\u308a\u7f6e\u304d\u30ec\u30b7\u30d4"],
        "when": ["\u4eca\u9031", "\u6708\u66dc\u65e5\u306b", "2\u5e74\u9593\u306e\u6e96\u5099\u3092\u7d4c\u3066",
                 "\u590f\u306e\u30b7\u30fc\u30ba\u30f3\u3092\u524d\u306b", "\u521d\u3081\u3066", "\u5148\u9031\u672b",
                 "\u4e88\u5b9a\u3088\u308a\u65e9\u304f", "\u706b\u66dc\u65e5\u306e\u591c"],
        "comment": ["\u3044\u3061\u65e9\u304f\u8a66\u3057\u305f\u8aad\u8005\u304b\u3089\u306f\u3001\u304a\u304a\u3080"
                    "\u306d\u597d\u8a55\u306e\u58f0\u304c\u5c4a\u3044\u3066\u3044\u307e\u3059\u3002",
                    "\u8a73\u7d30\u306f\u307e\u3060\u8abf\u6574\u4e2d\u3067\u3001\u6765\u6708\u53f7\u3067\u6539\u3081"
                    "\u3066\u304a\u4f1d\u3048\u3057\u307e\u3059\u3002",
                    "\u5b9a\u54e1\u306b\u9650\u308a\u304c\u3042\u308a\u307e\u3059\u306e\u3067\u3001\u65e9\u3081\u306e"
                    "\u304a\u7533\u3057\u8fbc\u307f\u3092\u304a\u3059\u3059\u3081\u3057\u307e\u3059\u3002",
                    "\u4e8b\u696d\u8cbb\u306e\u4e00\u90e8\u306f\u5730\u5143\u306e\u5546\u5e97\u304c\u8ca0\u62c5\u3057"
                    "\u3066\u3044\u307e\u3059\u3002",
                    "\u30b9\u30b1\u30b8\u30e5\u30fc\u30eb\u304c\u697d\u89b3\u7684\u3059\u304e\u308b\u3068\u306e\u6307"
                    "\u6458\u3082\u3042\u308a\u307e\u3059\u3002",
                    "\u6700\u521d\u306e\u7d50\u679c\u306f\u79cb\u306b\u516c\u8868\u3055\u308c\u308b\u4e88\u5b9a\u3067"
                    "\u3059\u3002",
                    "\u3053\u306e\u4ef6\u306b\u3064\u3044\u3066\u306f\u591a\u304f\u306e\u8aad\u8005\u304b\u3089\u304a"
                    "\u4fbf\u308a\u3092\u3044\u305f\u3060\u304d\u307e\u3057\u305f\u3002",
                    "\u55b6\u696d\u6642\u9593\u306f\u30a6\u30a7\u30d6\u30b5\u30a4\u30c8\u3067\u3054\u78ba\u8a8d\u304f"
                    "\u3060\u3055\u3044\u3002",
                    "\u4e2d\u592e\u99c5\u304b\u3089\u306f40\u5206\u307b\u3069\u3067\u3059\u3002",
                    "\u4e3b\u50ac\u8005\u306f\u7d042000\u4eba\u306e\u6765\u5834\u3092\u898b\u8fbc\u3093\u3067\u3044"
                    "\u307e\u3059\u3002",
                    "\u5b9f\u969b\u306e\u4f7f\u3044\u52dd\u624b\u306b\u3064\u3044\u3066\u3082\u5f15\u304d\u7d9a\u304d"
                    "\u304a\u4f1d\u3048\u3057\u307e\u3059\u3002"],
        "headline": ["{obj}\u306b\u3064\u3044\u3066\u77e5\u3063\u3066\u304a\u304d\u305f\u3044\u3053\u3068",
                     "{subj}\u3001{obj}\u3092{verb}", "\u8a66\u3057\u3066\u307f\u307e\u3057\u305f\uff1a{obj}",
                     "\u5199\u771f\u3067\u898b\u308b{obj}"],
        "read_more": "\u7d9a\u304d\u3092\u8aad\u3080",
        "intro": ["\u3053\u3093\u306b\u3061\u306f\u3002\u4eca\u9031\u306e\u30cb\u30e5\u30fc\u30b9\u3092\u304a\u5c4a"
                  "\u3051\u3057\u307e\u3059\u3002",
                  "\u3044\u3064\u3082\u3054\u611b\u8aad\u3042\u308a\u304c\u3068\u3046\u3054\u3056\u3044\u307e\u3059"
                  "\u3002\u6700\u65b0\u53f7\u3092\u304a\u9001\u308a\u3057\u307e\u3059\u3002"],
        "sections": ["\u4eca\u9031\u306e\u6ce8\u76ee", "\u30cb\u30e5\u30fc\u30b9\u77ed\u4fe1",
                     "\u30a4\u30d9\u30f3\u30c8",
                     "\u8aad\u8005\u306e\u58f0", "\u304a\u3059\u3059\u3081\u306e\u8a18\u4e8b"],
        "footer": "\u3053\u306e\u30e1\u30fc\u30eb\u306f{domain}\u3067\u914d\u4fe1\u3092\u3054\u5e0c\u671b\u3055\u308c"
                  "\u305f\u65b9\u306b\u304a\u9001\u308a\u3057\u3066\u3044\u307e\u3059\u3002\n\u914d\u4fe1\u505c\u6b62"
                  "\uff1a{unsub}\n\u914d\u4fe1\u8a2d\u5b9a\uff1a{prefs}",
        "view": "\u30d6\u30e9\u30a6\u30b6\u3067\u8868\u793a", "issue": "\u7b2c{n}\u53f7",
    },
}


def news_sentence(r, lang):
    p = NEWS[lang]
    subj, obj, when = r.choice(p["subj"]), r.choice(p["obj"]), r.choice(p["when"])
    if lang == "en":
        return "%s %s %s %s." % (subj, r.choice(p["verb"]), obj, when)
    if lang in ("fr", "es"):
        return "%s %s %s %s." % (subj, r.choice(p["verb"]), obj, when)
    if lang == "de":
        aux, part = r.choice(p["verb"])
        return "%s %s %s %s %s." % (subj, aux, when, obj, part)
    return "%s\u306f%s\u3001%s\u3092%s\u3002" % (subj, when, obj, r.choice(p["verb"]))


def news_paragraph(r, lang, n=None):
    n = n or r.randrange(3, 6)
    p = NEWS[lang]
    out = []
    for i in range(n):
        out.append(news_sentence(r, lang) if i % 2 == 0 or r.random() < 0.3 else r.choice(p["comment"]))
    return ("" if lang == "ja" else " ").join(out)


def news_headline(r, lang):
    p = NEWS[lang]
    t = r.choice(p["headline"])
    obj, subj = r.choice(p["obj"]), r.choice(p["subj"])
    if lang == "de":
        aux, part = r.choice(p["verb"])
        return t.format(Obj=obj[0].upper() + obj[1:], obj=obj, Subj=subj, subj=subj, aux=aux, part=part)
    verb = r.choice(p["verb"])
    return t.format(Obj=obj[0].upper() + obj[1:], obj=obj, Subj=subj, subj=subj, verb=verb)


def slug(text, r):
    if sum(c.isascii() for c in text) * 2 < len(text):   # Japanese: a numbered article
        return "article-%s" % digits(r, 6)
    s = "".join(c if c.isalnum() else "-" for c in ascii_fold(text).lower())
    s = "-".join(p for p in s.split("-") if p)[:60].rstrip("-")
    return s or "article-%s" % digits(r, 6)


def money(lang, cur, amount):
    if lang == "ja":
        return "{:,}\u5186".format(int(amount))
    if lang == "en":
        return "%s%s" % (cur, "{:,.2f}".format(amount))
    return "%s\u00a0%s" % ("{:,.2f}".format(amount).replace(",", " ").replace(".", ","), cur)


def long_date(lang, d):
    months = {"en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                     "October", "November", "December"],
              "fr": ["janvier", "f\u00e9vrier", "mars", "avril", "mai", "juin", "juillet", "ao\u00fbt", "septembre",
                     "octobre", "novembre", "d\u00e9cembre"],
              "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
                     "octubre", "noviembre", "diciembre"],
              "de": ["Januar", "Februar", "M\u00e4rz", "April", "Mai", "Juni", "Juli", "August", "September",
                     "Oktober", "November", "Dezember"]}
    if lang == "ja":
        return "%d\u5e74%d\u6708%d\u65e5" % (d.year, d.month, d.day)
    m = months[lang][d.month - 1]
    if lang == "en":
        return "%s %d, %d" % (m, d.day, d.year)
    if lang == "fr":
        return "%d %s %d" % (d.day, m, d.year)
    if lang == "es":
        return "%d de %s de %d" % (d.day, m, d.year)
    return "%d. %s %d" % (d.day, m, d.year)


CSS = """body{margin:0;padding:0;background:#f2f2f2;-webkit-text-size-adjust:100%;}
table{border-collapse:collapse;mso-table-lspace:0pt;mso-table-rspace:0pt;}
img{border:0;outline:none;text-decoration:none;-ms-interpolation-mode:bicubic;}
.wrapper{width:100%;background:#f2f2f2;}
.container{width:600px;max-width:600px;background:#ffffff;}
.header{padding:24px 32px;background:COLOR;color:#ffffff;font-family:Georgia,serif;font-size:26px;}
.section{padding:18px 32px 4px 32px;font-family:Arial,Helvetica,sans-serif;font-size:12px;letter-spacing:2px;
text-transform:uppercase;color:#888888;}
.article{padding:8px 32px 20px 32px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.55;
color:#222222;}
.article h2{font-family:Georgia,serif;font-size:21px;line-height:1.3;margin:0 0 10px 0;color:#111111;}
.button{display:inline-block;padding:9px 16px;border-radius:3px;background:COLOR;color:#ffffff;
text-decoration:none;font-weight:bold;}
.footer{padding:24px 32px;font-family:Arial,Helvetica,sans-serif;font-size:11px;line-height:1.5;color:#777777;}
@media only screen and (max-width:620px){.container{width:100% !important;}
.article,.section,.header,.footer{padding-left:16px !important;padding-right:16px !important;}}"""


def html_page(lang, title, color, inner, preheader=""):
    pre = ('<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">%s</div>\n' % esc(preheader)
           if preheader else "")
    return ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
            '<html xmlns="http://www.w3.org/1999/xhtml" lang="%s">\n<head>\n'
            '<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1.0" />\n<title>%s</title>\n'
            '<style type="text/css">\n%s\n</style>\n</head>\n<body>\n%s'
            '<table class="wrapper" role="presentation" width="100%%" cellpadding="0" cellspacing="0"><tr>'
            '<td align="center">\n<table class="container" role="presentation" width="600" cellpadding="0" '
            'cellspacing="0">\n%s\n</table>\n</td></tr></table>\n</body>\n</html>\n'
            % (lang, esc(title), CSS.replace("COLOR", color), pre, inner))


def html_paragraphs(text):
    out = []
    for para in text.split("\n\n"):
        lines = para.split("\n")
        if any(l.startswith((" ", "|")) for l in lines):
            out.append("<pre style=\"font-family:Menlo,Consolas,monospace;font-size:13px\">%s</pre>" %
                       esc("\n".join(lines)))
        else:
            body = "<br>\n".join(linkify(esc(l)) for l in lines)
            out.append("<p>%s</p>" % body)
    return "\n".join(out)


def linkify(line):
    words = line.split(" ")
    for i, w in enumerate(words):
        if w.startswith("https://"):
            url = w.rstrip(".,;)")
            words[i] = w.replace(url, '<a href="%s">%s</a>' % (url, url))
    return " ".join(words)


# ---- Growth pools: what each kind of mail gets longer with ---------------------

CHATTER = {
    "en": dict(who=["Emma", "My brother", "My sister", "Grandpa", "Our neighbour", "Lucy from work", "Dad"],
               did=["started swimming lessons", "finished the shelves in the kitchen", "caught a terrible cold",
                    "found a new job at the library", "planted potatoes in the back garden", "adopted a rescue cat",
                    "passed the driving test", "repainted the hallway", "booked a week in the mountains",
                    "sold the old car"],
               when=["last week", "on Sunday", "yesterday", "over the holidays", "at last", "in the end"],
               react=["We are all very proud.", "It was quite an adventure.", "I'll tell you more when we see "
                      "each other.", "Photos to follow!", "Nobody expected that.", "Long story, but it worked out.",
                      "The house feels very different now."]),
    "fr": dict(who=["Emma", "Mon fr\u00e8re", "Ma s\u0153ur", "Papy", "Notre voisine", "Lucie, une coll\u00e8gue",
                    "Papa"],
               did=["a commenc\u00e9 les cours de natation", "a fini les \u00e9tag\u00e8res de la cuisine",
                    "a attrap\u00e9 un gros rhume", "a trouv\u00e9 un nouveau travail \u00e0 la m\u00e9diath\u00e8que",
                    "a plant\u00e9 des pommes de terre au fond du jardin", "a adopt\u00e9 un chat",
                    "a eu son permis", "a repeint le couloir", "a r\u00e9serv\u00e9 une semaine \u00e0 la montagne",
                    "a vendu la vieille voiture"],
               when=["la semaine derni\u00e8re", "dimanche", "hier", "pendant les vacances", "enfin"],
               react=["On est tous tr\u00e8s fiers.", "Quelle aventure\u202f!", "Je te raconterai tout de vive voix.",
                      "Photos \u00e0 suivre\u202f!", "Personne ne s'y attendait.", "Longue histoire, mais tout est "
                      "rentr\u00e9 dans l'ordre."]),
    "es": dict(who=["Emma", "Mi hermano", "Mi hermana", "El abuelo", "Nuestra vecina", "Luc\u00eda, una compa\u00f1era",
                    "Pap\u00e1"],
               did=["empez\u00f3 clases de nataci\u00f3n", "termin\u00f3 las estanter\u00edas de la cocina",
                    "pill\u00f3 un buen resfriado", "encontr\u00f3 trabajo en la biblioteca",
                    "plant\u00f3 patatas en el huerto", "adopt\u00f3 un gato", "aprob\u00f3 el carn\u00e9 de conducir",
                    "pint\u00f3 el pasillo", "reserv\u00f3 una semana en la monta\u00f1a",
                    "vendi\u00f3 el coche viejo"],
               when=["la semana pasada", "el domingo", "ayer", "en vacaciones", "por fin"],
               react=["Estamos todos muy orgullosos.", "Menuda aventura.", "Ya te contar\u00e9 en persona.",
                      "\u00a1Fotos pronto!", "Nadie se lo esperaba.", "Larga historia, pero sali\u00f3 bien."]),
    "de": dict(who=["Emma", "Mein Bruder", "Meine Schwester", "Opa", "Unsere Nachbarin", "Lena aus dem B\u00fcro",
                    "Papa"],
               did=[("mit dem Schwimmkurs", "angefangen"), ("die Regale in der K\u00fcche", "fertig gebaut"),
                    ("sich eine dicke Erk\u00e4ltung", "eingefangen"),
                    ("eine neue Stelle in der Bibliothek", "gefunden"), ("Kartoffeln im Garten", "gepflanzt"),
                    ("eine Katze aus dem Tierheim", "geholt"), ("den F\u00fchrerschein", "bestanden"),
                    ("den Flur", "gestrichen"), ("eine Woche in den Bergen", "gebucht"),
                    ("das alte Auto", "verkauft")],
               when=["letzte Woche", "am Sonntag", "gestern", "\u00fcber die Feiertage", "endlich"],
               react=["Wir sind alle sehr stolz.", "Das war ein echtes Abenteuer.", "Ich erz\u00e4hle dir mehr, "
                      "wenn wir uns sehen.", "Fotos folgen!", "Damit hat keiner gerechnet.",
                      "Lange Geschichte, aber es ist gut ausgegangen."]),
    "ja": dict(who=["\u59c9", "\u5f1f", "\u5b50\u3069\u3082\u305f\u3061", "\u7236", "\u96a3\u306e\u7530\u4e2d\u3055"
                                                                                    "\u3093",
                    "\u8077\u5834\u306e\u540c\u50da"],
               did=["\u6c34\u6cf3\u6559\u5ba4\u306b\u901a\u3044\u59cb\u3081\u307e\u3057\u305f",
                    "\u53f0\u6240\u306e\u68da\u3092\u4f5c\u308a\u7d42\u3048\u307e\u3057\u305f",
                    "\u3072\u3069\u3044\u98a8\u90aa\u3092\u3072\u304d\u307e\u3057\u305f",
                    "\u56f3\u66f8\u9928\u3067\u65b0\u3057\u3044\u4ed5\u4e8b\u3092\u898b\u3064\u3051\u307e\u3057\u305f",
                    "\u5ead\u306b\u3058\u3083\u304c\u3044\u3082\u3092\u690d\u3048\u307e\u3057\u305f",
                    "\u4fdd\u8b77\u732b\u3092\u8fce\u3048\u307e\u3057\u305f",
                    "\u904b\u8ee2\u514d\u8a31\u3092\u53d6\u308a\u307e\u3057\u305f",
                    "\u5eca\u4e0b\u306e\u58c1\u3092\u5857\u308a\u66ff\u3048\u307e\u3057\u305f"],
               when=["\u5148\u9031", "\u65e5\u66dc\u65e5\u306b", "\u6628\u65e5", "\u9023\u4f11\u4e2d\u306b",
                     "\u3088\u3046\u3084\u304f"],
               react=["\u307f\u3093\u306a\u3067\u559c\u3093\u3067\u3044\u307e\u3059\u3002",
                      "\u3061\u3087\u3063\u3068\u3057\u305f\u5927\u5192\u967a\u3067\u3057\u305f\u3002",
                      "\u8a73\u3057\u304f\u306f\u4eca\u5ea6\u4f1a\u3063\u305f\u3068\u304d\u306b\u8a71\u3057\u307e\u3059"
                      "\u3002", "\u5199\u771f\u306f\u307e\u305f\u9001\u308a\u307e\u3059\u3002"]),
}


def chatter(r, lang):
    p = CHATTER[lang]
    who, when = r.choice(p["who"]), r.choice(p["when"])
    if lang == "de":
        obj, part = r.choice(p["did"])
        s = "%s hat %s %s %s." % (who, when, obj, part)
    elif lang == "ja":
        s = "%s\u304c%s\u3001%s" % (who, when, r.choice(p["did"])) + "\u3002"
        s = s.replace("\u3002\u3002", "\u3002")
    else:
        s = "%s %s %s." % (who, r.choice(p["did"]), when)
    return s + ("" if lang == "ja" else " ") + r.choice(p["react"])


TECH = {
    "en": dict(s=["The nightly build", "The compaction code", "The new plugin loader", "Our test suite",
                  "The arm64 runner", "The docs build", "The release script", "The benchmark job"],
               v=["fails", "passes again", "got about 8% faster", "needs a rebase", "still leaks a file descriptor",
                  "times out", "prints a deprecation warning", "uses twice the memory"],
               c=["on Debian 12", "with the default configuration", "since the last merge", "when the cache is cold",
                  "on machines with 2 GB of RAM", "after the dependency update", "with the old config format"],
               close=["I'll open an issue with the full log.", "Patch coming later today.", "Any ideas welcome.",
                      "Bisecting now.", "Does anyone else see this?"]),
    "de": dict(s=["Der n\u00e4chtliche Build", "Das Backup-Skript", "Der neue Kernel", "Die WireGuard-Verbindung",
                  "Mein Raspberry Pi", "Der Drucker im Vereinsheim", "Die Nextcloud-Instanz"],
               v=["l\u00e4uft wieder", "bricht ab", "ist sp\u00fcrbar schneller", "startet nicht",
                  "verliert die Verbindung", "meldet einen Zertifikatsfehler"],
               c=["unter Debian 12", "seit dem letzten Update", "nach einem Neustart", "mit der Standardkonfiguration",
                  "im WLAN des Vereinsheims", "mit dem alten Router"],
               close=["Ich h\u00e4nge das Log an, sobald ich zu Hause bin.", "Hat jemand eine Idee?",
                      "Wir k\u00f6nnen uns das beim Treffen gemeinsam ansehen.", "Danke schon mal!"]),
    "ja": dict(s=["CI\u306e\u30d3\u30eb\u30c9", "\u30c6\u30b9\u30c8\u30b9\u30a4\u30fc\u30c8",
                  "\u65b0\u3057\u3044\u30d7\u30e9\u30b0\u30a4\u30f3\u30ed\u30fc\u30c0\u30fc",
                  "\u30c9\u30ad\u30e5\u30e1\u30f3\u30c8\u306e\u30d3\u30eb\u30c9",
                  "\u30ea\u30ea\u30fc\u30b9\u7528\u306e\u30b9\u30af\u30ea\u30d7\u30c8", "bundle install"],
               v=["\u304c\u5931\u6557\u3057\u307e\u3059", "\u304c\u901a\u308b\u3088\u3046\u306b\u306a\u308a\u307e"
                                                          "\u3057\u305f",
                  "\u304c8%\u307b\u3069\u901f\u304f\u306a\u308a\u307e\u3057\u305f",
                  "\u304c\u30bf\u30a4\u30e0\u30a2\u30a6\u30c8\u3057\u307e\u3059",
                  "\u3067\u8b66\u544a\u304c\u51fa\u307e\u3059"],
               c=["Debian 12 \u3067\u306f", "\u30c7\u30d5\u30a9\u30eb\u30c8\u8a2d\u5b9a\u3060\u3068",
                  "\u524d\u56de\u306e\u30de\u30fc\u30b8\u4ee5\u964d", "\u30ad\u30e3\u30c3\u30b7\u30e5\u304c\u7a7a\u306e"
                  "\u3068\u304d\u306b", "Ruby 3.4 \u306b\u4e0a\u3052\u305f\u3089"],
               close=["\u30ed\u30b0\u306f\u5f8c\u3067\u8cbc\u308a\u307e\u3059\u3002",
                      "\u4f55\u304b\u5fc3\u5f53\u305f\u308a\u304c\u3042\u308c\u3070\u6559\u3048\u3066\u304f\u3060\u3055"
                      "\u3044\u3002", "\u6b21\u56de\u306e\u52c9\u5f37\u4f1a\u3067\u76f8\u8ac7\u3055\u305b\u3066\u304f"
                      "\u3060\u3055\u3044\u3002"]),
}


def tech_chatter(r, lang):
    p = TECH[lang]
    if lang == "ja":
        return "%s%s%s\u3002%s" % (r.choice(p["c"]), r.choice(p["s"]), r.choice(p["v"]), r.choice(p["close"]))
    return "%s %s %s. %s" % (r.choice(p["s"]), r.choice(p["v"]), r.choice(p["c"]), r.choice(p["close"]))


# Association lists (fr, es): more of what members write to each other.
ASSOC = {
    "fr": ["Je peux apporter la pompe \u00e0 pied et la caisse \u00e0 outils.",
           "Pensez \u00e0 renouveler votre adh\u00e9sion avant la fin du mois.",
           "La bourse aux v\u00e9los est d\u00e9plac\u00e9e au gymnase \u00e0 cause des travaux.",
           "Quelqu'un a-t-il retrouv\u00e9 une paire de gants noirs apr\u00e8s la sortie\u202f?",
           "Le parcours fait 45 km avec un seul passage un peu raide.",
           "On cherche deux b\u00e9n\u00e9voles pour tenir le stand au march\u00e9.",
           "Les photos de la derni\u00e8re sortie sont sur le site.",
           "Merci \u00e0 Claire pour l'organisation, c'\u00e9tait parfait."],
    "es": ["Puedo llevar la carretilla y las tijeras de podar.",
           "Recordad pagar la cuota antes de fin de mes.",
           "El grifo de la parcela cuatro gotea; ya he avisado al ayuntamiento.",
           "\u00bfAlguien ha visto una azada con el mango azul?",
           "Las habas ya est\u00e1n en flor, este a\u00f1o van adelantadas.",
           "Buscamos dos voluntarios para el taller infantil del s\u00e1bado.",
           "He subido las fotos de la jornada al grupo.",
           "Gracias a Marta por organizarlo todo."],
}

PHISH_FAQ = {
    "en": ["Why do I need to do this? To protect customers after the incident, every device must be confirmed "
           "by its owner.", "How long does it take? Less than five minutes. Keep your device and your recovery "
           "sheet at hand.", "What happens if I ignore this message? Your account will be restricted until the "
           "verification is completed.", "Is my data safe? Our portal uses end-to-end encryption and the "
           "information is deleted after verification."],
    "fr": ["Pourquoi cette d\u00e9marche\u202f? Pour prot\u00e9ger nos clients apr\u00e8s l'incident, chaque appareil "
           "doit \u00eatre confirm\u00e9 par son propri\u00e9taire.", "Combien de temps cela prend-il\u202f? Moins de "
           "cinq minutes.", "Que se passe-t-il si j'ignore ce message\u202f? Votre compte restera limit\u00e9 "
           "jusqu'\u00e0 la v\u00e9rification."],
    "es": ["\u00bfPor qu\u00e9 tengo que hacerlo? Para proteger a nuestros clientes tras el incidente, cada "
           "dispositivo debe confirmarlo su propietario.", "\u00bfCu\u00e1nto tarda? Menos de cinco minutos.",
           "\u00bfQu\u00e9 pasa si ignoro este mensaje? Tu cuenta quedar\u00e1 limitada hasta completar la "
           "verificaci\u00f3n."],
    "de": ["Warum ist das n\u00f6tig? Zum Schutz unserer Kunden nach dem Vorfall muss jedes Ger\u00e4t von seinem "
           "Besitzer best\u00e4tigt werden.", "Wie lange dauert es? Weniger als f\u00fcnf Minuten.",
           "Was passiert, wenn ich die Nachricht ignoriere? Ihr Konto bleibt bis zur Best\u00e4tigung "
           "eingeschr\u00e4nkt."],
    "ja": ["\u306a\u305c\u5fc5\u8981\u306a\u306e\u3067\u3059\u304b\uff1f\u4e8b\u6545\u5f8c\u306e\u304a\u5ba2\u69d8"
           "\u4fdd\u8b77\u306e\u305f\u3081\u3001\u3059\u3079\u3066\u306e\u7aef\u672b\u3067\u3054\u672c\u4eba\u306e"
           "\u78ba\u8a8d\u304c\u5fc5\u8981\u3067\u3059\u3002",
           "\u6240\u8981\u6642\u9593\u306f\uff1f\u7d045\u5206\u3067\u5b8c\u4e86\u3057\u307e\u3059\u3002",
           "\u7121\u8996\u3059\u308b\u3068\u3069\u3046\u306a\u308a\u307e\u3059\u304b\uff1f\u78ba\u8a8d\u304c\u5b8c"
           "\u4e86\u3059\u308b\u307e\u3067\u3001\u30a2\u30ab\u30a6\u30f3\u30c8\u306e\u5229\u7528\u304c\u5236\u9650"
           "\u3055\u308c\u307e\u3059\u3002"],
}
PHISH_LEGAL = {
    "en": "This message was sent to you as a registered Ledger customer. Ledger SAS is registered in Paris under "
          "number 789 012 345. Ledger, Ledger Live and Ledger Nano are trademarks of Ledger SAS. Please do not "
          "forward this email: the link inside is personal and expires after use.",
    "fr": "Ce message vous est adress\u00e9 en tant que client enregistr\u00e9 de Ledger. Ledger SAS, "
          "immatricul\u00e9e \u00e0 Paris. Ne transf\u00e9rez pas cet e-mail\u202f: le lien est personnel et expire "
          "apr\u00e8s utilisation.",
    "es": "Has recibido este mensaje como cliente registrado de Ledger. No reenv\u00edes este correo: el enlace es "
          "personal y caduca tras su uso.",
    "de": "Sie erhalten diese Nachricht als registrierte Ledger-Kundin bzw. registrierter Ledger-Kunde. Bitte "
          "leiten Sie diese E-Mail nicht weiter: Der Link ist pers\u00f6nlich und verf\u00e4llt nach der Nutzung.",
    "ja": "\u672c\u30e1\u30fc\u30eb\u306f\u3054\u767b\u9332\u306e\u304a\u5ba2\u69d8\u306b\u304a\u9001\u308a\u3057\u3066"
          "\u3044\u307e\u3059\u3002\u30ea\u30f3\u30af\u306f\u304a\u5ba2\u69d8\u5c02\u7528\u306e\u305f\u3081\u3001"
          "\u8ee2\u9001\u3057\u306a\u3044\u3067\u304f\u3060\u3055\u3044\u3002",
}
CARRIER_INFO = {
    "en": ["Need to change something? You can reschedule, authorise a release without signature or have the "
           "package held at a nearby access point.", "Delivery times are estimates and may change with weather "
           "or traffic.", "Manage your delivery preferences once for all your packages with a free account.",
           "Questions about the contents of the package? Please contact the sender directly."],
    "fr": ["Besoin de changer quelque chose\u202f? Vous pouvez reporter la livraison ou la faire d\u00e9poser "
           "chez un voisin.", "Les horaires sont donn\u00e9s \u00e0 titre indicatif.",
           "Une question sur le contenu du colis\u202f? Contactez directement l'exp\u00e9diteur.",
           "Cr\u00e9ez un compte gratuit pour g\u00e9rer vos pr\u00e9f\u00e9rences de livraison."],
    "es": ["\u00bfNecesitas cambiar algo? Puedes aplazar la entrega o dejar el paquete con un vecino.",
           "Los horarios son orientativos.", "Si tienes dudas sobre el contenido, contacta con el remitente.",
           "Crea una cuenta gratuita para gestionar tus preferencias de entrega."],
    "de": ["Sie m\u00f6chten etwas \u00e4ndern? Sie k\u00f6nnen einen Wunschtag w\u00e4hlen oder die Sendung bei "
           "einem Nachbarn abgeben lassen.", "Die Zeitfenster sind Prognosen und k\u00f6nnen sich verschieben.",
           "Fragen zum Inhalt der Sendung kl\u00e4ren Sie bitte direkt mit dem Absender.",
           "Mit einem kostenlosen Kundenkonto legen Sie Ihre Zustellw\u00fcnsche einmal f\u00fcr alle Sendungen "
           "fest."],
    "ja": ["\u304a\u5c4a\u3051\u65e5\u6642\u306e\u5909\u66f4\u3084\u3001\u55b6\u696d\u6240\u3067\u306e\u53d7\u3051"
           "\u53d6\u308a\u3082\u9078\u3079\u307e\u3059\u3002",
           "\u304a\u5c4a\u3051\u4e88\u5b9a\u6642\u9593\u306f\u76ee\u5b89\u3067\u3059\u3002",
           "\u5546\u54c1\u306b\u95a2\u3059\u308b\u304a\u554f\u3044\u5408\u308f\u305b\u306f\u3054\u4f9d\u983c\u4e3b"
           "\u69d8\u3078\u304a\u9858\u3044\u3057\u307e\u3059\u3002",
           "\u4f1a\u54e1\u767b\u9332\u3092\u3059\u308b\u3068\u3001\u914d\u9054\u4e88\u5b9a\u3092\u4e8b\u524d\u306b"
           "\u304a\u77e5\u3089\u305b\u3057\u307e\u3059\u3002"],
}

CRYPTO = {
    "en": dict(coins=["Bitcoin", "Ether", "Solana", "Polkadot", "Cardano"], up="rose", down="fell",
               period=["over the week", "since Monday", "in the last 24 hours"],
               comment=["Trading volumes stayed below their January average.",
                        "Analysts point to the upcoming network upgrade.",
                        "Fees on the network were at their lowest level since October.",
                        "Several exchanges paused withdrawals briefly for maintenance.",
                        "Long-term holders kept moving coins to self-custody."],
               head=["Market recap: {c} {m} {p}%", "{c} and {c2}: the week in numbers", "What moved {c} this week"]),
    "es": dict(coins=["Bitcoin", "Ether", "Solana", "Polkadot", "Cardano"], up="subi\u00f3", down="cay\u00f3",
               period=["en la semana", "desde el lunes", "en las \u00faltimas 24 horas"],
               comment=["El volumen de negociaci\u00f3n sigui\u00f3 por debajo de la media de enero.",
                        "Los analistas apuntan a la pr\u00f3xima actualizaci\u00f3n de la red.",
                        "Las comisiones de la red marcaron su m\u00ednimo desde octubre.",
                        "Varios exchanges pausaron los retiros por mantenimiento.",
                        "Los inversores de largo plazo siguieron pasando monedas a autocustodia."],
               head=["Resumen del mercado: {c} {m} un {p} %", "{c} y {c2}: la semana en cifras"]),
}


def crypto_paragraph(r, lang):
    p = CRYPTO[lang]
    out = []
    for _ in range(r.randrange(2, 4)):
        c = r.choice(p["coins"])
        pct = "%d.%d" % (r.randrange(1, 14), r.randrange(10))
        if lang == "es":
            pct = pct.replace(".", ",")
            out.append("%s %s un %s\u00a0%% %s." % (c, r.choice([p["up"], p["down"]]), pct, r.choice(p["period"])))
        else:
            out.append("%s %s %s%% %s." % (c, r.choice([p["up"], p["down"]]), pct, r.choice(p["period"])))
        out.append(r.choice(p["comment"]))
    return " ".join(out)


def crypto_headline(r, lang):
    p = CRYPTO[lang]
    c, c2 = r.sample(p["coins"], 2)
    pct = "%d" % r.randrange(2, 15)
    return r.choice(p["head"]).format(c=c, c2=c2, m=r.choice([p["up"], p["down"]]), p=pct)


# ---- Newsletters -----------------------------------------------------------

NEWSLETTERS = {
    "en": [("morningbrief-news.com", "Morning Brief", "newsletter", "#1d4e89"),
           ("techpulse-weekly.com", "TechPulse Weekly", "hello", "#5b2a86"),
           ("blockchain-chronicle.com", "Blockchain Chronicle", "digest", "#0b6e4f")],
    "fr": [("jardins-et-saisons.fr", "Jardins & Saisons", "lettre", "#3d7a33"),
           ("lettre-du-quartier.fr", "La Lettre du Quartier", "redaction", "#b23a48")],
    "es": [("diariocripto.es", "Diario Cripto", "boletin", "#d1495b"),
           ("viajes-lentos.es", "Viajes Lentos", "hola", "#00798c")],
    "de": [("technik-wochenblatt.de", "Technik-Wochenblatt", "newsletter", "#30638e"),
           ("stadtgarten-post.de", "Stadtgarten-Post", "post", "#4f772d")],
    "ja": [("tech-dayori.jp", "\u30c6\u30c3\u30af\u4fbf\u308a", "news", "#264653"),
           ("ryori-note.jp", "\u6599\u7406\u30ce\u30fc\u30c8", "magazine", "#e76f51")],
}

# Crypto news sites write about the Ledger leak and phishing: hard ham.
LEDGER_NEWS = {
    "en": ("Wallet makers warn of a new wave of fake security mail",
           ["Customers of several hardware wallet makers, Ledger among them, have reported a new wave of fake "
            "e-mails and even printed letters this month. The messages borrow the look of real security notices "
            "and point to sites that imitate the makers' own.",
            "Ledger repeated its standing advice this week: it never asks for the 24 words of a recovery phrase, "
            "not by e-mail, not by phone and not on paper, and nobody from the company will call a customer. "
            "Anyone who types the words into a website hands over the wallet.",
            "Security researchers note that the senders often reuse names and postal addresses from the 2020 "
            "leak of customer data. If a message mentions an order you really placed, that does not make it "
            "genuine; check your orders on the official site instead of following a link."]),
    "es": ("Los fabricantes de carteras avisan de una nueva oleada de correos falsos",
           ["Clientes de varios fabricantes de carteras f\u00edsicas, entre ellos Ledger, han recibido este mes "
            "correos falsos e incluso cartas en papel que imitan avisos de seguridad reales.",
            "Ledger record\u00f3 esta semana que nunca pide la frase de recuperaci\u00f3n de 24 palabras, ni por "
            "correo ni por tel\u00e9fono, y que nadie de la empresa llamar\u00e1 a sus clientes. Quien escribe esas "
            "palabras en una web entrega su cartera.",
            "Los investigadores advierten de que los remitentes reutilizan nombres y direcciones de la "
            "filtraci\u00f3n de datos de 2020. Que un mensaje cite un pedido real no lo hace aut\u00e9ntico."]),
}


SHOP_NEWS = {
    "en": (["Spring is here, and so are new arrivals. Here is what is new in the shop this week.",
            "Thank you for shopping with us! This week's offers are below."],
           ["This week's offers", "New in", "From our blog"]),
    "fr": (["Le printemps est l\u00e0, et les nouveaut\u00e9s aussi\u202f: voici ce qui est arriv\u00e9 cette "
            "semaine.", "Merci de votre fid\u00e9lit\u00e9\u202f! Voici les offres de la semaine."],
           ["Les offres de la semaine", "Nouveaut\u00e9s", "Le blog"]),
    "es": (["Llega la primavera y con ella las novedades. Esto es lo nuevo de la semana.",
            "\u00a1Gracias por confiar en nosotros! Estas son las ofertas de la semana."],
           ["Ofertas de la semana", "Novedades", "Del blog"]),
    "de": (["Der Fr\u00fchling ist da \u2013 und mit ihm neue Artikel. Das ist neu in dieser Woche.",
            "Danke f\u00fcr Ihre Treue! Hier sind die Angebote der Woche."],
           ["Angebote der Woche", "Neu eingetroffen", "Aus dem Blog"]),
    "ja": (["\u3044\u3064\u3082\u3054\u5229\u7528\u3042\u308a\u304c\u3068\u3046\u3054\u3056\u3044\u307e"
            "\u3059\u3002\u4eca\u9031\u306e\u304a\u3059\u3059\u3081\u3092\u304a\u5c4a\u3051\u3057\u307e"
            "\u3059\u3002"],
           ["\u4eca\u9031\u306e\u304a\u3059\u3059\u3081", "\u65b0\u5165\u8377",
            "\u30b9\u30bf\u30c3\u30d5\u30d6\u30ed\u30b0"]),
}


def shop_promo_article(r, lang, shop, product):
    name, price = product
    pct = r.choice([10, 15, 20, 25, 30])
    t = {"en": ("{pct}% off {name} this week", "Our {name} is {pct}% off until Sunday: {price} instead of {old}. "
                "It is one of the most popular items in our shop, and reviewers like how well it holds up. "
                "Free returns within 30 days, as always."),
         "fr": ("-{pct}\u00a0% sur {name} cette semaine", "{name} est \u00e0 -{pct}\u00a0% jusqu'\u00e0 "
                "dimanche\u202f: {price} au lieu de {old}. C'est l'un des articles pr\u00e9f\u00e9r\u00e9s de nos "
                "clients. Retours gratuits sous 30 jours, comme toujours."),
         "es": ("{pct}\u00a0% de descuento en {name}", "{name} tiene un {pct}\u00a0% de descuento hasta el "
                "domingo: {price} en lugar de {old}. Es uno de los productos favoritos de nuestros clientes. "
                "Devoluciones gratuitas en 30 d\u00edas, como siempre."),
         "de": ("{pct}\u00a0% Rabatt auf {name}", "{name} gibt es bis Sonntag {pct}\u00a0% g\u00fcnstiger: "
                "{price} statt {old}. Einer der Lieblingsartikel unserer Kundschaft. Kostenlose R\u00fccksendung "
                "innerhalb von 30 Tagen, wie immer."),
         "ja": ("\u4eca\u9031\u9650\u5b9a\uff1a{name}\u304c{pct}%\u30aa\u30d5",
                "{name}\u3092\u65e5\u66dc\u65e5\u307e\u3067{pct}%\u30aa\u30d5\u306e{price}\uff08\u901a\u5e38{old}\uff09"
                "\u3067\u304a\u5c4a\u3051\u3057\u307e\u3059\u3002\u304a\u5ba2\u3055\u307e\u306b\u4eba\u6c17\u306e"
                "\u5546\u54c1\u3067\u3059\u3002\u8fd4\u54c1\u306f30\u65e5\u4ee5\u5185\u306a\u3089\u7121\u6599\u3067"
                "\u3059\u3002")}[lang]
    new = price * (100 - pct) / 100
    fmt = dict(pct=pct, name=name, price=money(lang, shop["cur"], new), old=money(lang, shop["cur"], price))
    return t[0].format(**fmt), [t[1].format(**fmt)]


def g_newsletter(spec, r, rx, n):
    lang = spec.lang
    m = Mail()
    m.when = when_for(r, lang)
    promo = spec.variant == "shop"
    if promo:
        shop = r.choice(SHOPS[lang])
        dom, title, local, color = shop["domain"], shop["name"], "news", "#333333"
    else:
        dom, title, local, color = r.choice(NEWSLETTERS[lang])
    d = D[dom]
    p = NEWS[lang]
    reader = Person(r, lang)
    m.sender = d
    esp_host = r.randrange(1, 9)
    m.client = (str(ESP_NET.network_address + esp_host), "o%d.mta.sendwave.net" % esp_host,
                "o%d.mta.sendwave.net" % esp_host)
    m.mail_from = "bounces+%s-%s@em.%s" % (hexid(r, 8), digits(r, 6), dom)
    m.rcpt = [reader.addr]
    issue = r.randrange(40, 400)
    campaign = "%s-%04d%02d%02d" % (slug(title, r)[:12], m.when.year, m.when.month, m.when.day)
    base = "https://" + dom
    articles = []
    ledger_story = not promo and dom in ("blockchain-chronicle.com", "diariocripto.es") and spec.k % 2 == 0
    if ledger_story:
        h, paras = LEDGER_NEWS[lang]
        articles.append((h, paras))
    crypto = dom in ("blockchain-chronicle.com", "diariocripto.es")
    on_offer = r.sample(shop["products"], len(shop["products"])) if promo else []

    def article(rr):
        if on_offer and (rr.random() < 0.7 or len(articles) < 2):
            return shop_promo_article(rr, lang, shop, on_offer.pop())
        if crypto and rr.random() < 0.6:
            return crypto_headline(rr, lang), [crypto_paragraph(rr, lang) for _ in range(rr.randrange(1, 3))]
        return news_headline(rr, lang), [news_paragraph(rr, lang) for _ in range(rr.randrange(1, 4))]
    for _ in range(2 if not ledger_story else 1):
        articles.append(article(r))
    for _ in range(n):
        articles.append(article(rx))
    subject_head = articles[0][0]
    subject = r.choice(["%s: %s" % (title, subject_head), subject_head, "%s - %s" % (
        p["issue"].format(n=issue), subject_head)])
    unsub = "%s/u/%s" % (base, hexid(r, 20))
    prefs = "%s/preferences?id=%s" % (base, hexid(r, 12))
    view = "%s/newsletter/%s" % (base, campaign)
    # Text part.
    intro, sections = (SHOP_NEWS[lang][0], SHOP_NEWS[lang][1]) if promo else (p["intro"], p["sections"])
    text = ["%s - %s" % (title, p["issue"].format(n=issue)), "%s: %s" % (p["view"], view), "",
            r.choice(intro), ""]
    html_rows = ['<tr><td class="header">%s<br><span style="font-size:13px">%s</span></td></tr>' % (
        esc(title), esc(p["issue"].format(n=issue)))]
    html_rows.append('<tr><td class="article"><p>%s</p></td></tr>' % esc(text[3]))
    sections = list(sections)
    for i, (head, paras) in enumerate(articles):
        url = "%s/%d/%02d/%s?utm_source=newsletter&utm_medium=email&utm_campaign=%s" % (
            base, m.when.year, m.when.month, slug(head, r), campaign)
        if i % 2 == 0:
            sec = sections[(i // 2) % len(sections)]
            text += ["== %s ==" % sec, ""]
            html_rows.append('<tr><td class="section">%s</td></tr>' % esc(sec))
        text += [head, ""] + sum([[pp, ""] for pp in paras], []) + ["%s: %s" % (p["read_more"], url), ""]
        html_rows.append('<tr><td class="article"><h2><a href="%s" style="color:#111111;text-decoration:none">%s'
                         '</a></h2>\n%s\n<p><a class="button" href="%s">%s</a></p></td></tr>' % (
                             url, esc(head), "\n".join("<p>%s</p>" % esc(pp) for pp in paras), url,
                             esc(p["read_more"])))
    footer = p["footer"].format(domain=dom, unsub=unsub, prefs=prefs)
    company = {"en": "%s Media Ltd, 14 Quay Street, Bristol BS1 4DJ", "fr": "%s SAS, 12 rue du Moulin, 69003 Lyon",
               "es": "%s S.L., calle Mayor 21, 28013 Madrid", "de": "%s GmbH, Am Markt 3, 04109 Leipzig",
               "ja": "\u682a\u5f0f\u4f1a\u793e%s "
                     "\u3012150-0002 \u6771\u4eac\u90fd\u6e0b\u8c37\u533a\u6e0b\u8c372-1-1"}[lang] % title
    text += ["-- ", footer, company]
    html_rows.append('<tr><td class="footer">%s<br>%s<br><a href="%s">%s</a></td></tr>' % (
        linkify(esc(footer)).replace("\n", "<br>"), esc(company), view, esc(p["view"])))
    plain = wrap("\n".join(text), lang)
    html = html_page(lang, title, color, "\n".join(html_rows), preheader=articles[0][0])
    charset, cte = pick_charset(r, lang, plain + html)
    parts = [Text(plain, "plain", charset, cte), Text(html, "html", charset, "quoted-printable" if cte != "base64"
                                                      else "base64")]
    if spec.variant == "text":
        m.body = parts[0]
    else:
        m.body = Multi("alternative", boundary(r, "esp"), parts, preamble=False)
    m.from_ = mailbox(title, "%s@%s" % (local, dom), *header_cs(r, lang, charset))
    m.from_domain = dom
    m.to = reader.mailbox(*header_cs(r, lang, charset)) if r.random() < 0.6 else reader.addr
    m.subject = header_text(subject, *header_cs(r, lang, charset))
    m.msgid = "%s.%s@mta.sendwave.net" % (hexid(r, 16), int(m.when.timestamp()))
    m.headers = [("List-Unsubscribe", "<%s>, <mailto:unsubscribe+%s@em.%s>" % (unsub, hexid(r, 10), dom)),
                 ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                 ("Feedback-ID", "%s:%s:newsletter:sendwave" % (digits(r, 5), slug(title, r)[:16])),
                 ("X-Mailer", "Sendwave Campaigns")]
    m.tags = ["newsletter", "esp"] + (["shop"] if promo else []) + (["ledger-mention"] if ledger_story else [])
    m.purpose = "%s newsletter from %s via sendwave.net" % ("shop" if promo else "news", dom)
    m.action = "accept"
    return m


CHARSETS = {
    "en": [("US-ASCII", "7bit", 3), ("UTF-8", "quoted-printable", 4), ("UTF-8", "base64", 1)],
    "fr": [("UTF-8", "quoted-printable", 5), ("UTF-8", "base64", 2), ("ISO-8859-1", "quoted-printable", 2),
           ("UTF-8", "8bit", 1)],
    "es": [("UTF-8", "quoted-printable", 5), ("UTF-8", "base64", 2), ("ISO-8859-1", "quoted-printable", 2),
           ("UTF-8", "8bit", 1)],
    "de": [("UTF-8", "quoted-printable", 5), ("UTF-8", "base64", 2), ("ISO-8859-1", "quoted-printable", 2),
           ("ISO-8859-1", "8bit", 1)],
    "ja": [("ISO-2022-JP", "7bit", 4), ("UTF-8", "base64", 3), ("Shift_JIS", "base64", 2), ("Shift_JIS", "8bit", 1),
           ("UTF-8", "quoted-printable", 1)],
}


def pick_charset(r, lang, text):
    options = [(cs, cte) for cs, cte, w in CHARSETS[lang] for _ in range(w)]
    cs, cte = r.choice(options)
    if not encodable(text, cs):
        cs, cte = ("UTF-8", "quoted-printable") if lang != "ja" else ("UTF-8", "base64")
    return cs, cte


def header_cs(r, lang, body_charset):
    """Charset and encoding of RFC 2047 words, as the sender's software writes them."""
    if lang == "ja":
        return ("ISO-2022-JP", "B") if body_charset in ("ISO-2022-JP", "Shift_JIS") else ("UTF-8", "B")
    if body_charset == "ISO-8859-1":
        return ("ISO-8859-1", "Q")
    return ("UTF-8", r.choice("BQ"))


# ---- Shops: order confirmation, shipping notice, refund ---------------------

SHOPS = {
    "en": [dict(domain="maplepine-outfitters.com", name="Maplepine Outfitters", cur="$", local="orders",
                carrier="UPS", order="MP-{d6}",
                products=[("Trail Runner 2 hiking shoes", 129.0), ("Merino wool socks, 3 pairs", 24.5),
                          ("Packable rain jacket", 89.0), ("Insulated water bottle 750 ml", 32.0),
                          ("Headlamp 300 lm", 39.9), ("Enamel camping mug", 14.0)]),
           dict(domain="harbor-lane-books.co.uk", name="Harbor Lane Books", cur="\u00a3", local="shop",
                carrier="Royal Mail", order="HLB{d7}",
                products=[("The Quiet Orchard (paperback)", 9.99), ("A Field Guide to Coastal Birds", 16.5),
                          ("Dotted notebook, A5", 7.0), ("Clip-on reading light", 12.99),
                          ("Gift card", 20.0), ("Winter Tales (hardback)", 18.99)])],
    "fr": [dict(domain="boutique-lumiere.fr", name="Boutique Lumi\u00e8re", cur="\u20ac", local="commandes",
                carrier="Colissimo", order="{d6}",
                products=[("Lampe \u00e0 poser Opaline", 64.9), ("Ampoule LED E27 filament", 8.5),
                          ("Guirlande lumineuse 10 m", 24.0), ("Applique murale en laiton", 79.0),
                          ("Abat-jour en lin", 29.9)]),
           dict(domain="la-cave-a-the.fr", name="La Cave \u00e0 Th\u00e9", cur="\u20ac", local="bonjour",
                carrier="Mondial Relay", order="CT{d5}",
                products=[("Th\u00e9 vert Sencha bio 100 g", 9.8), ("Rooibos vanille 100 g", 7.5),
                          ("Th\u00e9i\u00e8re en fonte 0,8 L", 45.0), ("Filtres papier (100)", 4.2),
                          ("Coffret d\u00e9couverte", 32.0)])],
    "es": [dict(domain="tienda-olivar.es", name="Tienda Olivar", cur="\u20ac", local="pedidos", carrier="SEUR",
                order="{d6}",
                products=[("Aceite de oliva virgen extra 1 L", 12.9), ("Aceitunas partidas ali\u00f1adas", 4.5),
                          ("Lote degustaci\u00f3n de tres variedades", 29.0), ("Jab\u00f3n artesano de aceite", 5.5)]),
           dict(domain="libreria-marea.es", name="Librer\u00eda Marea", cur="\u20ac", local="tienda",
                carrier="Correos Express", order="LM-{d6}",
                products=[("La casa del faro (tapa blanda)", 19.9), ("Gu\u00eda de aves del litoral", 24.0),
                          ("Cuaderno de viaje A5", 8.9), ("Marcap\u00e1ginas de cuero", 6.0)])],
    "de": [dict(domain="buchhaus-kramer.de", name="Buchhaus Kramer", cur="\u20ac", local="bestellung",
                carrier="DHL", order="{d7}",
                products=[("Die \u00dcberfahrt (Roman, Taschenbuch)", 14.0), ("Wandkalender Alpen 2026", 19.99),
                          ("Kochbuch Gem\u00fcse aus dem Ofen", 26.0), ("Leselampe mit Klemme", 15.99)]),
           dict(domain="fahrradwerk-berlin.de", name="Fahrradwerk Berlin", cur="\u20ac", local="service",
                carrier="Hermes", order="FW{d6}",
                products=[("B\u00fcgelschloss 180 mm", 39.9), ("LED-R\u00fccklicht mit Akku", 24.95),
                          ("Schlauch 28 Zoll (2 St\u00fcck)", 11.9), ("Satteltasche wasserdicht 20 l", 59.0)])],
    "ja": [dict(domain="sakura-zakka.jp", name="\u3055\u304f\u3089\u96d1\u8ca8", cur="\u5186", local="info",
                carrier="\u30e4\u30de\u30c8\u904b\u8f38", order="2026-{d6}",
                products=[("\u6709\u7530\u713c \u6e6f\u5451\u307f", 1650),
                          ("\u624b\u306c\u3050\u3044 \u685c\u67c4", 1100),
                          ("\u6728\u88fd\u30c8\u30ec\u30a4 \u5c0f", 2420), ("\u7af9\u306e\u7bb8 5\u81b3\u30bb\u30c3"
                                                                            "\u30c8", 1980)]),
           dict(domain="mame-coffee.jp", name="\u8c46\u73c8\u7432\u5e97", cur="\u5186", local="shop",
                carrier="\u4f50\u5ddd\u6025\u4fbf", order="MC{d6}",
                products=[("\u6df1\u714e\u308a\u30d6\u30ec\u30f3\u30c9 200g", 1480),
                          ("\u30a8\u30c1\u30aa\u30d4\u30a2 \u6d45\u714e\u308a 200g", 1680),
                          ("\u9676\u5668\u88fd\u30c9\u30ea\u30c3\u30d1\u30fc", 2750),
                          ("\u30da\u30fc\u30d1\u30fc\u30d5\u30a3\u30eb\u30bf\u30fc 100\u679a", 440)])],
}

ORDER_TEXT = {
    "en": dict(
        greet="Hi {first},",
        confirm=["Thank you for shopping with {shop}! We have received your order {order} and are getting it "
                 "ready.", "We will send you another email with tracking details as soon as your parcel leaves our "
                 "warehouse. Most orders ship within two working days."],
        shipped=["Good news: your order {order} is on its way.", "Carrier: {carrier}\nTracking number: {tracking}\n"
                 "Track your parcel: {track_url}", "Expected delivery: {eta}."],
        refund=["We have received the item you sent back and refunded {refund} to your original payment method. "
                "Depending on your bank, it can take three to five working days to show on your statement.",
                "Thanks for letting us know what did not work for you; it helps us choose what we stock."],
        subj_confirm="Your {shop} order {order} is confirmed", subj_shipped="Your order {order} has shipped",
        subj_refund="Your refund for order {order}",
        head="Order {order}, placed {date}", qty="{q} x {name}", subtotal="Subtotal", shipping="Shipping",
        total="Total", ship_to="Shipping to:",
        help="Questions about your order? Reply to this email or visit {url}.",
        bye="Thanks,\nThe {shop} team", invoice="invoice-{order}.pdf",
        returns="Returns are free within 30 days. Start a return from your account page; we will email you a "
                "prepaid label.",
        extra=["You can change your delivery address until the parcel is handed to the carrier.",
               "Did you know? We plant a tree for every order over {big}.",
               "Our customer service team is available Monday to Friday, 9 am to 5 pm.",
               "Keep this email as your receipt; the invoice is also in your account."]),
    "fr": dict(
        greet="Bonjour {first},",
        confirm=["Merci pour votre commande chez {shop}\u202f! Nous avons bien re\u00e7u votre commande n\u00b0{order} "
                 "et nous la pr\u00e9parons.", "Vous recevrez un nouvel e-mail avec le num\u00e9ro de suivi d\u00e8s "
                                               "que "
                 "votre colis quittera notre entrep\u00f4t, en g\u00e9n\u00e9ral sous deux jours ouvr\u00e9s."],
        shipped=["Bonne nouvelle\u202f: votre commande n\u00b0{order} a \u00e9t\u00e9 exp\u00e9di\u00e9e.",
                 "Transporteur\u202f: {carrier}\nNum\u00e9ro de suivi\u202f: {tracking}\nSuivre mon colis\u202f: "
                 "{track_url}", "Livraison pr\u00e9vue\u202f: {eta}."],
        refund=["Nous avons bien re\u00e7u l'article retourn\u00e9 et vous avons rembours\u00e9 {refund} sur votre "
                "moyen de paiement. Selon votre banque, comptez trois \u00e0 cinq jours ouvr\u00e9s.",
                "Merci de nous avoir dit ce qui ne vous convenait pas\u202f: cela nous aide \u00e0 choisir nos "
                "produits."],
        subj_confirm="Confirmation de votre commande n\u00b0{order}",
        subj_shipped="Votre commande n\u00b0{order} a \u00e9t\u00e9 exp\u00e9di\u00e9e",
        subj_refund="Remboursement de votre commande n\u00b0{order}",
        head="Commande n\u00b0{order} du {date}", qty="{q} x {name}", subtotal="Sous-total",
        shipping="Livraison", total="Total TTC", ship_to="Adresse de livraison\u202f:",
        help="Une question\u202f? R\u00e9pondez simplement \u00e0 cet e-mail ou rendez-vous sur {url}.",
        bye="\u00c0 bient\u00f4t,\nL'\u00e9quipe {shop}", invoice="facture-{order}.pdf",
        returns="Les retours sont gratuits pendant 30 jours depuis votre espace client.",
        extra=["Vous pouvez modifier l'adresse de livraison tant que le colis n'est pas remis au transporteur.",
               "Notre service client vous r\u00e9pond du lundi au vendredi, de 9 h \u00e0 18 h.",
               "Conservez cet e-mail\u202f: il fait office de justificatif d'achat.",
               "La livraison est offerte d\u00e8s {big} d'achat."]),
    "es": dict(
        greet="Hola, {first}:",
        confirm=["\u00a1Gracias por tu compra en {shop}! Hemos recibido tu pedido {order} y ya lo estamos "
                 "preparando.", "Te enviaremos otro correo con el n\u00famero de seguimiento en cuanto el paquete "
                 "salga del almac\u00e9n, normalmente en dos d\u00edas laborables."],
        shipped=["Buenas noticias: tu pedido {order} ya est\u00e1 en camino.",
                 "Transportista: {carrier}\nN\u00famero de seguimiento: {tracking}\nSigue tu env\u00edo: {track_url}",
                 "Entrega prevista: {eta}."],
        refund=["Hemos recibido el art\u00edculo que nos devolviste y te hemos reembolsado {refund} en tu m\u00e9todo "
                "de pago. Seg\u00fan tu banco, puede tardar de tres a cinco d\u00edas laborables.",
                "Gracias por contarnos qu\u00e9 no te convenci\u00f3: nos ayuda a elegir mejor."],
        subj_confirm="Hemos recibido tu pedido {order}", subj_shipped="Tu pedido {order} est\u00e1 en camino",
        subj_refund="Reembolso de tu pedido {order}",
        head="Pedido {order} del {date}", qty="{q} x {name}", subtotal="Subtotal", shipping="Env\u00edo",
        total="Total (IVA incluido)", ship_to="Direcci\u00f3n de entrega:",
        help="\u00bfAlguna duda? Responde a este correo o entra en {url}.",
        bye="Un saludo,\nEl equipo de {shop}", invoice="factura-{order}.pdf",
        returns="Las devoluciones son gratuitas durante 30 d\u00edas desde tu cuenta.",
        extra=["Puedes cambiar la direcci\u00f3n de entrega hasta que entreguemos el paquete al transportista.",
               "Nuestro equipo de atenci\u00f3n al cliente te atiende de lunes a viernes, de 9 a 18 h.",
               "Guarda este correo como justificante de compra.",
               "El env\u00edo es gratuito a partir de {big}."]),
    "de": dict(
        greet="Hallo {first},",
        confirm=["vielen Dank f\u00fcr Ihre Bestellung bei {shop}! Wir haben Ihre Bestellung {order} erhalten und "
                 "bereiten sie vor.", "Sobald Ihr Paket unser Lager verl\u00e4sst, schicken wir Ihnen eine weitere "
                 "E-Mail mit der Sendungsnummer, in der Regel innerhalb von zwei Werktagen."],
        shipped=["gute Nachrichten: Ihre Bestellung {order} ist unterwegs.",
                 "Versanddienstleister: {carrier}\nSendungsnummer: {tracking}\nSendungsverfolgung: {track_url}",
                 "Voraussichtliche Zustellung: {eta}."],
        refund=["wir haben den zur\u00fcckgeschickten Artikel erhalten und Ihnen {refund} erstattet. Je nach Bank "
                "dauert die Gutschrift drei bis f\u00fcnf Werktage.",
                "Danke f\u00fcr Ihre R\u00fcckmeldung, warum der Artikel nicht gepasst hat."],
        subj_confirm="Ihre Bestellung {order} bei {shop}", subj_shipped="Ihre Bestellung {order} wurde versandt",
        subj_refund="Erstattung zu Ihrer Bestellung {order}",
        head="Bestellung {order} vom {date}", qty="{q} x {name}", subtotal="Zwischensumme", shipping="Versand",
        total="Gesamtsumme (inkl. MwSt.)", ship_to="Lieferadresse:",
        help="Fragen? Antworten Sie einfach auf diese E-Mail oder besuchen Sie {url}.",
        bye="Viele Gr\u00fc\u00dfe\nIhr Team von {shop}", invoice="Rechnung-{order}.pdf",
        returns="R\u00fccksendungen sind 30 Tage lang kostenlos, direkt \u00fcber Ihr Kundenkonto.",
        extra=["Die Lieferadresse k\u00f6nnen Sie \u00e4ndern, bis das Paket an den Versanddienst \u00fcbergeben ist.",
               "Unser Kundenservice ist montags bis freitags von 9 bis 17 Uhr f\u00fcr Sie da.",
               "Bitte bewahren Sie diese E-Mail als Kaufbeleg auf.",
               "Ab {big} liefern wir versandkostenfrei."]),
    "ja": dict(
        greet="{last} {first} \u69d8",
        confirm=["\u3053\u306e\u5ea6\u306f{shop}\u3092\u3054\u5229\u7528\u3044\u305f\u3060\u304d\u3001\u8aa0\u306b"
                 "\u3042\u308a\u304c\u3068\u3046\u3054\u3056\u3044\u307e\u3059\u3002\u4ee5\u4e0b\u306e\u5185\u5bb9"
                 "\u3067"
                 "\u3054\u6ce8\u6587\u3092\u627f\u308a\u307e\u3057\u305f\u3002",
                 "\u5546\u54c1\u306e\u767a\u9001\u6642\u306b\u3001\u4f1d\u7968\u756a\u53f7\u3092\u8a18\u8f09\u3057"
                 "\u305f"
                 "\u30e1\u30fc\u30eb\u3092\u304a\u9001\u308a\u3044\u305f\u3057\u307e\u3059\u3002"],
        shipped=["\u3054\u6ce8\u6587\u306e\u5546\u54c1\u3092\u672c\u65e5\u767a\u9001\u3044\u305f\u3057\u307e\u3057"
                 "\u305f\u3002",
                 "\u914d\u9001\u696d\u8005\uff1a{carrier}\n\u4f1d\u7968\u756a\u53f7\uff1a{tracking}\n"
                 "\u304a\u8377\u7269\u306e\u72b6\u6cc1\u78ba\u8a8d\uff1a\n{track_url}",
                 "\u304a\u5c4a\u3051\u4e88\u5b9a\u65e5\uff1a{eta}"],
        refund=["\u3054\u8fd4\u54c1\u3044\u305f\u3060\u3044\u305f\u5546\u54c1\u3092\u78ba\u8a8d\u3044\u305f\u3057"
                "\u307e\u3057\u305f\u3002{refund}\u3092\u3054\u5229\u7528\u306e\u304a\u652f\u6255\u3044\u65b9\u6cd5"
                "\u3078\u8fd4\u91d1\u3044\u305f\u3057\u307e\u3057\u305f\u3002",
                "\u30ab\u30fc\u30c9\u4f1a\u793e\u306b\u3088\u308a\u3001\u53cd\u6620\u307e\u3067\u6570\u65e5\u304b\u304b"
                "\u308b\u5834\u5408\u304c\u3042\u308a\u307e\u3059\u3002"],
        subj_confirm="\u3010{shop}\u3011\u3054\u6ce8\u6587\u3042\u308a\u304c\u3068\u3046\u3054\u3056\u3044\u307e\u3059"
                     "\uff08\u3054\u6ce8\u6587\u756a\u53f7 {order}\uff09",
        subj_shipped="\u3010{shop}\u3011\u3054\u6ce8\u6587\u306e\u5546\u54c1\u3092\u767a\u9001\u3057\u307e\u3057\u305f"
                     "\uff08{order}\uff09",
        subj_refund="\u3010{shop}\u3011\u8fd4\u91d1\u624b\u7d9a\u304d\u5b8c\u4e86\u306e\u304a\u77e5\u3089\u305b",
        head="\u25a0\u3054\u6ce8\u6587\u756a\u53f7\uff1a{order}\n\u25a0\u3054\u6ce8\u6587\u65e5\uff1a{date}",
        qty="{name} \u00d7{q}", subtotal="\u5c0f\u8a08", shipping="\u9001\u6599", total="\u5408\u8a08\uff08\u7a0e"
                                                                                        "\u8fbc\uff09",
        ship_to="\u25a0\u304a\u5c4a\u3051\u5148",
        help="\u3054\u4e0d\u660e\u306a\u70b9\u306f\u3001\u3053\u306e\u30e1\u30fc\u30eb\u306b\u3054\u8fd4\u4fe1"
             "\u3044\u305f\u3060\u304f\u304b\u3001\u4e0b\u8a18\u307e\u3067\u304a\u554f\u3044\u5408\u308f\u305b\u304f"
             "\u3060\u3055\u3044\u3002\n{url}",
        bye="{shop}\n\u304a\u5ba2\u69d8\u7a93\u53e3", invoice="\u9818\u53ce\u66f8_{order}.pdf",
        returns="\u5546\u54c1\u5230\u7740\u5f8c8\u65e5\u4ee5\u5185\u3067\u3042\u308c\u3070\u3001\u8fd4\u54c1\u3092"
                "\u627f\u308a\u307e\u3059\u3002",
        extra=["\u55b6\u696d\u65e5\u306f\u5e73\u65e5\u306e10\u6642\u304b\u308917\u6642\u3067\u3059\u3002",
               "\u3053\u306e\u30e1\u30fc\u30eb\u306f\u8cfc\u5165\u306e\u8a3c\u660e\u3068\u3057\u3066\u4fdd\u7ba1"
               "\u3057\u3066\u304f\u3060\u3055\u3044\u3002",
               "{big}\u4ee5\u4e0a\u306e\u3054\u6ce8\u6587\u3067\u9001\u6599\u7121\u6599\u3068\u306a\u308a\u307e\u3059"
               "\u3002"]),
}

RECOMMEND = {"en": "You might also like: {name}, {price}.", "fr": "Vous aimerez aussi\u202f: {name}, {price}.",
             "es": "Tambi\u00e9n te puede gustar: {name}, {price}.", "de": "Das k\u00f6nnte Ihnen auch gefallen: "
             "{name}, {price}.", "ja": "\u304a\u3059\u3059\u3081\u5546\u54c1\uff1a{name}\uff08{price}\uff09"}

TRACK = {"UPS": ("1Z%s%s", "https://www.ups.com/track?tracknum={t}"),
         "Royal Mail": ("%s%sGB", "https://www.royalmail.com/track-your-item#/tracking-results/{t}"),
         "Colissimo": ("6A%s%s", "https://www.laposte.fr/outils/suivre-vos-envois?code={t}"),
         "Mondial Relay": ("%s%s", "https://www.mondialrelay.fr/suivi-de-colis/?numeroExpedition={t}"),
         "SEUR": ("%s%s", "https://www.seur.com/livetracking/?segOnlineIdentificador={t}"),
         "Correos Express": ("%s%s", "https://s.correosexpress.com/search?s={t}"),
         "DHL": ("00340434%s%s", "https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode={t}"),
         "Hermes": ("H10%s%s", "https://www.myhermes.de/empfangen/sendungsverfolgung/sendungsinformation/#{t}"),
         "\u30e4\u30de\u30c8\u904b\u8f38": ("%s%s", "https://toi.kuronekoyamato.co.jp/cgi-bin/tneko?number={t}"),
         "\u4f50\u5ddd\u6025\u4fbf": ("%s%s", "https://k2k.sagawa-exp.co.jp/p/sagawa/web/okurijoinput.jsp?okurijoNo={"
                                              "t}"),
         "DHL Express": ("%s%s", "https://www.dhl.com/track?tracking-id={t}")}


def tracking_for(r, carrier):
    fmt, url = TRACK[carrier]
    if carrier == "UPS":
        t = fmt % (alnum(r, 8), digits(r, 8))
    elif carrier == "Royal Mail":
        t = fmt % (alnum(r, 2, "ABCDEFGHJKLMNPRSTUVWXYZ"), digits(r, 9))
    elif carrier == "DHL":
        t = fmt % (digits(r, 6), digits(r, 6))
    else:
        t = fmt % (digits(r, 6), digits(r, 6))
    return t, url.format(t=t)


def order_table(lang, t, shop, lines, ship):
    rows = []
    sub = sum(q * p for _, q, p in lines)
    width = 44 if lang != "ja" else 0
    for name, q, price in lines:
        label = t["qty"].format(q=q, name=name)
        rows.append("  %s  %s" % (label.ljust(width), money(lang, shop["cur"], q * price)))
    rows.append("  " + ("-" * 56 if lang != "ja" else "\u2500" * 20))
    rows.append("  %s  %s" % (t["subtotal"].ljust(width), money(lang, shop["cur"], sub)))
    rows.append("  %s  %s" % (t["shipping"].ljust(width), money(lang, shop["cur"], ship)))
    rows.append("  %s  %s" % (t["total"].ljust(width), money(lang, shop["cur"], sub + ship)))
    return "\n".join(rows), sub + ship


def order_number(r, fmt):
    return fmt.replace("{d5}", digits(r, 5)).replace("{d6}", digits(r, 6)).replace("{d7}", digits(r, 7))


def g_order(spec, r, rx, n):
    lang = spec.lang
    m = Mail()
    m.when = when_for(r, lang)
    shop = r.choice(SHOPS[lang])
    d = D[shop["domain"]]
    t = ORDER_TEXT[lang]
    cust = Person(r, lang)
    order = order_number(r, shop["order"])
    variant = spec.variant
    picks = r.sample(shop["products"], r.randrange(1, min(4, len(shop["products"])) + 1))
    lines = [(name, r.choice([1, 1, 1, 2]), price) for name, price in picks]
    ship = 0 if lang == "ja" and r.random() < 0.5 else (r.choice([4.95, 5.9, 6.5]) if lang != "ja" else 660)
    table, total = order_table(lang, t, shop, lines, ship)
    big = money(lang, shop["cur"], 50 if lang != "ja" else 5000)
    fmt = dict(first=cust.first, last=cust.last, shop=shop["name"], order=order, date=long_date(lang, m.when),
               url="https://%s/help" % shop["domain"], big=big)
    blocks = [t["greet"].format(**fmt)]
    if variant == "shipped":
        tracking, track_url = tracking_for(r, shop["carrier"])
        eta = long_date(lang, m.when + datetime.timedelta(days=r.randrange(1, 4)))
        blocks += [x.format(carrier=shop["carrier"], tracking=tracking, track_url=track_url, eta=eta, **fmt)
                   for x in t["shipped"]]
    elif variant == "refund":
        refund = money(lang, shop["cur"], lines[0][2])
        blocks += [x.format(refund=refund, **fmt) for x in t["refund"]]
    else:
        blocks += [t["confirm"][0].format(**fmt)]
    blocks.append(t["head"].format(**fmt))
    blocks.append(table)
    if variant != "refund":
        blocks.append(t["ship_to"] + "\n" + "\n".join("  " + x for x in postal_address(r, lang, cust)))
    if variant == "confirm":
        blocks.append(t["confirm"][1])
    blocks.append(t["returns"])
    extras = [x.format(**fmt) for x in t["extra"]] + [
        RECOMMEND[lang].format(name=name, price=money(lang, shop["cur"], price)) for name, price in shop["products"]]
    for i in range(min(n, len(extras))):
        blocks.append(extras[i])
    m.full = n >= len(extras)
    blocks.append(t["help"].format(**fmt))
    blocks.append(t["bye"].format(**fmt))
    legal = {"en": "%s, registered office: 40 Mill Street, Norwich NR2 1TF. Company no. %s." % (shop["name"],
                                                                                                digits(r, 8)),
             "fr": "%s SARL au capital de 10 000 \u20ac - RCS Lyon %s - TVA FR%s" % (shop["name"], digits(r, 9),
                                                                                   digits(r, 11)),
             "es": "%s S.L. - CIF B%s - Inscrita en el Registro Mercantil" % (shop["name"], digits(r, 8)),
             "de": "%s GmbH - Amtsgericht Charlottenburg HRB %s - USt-IdNr. DE%s" % (shop["name"], digits(r, 6),
                                                                                      digits(r, 9)),
             "ja": "%s \u901a\u4fe1\u8ca9\u58f2\u696d\u8005\u540d\uff1a\u682a\u5f0f\u4f1a\u793e%s" % (
                 shop["name"], shop["name"])}[lang]
    blocks.append(legal)
    plain = wrap("\n\n".join(blocks), lang)
    charset, cte = pick_charset(r, lang, plain)
    subject = t["subj_" + variant].format(**fmt)
    use_html = r.random() < 0.65
    body = Text(plain, "plain", charset, cte)
    if use_html:
        inner = '<tr><td class="header">%s</td></tr>\n<tr><td class="article">%s</td></tr>' % (
            esc(shop["name"]), html_paragraphs(plain))
        html = html_page(lang, subject, "#444444", inner)
        body = Multi("alternative", boundary(r, "java"), [body, Text(html, "html", charset, "quoted-printable"
                                                                     if cte != "base64" else "base64")])
    attach = variant == "confirm" and r.random() < 0.45
    if attach:
        pdf = pdf_document([shop["name"], "", "Invoice / %s" % order, long_date("en", m.when), ""] +
                           ["%s x %s  %s" % (q, ascii_fold(nm) or "item", "{:.2f}".format(q * p))
                            for nm, q, p in lines] + ["", "Total %.2f %s" % (total, shop["cur"] if
                                                                              shop["cur"].isascii() else
                                                                              {"\u20ac": "EUR", "\u00a3": "GBP",
                                                                               "\u5186": "JPY"}[shop["cur"]])] +
                           ["Thank you for your order." for _ in range(r.randrange(8, 40))],
                           title="Invoice %s" % order)
        body = Multi("mixed", boundary(r, "java"), [body, Attachment("application/pdf",
                                                                      t["invoice"].format(order=order), pdf)])
    m.body = body
    m.sender = d
    m.mail_from = "%s@%s" % (r.choice(["bounce", "noreply", shop["local"]]), shop["domain"])
    m.from_ = mailbox(shop["name"], "%s@%s" % (shop["local"], shop["domain"]), *header_cs(r, lang, charset))
    m.from_domain = shop["domain"]
    m.to = cust.mailbox(*header_cs(r, lang, charset))
    m.rcpt = [cust.addr]
    m.subject = header_text(subject, *header_cs(r, lang, charset))
    m.msgid = "%s-%s-%s@%s" % (variant, order.replace("#", ""), int(m.when.timestamp()), shop["domain"])
    m.received = [received(r, lang, d.helo, m.when, cust.addr, "ESMTP", "shop-app")]
    m.tags = ["shop", "order", variant] + (["pdf-attachment"] if attach else [])
    m.purpose = "order mail (%s) from %s" % (variant, shop["domain"])
    m.action = "accept"
    return m


# ---- Carriers ---------------------------------------------------------------

CARRIERS = {
    "en": ("ups.com", "UPS", "mcinfo", "UPS"),
    "fr": ("laposte.fr", "La Poste - Colissimo", "noreply", "Colissimo"),
    "es": ("seur.com", "SEUR", "notificaciones", "SEUR"),
    "de": ("dhl.de", "DHL Paket", "noreply", "DHL"),
    "ja": ("kuronekoyamato.co.jp", "\u30e4\u30de\u30c8\u904b\u8f38", "mail", "\u30e4\u30de\u30c8\u904b\u8f38"),
}
CARRIER_TEXT = {
    "en": ("UPS Update: Package scheduled for delivery {day}",
           ["Hello {first},", "Your package from {shop} is scheduled for delivery {day}, between {slot}.",
            "Tracking number: {tracking}\nTrack or change your delivery: {url}",
            "Won't be home? You can have the package left at a neighbour's or redirected to a UPS Access Point "
            "near you at no extra cost.",
            "Please do not reply to this email. UPS will never ask for payment or personal information in an "
            "unsolicited email or text message."]),
    "fr": ("Votre colis {tracking} sera livr\u00e9 {day}",
           ["Bonjour {first},", "Votre colis n\u00b0{tracking}, exp\u00e9di\u00e9 par {shop}, sera livr\u00e9 {day} "
            "entre {slot}.", "Suivre mon colis\u202f:\n{url}",
            "Vous ne serez pas l\u00e0\u202f? Choisissez une autre date ou un point de retrait sur laposte.fr.",
            "Attention\u202f: La Poste ne vous demande jamais de payer des frais par SMS ou par e-mail pour livrer "
            "un colis."]),
    "es": ("Tu env\u00edo {tracking} llega {day}",
           ["Hola, {first}:", "Tu env\u00edo de {shop} llegar\u00e1 {day}, entre {slot}.",
            "N\u00famero de env\u00edo: {tracking}\nConsulta o cambia la entrega: {url}",
            "\u00bfNo vas a estar? Puedes elegir otro d\u00eda o recogerlo en una tienda Pickup cercana.",
            "SEUR nunca te pedir\u00e1 pagos por SMS ni por correo para entregar un paquete."]),
    "de": ("Ihre DHL Sendung kommt {day}",
           ["Hallo {first},", "Ihre Sendung {tracking} von {shop} wird {day} zwischen {slot} zugestellt.",
            "Sendungsverfolgung:\n{url}",
            "Sie sind nicht zu Hause? Legen Sie einen Ablageort fest oder lassen Sie die Sendung an eine "
            "Packstation umleiten.", "Ihr DHL Team"]),
    "ja": ("\u304a\u8377\u7269\u304a\u5c4a\u3051\u306e\u304a\u77e5\u3089\u305b",
           ["{last} {first} \u69d8", "\u30e4\u30de\u30c8\u904b\u8f38\u3067\u3059\u3002{shop}\u69d8\u304b\u3089\u306e"
            "\u304a\u8377\u7269\u3092\u3001\u4e0b\u8a18\u306e\u65e5\u6642\u306b\u304a\u5c4a\u3051\u3057\u307e\u3059"
            "\u3002",
            "\u4f1d\u7968\u756a\u53f7\uff1a{tracking}\n\u304a\u5c4a\u3051\u4e88\u5b9a\uff1a{day} {slot}",
            "\u304a\u8377\u7269\u306e\u72b6\u6cc1\u78ba\u8a8d\u30fb\u304a\u53d7\u3051\u53d6\u308a\u65e5\u6642\u306e"
            "\u5909\u66f4\u306f\u3053\u3061\u3089\n{url}",
            "\u203b\u3053\u306e\u30e1\u30fc\u30eb\u306f\u9001\u4fe1\u5c02\u7528\u3067\u3059\u3002\u3054\u8fd4\u4fe1"
            "\u3044\u305f\u3060\u3044\u3066\u3082\u304a\u7b54\u3048\u3067\u304d\u307e\u305b\u3093\u3002\n"
            "\u30e4\u30de\u30c8\u904b\u8f38\u682a\u5f0f\u4f1a\u793e"]),
}
CARRIER_DETAILS = {
    "en": "Shipment details\n  Shipper:    {shop}\n  Service:    UPS Standard\n  Weight:     {kg} kg\n"
          "  Pieces:     1\n  Reference:  {ref}",
    "fr": "D\u00e9tails de l'envoi\n  Exp\u00e9diteur\u202f: {shop}\n  Service\u202f: Colissimo Domicile sans "
          "signature\n  Poids\u202f: {kg} kg\n  R\u00e9f\u00e9rence\u202f: {ref}",
    "es": "Detalles del env\u00edo\n  Remitente:  {shop}\n  Servicio:   SEUR 24\n  Peso:       {kg} kg\n"
          "  Bultos:     1\n  Referencia: {ref}",
    "de": "Sendungsdetails\n  Absender:  {shop}\n  Produkt:   DHL Paket\n  Gewicht:   {kg} kg\n"
          "  Referenz:  {ref}",
    "ja": "\u25a0\u304a\u8377\u7269\u60c5\u5831\n\u3054\u4f9d\u983c\u4e3b\uff1a{shop}\n\u500b\u6570\uff1a"
          "1\u500b\n\u91cd\u91cf\uff1a{kg}kg\n\u304a\u554f\u3044\u5408\u308f\u305b\u756a\u53f7\uff1a{ref}",
}
CARRIER_FOOTER = {
    "en": "This notification was sent to {addr} because the shipper gave your email address for this package. "
          "Privacy notice: https://www.ups.com/privacy - Email preferences: https://www.ups.com/email-preferences",
    "fr": "Ce message a \u00e9t\u00e9 envoy\u00e9 \u00e0 {addr} car l'exp\u00e9diteur a indiqu\u00e9 votre adresse "
          "pour le suivi de ce colis. Donn\u00e9es personnelles\u202f: https://www.laposte.fr/donnees-personnelles",
    "es": "Has recibido este mensaje en {addr} porque el remitente facilit\u00f3 tu correo para el seguimiento del "
          "env\u00edo. Privacidad: https://www.seur.com/privacidad",
    "de": "Diese Nachricht wurde an {addr} gesendet, weil der Absender Ihre E-Mail-Adresse f\u00fcr die "
          "Sendungsbenachrichtigung angegeben hat. Datenschutz: https://www.dhl.de/datenschutz",
    "ja": "\u3053\u306e\u30e1\u30fc\u30eb\u306f\u3001\u3054\u4f9d\u983c\u4e3b\u69d8\u304c\u304a\u5c4a"
          "\u3051\u5148\u30e1\u30fc\u30eb\u30a2\u30c9\u30ec\u30b9\u3068\u3057\u3066{addr}\u3092\u767b\u9332"
          "\u3055\u308c\u305f\u305f\u3081\u9001\u4fe1\u3057\u3066\u3044\u307e\u3059\u3002\n"
          "\u30d7\u30e9\u30a4\u30d0\u30b7\u30fc\u30dd\u30ea\u30b7\u30fc\uff1a\n"
          "https://www.kuronekoyamato.co.jp/ytc/privacy/",
}
DAY_WORDS = {"en": ["tomorrow", "today", "on Friday", "on Monday"], "fr": ["demain", "aujourd'hui", "vendredi",
                                                                         "lundi"],
             "es": ["ma\u00f1ana", "hoy", "el viernes", "el lunes"], "de": ["morgen", "heute", "am Freitag",
                                                                          "am Montag"],
             "ja": ["\u660e\u65e5", "\u672c\u65e5", "3\u670813\u65e5\uff08\u91d1\uff09",
                    "3\u670816\u65e5\uff08\u6708\uff09"]}
SLOTS = {"en": ["10:00 am and 2:00 pm", "1:00 pm and 5:00 pm"], "fr": ["9 h et 13 h", "14 h et 18 h"],
         "es": ["las 9:00 y las 14:00", "las 15:00 y las 19:00"], "de": ["10:15 und 12:15 Uhr", "14 und 18 Uhr"],
         "ja": ["14\u6642\u301c16\u6642", "18\u6642\u301c20\u6642"]}


def g_carrier(spec, r, rx, n):
    lang = spec.lang
    m = Mail()
    m.when = when_for(r, lang)
    dom, display, local, carrier = CARRIERS[lang]
    d = D[dom]
    cust = Person(r, lang)
    shop = r.choice(SHOPS[lang])["name"]
    tracking, url = tracking_for(r, carrier if carrier in TRACK else "DHL")
    if lang == "ja":
        tracking = "%s-%s-%s" % (digits(r, 4), digits(r, 4), digits(r, 4))
        url = "https://toi.kuronekoyamato.co.jp/cgi-bin/tneko?number=%s" % tracking.replace("-", "")
    subj_t, paras = CARRIER_TEXT[lang]
    day = r.choice(DAY_WORDS[lang])
    fmt = dict(first=cust.first, last=cust.last, shop=shop, day=day, slot=r.choice(SLOTS[lang]), tracking=tracking,
               url=url)
    blocks = [p.format(**fmt) for p in paras] + [CARRIER_FOOTER[lang].format(addr=cust.addr)]
    blocks.insert(3, CARRIER_DETAILS[lang].format(shop=shop, kg="%.1f" % (r.randrange(2, 120) / 10.0),
                                                  ref=alnum(r, 10)))
    for i in range(min(n, len(CARRIER_INFO[lang]))):
        blocks.insert(-2, CARRIER_INFO[lang][i])
    m.full = n >= len(CARRIER_INFO[lang])
    plain = wrap("\n\n".join(blocks), lang)
    charset, cte = pick_charset(r, lang, plain)
    body = Text(plain, "plain", charset, cte)
    if r.random() < 0.85:
        inner = '<tr><td class="header">%s</td></tr>\n<tr><td class="article">%s</td></tr>' % (
            esc(display), html_paragraphs(plain))
        body = Multi("alternative", boundary(r, "java"), [body, Text(html_page(lang, display, "#351c15", inner),
                                                                     "html", charset, "quoted-printable" if cte !=
                                                                     "base64" else "base64")])
    m.body = body
    m.sender = d
    m.mail_from = "%s@%s" % (local, dom)
    m.from_ = mailbox(display, "%s@%s" % (local, dom), *header_cs(r, lang, charset))
    m.from_domain = dom
    m.to = cust.mailbox(*header_cs(r, lang, charset))
    m.rcpt = [cust.addr]
    m.subject = header_text(subj_t.format(**fmt), *header_cs(r, lang, charset))
    m.msgid = "%s.%s@%s" % (tracking.replace("-", ""), m.when.strftime("%Y%m%d%H%M%S"), dom)
    m.tags = ["carrier", "delivery"]
    m.purpose = "delivery notice from %s" % dom
    m.action = "accept"
    return m


# ---- Genuine Ledger mail ------------------------------------------------------

LEDGER_PRODUCTS = [("Ledger Nano S Plus", 79.0), ("Ledger Nano X", 149.0), ("Ledger Flex", 249.0),
                   ("Ledger Stax", 399.0)]
NEVER = {
    "en": "Ledger will never ask for your 24-word recovery phrase. Never share it with anyone, and never type it "
          "into a computer, a phone or a website.",
    "fr": "Ledger ne vous demandera jamais vos 24 mots de r\u00e9cup\u00e9ration. Ne les communiquez \u00e0 personne "
          "et ne les saisissez jamais sur un ordinateur, un t\u00e9l\u00e9phone ou un site web.",
    "es": "Ledger nunca te pedir\u00e1 tus 24 palabras de recuperaci\u00f3n. No las compartas con nadie y no las "
          "escribas nunca en un ordenador, un tel\u00e9fono ni una web.",
    "de": "Ledger wird Sie niemals nach Ihren 24 W\u00f6rtern fragen. Geben Sie Ihre Wiederherstellungsphrase nie "
          "weiter und tippen Sie sie nie in einen Computer, ein Telefon oder eine Website ein.",
    "ja": "Ledger\u304c\u30ea\u30ab\u30d0\u30ea\u30fc\u30d5\u30ec\u30fc\u30ba\uff0824\u5358\u8a9e\uff09\u3092\u304a"
          "\u5c0b\u306d\u3059\u308b\u3053\u3068\u306f\u4e00\u5207\u3042\u308a\u307e\u305b\u3093\u3002\u8ab0\u306b"
          "\u3082\u6559\u3048\u305a\u3001\u30d1\u30bd\u30b3\u30f3\u3001\u30b9\u30de\u30fc\u30c8\u30d5\u30a9\u30f3"
          "\u3001\u30a6\u30a7\u30d6\u30b5\u30a4\u30c8\u306b\u5165\u529b\u3057\u306a\u3044\u3067\u304f\u3060\u3055"
          "\u3044\u3002",
}
LEDGER_TIPS = {
    "en": ["Always check the receiving address on your device's screen before you approve a transaction.",
           "Download Ledger Live only from ledger.com, and keep it up to date.",
           "Store your recovery sheet somewhere safe and offline; consider a second copy in another place.",
           "Set a PIN that nobody can guess, and never write it next to your recovery sheet.",
           "Ledger will never call you, text you or visit you, and never sends replacement devices unasked."],
    "fr": ["V\u00e9rifiez toujours l'adresse de r\u00e9ception sur l'\u00e9cran de votre appareil avant de valider.",
           "T\u00e9l\u00e9chargez Ledger Live uniquement depuis ledger.com et gardez-le \u00e0 jour.",
           "Rangez votre feuille de r\u00e9cup\u00e9ration en lieu s\u00fbr, hors ligne.",
           "Ledger ne vous appellera jamais et n'envoie jamais d'appareil de remplacement sans demande."],
    "es": ["Comprueba siempre la direcci\u00f3n de destino en la pantalla del dispositivo antes de aprobar.",
           "Descarga Ledger Live solo desde ledger.com y mant\u00e9nlo actualizado.",
           "Guarda tu hoja de recuperaci\u00f3n en un lugar seguro y sin conexi\u00f3n.",
           "Ledger nunca te llamar\u00e1 ni te enviar\u00e1 un dispositivo de sustituci\u00f3n sin que lo pidas."],
    "de": ["Pr\u00fcfen Sie die Empfangsadresse immer auf dem Display Ihres Ger\u00e4ts, bevor Sie best\u00e4tigen.",
           "Laden Sie Ledger Live nur von ledger.com herunter und halten Sie es aktuell.",
           "Bewahren Sie Ihr Wiederherstellungsblatt sicher und offline auf.",
           "Ledger ruft Sie nie an und schickt nie unaufgefordert Ersatzger\u00e4te."],
    "ja": ["\u53d6\u5f15\u3092\u627f\u8a8d\u3059\u308b\u524d\u306b\u3001\u5fc5\u305a\u7aef\u672b\u306e"
           "\u753b\u9762\u3067\u53d7\u53d6\u30a2\u30c9\u30ec\u30b9\u3092\u78ba\u8a8d\u3057\u3066\u304f"
           "\u3060\u3055\u3044\u3002",
           "Ledger Live\u306fledger.com\u304b\u3089\u306e\u307f\u5165\u624b\u3057\u3001\u5e38\u306b\u6700"
           "\u65b0\u7248\u3092\u3054\u5229\u7528\u304f\u3060\u3055\u3044\u3002",
           "\u30ea\u30ab\u30d0\u30ea\u30fc\u30b7\u30fc\u30c8\u306f\u30aa\u30d5\u30e9\u30a4\u30f3\u3067"
           "\u5b89\u5168\u306a\u5834\u6240\u306b\u4fdd\u7ba1\u3057\u3066\u304f\u3060\u3055\u3044\u3002",
           "Ledger\u304b\u3089\u304a\u96fb\u8a71\u3059\u308b\u3053\u3068\u3084\u3001\u3054\u4f9d\u983c"
           "\u306a\u304f\u4ea4\u63db\u7aef\u672b\u3092\u304a\u9001\u308a\u3059\u308b\u3053\u3068\u306f"
           "\u3042\u308a\u307e\u305b\u3093\u3002"],
}


def ledger_filler(rx, lang, i):
    """What genuine Ledger mail grows with: security tips, then (en, es) market notes."""
    tips = LEDGER_TIPS[lang]
    if i < len(tips) or lang not in CRYPTO:
        return tips[i % len(tips)]
    return crypto_paragraph(rx, lang)


LEDGER_TEXT = {
    "en": dict(
        order_subj="Your Ledger order #{order} is confirmed", ship_subj="Your order #{order} has shipped",
        greet="Hello {first},",
        order="Thank you for your order. We have received it and will let you know as soon as it ships.",
        ship="Good news: your order #{order} is on its way with {carrier}.\nTracking number: {tracking}\n"
             "Track your parcel: {url}",
        unbox="When your device arrives, check that the box is sealed and set it up with Ledger Live, downloaded "
              "only from https://www.ledger.com/ledger-live",
        bye="The Ledger team", news_subj="{headline} | Ledger news",
        news_items=[("Ledger Live: staking on three more networks", "You can now stake on three more networks "
                     "directly from Ledger Live, with every transaction reviewed on your device's screen."),
                    ("Clear signing comes to more apps", "More partner apps now show transactions in plain words "
                     "on Ledger Flex and Ledger Stax, so you know exactly what you approve."),
                    ("Meet us in Paris", "The team will be at the Station F community evening on 14 May. Come "
                     "and say hello; registration is free."),
                    ("Battery care for Nano X", "A short guide explains how to store a Ledger Nano X you use only "
                     "a few times a year so the battery lasts."),
                    ("New in the Academy", "Three new lessons explain self-custody, multisig wallets and how to "
                     "plan for inheritance without sharing your secrets.")],
        security_head="Security reminder", unsub="Unsubscribe: https://www.ledger.com/preferences"),
    "fr": dict(
        order_subj="Confirmation de votre commande Ledger n\u00b0{order}",
        ship_subj="Votre commande n\u00b0{order} a \u00e9t\u00e9 exp\u00e9di\u00e9e", greet="Bonjour {first},",
        order="Merci pour votre commande. Nous l'avons bien re\u00e7ue et vous pr\u00e9viendrons d\u00e8s son "
              "exp\u00e9dition.",
        ship="Bonne nouvelle\u202f: votre commande n\u00b0{order} est en route avec {carrier}.\nNum\u00e9ro de "
             "suivi\u202f: {tracking}\nSuivre le colis\u202f: {url}",
        unbox="\u00c0 r\u00e9ception, v\u00e9rifiez que la bo\u00eete est scell\u00e9e et configurez l'appareil avec "
              "Ledger Live, t\u00e9l\u00e9charg\u00e9 uniquement depuis https://www.ledger.com/fr/ledger-live",
        bye="L'\u00e9quipe Ledger", news_subj="{headline} - les nouveaut\u00e9s Ledger",
        news_items=[("Ledger Live\u202f: le staking sur trois nouveaux r\u00e9seaux", "Vous pouvez d\u00e9sormais "
                     "staker sur trois r\u00e9seaux de plus depuis Ledger Live, chaque transaction \u00e9tant "
                     "v\u00e9rifi\u00e9e sur l'\u00e9cran de votre appareil."),
                    ("La signature claire s'\u00e9tend", "Davantage d'applications partenaires affichent les "
                     "transactions en clair sur Ledger Flex et Ledger Stax."),
                    ("Rencontrons-nous \u00e0 Paris", "L'\u00e9quipe sera \u00e0 la soir\u00e9e communautaire du 14 "
                     "mai. Inscription gratuite."),
                    ("Nouveau dans l'Academy", "Trois le\u00e7ons sur l'auto-conservation, les portefeuilles "
                     "multisignatures et la transmission de patrimoine.")],
        security_head="Rappel de s\u00e9curit\u00e9",
        unsub="Se d\u00e9sabonner\u202f: https://www.ledger.com/fr/preferences"),
    "es": dict(
        order_subj="Confirmaci\u00f3n de tu pedido de Ledger #{order}", ship_subj="Tu pedido #{order} ha sido enviado",
        greet="Hola, {first}:",
        order="Gracias por tu pedido. Lo hemos recibido y te avisaremos en cuanto salga.",
        ship="Buenas noticias: tu pedido #{order} viaja con {carrier}.\nN\u00famero de seguimiento: {tracking}\n"
             "Sigue tu env\u00edo: {url}",
        unbox="Cuando recibas el dispositivo, comprueba que la caja est\u00e9 precintada y config\u00faralo con Ledger "
              "Live, descargado solo desde https://www.ledger.com/es/ledger-live",
        bye="El equipo de Ledger", news_subj="{headline} - novedades de Ledger",
        news_items=[("Ledger Live: staking en tres redes m\u00e1s", "Ya puedes hacer staking en tres redes m\u00e1s "
                     "desde Ledger Live, revisando cada transacci\u00f3n en la pantalla del dispositivo."),
                    ("Firma clara en m\u00e1s aplicaciones", "M\u00e1s aplicaciones muestran las transacciones en "
                     "lenguaje claro en Ledger Flex y Ledger Stax."),
                    ("Nuevo en la Academy", "Tres lecciones nuevas sobre autocustodia, carteras multifirma y "
                     "herencias.")],
        security_head="Recordatorio de seguridad",
        unsub="Darse de baja: https://www.ledger.com/es/preferences"),
    "de": dict(
        order_subj="Ihre Ledger-Bestellung #{order} ist best\u00e4tigt", ship_subj="Ihre Bestellung #{order} wurde "
        "versandt", greet="Hallo {first},",
        order="vielen Dank f\u00fcr Ihre Bestellung. Wir haben sie erhalten und melden uns, sobald sie versandt ist.",
        ship="gute Nachrichten: Ihre Bestellung #{order} ist mit {carrier} unterwegs.\nSendungsnummer: {tracking}\n"
             "Sendungsverfolgung: {url}",
        unbox="Pr\u00fcfen Sie beim Auspacken, ob die Verpackung versiegelt ist, und richten Sie das Ger\u00e4t mit "
              "Ledger Live ein, das Sie nur von https://www.ledger.com/de/ledger-live herunterladen.",
        bye="Ihr Ledger-Team", news_subj="{headline} - Neues von Ledger",
        news_items=[("Ledger Live: Staking in drei weiteren Netzwerken", "Sie k\u00f6nnen jetzt in drei weiteren "
                     "Netzwerken direkt aus Ledger Live staken; jede Transaktion pr\u00fcfen Sie auf dem Display."),
                    ("Klares Signieren in mehr Apps", "Mehr Partner-Apps zeigen Transaktionen auf Ledger Flex und "
                     "Ledger Stax in verst\u00e4ndlichen Worten an."),
                    ("Neu in der Academy", "Drei neue Lektionen zu Selbstverwahrung, Multisig-Wallets und "
                     "Nachlassplanung.")],
        security_head="Sicherheitshinweis", unsub="Abmelden: https://www.ledger.com/de/preferences"),
    "ja": dict(
        order_subj="Ledger\u3054\u6ce8\u6587\u306e\u78ba\u8a8d\uff08#{order}\uff09",
        ship_subj="\u3054\u6ce8\u6587#{order}\u3092\u767a\u9001\u3057\u307e\u3057\u305f",
        greet="{last} {first} \u69d8",
        order="\u3054\u6ce8\u6587\u3042\u308a\u304c\u3068\u3046\u3054\u3056\u3044\u307e\u3059\u3002\u767a\u9001"
              "\u6642\u306b\u6539\u3081\u3066\u3054\u9023\u7d61\u3044\u305f\u3057\u307e\u3059\u3002",
        ship="\u3054\u6ce8\u6587#{order}\u3092{carrier}\u3067\u767a\u9001\u3044\u305f\u3057\u307e\u3057\u305f\u3002\n"
             "\u8ffd\u8de1\u756a\u53f7\uff1a{tracking}\n\u914d\u9001\u72b6\u6cc1\uff1a\n{url}",
        unbox="\u304a\u5c4a\u3051\u5f8c\u306f\u7bb1\u306e\u5c01\u5370\u3092\u3054\u78ba\u8a8d\u306e\u3046\u3048\u3001"
              "\u516c\u5f0f\u30b5\u30a4\u30c8\u304b\u3089\u5165\u624b\u3057\u305fLedger Live\u3067\u8a2d\u5b9a\u3057"
              "\u3066\u304f\u3060\u3055\u3044\u3002\nhttps://www.ledger.com/ja/ledger-live",
        bye="Ledger \u30b8\u30e3\u30d1\u30f3", news_subj="{headline}\uff5cLedger\u30cb\u30e5\u30fc\u30b9",
        news_items=[("Ledger Flex\u304c\u65e5\u672c\u8a9e\u8868\u793a\u306b\u5bfe\u5fdc",
                     "Ledger Live\u3092\u6700\u65b0\u7248\u306b\u66f4\u65b0\u3059\u308b\u3068\u3001Ledger Flex\u306e"
                     "\u753b\u9762\u3092\u65e5\u672c\u8a9e\u3067\u8868\u793a\u3067\u304d\u307e\u3059\u3002"),
                    ("\u30b9\u30c6\u30fc\u30ad\u30f3\u30b0\u5bfe\u8c61\u304c\u62e1\u5927",
                     "Ledger Live\u304b\u3089\u3055\u3089\u306b3\u3064\u306e\u30cd\u30c3\u30c8\u30ef\u30fc\u30af\u3067"
                     "\u30b9\u30c6\u30fc\u30ad\u30f3\u30b0\u3067\u304d\u308b\u3088\u3046\u306b\u306a\u308a\u307e\u3057"
                     "\u305f\u3002"),
                    ("Academy\u306b\u65b0\u8b1b\u5ea7", "\u30bb\u30eb\u30d5\u30ab\u30b9\u30c8\u30c7\u30a3\u3084"
                     "\u76f8\u7d9a\u306e\u5099\u3048\u306b\u3064\u3044\u3066\u306e\u65b0\u3057\u3044\u8b1b\u5ea7\u3092"
                     "\u516c\u958b\u3057\u307e\u3057\u305f\u3002")],
        security_head="\u30bb\u30ad\u30e5\u30ea\u30c6\u30a3\u306b\u95a2\u3059\u308b\u304a\u77e5\u3089\u305b",
        unsub="\u914d\u4fe1\u505c\u6b62\uff1ahttps://www.ledger.com/ja/preferences"),
}
GLOBALE_TEXT = {
    "en": ("Your Ledger order {order} is confirmed",
           "Dear {first},\n\nThank you for your order from Ledger. Global-e is processing it as the merchant of "
           "record for your country, so your card statement will show \"Global-e\".\n\nOrder number: {order}\n"
           "Total paid: {total} (duties and taxes included; nothing more to pay on delivery)\n\nYour parcel will "
           "be shipped by DHL Express. If you return it within 30 days, we refund the full amount including "
           "duties.\n\nGlobal-e, on behalf of Ledger"),
    "de": ("Ihre Ledger-Bestellung {order} ist best\u00e4tigt",
           "Guten Tag {first},\n\nvielen Dank f\u00fcr Ihre Bestellung bei Ledger. Global-e wickelt sie als "
           "H\u00e4ndler f\u00fcr Ihr Land ab; auf Ihrer Kartenabrechnung erscheint daher \"Global-e\".\n\n"
           "Bestellnummer: {order}\nBezahlt: {total} (inkl. Z\u00f6llen und Steuern; bei Zustellung ist nichts "
           "mehr zu zahlen)\n\nDer Versand erfolgt mit DHL Express. Bei R\u00fccksendung innerhalb von 30 Tagen "
           "erstatten wir den vollen Betrag einschlie\u00dflich Z\u00f6llen.\n\nGlobal-e im Auftrag von Ledger"),
    "fr": ("Votre commande Ledger {order} est confirm\u00e9e",
           "Bonjour {first},\n\nMerci pour votre commande Ledger. Global-e la traite en tant que vendeur pour "
           "votre pays\u202f: votre relev\u00e9 bancaire indiquera \u00ab\u00a0Global-e\u00a0\u00bb.\n\nCommande"
           "\u202f: "
           "{order}\nMontant pay\u00e9\u202f: {total} (droits et taxes inclus, rien \u00e0 payer \u00e0 la "
           "livraison)\n\nExp\u00e9dition par DHL Express. En cas de retour sous 30 jours, nous remboursons "
           "l'int\u00e9gralit\u00e9, droits compris.\n\nGlobal-e, pour le compte de Ledger"),
}


def g_ledger(spec, r, rx, n):
    lang = spec.lang
    m = Mail()
    m.when = when_for(r, lang)
    cust = Person(r, lang)
    t = LEDGER_TEXT[lang]
    v = spec.variant
    order = digits(r, 7)
    product, price = r.choice(LEDGER_PRODUCTS)
    cur = {"en": "$", "ja": "\u5186"}.get(lang, "\u20ac")
    amount = price if lang != "ja" else price * 160
    fmt = dict(first=cust.first, last=cust.last, order=order, carrier="DHL Express")
    html_color = "#000000"
    m.rcpt = [cust.addr]
    blocks = []
    if v in ("order", "shipped"):
        tracking = digits(r, 10)
        fmt.update(tracking=tracking, url="https://www.dhl.com/track?tracking-id=%s" % tracking)
        blocks = [t["greet"].format(**fmt), (t["order"] if v == "order" else t["ship"]).format(**fmt),
                  "  %s  %s\n  %s" % (product.ljust(30), money(lang, cur, amount), "#" + order)]
        if v == "shipped":
            blocks.append(t["unbox"])
        blocks.append(NEVER[lang])
        for i in range(n):
            blocks.insert(-1, ledger_filler(rx, lang, i))
        blocks.append(t["bye"])
        subject = (t["order_subj"] if v == "order" else t["ship_subj"]).format(**fmt)
        if v == "order":
            m.sender, addr = D["ledger.com"], "orders@ledger.com"
            m.mail_from = "bounces@ledger.com"
        else:
            m.sender, addr = D["shop.ledger.com"], "orders@shop.ledger.com"
            m.mail_from = "bounces@shop.ledger.com"
        display = "Ledger"
        m.tags = ["ledger", "genuine", "order", v, "secret-warning"]
    elif v == "news":
        items = r.sample(t["news_items"], min(len(t["news_items"]), r.randrange(2, 4)))
        for i in range(n):
            items.append((t["security_head"], ledger_filler(rx, lang, i)))
        head = items[0][0]
        blocks = [t["greet"].format(**fmt)] + ["%s\n%s" % (h, b) for h, b in items] + [
            "%s\n%s" % (t["security_head"], NEVER[lang]), t["bye"], t["unsub"]]
        subject = t["news_subj"].format(headline=head)
        dom = "ledger.fr" if lang == "fr" else "ledger.com"
        m.sender, addr = D[dom], "news@" + dom
        m.mail_from = "news-bounces@" + dom
        display = "Ledger"
        m.headers.append(("List-Unsubscribe", "<https://www.ledger.com/preferences?u=%s>" % hexid(r, 16)))
        m.tags = ["ledger", "genuine", "newsletter", "secret-warning"]
    elif v == "globale":
        gsubj, gtext = GLOBALE_TEXT[lang]
        order = "GE%s%s" % (digits(r, 8), {"en": "US", "de": "DE", "fr": "CH"}[lang])
        fmt["order"] = order
        fmt["total"] = money(lang, cur, amount + r.choice([0, 12.5, 21.0]))
        blocks = [gtext.format(**fmt)]
        for i in range(n):
            blocks.append(ledger_filler(rx, lang, i))
        subject = gsubj.format(**fmt)
        m.sender, addr, display = D["global-e.com"], "no-reply@global-e.com", "Ledger via Global-e"
        m.mail_from = "bounce@global-e.com"
        m.tags = ["ledger", "authorized-sender", "order", "customs-words"]
    elif v == "shopify":
        refund = money(lang, cur, amount)
        blocks = ["Hi %s," % cust.first, "Your refund of %s for order #%s has been processed. It can take 5 to 10 "
                  "business days to appear on your statement." % (refund, order),
                  "Refunded item: %s" % product, "If you have questions, reply to this email or contact "
                  "support@ledger.com.", "Ledger (shop.ledger.com)"]
        for i in range(n):
            blocks.insert(-1, ledger_filler(rx, lang, i))
        subject = "Refund for order #%s" % order
        m.sender, addr, display = D["shopify.com"], "mailer@shopify.com", "Ledger"
        m.mail_from = "bounces+%s@shopify.com" % digits(r, 4)
        m.headers.append(("Reply-To", "Ledger <support@ledger.com>"))
        m.tags = ["ledger", "authorized-sender", "order", "refund", "reply-to-brand"]
    else:  # zendesk
        ticket = digits(r, 7)
        if lang == "fr":
            blocks = ["Bonjour %s," % cust.first, "Merci pour votre message concernant la connexion de votre %s "
                      "\u00e0 Ledger Live. Essayez un autre c\u00e2ble USB et mettez Ledger Live \u00e0 jour, puis "
                      "red\u00e9marrez l'ordinateur." % product,
                      "Pour rappel, nous ne vous demanderons jamais votre code PIN, vos 24 mots ni un acc\u00e8s "
                      "\u00e0 distance \u00e0 votre ordinateur.", "R\u00e9pondez \u00e0 ce message si le "
                      "probl\u00e8me persiste.", "Support Ledger\nTicket n\u00b0%s" % ticket]
            subject = "[Support Ledger] Re: %s non reconnu par Ledger Live" % product
        else:
            blocks = ["Hi %s," % cust.first, "Thanks for writing in about your %s not being recognised by Ledger "
                      "Live. Please try another USB cable, update Ledger Live and restart your computer." % product,
                      "As a reminder, we will never ask for your PIN, your 24 words or remote access to your "
                      "computer.", "Reply to this message if the problem persists.",
                      "Ledger Support\nTicket #%s" % ticket]
            subject = "[Ledger Support] Re: %s not recognised by Ledger Live" % product
        asked = long_date(lang, m.when - datetime.timedelta(days=1))
        if lang == "fr":
            blocks += ["%s, %s\n\nBonjour, mon %s n'est plus reconnu par Ledger Live sur mon ordinateur depuis "
                       "hier. J'ai d\u00e9j\u00e0 red\u00e9marr\u00e9 les deux. Que puis-je faire\u202f?" % (
                           cust.name, asked, product),
                       "Ce message provient du support Ledger. Pour ajouter un commentaire, r\u00e9pondez \u00e0 "
                       "cet e-mail.\n[%s]" % alnum(r, 6) + "-" + alnum(r, 4)]
        else:
            blocks += ["%s, %s\n\nHello, my %s is no longer recognised by Ledger Live on my laptop since "
                       "yesterday. I already restarted both. What can I do?" % (cust.name, asked, product),
                       "This email is a service from Ledger Support. To add a comment, reply to this email.\n"
                       "[%s-%s]" % (alnum(r, 6), alnum(r, 4))]
        for i in range(n):
            blocks.insert(-4, ledger_filler(rx, lang, i))
        m.sender, addr, display = D["ledger.zendesk.com"], "support@ledger.zendesk.com", "Ledger Support"
        m.mail_from = "support@ledger.zendesk.com"
        m.tags = ["ledger", "authorized-sender", "support", "secret-warning"]
    m.full = n >= len(LEDGER_TIPS[lang]) + (3 if lang in CRYPTO else 0)
    plain = wrap("\n\n".join(blocks), lang)
    charset, cte = pick_charset(r, lang, plain)
    body = Text(plain, "plain", charset, cte)
    if v in ("order", "shipped", "news") or r.random() < 0.3:
        inner = '<tr><td class="header">Ledger</td></tr>\n<tr><td class="article">%s</td></tr>' % html_paragraphs(
            plain)
        body = Multi("alternative", boundary(r, "hex"), [body, Text(html_page(lang, subject, html_color, inner),
                                                                    "html", charset, "quoted-printable" if cte !=
                                                                    "base64" else "base64")])
    m.body = body
    m.from_ = mailbox(display, addr, *header_cs(r, lang, charset))
    m.from_domain = addr.split("@")[1]
    m.to = cust.mailbox(*header_cs(r, lang, charset))
    m.subject = header_text(subject, *header_cs(r, lang, charset))
    m.msgid = "%s-%s-%s@%s" % (v, order, int(m.when.timestamp()), m.from_domain)
    m.purpose = "genuine Ledger mail (%s) from %s" % (v, m.from_domain)
    m.action = "accept"
    return m


# ---- Personal mail -------------------------------------------------------------

PERSONAL = {
    "en": dict(
        hi=["Hi {name},", "Hey {name},", "Dear {name},", "{name},"], bye=["Cheers,", "Best,", "Love,", "Talk soon,",
                                                                         "Thanks!"],
        topics={
            "dinner": ("Dinner on {day}?", ["Are you free for dinner on {day}? We wanted to try the new place on "
                                            "{street} that everyone keeps talking about.",
                                            "Sam can pick you up around seven if that helps.",
                                            "Let me know if lunch at the weekend suits you better."]),
            "photos": ("Photos from {place}", ["Here are a few photos from our weekend in {place}.",
                                               "The weather was much better than forecast, and we walked almost "
                                               "twenty kilometres on Saturday.",
                                               "The one from the harbour is my favourite; feel free to print it."]),
            "book": ("Your book", ["I finally finished the book you lent me in {month}. Sorry it took so long!",
                                   "The last hundred pages were impossible to put down, and I still think about "
                                   "the ending.", "I can drop it off on {day}, or bring it to book club."]),
            "moving": ("Moving day", ["We are moving on {day} and could really use a hand with the boxes.",
                                      "The van is booked for nine, and there will be pizza afterwards.",
                                      "No worries if you can't make it, of course."]),
            "report": ("Draft for Friday", ["Attached is the draft we talked about on the phone.",
                                            "I have not touched the budget section yet; the numbers from {month} "
                                            "are still missing.", "Comments welcome by Friday if you can."]),
            "invite": ("Meeting on {day}", ["I have put our meeting on {day} in the calendar; the invitation is "
                                            "attached.", "We can use the small room on the second floor.",
                                            "Bring the notes from last time if you still have them."])},
        filler=["By the way, how is your mother doing after the operation?",
                "The garden is finally waking up; the tulips came out this week.",
                "We are still thinking about the summer holidays; maybe the coast again.",
                "Did you see the match on Sunday? What a finish.",
                "The kids say hello and want to know when you are coming over.",
                "Work has been busy, but it should calm down after the end of the month."],
        quote="On {date}, {name} <{addr}> wrote:", days=["Friday", "Saturday", "Sunday", "Thursday", "the 14th"],
        places=["Cornwall", "the Lake District", "Edinburgh", "Maine", "Vermont"],
        months=["January", "February", "March"], streets=["Mill Street", "the high street", "Harbor Road"]),
    "fr": dict(
        hi=["Salut {name},", "Coucou {name}\u202f!", "Bonjour {name},", "{name},"],
        bye=["Bises,", "\u00c0 bient\u00f4t,", "Bonne journ\u00e9e,", "Amiti\u00e9s,"],
        topics={
            "dinner": ("D\u00eener {day}\u202f?", ["Tu es libre pour d\u00eener {day}\u202f? On voulait essayer le "
                                                  "nouveau restaurant {street}.",
                                                  "Je peux passer te prendre vers 19 h si tu veux.",
                                                  "Dis-moi si un d\u00e9jeuner le week-end t'arrange mieux."]),
            "photos": ("Photos de {place}", ["Voici quelques photos de notre week-end \u00e0 {place}.",
                                             "Il a fait bien plus beau que pr\u00e9vu et on a march\u00e9 presque "
                                             "vingt kilom\u00e8tres samedi.",
                                             "Celle du port est ma pr\u00e9f\u00e9r\u00e9e, tu peux l'imprimer."]),
            "moving": ("D\u00e9m\u00e9nagement", ["On d\u00e9m\u00e9nage {day} et on aurait bien besoin d'un coup de "
                                                  "main pour les cartons.",
                                                  "Le camion est r\u00e9serv\u00e9 pour 9 h, et il y aura des pizzas "
                                                  "apr\u00e8s.", "Aucun souci si tu ne peux pas, bien s\u00fbr."]),
            "report": ("Brouillon pour vendredi", ["Je te joins le brouillon dont on a parl\u00e9 au "
                                                   "t\u00e9l\u00e9phone.", "Je n'ai pas encore repris la partie "
                                                   "budget\u202f: il manque les chiffres de {month}.",
                                                   "Tes remarques sont les bienvenues d'ici vendredi."])},
        filler=["Au fait, comment va ta m\u00e8re depuis l'op\u00e9ration\u202f?",
                "Le jardin se r\u00e9veille enfin, les tulipes sont sorties cette semaine.",
                "On h\u00e9site encore pour les vacances d'\u00e9t\u00e9, peut-\u00eatre la Bretagne.",
                "Les enfants te font un gros bisou et demandent quand tu viens.",
                "Le travail est charg\u00e9 en ce moment, \u00e7a devrait se calmer apr\u00e8s la fin du mois."],
        quote="Le {date}, {name} <{addr}> a \u00e9crit\u202f:", days=["vendredi", "samedi", "dimanche", "jeudi"],
        places=["\u00c9tretat", "Annecy", "Biarritz", "Colmar"], months=["janvier", "f\u00e9vrier", "mars"],
        streets=["rue Mercière", "place Sathonay", "sur les quais"]),
    "es": dict(
        hi=["Hola, {name}:", "\u00a1Hola, {name}!", "Buenas, {name}:", "{name}:"],
        bye=["Un abrazo,", "Besos,", "Hasta pronto,", "Saludos,"],
        topics={
            "dinner": ("\u00bfCenamos el {day}?", ["\u00bfTe viene bien cenar el {day}? Quer\u00edamos probar el "
                                                   "sitio nuevo de {street}.", "Puedo pasar a recogerte sobre las "
                                                   "nueve.", "Si prefieres comer el fin de semana, dime."]),
            "photos": ("Fotos de {place}", ["Te mando algunas fotos del fin de semana en {place}.",
                                            "Hizo mucho mejor tiempo del previsto y el s\u00e1bado caminamos casi "
                                            "veinte kil\u00f3metros.", "La del puerto es mi favorita."]),
            "report": ("Borrador para el viernes", ["Te adjunto el borrador del que hablamos por tel\u00e9fono.",
                                                    "Todav\u00eda no he tocado el presupuesto: faltan los datos de "
                                                    "{month}.", "Si puedes, m\u00e1ndame tus comentarios antes del "
                                                    "viernes."]),
            "moving": ("La mudanza", ["Nos mudamos el {day} y nos vendr\u00eda genial una mano con las cajas.",
                                      "La furgoneta est\u00e1 reservada a las nueve y luego hay pizza.",
                                      "Si no puedes, no pasa nada."])},
        filler=["Por cierto, \u00bfc\u00f3mo sigue tu madre despu\u00e9s de la operaci\u00f3n?",
                "El huerto por fin est\u00e1 despertando; esta semana salieron las primeras habas.",
                "Seguimos pensando en las vacaciones; quiz\u00e1 Asturias otra vez.",
                "Los ni\u00f1os preguntan cu\u00e1ndo vienes a vernos."],
        quote="El {date}, {name} <{addr}> escribi\u00f3:", days=["viernes", "s\u00e1bado", "domingo", "jueves"],
        places=["C\u00e1diz", "Asturias", "Cuenca", "Granada"], months=["enero", "febrero", "marzo"],
        streets=["la calle Mayor", "la plaza del Sol", "al lado del mercado"]),
    "de": dict(
        hi=["Hallo {name},", "Hi {name},", "Servus {name},", "Moin {name},"],
        bye=["Viele Gr\u00fc\u00dfe", "Liebe Gr\u00fc\u00dfe", "Bis bald", "Gru\u00df"],
        topics={
            "dinner": ("Essen am {day}?", ["Hast du am {day} Zeit f\u00fcr ein Abendessen? Wir wollten das neue "
                                           "Lokal {street} ausprobieren.", "Ich kann dich gegen sieben abholen.",
                                           "Sag Bescheid, falls dir ein Mittagessen am Wochenende lieber ist."]),
            "photos": ("Fotos aus {place}", ["Hier ein paar Fotos von unserem Wochenende in {place}.",
                                             "Das Wetter war viel besser als angek\u00fcndigt, und am Samstag sind "
                                             "wir fast zwanzig Kilometer gewandert.",
                                             "Das Bild vom Hafen ist mein Lieblingsfoto."]),
            "report": ("Entwurf f\u00fcr Freitag", ["Anbei der Entwurf, \u00fcber den wir am Telefon gesprochen "
                                                  "haben.", "Den Budgetteil habe ich noch nicht angefasst, es fehlen "
                                                  "die Zahlen aus dem {month}.", "Anmerkungen gern bis Freitag."]),
            "club": ("Tourenplan {month}", ["anbei der Tourenplan f\u00fcr den {month}.",
                                            "Treffpunkt ist wie immer der Parkplatz am Bahnhof, Abfahrt um 7:30 "
                                            "Uhr.", "Bitte meldet euch bis Mittwoch beim Tourenleiter an."])},
        filler=["Wie geht es eigentlich deiner Mutter nach der Operation?",
                "Im Garten tut sich endlich was, die Tulpen sind diese Woche herausgekommen.",
                "Wir \u00fcberlegen noch, wohin es im Sommer geht, vielleicht wieder an die Ostsee.",
                "Die Kinder lassen gr\u00fc\u00dfen und fragen, wann du wieder vorbeikommst."],
        quote="Am {date} schrieb {name} <{addr}>:", days=["Freitag", "Samstag", "Sonntag", "Donnerstag"],
        places=["Lindau", "Dresden", "Sylt", "Bamberg"], months=["Januar", "Februar", "M\u00e4rz", "April"],
        streets=["am Marktplatz", "in der Lindenstra\u00dfe", "am Hafen"]),
    "ja": dict(
        hi=["{name}\u3055\u3093", "{name}\u3055\u3093\u3001\u3053\u3093\u306b\u3061\u306f\u3002",
            "{name}\u3078"],
        bye=["\u3088\u308d\u3057\u304f\u304a\u9858\u3044\u3057\u307e\u3059\u3002", "\u3067\u306f\u307e\u305f\u3002",
             "\u307e\u305f\u9023\u7d61\u3057\u307e\u3059\u3002"],
        topics={
            "dinner": ("{day}\u306e\u5915\u98df\u306b\u3064\u3044\u3066",
                       ["{day}\u306e\u5915\u65b9\u3001\u7a7a\u3044\u3066\u3044\u307e\u3059\u304b\uff1f"
                        "\u99c5\u524d\u306b\u3067\u304d\u305f\u65b0\u3057\u3044\u304a\u5e97\u306b\u884c\u3063\u3066"
                        "\u307f\u305f\u3044\u3068\u601d\u3063\u3066\u3044\u307e\u3059\u3002",
                        "7\u6642\u3054\u308d\u306b\u99c5\u306e\u6539\u672d\u3067\u5f85\u3061\u5408\u308f\u305b"
                        "\u306f\u3069\u3046\u3067\u3057\u3087\u3046\u3002",
                        "\u90fd\u5408\u304c\u60aa\u3051\u308c\u3070\u3001\u9031\u672b\u306e\u30e9\u30f3\u30c1"
                        "\u3067\u3082\u5927\u4e08\u592b\u3067\u3059\u3002"]),
            "photos": ("{place}\u306e\u5199\u771f",
                       ["\u5148\u65e5\u306e{place}\u65c5\u884c\u306e\u5199\u771f\u3092\u9001\u308a\u307e\u3059\u3002",
                        "\u5929\u6c17\u306b\u3082\u6075\u307e\u308c\u3066\u3001\u571f\u66dc\u65e5\u306f20\u30ad"
                        "\u30ed\u8fd1\u304f\u6b69\u304d\u307e\u3057\u305f\u3002",
                        "\u6e2f\u3067\u64ae\u3063\u305f\u4e00\u679a\u304c\u304a\u6c17\u306b\u5165\u308a\u3067\u3059"
                        "\u3002"]),
            "report": ("\u8cc7\u6599\u306e\u4e0b\u66f8\u304d",
                       ["\u96fb\u8a71\u3067\u8a71\u3057\u305f\u8cc7\u6599\u306e\u4e0b\u66f8\u304d\u3092\u6dfb\u4ed8"
                        "\u3057\u307e\u3059\u3002",
                        "\u4e88\u7b97\u306e\u90e8\u5206\u306f{month}\u306e\u6570\u5b57\u304c\u307e\u3060\u306a\u3044"
                        "\u306e\u3067\u3001\u5f8c\u3067\u8ffd\u52a0\u3057\u307e\u3059\u3002",
                        "\u91d1\u66dc\u65e5\u307e\u3067\u306b\u30b3\u30e1\u30f3\u30c8\u3092\u3044\u305f\u3060\u3051"
                        "\u308b\u3068\u52a9\u304b\u308a\u307e\u3059\u3002"])},
        filler=["\u304a\u6bcd\u3055\u3093\u306e\u5177\u5408\u306f\u3044\u304b\u304c\u3067\u3059\u304b\u3002",
                "\u3053\u3061\u3089\u306f\u3088\u3046\u3084\u304f\u685c\u304c\u54b2\u304d\u59cb\u3081\u307e\u3057\u305f"
                "\u3002",
                "\u590f\u4f11\u307f\u306e\u4e88\u5b9a\u306f\u307e\u3060\u6c7a\u307e\u3063\u3066\u3044\u307e\u305b\u3093"
                "\u3002",
                "\u5b50\u3069\u3082\u305f\u3061\u3082\u307e\u305f\u4f1a\u3044\u305f\u3044\u3068\u8a00\u3063\u3066\u3044"
                "\u307e\u3059\u3002"],
        quote="{date} {name} <{addr}>:", days=["\u91d1\u66dc\u65e5", "\u571f\u66dc\u65e5", "\u65e5\u66dc\u65e5"],
        places=["\u91d1\u6ca2", "\u5c3e\u9053", "\u51fd\u9928", "\u9577\u5d0e"],
        months=["1\u6708", "2\u6708", "3\u6708"], streets=["\u99c5\u524d"]),
}
# Senders of personal mail; the domains that do not sign (famille-roux.fr,
# bergverein-allgaeu.de) and the Ed25519-only one (hale-family.net) are named
# in PLAN.
PERSONAL_SENDERS = {"en": ["gmail.com", "gmail.com", "outlook.com"],
                    "fr": ["orange.fr", "gmail.com"],
                    "es": ["gmail.com", "outlook.com"],
                    "de": ["gmx.de", "gmx.de", "gmail.com"],
                    "ja": ["yahoo.co.jp", "gmail.com"]}


def freemail_client(r, d):
    if d.ip6 and r.random() < 0.4:
        return (d.ip6_addr, d.helo, d.helo)
    return None


def g_personal(spec, r, rx, n):
    lang = spec.lang
    m = Mail()
    m.when = when_for(r, lang)
    p = PERSONAL[lang]
    dom = spec.variant_domain or r.choice(PERSONAL_SENDERS[lang])
    d = D[dom]
    topic = spec.variant if spec.variant in p["topics"] else r.choice(sorted(p["topics"]))
    if dom == "bergverein-allgaeu.de":
        topic = "club"
    author = Person(r, lang, dom)
    friend = Person(r, lang)
    fmt = dict(day=r.choice(p["days"]), place=r.choice(p["places"]), month=r.choice(p["months"]),
               street=r.choice(p["streets"]), name=friend.first)
    subj, sentences = p["topics"][topic]
    reply = r.random() < 0.35
    chat = n
    if not reply and n > 0:     # the first way to grow: it was a reply all along
        reply, chat = True, n - 1
    blocks = [r.choice(p["hi"]).format(name=friend.first if lang != "ja" else friend.last)]
    body_sent = [s.format(**fmt) for s in sentences]
    blocks.append(("" if lang == "ja" else " ").join(body_sent[:2]))
    blocks += body_sent[2:]
    for i in range(chat):
        blocks.append((rx.choice(p["filler"]) + ("" if lang == "ja" else " ") if i % 2 == 0 else "") +
                      chatter(rx, lang))
    m.full = chat >= 6
    blocks.append("%s\n%s" % (r.choice(p["bye"]), author.first if lang != "ja" else author.last))
    if r.random() < 0.5:
        blocks.append("-- \n%s\n%s" % (author.name, r.choice(CITIES[lang]) if lang != "ja" else author.addr))
    if reply:
        prev = m.when - datetime.timedelta(hours=r.randrange(2, 50))
        quoted = [r.choice(p["hi"]).format(name=author.first if lang != "ja" else author.last),
                  r.choice(p["filler"]), chatter(r, lang), friend.first if lang != "ja" else friend.last]
        qtext = wrap("\n\n".join(quoted), lang, 68)
        blocks.append(p["quote"].format(date=long_date(lang, prev), name=friend.name, addr=friend.addr) + "\n" +
                      "\n".join(("> " + l) if l else ">" for l in qtext.split("\n")))
        subj = {"ja": "Re: "}.get(lang, "Re: ") + subj
        m.headers.append(("In-Reply-To", "<%s@%s>" % (hexid(r, 20), friend.addr.split("@")[1])))
        m.headers.append(("References", "<%s@%s>" % (hexid(r, 20), friend.addr.split("@")[1])))
    plain = wrap("\n\n".join(blocks), lang)
    charset, cte = pick_charset(r, lang, plain)
    style = {"gmail.com": "gmail", "outlook.com": "hex", "gmx.de": "hex", "yahoo.co.jp": "hex"}.get(dom, "apple")
    text = Text(plain, "plain", charset, cte, quoted_charset=(style != "gmail"))
    body = text
    if style == "gmail" and r.random() < 0.7:
        html = '<div dir="ltr">%s</div>\n' % html_paragraphs(plain)
        body = Multi("alternative", boundary(r, "gmail"), [text, Text(html, "html", charset, "quoted-printable"
                                                                      if cte != "base64" else "base64")],
                     preamble=False)
    attach = []
    if topic == "photos":
        for i in range(r.randrange(1, 3)):
            attach.append(Attachment("image/png", "IMG_%04d.png" % r.randrange(1000, 9999), png_image(r)))
    elif topic == "report":
        name = {"en": "draft-report.pdf", "fr": "brouillon-rapport.pdf", "es": "borrador-informe.pdf",
                "de": "Entwurf-Bericht.pdf", "ja": "\u8cc7\u6599_\u4e0b\u66f8\u304d.pdf"}[lang]
        attach.append(Attachment("application/pdf", name, pdf_document(
            ["Draft", ""] + [ascii_fold(news_sentence(r, "en")) for _ in range(r.randrange(10, 45))], "Draft")))
    elif topic == "invite":
        attach.append(Attachment("text/calendar; method=REQUEST; charset=UTF-8", "invite.ics", ics_invite(
            r, "Project meeting", "Room 2.14", m.when + datetime.timedelta(days=3), author.addr, friend.addr)))
    elif topic == "club":
        rows = "Datum;Ziel;Gehzeit;Tourenleiter\n" + "\n".join(
            "%02d.%02d.2026;%s;%d h;%s" % (r.randrange(1, 28), m.when.month, r.choice(
                ["Hochgrat", "Grünten", "Nebelhorn", "Tegelberg", "Breitenberg"]), r.randrange(3, 7),
                r.choice(LAST["de"])) for _ in range(r.randrange(4, 9)))
        attach.append(Attachment("text/csv; charset=UTF-8", "Tourenplan.csv", rows.encode("utf-8")))
    if attach:
        body = Multi("mixed", boundary(r, style), [body] + attach, preamble=(style != "gmail"))
    m.body = body
    m.sender = d
    m.client = freemail_client(r, d)
    m.mail_from = author.addr
    m.from_ = author.mailbox(*header_cs(r, lang, charset))
    m.from_domain = dom
    m.to = friend.mailbox(*header_cs(r, lang, charset))
    m.rcpt = [friend.addr]
    if dom == "bergverein-allgaeu.de":
        members = [Person(r, lang) for _ in range(r.randrange(2, 5))]
        m.to = "Mitglieder <mitglieder@bergverein-allgaeu.de>"
        m.rcpt = [x.addr for x in members]
        m.headers.append(("Reply-To", "tourenwart@bergverein-allgaeu.de"))
    m.subject = header_text(subj.format(**fmt), *header_cs(r, lang, charset))
    if style == "gmail":
        m.msgid = "CA%s%s@mail.gmail.com" % (alnum(r, 30, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz012345"
                                                          "6789"
                                                       "+_"), "=" + alnum(r, 6) if r.random() < 0.5 else "")
    else:
        m.msgid = "%s-%s-%s-%s@%s" % (hexid(r, 8), hexid(r, 4), hexid(r, 4), hexid(r, 12), dom)
    agent = {"gmx.de": "GMX Freemail", "orange.fr": "Orange Messagerie", "outlook.com": None,
             "yahoo.co.jp": None, "gmail.com": None}.get(dom, r.choice(["Thunderbird", "Roundcube Webmail",
                                                                        "Apple Mail"]))
    if agent:
        m.headers.append(("User-Agent", agent))
    m.received = [received(r, lang, d.helo, m.when, friend.addr)]
    m.tags = ["personal", topic] + (["attachment"] if attach else []) + (["reply"] if reply else [])
    m.purpose = "personal mail (%s) from %s" % (topic, dom)
    m.action = "accept"
    return m


# ---- Mailing lists ---------------------------------------------------------------

LISTS = {
    "en": ("lists.openlattice.org", "openlattice-dev", "OpenLattice development",
           ["gmail.com", "outlook.com", "hale-family.net", "gmail.com"]),
    "fr": ("listes.velo-lyon.fr", "adherents", "Liste des adh\u00e9rents de V\u00e9lo Lyon",
           ["orange.fr", "gmail.com", "famille-roux.fr"]),
    "es": ("listas.huerto-comunitario.es", "vecinos", "Huerto comunitario: vecinos",
           ["gmail.com", "outlook.com", "estudio-nogal.es"]),
    "de": ("lists.stammtisch-linux.de", "stammtisch", "Linux-Stammtisch",
           ["gmx.de", "gmail.com", "outlook.com"]),
    "ja": ("ml.kansai-rb.jp", "kansai-rb", "\u95a2\u897fRuby\u52c9\u5f37\u4f1a",
           ["yahoo.co.jp", "gmail.com"]),
}
LIST_TEXT = {
    "en": dict(
        subjects=["[PATCH v{v}] storage: fix leak in compaction", "Proposal: drop support for Python 3.8",
                  "Release {v}.{w}.0 schedule", "CI failures on arm64 since last week",
                  "Question about the plugin API"],
        lines=["I can reproduce this on a clean checkout with the default configuration.",
               "The patch looks good to me, but could you add a test for the empty-file case?",
               "We discussed this at the last call and nobody objected, so I'd like to move ahead.",
               "Benchmarks on my laptop show about 12% less memory during compaction.",
               "Could you rebase on the current main branch? There is a conflict in the changelog.",
               "I'd keep the old option for one more release and print a deprecation warning.",
               "The arm64 runners were updated on Tuesday, which is when the failures started.",
               "Thanks for the quick turnaround on this.",
               "Let's wait for the results from the nightly build before merging."],
        quote="On {date}, {name} wrote:",
        footer="_______________________________________________\n{list} mailing list -- {list}@{dom}\n"
               "To unsubscribe send an email to {list}-leave@{dom}"),
    "fr": dict(
        subjects=["Sortie du dimanche {d} mars", "Atelier r\u00e9paration samedi", "Compte rendu de l'AG",
                  "Covoiturage pour la v\u00e9lorution"],
        lines=["Rendez-vous \u00e0 9 h place Bellecour, d\u00e9part \u00e0 9 h 15 pr\u00e9cises.",
               "Pr\u00e9voyez une chambre \u00e0 air de rechange et de quoi boire.",
               "L'atelier aura lieu au local, nous avons re\u00e7u de nouveaux outils.",
               "Le compte rendu complet est disponible sur le site de l'association.",
               "Merci \u00e0 tous ceux qui sont venus aider samedi dernier.",
               "Je peux prendre deux v\u00e9los sur le porte-v\u00e9lo si quelqu'un a besoin.",
               "La m\u00e9t\u00e9o annonce du vent, on raccourcira peut-\u00eatre le parcours."],
        quote="Le {date}, {name} a \u00e9crit\u202f:",
        footer="_______________________________________________\nListe {list} -- {list}@{dom}\n"
               "Pour vous d\u00e9sabonner, \u00e9crivez \u00e0 {list}-leave@{dom}"),
    "es": dict(
        subjects=["Turnos de riego de abril", "Semillas de tomate para intercambiar", "Reuni\u00f3n del jueves",
                  "Compost: qui\u00e9n se encarga este mes"],
        lines=["He actualizado la tabla de turnos en el tabl\u00f3n de la caseta.",
               "Tengo semillas de tomate rosa y de pimiento del padr\u00f3n para quien quiera.",
               "La reuni\u00f3n ser\u00e1 el jueves a las siete en el centro c\u00edvico.",
               "Por favor, cerrad bien la puerta al salir, que se escapan los gatos del vecino.",
               "Gracias a todos por la jornada de limpieza del domingo.",
               "El compost de la segunda caja ya est\u00e1 listo para usar."],
        quote="El {date}, {name} escribi\u00f3:",
        footer="_______________________________________________\nLista {list} -- {list}@{dom}\n"
               "Para darte de baja, escribe a {list}-leave@{dom}"),
    "de": dict(
        subjects=["Treffen im April", "Frage zu WireGuard unter Debian", "Vortragsthemen f\u00fcr den Herbst",
                  "Re: Raspberry Pi als Mediencenter"],
        lines=["Wir treffen uns wie immer am ersten Donnerstag im Monat ab 19 Uhr.",
               "Bei mir l\u00e4uft WireGuard seit einem Jahr ohne Probleme, die Konfiguration schicke ich gern.",
               "Hast du mal ins Journal geschaut? journalctl -u wg-quick@wg0 zeigt meistens den Fehler.",
               "F\u00fcr den Herbst h\u00e4tte ich einen Vortrag \u00fcber Backups mit restic anzubieten.",
               "Danke f\u00fcr den Tipp, das hat geholfen.",
               "Die Folien vom letzten Treffen liegen im Wiki."],
        quote="Am {date} schrieb {name}:",
        footer="_______________________________________________\n{list} Mailingliste -- {list}@{dom}\n"
               "Abmelden: {list}-leave@{dom}"),
    "ja": dict(
        subjects=["\u6b21\u56de\u306e\u52c9\u5f37\u4f1a\u306b\u3064\u3044\u3066",
                  "Ruby 3.4 \u3078\u306e\u79fb\u884c\u3067\u56f0\u3063\u3066\u3044\u308b\u3053\u3068",
                  "LT\u52df\u96c6\u306e\u304a\u77e5\u3089\u305b"],
        lines=["\u6b21\u56de\u306f4\u6708\u306e\u7b2c2\u571f\u66dc\u65e5\u3001\u4f1a\u5834\u306f\u3044\u3064\u3082"
               "\u306e\u4f1a\u8b70\u5ba4\u3067\u3059\u3002",
               "\u624b\u5143\u3067\u3082\u540c\u3058\u30a8\u30e9\u30fc\u304c\u518d\u73fe\u3057\u307e\u3057\u305f\u3002",
               "frozen string literal \u306e\u8b66\u544a\u304c\u5927\u91cf\u306b\u51fa\u308b\u306e\u3067\u3001"
               "\u307e\u305a\u306f\u305d\u3053\u304b\u3089\u5bfe\u5fdc\u3057\u3066\u3044\u307e\u3059\u3002",
               "LT\u306f5\u5206\u3067\u3059\u3002\u521d\u3081\u3066\u306e\u65b9\u3082\u6b53\u8fce\u3057\u307e\u3059"
               "\u3002",
               "\u60c5\u5831\u3042\u308a\u304c\u3068\u3046\u3054\u3056\u3044\u307e\u3059\u3002\u52a9\u304b\u308a"
               "\u307e\u3057\u305f\u3002"],
        quote="{date} {name}:",
        footer="--\n{list} \u30e1\u30fc\u30ea\u30f3\u30b0\u30ea\u30b9\u30c8 {list}@{dom}\n"
               "\u9000\u4f1a\uff1a{list}-leave@{dom}"),
}


def list_headers(listname, dom, title):
    return [("List-Id", "%s <%s.%s>" % (title if title.isascii() else listname, listname, dom)),
            ("List-Post", "<mailto:%s@%s>" % (listname, dom)),
            ("List-Help", "<mailto:%s-request@%s?subject=help>" % (listname, dom)),
            ("List-Unsubscribe", "<mailto:%s-leave@%s>" % (listname, dom)),
            ("List-Archive", "<https://%s/archives/list/%s@%s/>" % (dom, listname, dom)),
            ("Precedence", "list")]


def g_list(spec, r, rx, n):
    lang = spec.lang
    m = Mail()
    m.when = when_for(r, lang)
    dom, listname, title, authors = LISTS[lang]
    t = LIST_TEXT[lang]
    lst = D[dom]
    v = spec.variant     # rewrite: list re-signs, From rewritten; broken: author's signature broken; intact
    if v != "rewrite":    # the author's own signature is what the list keeps or breaks
        authors = [a for a in authors if D[a].keys]
    if v == "broken":     # and a domain with p=reject would have the list's mail rejected
        authors = [a for a in authors if D[a].dmarc_policy == "none"]
    adom = r.choice(authors)
    author = Person(r, lang, adom)
    member = Person(r, lang)
    other = Person(r, lang)
    subj = r.choice(t["subjects"]).format(v=r.randrange(2, 5), w=r.randrange(0, 9), d=r.randrange(1, 29))
    reply = r.random() < 0.6
    lines = r.sample(t["lines"], min(len(t["lines"]), r.randrange(2, 5)))
    blocks = [("Hi all," if lang == "en" else {"fr": "Bonjour \u00e0 tous,", "es": "Hola a todos:",
                                               "de": "Hallo zusammen,", "ja": "\u7686\u3055\u3093"}[lang])]
    blocks.append(("" if lang == "ja" else " ").join(lines))
    for i in range(n):
        blocks.append(tech_chatter(rx, lang) if lang in TECH else
                      rx.choice(ASSOC[lang]) + " " + rx.choice(t["lines"]))
    m.full = n >= 4
    blocks.append(author.first if lang != "ja" else author.last)
    if reply:
        q = wrap(("" if lang == "ja" else " ").join(r.sample(t["lines"], 2)), lang, 68)
        blocks.append(t["quote"].format(date=long_date(lang, m.when - datetime.timedelta(hours=r.randrange(3, 40))),
                                        name=other.name) + "\n" + "\n".join("> " + l for l in q.split("\n")))
        subj = subj if subj.startswith("Re: ") else "Re: " + subj
    footer = t["footer"].format(list=listname, dom=dom)
    plain = wrap("\n\n".join(blocks), lang)
    charset, cte = pick_charset(r, lang, plain)
    if cte == "base64":   # a list appends its footer to the text as it is
        cte = "quoted-printable" if charset != "ISO-2022-JP" else "7bit"
    if lang == "ja":      # Japanese lists: ISO-2022-JP, as they always were
        charset, cte = "ISO-2022-JP", "7bit"
    tag = "[%s] " % listname
    hcs = header_cs(r, lang, charset)
    lh = list_headers(listname, dom, title)
    m.rcpt = [member.addr]
    m.to = "%s@%s" % (listname, dom)
    m.mail_from = "%s-bounces+%s=%s@%s" % (listname, member.addr.split("@")[0], member.addr.split("@")[1], dom)
    m.sender = lst
    m.from_domain = adom
    m.msgid = "%s.%s@%s" % (hexid(r, 12), int(m.when.timestamp()), adom)
    if v == "rewrite":
        m.body = Text(plain + "\n\n" + footer + "\n", "plain", charset, cte)
        m.from_ = mailbox("%s via %s" % (author.name, listname), "%s@%s" % (listname, dom), *hcs)
        m.from_domain = dom
        m.subject = header_text(tag + subj, *hcs)
        m.headers = [("Reply-To", author.mailbox(*hcs))] + lh
        m.tags = ["mailing-list", "from-rewritten"]
        m.purpose = "list mail with From rewritten to the list, signed by %s" % dom
    else:
        m.body = Text(plain + "\n", "plain", charset, cte)
        m.from_ = author.mailbox(*hcs)
        m.subject = header_text(subj, *hcs)
        m.sign = [(D[adom].name, k) for k in D[adom].keys] if D[adom].keys else None
        adds = "".join("%s: %s\r\n" % h for h in lh).encode()
        adds = ("Received: from %s (%s [%s])\r\n\tby %s (Postfix) with ESMTPS id %s\r\n\tfor <%s@%s>; %s\r\n" % (
            D[adom].helo, D[adom].helo, D[adom].ip, lst.helo, alnum(r, 11), listname, dom,
            rfc5322_date(m.when + datetime.timedelta(seconds=2)))).encode() + adds
        foot = footer.encode("iso2022_jp") if charset == "ISO-2022-JP" else ascii_fold(footer).encode()

        def modify(raw, adds=adds, foot=foot, tag=tag.encode(), broken=(v == "broken")):
            raw = adds + raw
            if broken:
                head, body = raw.split(b"\r\n\r\n", 1)
                head = head.replace(b"\r\nSubject: ", b"\r\nSubject: " + tag, 1)
                body = body + b"\r\n" + lf_to_crlf(foot) + b"\r\n"
                raw = head + b"\r\n\r\n" + body
            return raw
        m.after_sign = modify
        m.broken = v == "broken"
        m.tags = ["mailing-list", "dkim-broken-by-list" if v == "broken" else "author-signature-intact"]
        m.purpose = ("list added a subject tag and a footer: the author's %s signature breaks" % adom if v == "broken"
                     else "list kept the message whole: the author's %s signature survives" % adom)
    m.received = [received(r, lang, D[adom].helo, m.when, "%s@%s" % (listname, dom))]
    m.action = "accept"
    return m


# ---- Phishing ----------------------------------------------------------------

DEVICES = ["Ledger Nano X", "Ledger Nano S Plus", "Ledger Stax", "Ledger Flex"]
FREE_HOSTS = ["ledgerlive-restore.pages.dev", "sync-ledger1.firebaseapp.com", "ledger-recover.web.app",
              "ledger-secure.netlify.app", "ledger-wallet-sync.vercel.app"]
CITIES_ABROAD = ["Amsterdam, Netherlands", "Frankfurt, Germany", "Singapore", "Toronto, Canada", "Warsaw, Poland"]

PHISH_SENDERS = {
    "seed": {"en": [("Ledger", "security@ledger-verify-portal.com"), ("Ledger Live", "no-reply@ledgerlive-sync.com"),
                    ("Ledger Support", "support@1edger-wallet.com"), ("Ledger", "notice@" + HOMOGLYPH),
                    ("Ledger Security", "alert@ledger-secure-update.net")],
             "fr": [("Ledger France", "securite@ledger-assistance-client.fr"),
                    ("Ledger", "service@ledger-livraison-fr.com")],
             "es": [("Ledger Espa\u00f1a", "soporte@ledger-envios-es.com")],
             "de": [("Ledger Kundendienst", "service@ledger-kundendienst.de"),
                    ("Ledger", "sicherheit@ledger-kundendienst.de")],
             "ja": [("Ledger\u30b5\u30dd\u30fc\u30c8", "support@ledger-jp-anshin.com")]},
    "orderbait": {"en": [("Ledger Shipping", "shipping@1edger-wallet.com"),
                         ("Ledger Orders", "orders@parcel-duty-service.com"),
                         ("Ledger", "customer-care@ledger-verify-portal.com")],
                  "fr": [("Ledger Livraison", "livraison@ledger-livraison-fr.com")],
                  "es": [("Ledger Env\u00edos", "envios@ledger-envios-es.com"),
                         ("Ledger", "aduanas@parcel-duty-service.com")],
                  "de": [("Ledger Versand", "versand@ledger-kundendienst.de")],
                  "ja": [("Ledger\u30b9\u30c8\u30a2", "store@ledger-jp-anshin.com")]},
    "callback": {"en": [("Ledger Security", "alerts@walletguard-alerts.com"),
                        ("Ledger", "billing@ledger-secure-update.net"), ("Ledger Live", "alerts@ledgerlive-sync.com")],
                 "fr": [("Ledger S\u00e9curit\u00e9", "alerte@ledger-assistance-client.fr")],
                 "es": [("Ledger Seguridad", "alertas@walletguard-alerts.com")],
                 "de": [("Ledger Sicherheit", "warnung@kontakt-sicherheit.de")],
                 "ja": [("Ledger\u30bb\u30ad\u30e5\u30ea\u30c6\u30a3", "alert@ledger-jp-anshin.com")]},
    "extortion": {"en": [(None, "drop%d@secure-mail-relay.net"), ("A friend", "friend%d@secure-mail-relay.net")],
                  "fr": [(None, "contact%d@fleurs-de-marie.fr")],
                  "es": [(None, "aviso%d@correo-seguro-envio.net")],
                  "de": [(None, "nachricht%d@kontakt-sicherheit.de")]},
    "freemail": {"en": [("Ledger Support", "gmail.com"), ("Ledger Live Team", "outlook.com"),
                        ("Ledger Recovery", "gmail.com")],
                 "fr": [("Support Ledger", "gmail.com")], "de": [("Ledger Support", "outlook.com")],
                 "ja": [("Ledger\u30b5\u30dd\u30fc\u30c8\u30bb\u30f3\u30bf\u30fc", "gmail.com")]},
}

SEED_TEXT = {
    "en": [("Action required: verify your {device} before {deadline}",
            "Dear Ledger customer,\n\nFollowing a security incident at one of our e-commerce partners, some customer "
            "records were exposed. As a precaution, every {device} sold since 2020 must be verified again before "
            "{deadline}.\n\nTo keep access to your assets, confirm your 24-word recovery phrase in our secure "
            "verification portal:\n\n{url}\n\nDevices that are not verified in time will be disconnected from Ledger "
            "Live, and the funds on them may become inaccessible.\n\nCase reference: {case}\n\nThank you for your "
            "trust,\nLedger Security Team"),
           ("Unusual sign-in attempt on your Ledger Live account",
            "Hello {first},\n\nWe detected a sign-in attempt to your Ledger Live account from a new device:\n\n"
            "  Location:   {city}\n  IP address: {ip}\n  Time:       {date}\n\nIf this was not you, secure your "
            "wallet now. Synchronize your device by entering your recovery phrase at:\n\n{url}\n\nFor your "
            "protection, accounts that are not synchronized within 24 hours will be frozen.\n\nLedger Support"),
           ("Mandatory firmware update {ver} for {device}",
            "Important security update\n\nA vulnerability affecting the secure element of older devices has been "
            "found. Firmware {ver} fixes it, but the update erases the device. Before you install it, back up your "
            "wallet by providing your seed phrase, so that your accounts can be restored automatically after the "
            "update.\n\nStart the update: {url}\n\nThis update is mandatory for all {device} owners. Devices that "
            "are not updated before {deadline} will no longer be supported.\n\nLedger")],
    "fr": [("Action requise\u202f: v\u00e9rifiez votre {device} avant le {deadline}",
            "Cher client Ledger,\n\n\u00c0 la suite d'un incident de s\u00e9curit\u00e9 chez l'un de nos partenaires, "
            "certaines donn\u00e9es clients ont \u00e9t\u00e9 expos\u00e9es. Par pr\u00e9caution, chaque {device} doit "
            "\u00eatre v\u00e9rifi\u00e9 \u00e0 nouveau avant le {deadline}.\n\nPour conserver l'acc\u00e8s \u00e0 vos "
            "actifs, confirmez votre phrase de r\u00e9cup\u00e9ration de 24 mots sur notre portail "
            "s\u00e9curis\u00e9\u202f:\n\n{url}\n\nLes appareils non v\u00e9rifi\u00e9s seront d\u00e9connect\u00e9s "
            "de "
            "Ledger Live et les fonds pourraient devenir inaccessibles.\n\nR\u00e9f\u00e9rence du dossier\u202f: "
            "{case}\n\nL'\u00e9quipe S\u00e9curit\u00e9 Ledger"),
           ("Tentative de connexion inhabituelle sur votre compte Ledger Live",
            "Bonjour {first},\n\nNous avons d\u00e9tect\u00e9 une tentative de connexion \u00e0 votre compte Ledger "
            "Live depuis un nouvel appareil ({city}, IP {ip}).\n\nSi ce n'\u00e9tait pas vous, synchronisez "
            "imm\u00e9diatement votre portefeuille en saisissant vos 24 mots sur\u202f:\n\n{url}\n\nSans action de "
            "votre part sous 24 heures, votre compte sera suspendu.\n\nSupport Ledger")],
    "es": [("Acci\u00f3n necesaria: verifica tu {device} antes del {deadline}",
            "Estimado cliente de Ledger:\n\nTras un incidente de seguridad en uno de nuestros socios de comercio "
            "electr\u00f3nico, algunos datos de clientes quedaron expuestos. Como medida preventiva, todos los "
            "{device} deben verificarse de nuevo antes del {deadline}.\n\nPara conservar el acceso a tus fondos, "
            "confirma tu frase de recuperaci\u00f3n de 24 palabras en nuestro portal seguro:\n\n{url}\n\nLos "
            "dispositivos que no se verifiquen a tiempo se desconectar\u00e1n de Ledger Live.\n\nReferencia: "
            "{case}\n\nEquipo de Seguridad de Ledger"),
           ("Intento de acceso inusual a tu cuenta de Ledger Live",
            "Hola, {first}:\n\nHemos detectado un intento de acceso a tu cuenta de Ledger Live desde un dispositivo "
            "nuevo ({city}, IP {ip}).\n\nSi no has sido t\u00fa, sincroniza tu cartera ahora introduciendo tu frase "
            "de recuperaci\u00f3n en:\n\n{url}\n\nSi no lo haces en 24 horas, bloquearemos la cuenta por "
            "seguridad.\n\nSoporte de Ledger")],
    "de": [("Handlungsbedarf: Best\u00e4tigen Sie Ihren {device} bis {deadline}",
            "Sehr geehrte Kundin, sehr geehrter Kunde,\n\nnach einem Sicherheitsvorfall bei einem unserer "
            "E-Commerce-Partner wurden Kundendaten offengelegt. Vorsorglich muss jeder {device} bis zum {deadline} "
            "erneut verifiziert werden.\n\nBitte best\u00e4tigen Sie Ihre Wiederherstellungsphrase (24 W\u00f6rter) "
            "in unserem sicheren Portal:\n\n{url}\n\nNicht verifizierte Ger\u00e4te werden von Ledger Live getrennt; "
            "das Guthaben kann dann unzug\u00e4nglich werden.\n\nVorgangsnummer: {case}\n\nIhr "
            "Ledger-Sicherheitsteam"),
           ("Ungew\u00f6hnlicher Anmeldeversuch bei Ihrem Ledger Live Konto",
            "Hallo {first},\n\nwir haben einen Anmeldeversuch bei Ihrem Ledger Live Konto von einem neuen Ger\u00e4t "
            "festgestellt ({city}, IP {ip}).\n\nWenn Sie das nicht waren, synchronisieren Sie Ihr Wallet sofort und "
            "geben Sie dazu Ihre 24 W\u00f6rter ein:\n\n{url}\n\nOhne Synchronisierung innerhalb von 24 Stunden wird "
            "Ihr Konto gesperrt.\n\nLedger Support")],
    "ja": [("\u3010\u91cd\u8981\u3011{device}\u306e\u518d\u8a8d\u8a3c\u306e\u304a\u9858\u3044\uff08{deadline}\u307e"
            "\u3067\uff09",
            "Ledger\u3092\u3054\u5229\u7528\u306e\u304a\u5ba2\u69d8\n\n\u5f53\u793e\u306e\u63d0\u643a\u5148\u3067"
            "\u767a\u751f\u3057\u305f\u30bb\u30ad\u30e5\u30ea\u30c6\u30a3\u4e8b\u6545\u306b\u3088\u308a\u3001\u4e00"
            "\u90e8\u306e\u304a\u5ba2\u69d8\u60c5\u5831\u304c\u6d41\u51fa\u3057\u305f\u53ef\u80fd\u6027\u304c\u3042"
            "\u308a\u307e\u3059\u3002\u5b89\u5168\u306e\u305f\u3081\u3001\u3059\u3079\u3066\u306e{device}\u306b"
            "\u3064\u3044\u3066{deadline}\u307e\u3067\u306b\u518d\u8a8d\u8a3c\u304c\u5fc5\u8981\u3067\u3059\u3002\n\n"
            "\u4e0b\u8a18\u306e\u5c02\u7528\u30da\u30fc\u30b8\u3067\u30ea\u30ab\u30d0\u30ea\u30fc\u30d5\u30ec\u30fc"
            "\u30ba\uff0824\u5358\u8a9e\uff09\u3092\u5165\u529b\u3057\u3001\u8a8d\u8a3c\u3092\u5b8c\u4e86\u3057\u3066"
            "\u304f\u3060\u3055\u3044\u3002\n{url}\n\n\u671f\u9650\u307e\u3067\u306b\u8a8d\u8a3c\u304c\u78ba\u8a8d"
            "\u3067\u304d\u306a\u3044\u5834\u5408\u3001Ledger Live\u3068\u306e\u63a5\u7d9a\u304c\u505c\u6b62\u3055"
            "\u308c\u3001\u8cc7\u7523\u306b\u30a2\u30af\u30bb\u30b9\u3067\u304d\u306a\u304f\u306a\u308b\u53ef\u80fd"
            "\u6027\u304c\u3042\u308a\u307e\u3059\u3002\n\n\u53d7\u4ed8\u756a\u53f7\uff1a{case}\nLedger \u30bb\u30ad"
            "\u30e5\u30ea\u30c6\u30a3\u30c1\u30fc\u30e0"),
           ("\u3010Ledger Live\u3011\u65b0\u3057\u3044\u7aef\u672b\u304b\u3089\u306e\u30ed\u30b0\u30a4\u30f3\u3092"
            "\u691c\u77e5\u3057\u307e\u3057\u305f",
            "{last} {first} \u69d8\n\nLedger Live\u30a2\u30ab\u30a6\u30f3\u30c8\u3078\u306e\u65b0\u3057\u3044\u7aef"
            "\u672b\u304b\u3089\u306e\u30ed\u30b0\u30a4\u30f3\u3092\u691c\u77e5\u3057\u307e\u3057\u305f\u3002\n"
            "\u5834\u6240\uff1a{city}\nIP\u30a2\u30c9\u30ec\u30b9\uff1a{ip}\n\n\u304a\u5fc3\u5f53\u305f\u308a\u304c"
            "\u306a\u3044\u5834\u5408\u306f\u3001\u4e0b\u8a18\u30da\u30fc\u30b8\u306724\u5358\u8a9e\u306e\u30ea\u30ab"
            "\u30d0\u30ea\u30fc\u30d5\u30ec\u30fc\u30ba\u3092\u5165\u529b\u3057\u3001\u30a6\u30a9\u30ec\u30c3\u30c8"
            "\u3092\u540c\u671f\u3057\u3066\u304f\u3060\u3055\u3044\u3002\n{url}\n\n24\u6642\u9593\u4ee5\u5185\u306b"
            "\u540c\u671f\u3055\u308c\u306a\u3044\u5834\u5408\u3001\u30a2\u30ab\u30a6\u30f3\u30c8\u306f\u51cd\u7d50"
            "\u3055\u308c\u307e\u3059\u3002\n\nLedger\u30b5\u30dd\u30fc\u30c8")],
}
ORDERBAIT_TEXT = {
    "en": [("Delivery suspended: customs fees due for order #{order}",
            "Dear customer,\n\nYour Ledger order #{order} ({device}) has arrived in your country but cannot be "
            "delivered: import customs fees of {amount} have not been paid.\n\nPlease pay the outstanding fees "
            "within 48 hours to release your parcel:\n\n{url}\n\nIf payment is not received, the parcel will be "
            "returned to the sender and your order cancelled without refund.\n\nLedger Shipping Department"),
           ("Your replacement {device} is ready to ship (order #{order})",
            "Hello {first},\n\nAs part of our customer protection programme following the data breach, a free "
            "replacement {device} has been reserved for you (order #{order}).\n\nTo receive it, confirm your "
            "delivery address and pay the shipping fee of {amount}:\n\n{url}\n\nWhen the new device arrives, follow "
            "the enclosed letter to move your accounts to it.\n\nLedger Customer Care")],
    "fr": [("Livraison suspendue\u202f: frais de douane pour la commande n\u00b0{order}",
            "Bonjour {first},\n\nVotre commande Ledger n\u00b0{order} ({device}) est arriv\u00e9e en France mais ne "
            "peut pas \u00eatre livr\u00e9e\u202f: des frais de douane de {amount} restent \u00e0 r\u00e9gler.\n\n"
            "R\u00e9glez-les sous 48 heures pour d\u00e9bloquer votre colis\u202f:\n\n{url}\n\nPass\u00e9 ce "
            "d\u00e9lai, le colis sera renvoy\u00e9 \u00e0 l'exp\u00e9diteur et la commande annul\u00e9e sans "
            "remboursement.\n\nService Livraison Ledger")],
    "es": [("Env\u00edo retenido en aduana: pedido #{order}",
            "Hola, {first}:\n\nTu pedido de Ledger #{order} ({device}) ha llegado a Espa\u00f1a, pero est\u00e1 "
            "retenido en aduana: hay unas tasas pendientes de {amount}.\n\nPaga las tasas en las pr\u00f3ximas 48 "
            "horas para liberar el paquete:\n\n{url}\n\nSi no recibimos el pago, el paquete se devolver\u00e1 y el "
            "pedido se cancelar\u00e1 sin reembolso.\n\nDepartamento de Env\u00edos de Ledger")],
    "de": [("Zustellung ausgesetzt: Zollgeb\u00fchren f\u00fcr Bestellung #{order}",
            "Guten Tag {first},\n\nIhre Ledger-Bestellung #{order} ({device}) ist in Deutschland angekommen, kann "
            "aber nicht zugestellt werden: Es sind noch Zollgeb\u00fchren in H\u00f6he von {amount} offen.\n\nBitte "
            "begleichen Sie die Geb\u00fchren innerhalb von 48 Stunden:\n\n{url}\n\nAndernfalls geht das Paket an "
            "den Absender zur\u00fcck und die Bestellung wird ohne Erstattung storniert.\n\nLedger Versand")],
    "ja": [("\u3010Ledger\u3011\u3054\u6ce8\u6587#{order}\u306e\u914d\u9001\u306b\u3064\u3044\u3066\uff08\u95a2\u7a0e"
            "\u306e\u304a\u652f\u6255\u3044\uff09",
            "{last} {first} \u69d8\n\n\u3054\u6ce8\u6587#{order}\uff08{device}\uff09\u306f\u65e5\u672c\u306b\u5230"
            "\u7740\u3057\u307e\u3057\u305f\u304c\u3001\u95a2\u7a0e{amount}\u304c\u672a\u6255\u3044\u306e\u305f\u3081"
            "\u304a\u5c4a\u3051\u3067\u304d\u307e\u305b\u3093\u3002\n48\u6642\u9593\u4ee5\u5185\u306b\u4e0b\u8a18"
            "\u3088\u308a\u304a\u652f\u6255\u3044\u304f\u3060\u3055\u3044\u3002\n{url}\n\n\u671f\u9650\u3092\u904e"
            "\u304e\u308b\u3068\u3001\u304a\u8377\u7269\u306f\u8fd4\u9001\u3055\u308c\u3001\u3054\u6ce8\u6587\u306f"
            "\u30ad\u30e3\u30f3\u30bb\u30eb\u3068\u306a\u308a\u307e\u3059\u3002\n\nLedger\u30b9\u30c8\u30a2 "
            "\u914d\u9001\u7a93\u53e3")],
}
CALLBACK_TEXT = {
    "en": [("Withdrawal of {btc_amount} BTC pending approval",
            "Ledger Security Alert\n\nA withdrawal of {btc_amount} BTC to an external address was requested from "
            "your Ledger Live account on {date}.\n\n  Reference:   {case}\n  Destination: {wallet}\n\nIf you did "
            "not make this request, call our fraud prevention team immediately at {phone} (open 24/7). An agent "
            "will help you cancel the transaction. Please have your device nearby when you call.\n\nLedger "
            "Security Operations"),
           ("Your Ledger Recover subscription has been renewed",
            "Hello {first},\n\nThank you for renewing your Ledger Recover subscription. {amount} has been charged "
            "to your card for 12 months of service.\n\n  Invoice: {case}\n  Date:    {date}\n\nIf you did not "
            "authorise this renewal, call our billing department within 24 hours at {phone} to cancel and receive "
            "a full refund.\n\nLedger Billing")],
    "fr": [("Retrait de {btc_amount} BTC en attente de validation",
            "Alerte de s\u00e9curit\u00e9 Ledger\n\nUn retrait de {btc_amount} BTC vers une adresse externe a "
            "\u00e9t\u00e9 demand\u00e9 depuis votre compte Ledger Live le {date}.\n\nR\u00e9f\u00e9rence\u202f: "
            "{case}\n\nSi vous n'\u00eates pas \u00e0 l'origine de cette demande, appelez imm\u00e9diatement notre "
            "service antifraude au {phone} (24 h/24). Un conseiller vous aidera \u00e0 annuler l'op\u00e9ration. "
            "Gardez votre appareil \u00e0 port\u00e9e de main.\n\nLedger S\u00e9curit\u00e9")],
    "es": [("Retirada de {btc_amount} BTC pendiente de aprobaci\u00f3n",
            "Alerta de seguridad de Ledger\n\nSe ha solicitado una retirada de {btc_amount} BTC a una direcci\u00f3n "
            "externa desde tu cuenta de Ledger Live el {date}.\n\nReferencia: {case}\n\nSi no has sido t\u00fa, "
            "llama de inmediato a nuestro equipo antifraude al {phone} (24 horas). Un agente te ayudar\u00e1 a "
            "cancelar la operaci\u00f3n. Ten tu dispositivo a mano.\n\nSeguridad de Ledger")],
    "de": [("Auszahlung von {btc_amount} BTC wartet auf Freigabe",
            "Ledger Sicherheitswarnung\n\nVon Ihrem Ledger Live Konto wurde am {date} eine Auszahlung von "
            "{btc_amount} BTC an eine externe Adresse beantragt.\n\nReferenz: {case}\n\nWenn Sie das nicht waren, "
            "rufen Sie sofort unsere Betrugsabteilung unter {phone} an (rund um die Uhr). Ein Mitarbeiter hilft "
            "Ihnen, die Auszahlung zu stoppen. Halten Sie Ihr Ger\u00e4t bereit.\n\nLedger Sicherheit")],
    "ja": [("\u3010Ledger\u3011{btc_amount} BTC\u306e\u51fa\u91d1\u7533\u8acb\u3092\u53d7\u3051\u4ed8\u3051\u307e"
            "\u3057\u305f",
            "Ledger\u30bb\u30ad\u30e5\u30ea\u30c6\u30a3\u304b\u3089\u306e\u304a\u77e5\u3089\u305b\n\n{date}\u3001"
            "\u304a\u5ba2\u69d8\u306eLedger Live\u30a2\u30ab\u30a6\u30f3\u30c8\u304b\u3089{btc_amount} BTC\u306e"
            "\u5916\u90e8\u30a2\u30c9\u30ec\u30b9\u3078\u306e\u51fa\u91d1\u7533\u8acb\u304c\u3042\u308a\u307e\u3057"
            "\u305f\u3002\n\u53d7\u4ed8\u756a\u53f7\uff1a{case}\n\n\u304a\u5fc3\u5f53\u305f\u308a\u304c\u306a\u3044"
            "\u5834\u5408\u306f\u3001\u81f3\u6025\u4e0d\u6b63\u5bfe\u7b56\u7a93\u53e3\uff08{phone}\u300124\u6642\u9593"
            "\u53d7\u4ed8\uff09\u307e\u3067\u304a\u96fb\u8a71\u304f\u3060\u3055\u3044\u3002\u62c5\u5f53\u8005\u304c"
            "\u51fa\u91d1\u306e\u53d6\u308a\u6d88\u3057\u3092\u304a\u624b\u4f1d\u3044\u3057\u307e\u3059\u3002\n\n"
            "Ledger\u30bb\u30ad\u30e5\u30ea\u30c6\u30a3")],
}
EXTORTION_TEXT = {
    "en": [("We know where you live, {first}",
            "{first},\n\nYou bought a Ledger wallet, so you have crypto. We have your name, your phone number and "
            "your home address from the Ledger customer list:\n\n{address}\n\nIf you want us to forget it, send "
            "{btc_amount} BTC to this address:\n\n  {wallet}\n\nYou have 72 hours. After that, people will come to "
            "your door. Do not go to the police, we will know."),
           ("Final warning - payment required",
            "Hello,\n\nWe have been watching you. Your address ({address_inline}) and your phone number are in our "
            "hands, and we know what you keep on your hardware wallet.\n\nTransfer {usd} in Bitcoin to {wallet} "
            "within 48 hours and you will never hear from us again. If you ignore this message, your family will "
            "pay the price.")],
    "fr": [("{first}, nous savons o\u00f9 vous habitez",
            "{first},\n\nVous avez achet\u00e9 un portefeuille Ledger, donc vous avez des cryptomonnaies. Nous avons "
            "votre nom, votre num\u00e9ro de t\u00e9l\u00e9phone et votre adresse\u202f:\n\n{address}\n\nEnvoyez "
            "{btc_amount} BTC \u00e0 cette adresse\u202f:\n\n  {wallet}\n\nVous avez 72 heures. Ensuite, quelqu'un "
            "viendra frapper \u00e0 votre porte. Ne pr\u00e9venez pas la police.")],
    "es": [("Sabemos d\u00f3nde vives, {first}",
            "{first}:\n\nCompraste una cartera Ledger, as\u00ed que tienes criptomonedas. Tenemos tu nombre, tu "
            "tel\u00e9fono y tu direcci\u00f3n:\n\n{address}\n\nEnv\u00eda {btc_amount} BTC a esta direcci\u00f3n:\n\n"
            "  {wallet}\n\nTienes 72 horas. Si no pagas, iremos a tu casa. No avises a la polic\u00eda, nos "
            "enteraremos.")],
    "de": [("Wir wissen, wo Sie wohnen",
            "{first},\n\nSie haben ein Ledger-Wallet gekauft, also besitzen Sie Kryptow\u00e4hrung. Wir kennen "
            "Ihren Namen, Ihre Telefonnummer und Ihre Adresse:\n\n{address}\n\n\u00dcberweisen Sie {btc_amount} BTC "
            "an folgende Adresse:\n\n  {wallet}\n\nSie haben 72 Stunden. Danach stehen wir vor Ihrer T\u00fcr. "
            "Gehen Sie nicht zur Polizei, wir erfahren es.")],
}
EXTORTION_MORE = {
    "en": ["How did we get your details? The Ledger customer database was leaked and sold. It has your full name, "
           "your phone number and your address. We checked it, and we know what your house looks like.",
           "If you do not know how to buy Bitcoin, use any exchange or a Bitcoin ATM. Send the exact amount to the "
           "address above. Copy and paste it: a mistake is your problem, not ours.",
           "Once the payment arrives, your record is deleted and nobody will contact you again. This is business, "
           "nothing personal.",
           "Do not reply to this message, the mailbox is not read. Do not contact Ledger or the police. They cannot "
           "help you, and we will know.",
           "We will be watching you over the next days. Any strange move, and the price goes up."],
    "fr": ["Comment avons-nous vos coordonn\u00e9es\u202f? La base clients de Ledger a fuit\u00e9 et elle est "
           "vendue. Elle contient votre nom, votre t\u00e9l\u00e9phone et votre adresse. Nous avons v\u00e9rifi\u00e9.",
           "Si vous ne savez pas acheter du Bitcoin, utilisez n'importe quelle plateforme. Envoyez le montant exact "
           "\u00e0 l'adresse ci-dessus, par copier-coller.",
           "Une fois le paiement re\u00e7u, votre fiche sera effac\u00e9e et personne ne vous contactera plus.",
           "Ne r\u00e9pondez pas \u00e0 ce message. Ne contactez ni Ledger ni la police\u202f: ils ne peuvent rien "
           "pour vous, et nous le saurons.",
           "Nous vous surveillerons ces prochains jours. Au moindre geste suspect, le prix augmente."],
    "es": ["\u00bfC\u00f3mo tenemos tus datos? La base de clientes de Ledger se filtr\u00f3 y se vende. Tiene tu "
           "nombre, tu tel\u00e9fono y tu direcci\u00f3n. Lo hemos comprobado.",
           "Si no sabes comprar Bitcoin, usa cualquier plataforma o un cajero. Env\u00eda la cantidad exacta a la "
           "direcci\u00f3n de arriba; c\u00f3piala y p\u00e9gala.",
           "Cuando llegue el pago, borraremos tu ficha y nadie volver\u00e1 a contactarte.",
           "No respondas a este mensaje. No avises a Ledger ni a la polic\u00eda: no pueden ayudarte y nos "
           "enteraremos.",
           "Te vigilaremos durante los pr\u00f3ximos d\u00edas. Cualquier movimiento raro y el precio sube."],
    "de": ["Woher wir Ihre Daten haben? Die Kundendatenbank von Ledger wurde gestohlen und verkauft. Darin stehen "
           "Ihr Name, Ihre Telefonnummer und Ihre Adresse. Wir haben sie \u00fcberpr\u00fcft.",
           "Wenn Sie nicht wissen, wie man Bitcoin kauft: Jede B\u00f6rse oder ein Bitcoin-Automat hilft. Senden Sie "
           "genau den Betrag an die Adresse oben, per Kopieren und Einf\u00fcgen.",
           "Sobald die Zahlung eingeht, wird Ihr Datensatz gel\u00f6scht und niemand meldet sich mehr.",
           "Antworten Sie nicht auf diese Nachricht. Wenden Sie sich weder an Ledger noch an die Polizei, wir "
           "erfahren es.",
           "Wir beobachten Sie in den n\u00e4chsten Tagen. Bei der kleinsten verd\u00e4chtigen Bewegung steigt der "
           "Preis."],
}
LINK_TEXT = {
    "en": ("Unusual activity on your Ledger account",
           "Hello {first},\n\nWe noticed unusual activity on your Ledger account and have temporarily limited "
           "access to Ledger Live.\n\nReview the activity and restore access here:\n{shown}\n\nYou will be asked to "
           "confirm your recovery phrase to prove that you own the wallet.\n\nLedger Account Security",
           "Review my account"),
    "es": ("Actividad inusual en tu cuenta de Ledger",
           "Hola, {first}:\n\nHemos detectado actividad inusual en tu cuenta de Ledger y hemos limitado el acceso "
           "a Ledger Live.\n\nRevisa la actividad y restablece el acceso aqu\u00ed:\n{shown}\n\nTe pediremos que "
           "confirmes tu frase de recuperaci\u00f3n para demostrar que eres el titular.\n\nSeguridad de cuentas de "
           "Ledger", "Revisar mi cuenta"),
    "de": ("Ungew\u00f6hnliche Aktivit\u00e4t in Ihrem Ledger-Konto",
           "Hallo {first},\n\nwir haben ungew\u00f6hnliche Aktivit\u00e4ten in Ihrem Ledger-Konto festgestellt und "
           "den Zugang zu Ledger Live vor\u00fcbergehend eingeschr\u00e4nkt.\n\nPr\u00fcfen Sie die Aktivit\u00e4t "
           "hier:\n{shown}\n\nDabei best\u00e4tigen Sie Ihre Wiederherstellungsphrase, um nachzuweisen, dass Ihnen "
           "das Wallet geh\u00f6rt.\n\nLedger Kontosicherheit", "Konto pr\u00fcfen"),
    "ja": ("\u3010Ledger\u3011\u30a2\u30ab\u30a6\u30f3\u30c8\u3067\u4e0d\u5be9\u306a\u64cd\u4f5c\u3092\u691c\u77e5",
           "{last} {first} \u69d8\n\n\u304a\u5ba2\u69d8\u306eLedger\u30a2\u30ab\u30a6\u30f3\u30c8\u3067\u4e0d\u5be9"
           "\u306a\u64cd\u4f5c\u3092\u691c\u77e5\u3057\u305f\u305f\u3081\u3001Ledger Live\u306e\u5229\u7528\u3092"
           "\u4e00\u6642\u7684\u306b\u5236\u9650\u3057\u307e\u3057\u305f\u3002\n\n\u4e0b\u8a18\u3088\u308a\u3054"
           "\u78ba\u8a8d\u304f\u3060\u3055\u3044\u3002\n{shown}\n\n\u672c\u4eba\u78ba\u8a8d\u306e\u305f\u3081\u3001"
           "\u30ea\u30ab\u30d0\u30ea\u30fc\u30d5\u30ec\u30fc\u30ba\u306e\u5165\u529b\u3092\u304a\u9858\u3044\u3057"
           "\u307e\u3059\u3002\n\nLedger \u30a2\u30ab\u30a6\u30f3\u30c8\u30bb\u30ad\u30e5\u30ea\u30c6\u30a3",
           "\u30a2\u30ab\u30a6\u30f3\u30c8\u3092\u78ba\u8a8d"),
}


def phone_for(r, lang):
    return {"en": r.choice(["+1 (888) 555-01%02d" % r.randrange(100), "+44 20 7946 0%03d" % r.randrange(1000)]),
            "fr": "+33 1 99 00 %02d %02d" % (r.randrange(100), r.randrange(100)),
            "es": "+34 910 %03d %03d" % (r.randrange(1000), r.randrange(1000)),
            "de": "+49 30 2312 5%03d" % r.randrange(1000),
            "ja": "050-%04d-%04d" % (r.randrange(10000), r.randrange(10000))}[lang]


def phish_html(lang, subject, plain, url, button, shown=None):
    """The HTML part of a phish: logo bar, the text, a button to URL (whose
    text is SHOWN, a brand URL, when the link lies)."""
    paras = []
    for para in plain.split("\n\n"):
        lines = []
        for line in para.split("\n"):
            if shown and line.strip() == shown:
                lines.append('<a href="%s" style="color:#0066cc">%s</a>' % (url, esc(shown)))
            elif url and line.strip() == url:
                lines.append('</p><p style="text-align:center"><a href="%s" style="background:#000000;'
                             'color:#ffffff;padding:12px 22px;text-decoration:none;border-radius:4px;'
                             'font-weight:bold">%s</a></p><p>' % (url, esc(button)))
            elif url and url in line:
                lines.append(esc(line).replace(esc(url), '<a href="%s">%s</a>' % (url, esc(url))))
            else:
                lines.append(esc(line))
        paras.append(("<p>%s</p>" % "<br>\n".join(lines)).replace("<br>\n</p>", "</p>").replace("<p></p>", ""))
    inner = ('<tr><td style="background:#000000;padding:18px 32px;color:#ffffff;font-family:Arial,sans-serif;'
             'font-size:22px;font-weight:bold;letter-spacing:3px">LEDGER</td></tr>\n<tr><td class="article">%s'
             '</td></tr>\n<tr><td class="footer">&copy; 2026 Ledger SAS. All rights reserved.</td></tr>' %
             "\n".join(paras))
    return html_page(lang, subject, "#000000", inner, preheader=subject)


def g_phish(spec, r, rx, n):
    lang, kind = spec.lang, spec.kind
    m = Mail()
    m.when = when_for(r, lang)
    victim = Person(r, lang)
    device = r.choice(DEVICES)
    case = r.choice(["LDG-%s", "CASE-%s", "SR%s", "#%s"]) % digits(r, 7)
    deadline = long_date(lang, m.when + datetime.timedelta(days=r.randrange(2, 8)))
    btc_amount = "%.4f" % (r.randrange(1500, 98000) / 10000.0)
    cur = {"en": "$", "ja": "\u5186"}.get(lang, "\u20ac")
    amount = money(lang, cur, r.choice([2.99, 4.5, 6.95, 9.8, 14.9]) if lang != "ja" else r.choice([480, 980, 1650]))
    order = digits(r, 7)
    wallet = bech32_address(r)
    fmt = dict(first=victim.first, last=victim.last, device=device, case=case, deadline=deadline,
               btc_amount=btc_amount, amount=amount, order=order, wallet=wallet, date=long_date(lang, m.when),
               city=r.choice(CITIES_ABROAD), ip="%d.%d.%d.%d" % (r.choice([45, 91, 103, 185]), r.randrange(256),
                                                                 r.randrange(256), r.randrange(1, 255)),
               ver="2.%d.%d" % (r.randrange(1, 5), r.randrange(0, 9)), phone=phone_for(r, lang),
               usd=r.choice(["$2,500", "$4,000", "$1,800"]))
    button = {"en": "Verify now", "fr": "V\u00e9rifier maintenant", "es": "Verificar ahora", "de": "Jetzt pr\u00fcfen",
              "ja": "\u4eca\u3059\u3050\u78ba\u8a8d\u3059\u308b"}[lang]
    sign = "sender"
    client = None
    shown = None
    html_share = 0.6
    mail_from = None
    if kind in ("seed", "orderbait", "callback"):
        display, addr = r.choice(PHISH_SENDERS[kind][lang])
        dom = addr.split("@")[1]
        host = r.choice([dom, "secure." + dom, "verify." + dom]) if r.random() < 0.7 else r.choice(FREE_HOSTS)
        path = {"seed": r.choice(["verify", "sync", "recovery/confirm", "device/check"]),
                "orderbait": r.choice(["pay", "customs/fees", "delivery/confirm"]),
                "callback": "support"}[kind]
        fmt["url"] = "https://%s/%s?ref=%s" % (host, path, hexid(r, 10))
        table = {"seed": SEED_TEXT, "orderbait": ORDERBAIT_TEXT, "callback": CALLBACK_TEXT}[kind][lang]
        if kind == "orderbait":
            button = {"en": "Pay the fees", "fr": "Payer les frais", "es": "Pagar las tasas",
                      "de": "Geb\u00fchren bezahlen", "ja": "\u304a\u652f\u6255\u3044\u624b\u7d9a\u304d"
                      "\u3078"}[lang]
        subj_t, body_t = table[spec.k % len(table)]
        m.action = "reject" if kind == "seed" else None
        m.tags = ["ledger", "lookalike" if "ledger" in dom or "1edger" in dom or dom == HOMOGLYPH else
                  "display-name", kind]
        if dom == HOMOGLYPH:
            m.tags.append("homoglyph-domain")
        if kind == "callback":
            html_share = 0.4
    elif kind == "extortion":
        display, addr = r.choice(PHISH_SENDERS[kind][lang])
        addr = addr % r.randrange(100, 9999)
        dom = addr.split("@")[1]
        table = EXTORTION_TEXT[lang]
        subj_t, body_t = table[spec.k % len(table)]
        lines = postal_address(r, lang, victim)
        fmt["address"] = "\n".join("  " + x for x in lines)
        fmt["address_inline"] = ", ".join(lines[1:])
        html_share = 0.0
        m.tags = ["ledger", "extortion", "btc-address"] + (["compromised-site"] if "fleurs" in dom else [])
        if spec.variant == "unsigned":
            sign = None
            m.tags.append("unsigned")
    elif kind == "freemail":
        display, fdom = r.choice(PHISH_SENDERS[kind][lang])
        local = r.choice(["ledger.support.team", "ledgerlive.helpdesk", "ledger.recovery.%d" % r.randrange(10, 99),
                          "support.ledgerwallet%d" % r.randrange(100, 999)])
        addr = "%s@%s" % (local, fdom)
        dom = fdom
        fmt["url"] = "https://%s/%s" % (r.choice(FREE_HOSTS), hexid(r, 8))
        table = SEED_TEXT[lang]
        subj_t, body_t = table[1 + spec.k % (len(table) - 1)]
        client = freemail_client(r, D[fdom])
        m.action = "reject"
        m.tags = ["ledger", "freemail", "display-name", "free-hosting", "seed"]
    elif kind == "spoof":
        display, addr, dom = "Ledger", r.choice(["security@ledger.com", "no-reply@ledger.com", "support@ledger.com"]), \
            "ledger.com"
        host = r.choice(["ledger-verify-portal.com", "ledgerlive-sync.com"] + FREE_HOSTS)
        fmt["url"] = "https://%s/%s" % (host, hexid(r, 10))
        table = SEED_TEXT[lang]
        subj_t, body_t = table[spec.k % len(table)]
        client = SPOOF_HOSTS[spec.k % len(SPOOF_HOSTS)]
        mail_from = r.choice([addr, "bounces@ledger.com", "bounce-%s@%s" % (digits(r, 5), client[2])])
        m.action = "reject"
        if spec.variant == "forged":
            donor = D["ledger-secure-update.net"] if spec.k % 2 else D["ledgerlive-sync.com"]
            fake = Key("ledger.com", "lgr2025", "rsa", donor.keys[0].bits)
            fake.private = donor.keys[0].private
            sign = [("ledger.com", fake)]
            m.broken = True
            m.tags = ["ledger", "spoof", "forged-signature", "dmarc-reject"]
        else:
            sign = None
            m.tags = ["ledger", "spoof", "unsigned", "dmarc-reject"]
    elif kind == "linkmismatch":
        if spec.k % 3 == 2 or lang != "en":
            display, addr = ("Ledger", "no-reply@ledger.com.account-restore.net") if lang != "ja" or r.random() < 0.5 \
                else ("Ledger", "security@walletguard-alerts.com")
        else:
            display, addr = "Ledger", r.choice(["no-reply@ledger.com.account-restore.net",
                                                "security@walletguard-alerts.com"])
        dom = addr.split("@")[1]
        sign = [("account-restore.net", D["account-restore.net"].keys[0])] if dom.endswith("account-restore.net") \
            else "sender"
        fmt["url"] = "https://ledger.com.account-restore.net/session/%s" % hexid(r, 12)
        shown = "https://www.ledger.com/%saccount/activity" % ("" if lang == "en" else lang + "/")
        fmt["shown"] = shown
        subj_t, body_t, button = LINK_TEXT[lang]
        html_share = 1.0
        m.action = "reject"
        m.tags = ["ledger", "link-text-mismatch", "subdomain" if "account-restore" in dom else "display-name", "seed"]
    subject = subj_t.format(**fmt)
    plain_src = body_t.format(**fmt)
    blocks = plain_src.split("\n\n")
    filler = {"en": "This is an automated message. Please do not reply to this email.",
              "fr": "Ceci est un message automatique, merci de ne pas y r\u00e9pondre.",
              "es": "Este es un mensaje autom\u00e1tico. Por favor, no respondas a este correo.",
              "de": "Dies ist eine automatisch erstellte Nachricht. Bitte antworten Sie nicht darauf.",
              "ja": "\u203b\u672c\u30e1\u30fc\u30eb\u306f\u9001\u4fe1\u5c02\u7528\u3067\u3059\u3002"}[lang]
    legal = {"en": "Ledger SAS, 1 rue du Mail, 75002 Paris, France. You are receiving this message because you are "
                   "a Ledger customer.",
             "fr": "Ledger SAS, 1 rue du Mail, 75002 Paris. Vous recevez ce message en tant que client Ledger.",
             "es": "Ledger SAS, 1 rue du Mail, 75002 Par\u00eds, Francia.",
             "de": "Ledger SAS, 1 rue du Mail, 75002 Paris, Frankreich.",
             "ja": "Ledger SAS 1 rue du Mail, 75002 Paris, France"}[lang]
    if kind != "extortion":
        blocks += [filler, legal]
    else:
        blocks.append({"en": "Your file number: {case}. Keep it.", "fr": "Votre num\u00e9ro de dossier\u202f: {case}.",
                       "es": "Tu n\u00famero de expediente: {case}.", "de": "Ihre Aktennummer: {case}."}[lang].format(
                           case=alnum(r, 8)))
    if kind == "extortion":
        more = EXTORTION_MORE[lang]
    elif kind in ("callback", "orderbait"):
        more = [PHISH_LEGAL[lang], NEVER[lang]]
    else:
        more = PHISH_FAQ[lang] + [PHISH_LEGAL[lang]]
    for i in range(min(n, len(more))):
        if kind == "extortion":
            blocks.append(more[i])
        else:
            blocks.insert(len(blocks) - 2, more[i])
    m.full = n >= len(more)
    plain = wrap("\n\n".join(blocks), lang)
    charset, cte = pick_charset(r, lang, plain)
    body = Text(plain, "plain", charset, cte)
    if kind == "extortion" and (spec.variant == "unsigned" or r.random() < 0.4):
        html = ('<html><head><meta charset="%s"></head><body><div style="font-family:Verdana,sans-serif;'
                'font-size:14px">\n%s\n</div></body></html>\n' % (charset.lower(), "\n".join(
                    "<p>%s</p>" % "<br>".join(esc(l) for l in b.split("\n")) for b in blocks)))
        body = Multi("alternative", boundary(r, "hex"), [body, Text(html, "html", charset, "quoted-printable" if
                                                                    cte != "base64" else "base64")])
        m.tags.append("html")
    elif r.random() < html_share:
        html = phish_html(lang, subject, "\n\n".join(blocks), fmt.get("url", ""), button, shown)
        if shown:
            plain = plain.replace(shown, fmt["url"]) if r.random() < 0.3 else plain
            body = Text(plain, "plain", charset, cte)
        body = Multi("alternative", boundary(r, r.choice(["java", "hex"])),
                     [body, Text(html, "html", charset, "quoted-printable" if cte != "base64" else "base64")])
        m.tags.append("html")
    m.body = body
    m.from_domain = addr.split("@")[1]
    m.sender = D.get(dom) or D[org_domain(dom)]
    m.client = client
    m.sign = sign
    m.mail_from = mail_from or addr
    if kind == "linkmismatch" and dom.endswith("account-restore.net"):
        m.mail_from = "bounce@account-restore.net"
    m.from_ = mailbox(display, addr, *header_cs(r, lang, charset)) if display else addr
    m.to = victim.mailbox(*header_cs(r, lang, charset)) if r.random() < 0.7 else victim.addr
    m.rcpt = [victim.addr]
    m.subject = header_text(subject, *header_cs(r, lang, charset))
    m.msgid = "%s.%s@%s" % (hexid(r, 10), int(m.when.timestamp()), (client[2] if client and kind == "spoof" and
                                                                    r.random() < 0.5 else m.from_domain))
    if kind in ("seed", "orderbait") and r.random() < 0.4:
        m.headers.append(("Reply-To", "%s <%s>" % (display or "Support", "help-desk-%s@%s" % (
            digits(r, 3), r.choice(["outlook.com", "gmail.com"])))))
    if kind != "spoof" and not client:
        m.received = [received(r, lang, m.sender.helo, m.when, victim.addr,
                               r.choice(["ESMTPSA", "ESMTP", "SMTP"]), r.choice(["web", "submit", "sender"]))]
    m.purpose = "phish (%s) from %s" % (kind, m.from_domain)
    return m


def g_replay(spec, r, rx, n):
    """A genuine, signed Ledger order mail replayed from another host with a
    phishing paragraph appended: the body hash no longer matches."""
    lang = spec.lang
    m = Mail()
    m.when = when_for(r, lang)
    cust = Person(r, lang)
    order = digits(r, 7)
    product, price = r.choice(LEDGER_PRODUCTS)
    blocks = ["Hello %s," % cust.first, "Thank you for your order. We have received it and will let you know as "
              "soon as it ships.", "Order #%s\n\n  1 x %s  $%.2f\n  Shipping%s  $0.00\n  Total%s  $%.2f" % (
                  order, product.ljust(24), price, " " * 20, " " * 23, price),
              "Shipping to:\n" + "\n".join("  " + x for x in postal_address(r, "en", cust)),
              "You can follow your order at https://shop.ledger.com/account/orders", NEVER["en"],
              "The Ledger team\n\nLedger SAS, 1 rue du Mail, 75002 Paris, France"]
    for i in range(min(n, len(LEDGER_TIPS["en"]))):
        blocks.insert(-1, LEDGER_TIPS["en"][i])
    m.full = n >= len(LEDGER_TIPS["en"])
    m.body = Text(wrap("\n\n".join(blocks), lang), "plain", "US-ASCII", "7bit")
    m.sender = D["ledger.com"]
    m.client = SPOOF_HOSTS[1]
    m.mail_from = "bounces@ledger.com"
    m.from_ = "Ledger <orders@ledger.com>"
    m.from_domain = "ledger.com"
    m.to = cust.mailbox()
    m.rcpt = [cust.addr]
    m.subject = "Your Ledger order #%s is confirmed" % order
    m.msgid = "order-%s-%s@ledger.com" % (order, int(m.when.timestamp()))
    url = "https://%s/verify?order=%s" % (r.choice(FREE_HOSTS), order)
    added = ("\r\nIMPORTANT: because of a problem with our payment provider, your order is on hold. Confirm your "
             "device and recovery phrase within 24 hours to release it:\r\n%s\r\n" % url).encode()
    m.after_sign = lambda raw: raw + added
    m.broken = True
    m.action = "reject"
    m.tags = ["ledger", "spoof", "dkim-replay", "dmarc-reject"]
    m.purpose = "genuine d=ledger.com order mail replayed from another host with a phishing paragraph appended"
    return m


# ---------------------------------------------------------------------------
# The plan: how many messages of each kind, language and variant.

class Spec:
    def __init__(self, label, lang, kind, variant, k, size, variant_domain=None):
        self.label, self.lang, self.kind, self.variant, self.k = label, lang, kind, variant, k
        self.size = size                  # (low, high) of the target size in bytes
        self.variant_domain = variant_domain
        self.index = None


GENERATORS = {"newsletter": g_newsletter, "order": g_order, "carrier": g_carrier, "ledger": g_ledger,
              "personal": g_personal, "list": g_list, "seed": g_phish, "orderbait": g_phish, "callback": g_phish,
              "extortion": g_phish, "freemail": g_phish, "spoof": g_phish, "linkmismatch": g_phish,
              "replay": g_replay}

PLAN = [
    # label, kind, size range, {lang: [variants]}
    ("ham", "newsletter", (12000, 50000), {
        "en": ["news", "news", "news", "news", "news", "shop", "shop", "text"],
        "fr": ["news", "news", "news", "shop", "shop", "text"], "es": ["news", "news", "news", "shop", "news", "text"],
        "de": ["news", "news", "news", "shop", "shop", "text"],
        "ja": ["news", "news", "news", "shop", "shop", "text"]}),
    ("ham", "order", (3000, 14000), {
        "en": ["confirm", "shipped", "refund", "confirm", "shipped", "confirm", "shipped", "refund"],
        "fr": ["confirm", "shipped", "refund", "confirm", "shipped", "confirm"],
        "es": ["confirm", "shipped", "refund", "confirm", "shipped"],
        "de": ["confirm", "shipped", "refund", "confirm", "shipped", "confirm"],
        "ja": ["confirm", "shipped", "refund", "confirm", "shipped"]}),
    ("ham", "carrier", (2200, 6000), {"en": ["-"] * 3, "fr": ["-"] * 3, "es": ["-"] * 2, "de": ["-"] * 4,
                                      "ja": ["-"] * 2}),
    ("ham", "ledger", (3000, 16000), {
        "en": ["order", "shipped", "news", "globale", "shopify", "zendesk", "news"],
        "fr": ["order", "news", "zendesk"], "es": ["shipped", "news"], "de": ["globale", "order"],
        "ja": ["news", "shipped"]}),
    ("ham", "personal", (2100, 7000), {
        "en": ["dinner", "photos", "book", "moving", "report", "invite", "photos:hale-family.net",
               "dinner:hale-family.net"],
        "fr": ["dinner", "photos", "report", "moving:famille-roux.fr", "photos:famille-roux.fr"],
        "es": ["dinner", "photos", "report:estudio-nogal.es", "moving"],
        "de": ["dinner", "photos", "report", "club:bergverein-allgaeu.de", "dinner"],
        "ja": ["dinner", "photos", "report", "dinner"]}),
    ("ham", "list", (2200, 6000), {
        "en": ["rewrite", "rewrite", "rewrite", "broken", "broken", "intact", "intact", "intact"],
        "fr": ["rewrite", "broken", "intact", "intact"], "es": ["broken", "intact", "rewrite"],
        "de": ["rewrite", "rewrite", "broken", "intact"], "ja": ["broken", "intact", "rewrite"]}),
    ("phish", "seed", (2100, 12000), {"en": ["-"] * 6, "fr": ["-"] * 3, "es": ["-"] * 2, "de": ["-"] * 3,
                                      "ja": ["-"] * 2}),
    ("phish", "orderbait", (2100, 12000), {"en": ["-"] * 3, "fr": ["-"] * 2, "es": ["-"] * 2, "de": ["-"] * 2,
                                           "ja": ["-"]}),
    ("phish", "callback", (2100, 9000), {"en": ["-"] * 4, "fr": ["-"], "es": ["-"], "de": ["-"], "ja": ["-"]}),
    ("phish", "extortion", (2100, 6000), {"en": ["-", "unsigned", "-"], "fr": ["-", "-"], "es": ["-", "-"],
                                          "de": ["-"]}),
    ("phish", "freemail", (2100, 9000), {"en": ["-"] * 3, "fr": ["-"], "de": ["-"], "ja": ["-"]}),
    ("phish", "spoof", (2100, 9000), {"en": ["unsigned", "forged"], "fr": ["unsigned"], "de": ["unsigned"],
                                      "es": ["forged"]}),
    ("phish", "replay", (2100, 6000), {"en": ["-"]}),
    ("phish", "linkmismatch", (2100, 14000), {"en": ["-"] * 3, "es": ["-"], "de": ["-"], "ja": ["-"]}),
]


def plan():
    specs = []
    for label, kind, size, per_lang in PLAN:
        for lang in ("en", "fr", "es", "de", "ja"):
            for k, variant in enumerate(per_lang.get(lang, [])):
                dom = None
                if ":" in variant:
                    variant, dom = variant.split(":")
                specs.append(Spec(label, lang, kind, variant, k, size, dom))
    random.Random(SEED).shuffle(specs)
    for i, s in enumerate(specs, 1):
        s.index = i
    return specs


def target_size(spec):
    r = random.Random("%d:size:%s:%s:%s:%d" % (SEED, spec.label, spec.lang, spec.kind, spec.k))
    low, high = spec.size
    if spec.kind == "ledger" and spec.variant == "news":
        low, high = 10000, 30000
    return int(round(low * (high / low) ** r.random()))


def build(spec):
    """The message for SPEC: grown paragraph by paragraph to its target size."""
    gen = GENERATORS[spec.kind]
    key = "%d:%s:%s:%s:%d" % (SEED, spec.label, spec.lang, spec.kind, spec.k)
    target = target_size(spec)

    def make(n):
        return gen(spec, random.Random(key), random.Random(key + ":extra"), n)
    n, m = 0, make(0)
    while m.raw(estimate=True) < target and not m.full and n < 60:
        bigger = make(n + 1)
        if bigger.raw(estimate=True) > MAX_BYTES - 1500:
            break
        n, m = n + 1, bigger
    raw = m.raw()
    while len(raw) < MIN_BYTES and not m.full and n < 60:
        n += 1
        m = make(n)
        raw = m.raw()
    if not MIN_BYTES <= len(raw) <= MAX_BYTES:
        sys.exit("%s/%s/%s #%d is %d bytes, outside %d-%d" % (spec.label, spec.lang, spec.kind, spec.k, len(raw),
                                                              MIN_BYTES, MAX_BYTES))
    return m, raw


def mime_tags(part):
    tags = []
    if isinstance(part, Multi):
        tags.append("multipart/" + part.subtype)
        for p in part.parts:
            tags += mime_tags(p)
    elif isinstance(part, Text):
        tags += [part.charset.lower(), part.cte]
        if part.subtype == "html":
            tags.append("text/html")
    else:
        tags.append("attachment:" + part.ctype.split(";")[0])
    return tags


def zone_text():
    lines = ["; DNS data for bench/corpus (CORPUS-FORMAT.md). Generated by bench/make_corpus.py: do not edit.",
             "; Every domain the messages use: SPF, DKIM keys, DMARC, MX, HELO hosts (A, PTR, SPF).",
             "; Addresses are from the documentation networks (RFC 5737, RFC 3849).", "",
             "; sendwave.net's sending hosts and the SPF include its customers use",
             '%s. %d IN TXT "v=spf1 ip4:%s -all"' % (ESP_INCLUDE, TTL, ESP_NET)]
    for k in range(1, 9):
        host = "o%d.mta.sendwave.net" % k
        ip = ESP_NET.network_address + k
        lines.append("%s. %d IN A %s" % (host, TTL, ip))
        lines.append('%s. %d IN TXT "v=spf1 a -all"' % (host, TTL))
        lines.append("%s. %d IN PTR %s." % (ip.reverse_pointer, TTL, host))
    for d in D.values():
        lines.append("")
        lines.extend(d.zone_lines())
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT, help="output directory (default: bench/corpus)")
    ap.add_argument("--keys", default=os.path.join(DEFAULT_OUT, "keys"),
                    help="where the committed keys are read from (default: bench/corpus/keys)")
    args = ap.parse_args()
    out = os.path.abspath(args.out)
    keys_dir = os.path.join(out, "keys")
    msgs_dir = os.path.join(out, "msgs")
    os.makedirs(keys_dir, exist_ok=True)
    os.makedirs(msgs_dir, exist_ok=True)
    for d in D.values():
        for k in d.keys:
            dst, src = k.path(keys_dir), k.path(os.path.abspath(args.keys))
            if not os.path.exists(dst) and os.path.exists(src):
                shutil.copyfile(src, dst)
            k.load(keys_dir)
    for old in os.listdir(msgs_dir):
        if old.endswith(".eml"):
            os.remove(os.path.join(msgs_dir, old))
    manifest, sizes = [], []
    stats = collections.Counter()
    for spec in plan():
        m, raw = build(spec)
        path = "msgs/%04d-%s-%s-%s.eml" % (spec.index, spec.label, spec.lang, spec.kind)
        with open(os.path.join(out, path), "wb") as f:
            f.write(raw)
        sizes.append(len(raw))
        auth = m.expected_auth()
        expect = {}
        if m.action:
            expect["action"] = m.action
        expect.update(auth)
        algs = sorted({k.label for _, k in m.signers()}) or ["unsigned"]
        tags = [spec.lang, spec.kind] + ([spec.variant] if spec.variant not in ("-",) and
                                         spec.variant not in m.tags else [])
        tags += [t for t in m.tags if t not in tags]
        tags += ["dkim:" + a for a in algs]
        for t in mime_tags(m.body):
            if t not in tags:
                tags.append(t)
        entry = {"file": path}
        entry.update(m.envelope())
        entry["label"] = spec.label
        entry["expect"] = expect
        entry["tags"] = tags
        entry["purpose"] = m.purpose
        manifest.append(entry)
        stats[(spec.label, spec.lang)] += 1
        stats["dkim=" + auth["dkim"]] += 1
        for a in algs:
            stats["alg=" + a] += 1
    with open(os.path.join(out, "manifest.jsonl"), "w", encoding="utf-8") as f:
        for entry in manifest:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")
    with open(os.path.join(out, "zone.txt"), "w", encoding="utf-8") as f:
        f.write(zone_text())
    print("wrote %d messages to %s, %d domains" % (len(manifest), out, len(D)))
    for label in ("ham", "phish"):
        print("  %-5s %3d: %s" % (label, sum(v for k, v in stats.items() if isinstance(k, tuple) and k[0] == label),
                                  ", ".join("%s %d" % (lang, stats[(label, lang)]) for lang in
                                            ("en", "fr", "es", "de", "ja"))))
    print("  languages: %s" % ", ".join("%s %d" % (lang, stats[("ham", lang)] + stats[("phish", lang)])
                                        for lang in ("en", "fr", "es", "de", "ja")))
    print("  sizes: min %d, median %d, max %d bytes; total %d bytes" % (
        min(sizes), int(statistics.median(sizes)), max(sizes), sum(sizes)))
    buckets = [(2048, 4096), (4096, 8192), (8192, 16384), (16384, 32768), (32768, 51201)]
    print("  size spread: %s" % ", ".join("%d-%d KB: %d" % (lo // 1024, hi // 1024, sum(lo <= s < hi for s in sizes))
                                          for lo, hi in buckets))
    print("  intended dkim: %s" % ", ".join("%s %d" % (k[5:], v) for k, v in sorted(
        (k, v) for k, v in stats.items() if isinstance(k, str) and k.startswith("dkim="))))
    print("  signatures: %s" % ", ".join("%s %d" % (k[4:], v) for k, v in sorted(
        (k, v) for k, v in stats.items() if isinstance(k, str) and k.startswith("alg="))))


if __name__ == "__main__":
    main()
