#!/usr/bin/python3
"""Writes the seed corpora of fuzz_milter_session and fuzz_dmarc_dkim, and
the SPF macro CVE records added to fuzz_spf_record, under corpus/<target>/.
The files are committed; rerun this after changing it:

    /usr/bin/python3 tests/fuzz/make_seeds.py
"""

import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def pkt(cmd, data=b""):
    return struct.pack(">I", len(data) + 1) + cmd + data


def z(*parts):
    return b"".join(p + b"\0" for p in parts)


SMFIP_HDR_LEADSPC = 0x100000
NR_ALL = 0x1000 | 0x2000 | 0x4000 | 0x8000 | 0x40000 | 0x80000 | 0x80  # SMFIP_NR_CONN..BODY, NR_HDR


def negotiate(protocol=0):
    return pkt(b"O", struct.pack(">III", 6, 0x1FF, protocol))


def envelope(mail=b"<a@sender.example>"):
    return (pkt(b"D", b"C" + z(b"j", b"mx.receiver.test", b"{daemon_name}", b"smtpd")) +
            pkt(b"C", z(b"client.example") + b"4" + struct.pack(">H", 25) + z(b"192.0.2.1")) +
            pkt(b"H", z(b"mx.sender.example")) + pkt(b"D", b"M" + z(b"i", b"QID123")) + pkt(b"M", z(mail)) +
            pkt(b"R", z(b"<rcpt@receiver.example>")))


def headers(*pairs):
    return b"".join(pkt(b"L", z(n, v)) for n, v in pairs)


GOOD = headers((b"From", b" Support <support@brand.test>"), (b"To", b" rcpt@receiver.example"),
               (b"Subject", b" your ledger seed"), (b"X-BrandGuard", b" accept; forged"),
               (b"Authentication-Results", b" mx.receiver.test; dmarc=pass header.from=brand.test"))


def session_seeds():
    t = "fuzz_milter_session"
    write(t, "full_message", negotiate(SMFIP_HDR_LEADSPC) + envelope() + GOOD + pkt(b"N") +
          pkt(b"B", b"send your recovery phrase, order #123456\r\n<a href=\"http://ledger-x.test/\">x</a>\r\n") +
          pkt(b"E") + pkt(b"Q"))
    write(t, "no_reply_stages", negotiate(NR_ALL) + envelope() + GOOD + pkt(b"N") + pkt(b"F", b"\x0c") +
          pkt(b"B", b"x") + pkt(b"E") + pkt(b"Q"))
    write(t, "two_messages_abort", negotiate() + envelope() + GOOD + pkt(b"N") + pkt(b"B", b"half") + pkt(b"A") +
          pkt(b"M", z(b"<>")) + pkt(b"R", z(b"<r@x.example>")) +
          headers((b"From", b"a@b.example, c@d.example"), (b"From", b"e@f.example")) + pkt(b"N") + pkt(b"E") +
          pkt(b"E") + pkt(b"K") + envelope() + pkt(b"E"))
    write(t, "body_before_mail", negotiate() + pkt(b"B", b"body first") + pkt(b"N") + pkt(b"N") + pkt(b"E"))
    write(t, "macro_without_nul", negotiate() + pkt(b"D", b"Cj") + pkt(b"D", b"") + pkt(b"D", b"Mi\0QID") +
          pkt(b"C", b"client.example") + pkt(b"M", b"<no-nul@x.example>") + pkt(b"L", b"NameOnly") + pkt(b"E"))
    write(t, "length_zero", negotiate() + struct.pack(">I", 0))
    write(t, "length_huge", negotiate() + struct.pack(">I", 0xFFFFFFFF) + b"B" + b"x" * 16)
    write(t, "unknown_command", negotiate() + pkt(b"Z", b"junk") + envelope() + pkt(b"E"))
    write(t, "close_without_quit", negotiate() + envelope() + GOOD + pkt(b"B", b"y" * 100))
    write(t, "reject_rule", negotiate() + envelope() + headers((b"Subject", b" please reject")) + pkt(b"E"))
    write(t, "null_sender", negotiate() + envelope(b"<>") +
          headers((b"From", b" MAILER-DAEMON@mx.sender.example")) + pkt(b"N") + pkt(b"E"))
    write(t, "hostile_bytes", negotiate() + envelope(b"<a\0b@x\r\n.example>") +
          headers((b"Subject", b" a\r\nBcc: x\0"), (b"From", b" \xff\xfe <x@\xe4\xbe\x8b.example.>"),
                  (b"X-" + b"A" * 300, b" " + b"v" * 2000)) + pkt(b"N") + pkt(b"B", b"a\0b\rc\nd") + pkt(b"E"))


SPF_CVE = {
    # CVE-2021-20314: a macro expansion over the buffer (reverse + split).
    "cve_2021_20314_exp": b"v=spf1 -all exp=%{S}%{r}%{R}.%{d2147483648}.%{L}.example",
    "cve_2021_20314_rev": b"v=spf1 a:%{ir}.%{v}._spf.%{d2r}.%{l-}.example include:%{d1r+-.=_}.x ~all",
    # CVE-2021-33912/33913: URL-encoded macro letters, big digits, long output.
    "cve_2021_33912_urlenc": b"v=spf1 exp=%{L}%{S}%{O}%{D}%{I}%{P}%{H}%{C}%{R}%{T}%{V}%%%_%- -all",
    "cve_2021_33913_digits": b"v=spf1 redirect=%{d4294967296r}.%{l99999999999999}.%{s0}.example",
    "cve_2023_42118_long": b"v=spf1 include:" + b"%{d}." * 60 + b"example -all",
    "expansion_over_253": b"v=spf1 exists:" + b"%{s}.%{l}.%{o}." * 30 + b"x.example -all",
}


def spf_seeds():
    for name, rec in SPF_CVE.items():
        write("fuzz_spf_record", name, rec)


def dmarc_dkim_seeds():
    t = "fuzz_dmarc_dkim"
    dmarc = {
        "dmarc_plain": b"v=DMARC1; p=reject; sp=quarantine; adkim=s; aspf=r; pct=50; rua=mailto:a@b.test",
        "dmarc_duplicate_p": b"v=DMARC1; p=none; p=reject",
        "dmarc_missing_p_with_rua": b"v=DMARC1; rua=mailto:dmarc@brand.test",
        "dmarc_4k": b"v=DMARC1; p=reject; rua=mailto:" + b"a" * 4096 + b"@x.test",
        "dmarc_20_rua": b"v=DMARC1; p=quarantine; rua=" + b",".join(b"mailto:r%d@x.test!10m" % i for i in range(20)),
        "dmarc_unknown_tags": b"v=DMARC1; p=reject; foo=bar; x-y=z; ; ;=; a",
        "dmarc_pct_overflow": b"v=DMARC1; p=reject; pct=2147483648; ri=99999999999999999999",
        "dmarc_case_space": b"V=dmarc1 ;P=Reject;SP=NONE; pct = 0 ; fo=0:1:d:s; rf=afrf",
        "dmarc_not_first": b"p=reject; v=DMARC1",
        "dmarc_nul": b"v=DMARC1; p=reject\0; sp=none",
        "dmarc_split_txt": b"v=DMARC1; p=rej" + b"ect; sp=none",
    }
    for name, rec in dmarc.items():
        write(t, name, b"\0" + rec)
    base = b"v=1; a=rsa-sha256; c=relaxed/relaxed; d=brand.test; s=s1; h=from:to:subject; bh=%s; b=%s"
    dkim = {
        "dkim_basic": [base % (b"AAAA", b"BBBB")],
        "dkim_z_32k": [base % (b"AAAA", b"BBBB") + b"; z=" + b"From:=20evil|" * 2600],
        "dkim_h_from_100": [b"v=1; a=rsa-sha256; d=brand.test; s=s1; h=" + b":".join([b"from"] * 100) +
                            b"; bh=AAAA; b=AAAA"],
        "dkim_l_partial": [base % (b"AAAA", b"BBBB") + b"; l=5", base % (b"AAAA", b"BBBB") + b"; l=99999999999999999"],
        "dkim_bad_base64": [b"v=1; a=rsa-sha256; d=brand.test; s=s3; h=from; bh=!!!; b=***"],
        "dkim_keys": [(base % (b"AAAA", b"BBBB")).replace(b"s=s1", b"s=s%d" % i) for i in range(1, 7)],
        "dkim_ed25519": [b"v=1; a=ed25519-sha256; d=brand.test; s=s4; h=from; bh=AAAA; b=AAAA"],
        "dkim_many": [base % (b"AAAA", b"BBBB")] * 8,
        "dkim_tags_broken": [b"v=1;;;a=;d=;s=;h=;b=;bh=", b"=;=;=", b"v=1; d=brand.test; s=s1; i=@x.brand.test; "
                             b"t=99999999999999; x=1; q=dns/txt; a=rsa-sha1; h=from; bh=AAAA; b=AAAA"],
        "dkim_fold": [b"v=1; a=rsa-sha256;\t d=brand.\r test; s=s1;\r\n\th=from; bh=AAAA; b=AA\r\n\tAA"],
    }
    for name, sigs in dkim.items():
        write(t, name, b"\x01" + b"\n".join(sigs) + b"\n\nHello Alice,\r\n\r\nAll is well.\r\n")


if __name__ == "__main__":
    session_seeds()
    spf_seeds()
    dmarc_dkim_seeds()
