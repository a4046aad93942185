#!/usr/bin/python3
"""Converts authentication_milter's end-to-end test data into a CORPUS-FORMAT
corpus (manifest.jsonl + zone.txt + msgs/) beside this script.

Run by hand only, from anywhere (python3 standard library, no network):

    python3 tests/conformance/data/dmarc-authentication-milter/convert.py SRC

SRC is a checkout of upstream's data (the directory holding CASES.tsv and
zonefile; described in SOURCE.md); it is required, so nothing in the
project points at a copy outside it. Tests never run this script and never read SRC: they read only
what it wrote here (manifest.jsonl, zone.txt, msgs/), which is committed.

What it does
- msgs/: copies every upstream source message that CASES.tsv uses, byte for
  byte.
- zone.txt: rewrites upstream `zonefile` in CORPUS-FORMAT zone syntax: owner
  names made absolute, class IN added, master-file parentheses removed, TXT
  data as quoted strings (an unquoted word is its own character-string, as in
  RFC 1035 master files; strings longer than 255 bytes are split), exact
  duplicates dropped. NS records are dropped (our zone reader has no NS type
  and no check looks them up). `;ERROR,name,type,NXDOMAIN` lines are kept as
  comments: none of those names is in the zone, so they answer NXDOMAIN.
- manifest.jsonl: one line per CASES.tsv case, in CASES.tsv order, with the
  envelope (MAIL FROM / RCPT as a milter receives them: angle brackets and
  ESMTP parameters removed, anything else kept verbatim), tags naming the
  upstream mode, config and description, and `expect` extracted from the
  upstream expected output:
    * spf / dkim / dmarc from the first Authentication-Results field of the
      expected output (the one upstream prepends). A method missing from it
      is "none" (upstream did not check it, e.g. local/trusted clients, or
      hid a none result under hide_none). Several dkim= entries (one per
      signature) are summarized as BrandGuard's DkimOutcome does: pass if one
      passed, else temperror, policy, fail, permerror, neutral, none in that
      order (x-google-dkim is not DKIM and is ignored). Several dmarc=
      entries (one per From domain) give the first one; all are kept under
      "upstream".
    * action: "reject" when the expected output is the SMTP 5xx reply (or
      upstream asserts a 5xx at end of message, see EOM_EXPECT),
      "quarantine" when upstream added X-Disposition-Quarantine, "accept"
      when the message was delivered otherwise.
    * when the expected output has no Authentication-Results field at all
      (dryrun, timeout, hard reject) spf/dkim/dmarc are not observable and
      are left out of `expect`; for the hard reject the reply text "DMARC
      policy violation" gives dmarc=fail.
"""

import json
import os
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# Upstream smtp case without an expected-output file: t/AuthMilterTest.pm
# asserts `eom_expect => '550'` with `no_cat => 1` for it.
EOM_EXPECT = {("smtp", "config/dmarc_reject.smtp", "dmarc_reject_hard.smtp.eml"): "550"}

DKIM_ORDER = ["pass", "temperror", "policy", "fail", "permerror", "neutral", "none"]


# ---------------------------------------------------------------- zone file

def zone_tokens(text):
    """Tokens of an RFC 1035 master-file entry: quoted strings keep their
    quotes; parentheses are dropped; ';' starts a comment."""
    tokens, i = [], 0
    while i < len(text):
        c = text[i]
        if c in " \t\r\n()":
            i += 1
        elif c == ";":
            break
        elif c == '"':
            j = i + 1
            while j < len(text) and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            tokens.append(text[i:j + 1])
            i = j + 1
        else:
            j = i
            while j < len(text) and text[j] not in " \t\r\n();\"":
                j += 1
            tokens.append(text[i:j])
            i = j
    return tokens


def txt_strings(words):
    """Quoted TXT character-strings, none longer than 255 bytes."""
    out = []
    for w in words:
        s = w[1:-1] if w.startswith('"') else w.replace('"', '\\"')
        if s == "":
            out.append('""')
        while s:
            out.append('"%s"' % s[:255])
            s = s[255:]
    return out or ['""']


def convert_zone(text):
    records, seen, notes = [], set(), []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith(";"):
            records.append(line if line.startswith("; ") else "; " + line[1:])
            continue
        tokens = zone_tokens(line)
        owner, rest = tokens[0], tokens[1:]
        if not owner.endswith("."):
            notes.append("%s: owner made absolute" % owner)
            owner += "."
        ttl = "300"
        if rest and rest[0].isdigit():
            ttl, rest = rest[0], rest[1:]
        if rest and rest[0].upper() == "IN":
            rest = rest[1:]
        rtype, rdata = rest[0].upper(), rest[1:]
        if rtype == "NS":
            continue
        if rtype == "TXT":
            if not rdata:
                notes.append("%s TXT: no data upstream, written as one empty string" % owner)
            rdata = txt_strings(rdata)
        elif rtype not in ("A", "AAAA", "MX", "PTR", "CNAME"):
            raise SystemExit("unsupported record type %s in %r" % (rtype, raw))
        key = (owner.lower(), rtype, tuple(rdata))
        if key in seen:
            notes.append("%s %s %s: duplicate dropped" % (owner, rtype, " ".join(rdata)))
            continue
        seen.add(key)
        records.append("%s %s IN %s %s" % (owner, ttl, rtype, " ".join(rdata)))
    return records, notes


# ----------------------------------------------------- expected-output parsing

def header_fields(message):
    """(name, unfolded value) of the header fields of a message."""
    head = re.split(r"\r?\n\r?\n", message, maxsplit=1)[0]
    fields = []
    for line in head.splitlines():
        if line[:1] in (" ", "\t") and fields:
            fields[-1][1] += " " + line.strip()
        elif ":" in line:
            name, value = line.split(":", 1)
            fields.append([name.strip(), value.strip()])
    return fields


def strip_comments(text):
    out, depth, quoted = [], 0, False
    for c in text:
        if c == '"' and depth == 0:
            quoted = not quoted
        if not quoted and c == "(":
            depth += 1
            continue
        if not quoted and c == ")" and depth > 0:
            depth -= 1
            continue
        if depth == 0:
            out.append(c)
    return "".join(out)


def parse_authentication_results(value):
    """{method: [result, ...]} of one Authentication-Results value."""
    parts = [p.strip() for p in strip_comments(value).split(";")]
    methods = {}
    for part in parts[1:]:
        m = re.match(r"([A-Za-z0-9_.-]+)\s*=\s*([A-Za-z0-9_-]+)", part)
        if m:
            methods.setdefault(m.group(1).lower(), []).append(m.group(2).lower())
    return parts[0], methods


def message_of(expected):
    """The delivered message inside an expected output (an SMTP transcript
    for smtp mode: what follows DATA and the filter's own Received lines)."""
    if expected.startswith("EHLO "):
        body = expected.split("\nDATA\n", 1)[1]
        lines = body.split("\n")
        # Received: from test.module ... + continuation + two '####' lines
        while lines and (lines[0].startswith("Received: from test.module") or lines[0].startswith("    by ")
                         or lines[0].startswith("####")):
            lines.pop(0)
        return "\n".join(lines)
    return expected


def expectations(expected_text, eom_reply):
    expect, upstream = {}, {}
    if eom_reply or expected_text.startswith("Message rejected with code"):
        reply = eom_reply or expected_text.split(":", 1)[1].strip()
        upstream["reply"] = reply
        if "DMARC policy violation" in reply:
            expect["dmarc"] = "fail"
        expect["action"] = "reject" if reply.startswith("5") else "tempfail"
        return expect, upstream
    fields = header_fields(message_of(expected_text))
    ar = [v for n, v in fields if n.lower() == "authentication-results"]
    quarantined = any(n.lower() == "x-disposition-quarantine" and v.startswith("Quarantined due to DMARC")
                      for n, v in fields)
    expect_action = "quarantine" if quarantined else "accept"
    if not ar:
        upstream["authentication_results"] = None
        expect["action"] = expect_action
        return expect, upstream
    authserv_id, methods = parse_authentication_results(ar[0])
    upstream["authserv_id"] = authserv_id
    upstream["methods"] = methods
    spf = methods.get("spf", ["none"])
    expect["spf"] = spf[0]
    dkim = methods.get("dkim", ["none"])
    unknown = [d for d in dkim if d not in DKIM_ORDER]
    if unknown:
        raise SystemExit("unexpected dkim result %r" % unknown)
    expect["dkim"] = min(dkim, key=DKIM_ORDER.index)
    expect["dmarc"] = methods.get("dmarc", ["none"])[0]
    expect["action"] = expect_action
    return expect, upstream


# ------------------------------------------------------------------ manifest

def envelope_address(text):
    """MAIL FROM / RCPT TO argument as a milter passes the address: angle
    brackets and ESMTP parameters removed; anything else verbatim."""
    text = text.strip()
    if text.startswith("<") and ">" in text:
        return text[1:text.index(">")]
    return text


def case_id(mode, expected_output):
    name = expected_output[:-4] if expected_output.endswith(".eml") else expected_output
    return "%s:%s" % (mode, name)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: convert.py SRC (upstream's authentication_milter test data, see SOURCE.md)")
    src = os.path.abspath(sys.argv[1])
    with open(os.path.join(src, "CASES.tsv"), encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip() and not line.startswith("#")]

    os.makedirs(os.path.join(HERE, "msgs"), exist_ok=True)
    lines, ids = [], set()
    for mode, config, desc, source, expected_output, ip, helo, env_from, env_to in rows:
        shutil.copyfile(os.path.join(src, "source", source), os.path.join(HERE, "msgs", source))
        eom = EOM_EXPECT.get((mode, config, expected_output))
        path = os.path.join(src, "example", expected_output)
        if eom:
            text = ""
        else:
            with open(path, encoding="utf-8", errors="surrogateescape") as f:
                text = f.read()
        expect, upstream = expectations(text, eom)
        cid = case_id(mode, expected_output)
        if cid in ids:
            raise SystemExit("duplicate case id " + cid)
        ids.add(cid)
        upstream.update({"mode": mode, "config": config, "description": desc, "expected_output": expected_output,
                         "envelope_from": env_from, "envelope_to": env_to})
        if eom:
            upstream["expected_output_missing"] = "t/AuthMilterTest.pm: eom_expect => '%s', no_cat => 1" % eom
        entry = {
            "id": cid,
            "file": "msgs/" + source,
            "client_ip": ip,
            "helo": helo,
            "mail_from": envelope_address(env_from),
            "rcpt": [envelope_address(env_to)],
            "tags": ["authentication_milter", "case:" + cid, "mode:" + mode, "config:" + config,
                     "desc:" + desc],
            "expect": expect,
            "upstream": upstream,
        }
        lines.append(json.dumps(entry, ensure_ascii=False, sort_keys=False))
    with open(os.path.join(HERE, "manifest.jsonl"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")

    with open(os.path.join(src, "zonefile"), encoding="utf-8") as f:
        records, notes = convert_zone(f.read())
    with open(os.path.join(HERE, "zone.txt"), "w", encoding="utf-8") as f:
        f.write("; authentication_milter t/zonefile in CORPUS-FORMAT syntax, written by convert.py.\n")
        f.write("; Upstream ';ERROR,name,type,NXDOMAIN' lines are kept as comments: those names are not\n")
        f.write("; in this zone, so they answer NXDOMAIN. NS records are left out (unsupported type).\n")
        for note in notes:
            f.write("; convert.py: %s\n" % note)
        f.write("\n".join(records) + "\n")
    print("%d cases, %d zone lines" % (len(lines), len(records)))


if __name__ == "__main__":
    main()
