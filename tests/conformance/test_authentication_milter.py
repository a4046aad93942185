#!/usr/bin/python3
"""authentication_milter's end-to-end SPF/DKIM/DMARC cases through
`brandguard scan`, compared method by method with upstream's results.

Data: tests/conformance/data/dmarc-authentication-milter/ (SOURCE.md there
says where every expectation comes from). One scan per upstream config
class (config/<class>.yaml, hermetic DNS from zone.txt); per case the JSON
keys spf, dkim, dmarc and action are compared with the manifest's `expect`
(only the keys it has).

Fails when a case deviates in a way KNOWN_DEVIATIONS does not list, or when
a listed deviation no longer happens (so the list stays honest).

Run: python3 tests/conformance/test_authentication_milter.py PATH/TO/brandguard
"""

import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data", "dmarc-authentication-milter")
METHODS = ("spf", "dkim", "dmarc", "action")

TRUSTED = ("trusted_networks skips every check; upstream's LocalIP/TrustedIP skip SPF and DMARC "
           "but still verify DKIM")
IP_MAP = ("upstream ip_map rewrites the client to 74.125.82.171 (in _spf.google.com); we have no ip_map, "
          "so SPF checks the real client and gets ~all: softfail")
BAD_SPACE_SPF = ("MAIL FROM 'marc@ marcbradshaw.net' is no RFC 5321 path: we check the domain as given, "
                 "' marcbradshaw.net', malformed -> none (RFC 7208 4.3); upstream drops the space -> pass")
BAD_SPACE_DMARC = ("follows from spf=none: upstream's DMARC passes on the aligned SPF pass; the DKIM "
                   "signature fails in both (From was altered)")
MULTI_DMARC = ("several author domains are permerror + DMARC_BAD_FROM by design (docs/configuration.md), "
               "while the strictest failing policy of the named domains still applies (same action as upstream); "
               "upstream reports each From domain (fail, fail, none)")
MULTI2_SPF = ("malformed MAIL FROM holding two addresses: we check the domain after the last '@' "
              "(marcbradshaw.net ~all: softfail); upstream treats it as <> and checks HELO: none")
IP_WHITELIST = ("no DMARC IP whitelist (upstream 'whitelisted: 99.0.0.0/8' overrides p=reject as "
                "trusted_forwarder); we apply p=reject")
DKIM_WHITELIST = ("no DMARC whitelist by DKIM domain (upstream 'dkim:marcbradshaw.net' overrides p=reject); "
                  "our dmarc.overrides key on the From domain only")

# (case id, method) -> why BrandGuard differs from authentication_milter.
KNOWN_DEVIATIONS = {
    ("milter:google_apps_good.local", "dkim"): TRUSTED,
    ("milter:google_apps_good_case.local", "dkim"): TRUSTED,
    ("milter:google_apps_good.trusted", "dkim"): TRUSTED,
    ("smtp:google_apps_good.8bit.smtp", "dkim"): TRUSTED,
    ("smtp:google_apps_headers.smtp", "dkim"): TRUSTED,
    ("smtp:google_apps_good.local.smtp", "dkim"): TRUSTED,
    ("smtp:google_apps_good_case.local.smtp", "dkim"): TRUSTED,
    ("smtp:google_apps_good.trusted.smtp", "dkim"): TRUSTED,
    ("milter:google_apps_good_map", "spf"): IP_MAP,
    ("milter:google_apps_good_map_cidr", "spf"): IP_MAP,
    ("smtp:google_apps_good_map.smtp", "spf"): IP_MAP,
    ("smtp:google_apps_good_map_cidr.smtp", "spf"): IP_MAP,
    ("milter:google_apps_bad_space", "spf"): BAD_SPACE_SPF,
    ("milter:google_apps_bad_space", "dmarc"): BAD_SPACE_DMARC,
    ("smtp:google_apps_bad_space.smtp", "spf"): BAD_SPACE_SPF,
    ("smtp:google_apps_bad_space.smtp", "dmarc"): BAD_SPACE_DMARC,
    ("milter:dmarc_multi", "dmarc"): MULTI_DMARC,
    ("milter:dmarc_multi_2", "spf"): MULTI2_SPF,
    ("milter:dmarc_multi_2", "dmarc"): MULTI_DMARC,
    ("milter:dmarc_reject_hard_whitelisted", "action"): IP_WHITELIST,
    ("smtp:dmarc_reject_hard_whitelisted.smtp", "action"): IP_WHITELIST,
    ("milter:dmarc_reject_wl", "action"): DKIM_WHITELIST,
    ("smtp:dmarc_reject_wl.smtp", "action"): DKIM_WHITELIST,
}


def config_class(case):
    """Upstream config of a case ("config/normal.smtp") -> our YAML class ("normal")."""
    config = case["upstream"]["config"]
    name = config.split("/", 1)[1]
    return name[:-len(".smtp")] if name.endswith(".smtp") else name


def scan(brandguard, config, cases, tmp):
    manifest = os.path.join(tmp, config + ".jsonl")
    with open(manifest, "w", encoding="utf-8") as f:
        for case in cases:
            line = dict(case, file=os.path.join(DATA, case["file"]))
            f.write(json.dumps(line) + "\n")
    command = [brandguard, "scan", "--config", os.path.join(DATA, "config", config + ".yaml"), "--zone",
               os.path.join(DATA, "zone.txt"), "--json", "--manifest", manifest]
    p = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=300)
    if p.returncode != 0:
        raise SystemExit("%s: exit %d\n%s" % (" ".join(command), p.returncode, p.stderr))
    results = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
    if len(results) != len(cases):
        raise SystemExit("config %s: %d results for %d cases" % (config, len(results), len(cases)))
    for case, result in zip(cases, results):
        if result["file"] != os.path.join(DATA, case["file"]):
            raise SystemExit("config %s: result for %s where %s was expected" % (config, result["file"], case["file"]))
    return results


def main():
    brandguard = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join("build", "cli", "brandguard"))
    with open(os.path.join(DATA, "manifest.jsonl"), encoding="utf-8") as f:
        cases = [json.loads(line) for line in f if line.strip()]
    ids = [c["id"] for c in cases]
    problems = []
    for key in KNOWN_DEVIATIONS:
        if key[0] not in ids or key[1] not in METHODS:
            problems.append("KNOWN_DEVIATIONS names no such case/method: %s %s" % key)

    by_config = {}
    for case in cases:
        by_config.setdefault(config_class(case), []).append(case)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for config, group in sorted(by_config.items()):
            for case, result in zip(group, scan(brandguard, config, group, tmp)):
                results[case["id"]] = result

    per_method = {m: [0, 0] for m in METHODS}  # matched, compared
    as_expected = known_only = 0
    lines = []
    for case in cases:
        got = results[case["id"]]
        deviations = []
        for method in METHODS:
            if method not in case["expect"]:
                continue
            key = (case["id"], method)
            want, have = case["expect"][method], got[method]
            per_method[method][1] += 1
            if want == have:
                per_method[method][0] += 1
                if key in KNOWN_DEVIATIONS:
                    problems.append("%s %s: listed as a known deviation but now matches (%s); remove it from "
                                    "KNOWN_DEVIATIONS" % (case["id"], method, have))
                continue
            deviations.append(key)
            if key in KNOWN_DEVIATIONS:
                lines.append("  known  %-44s %-6s expected %-9s got %-9s %s" % (case["id"], method, want, have,
                                                                                 KNOWN_DEVIATIONS[key]))
            else:
                problems.append("%s %s: expected %s, got %s (config %s; %s)" % (
                    case["id"], method, want, have, config_class(case),
                    got.get("authentication_results", "").replace("\n", " ").replace("\t", "")))
        if not deviations:
            as_expected += 1
        elif all(k in KNOWN_DEVIATIONS for k in deviations):
            known_only += 1

    print("Known deviations (case, method, upstream, ours, reason):")
    print("\n".join(lines) if lines else "  none")
    print("Per method (as expected / compared): " +
          ", ".join("%s %d/%d" % (m, per_method[m][0], per_method[m][1]) for m in METHODS))
    print("authentication_milter: %d/%d cases as expected, %d known deviations" % (as_expected, len(cases),
                                                                                  known_only))
    for p in problems:
        print("FAIL: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
