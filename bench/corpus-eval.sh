#!/usr/bin/env bash
# Measures the shipped configuration on public corpora that may not be
# copied into the project (CC BY-NC phishing, AGPL newsletters): run by hand,
# never by the tests. Usage:
#   bench/corpus-eval.sh CORPORA_DIR [BUILD_DIR] [CONFIG]
# CORPORA_DIR holds phishing/phishing_pot-ledger, phishing/phishing_pot-crypto-wallets,
# ham-ruby-mail-fixtures, ham-newsletters-unspy, spamassassin-testdata
# (their README and SOURCE notes say where each comes from).
# The sets have no envelope and no DNS data: scanned with an empty envelope
# (SPF none) and a zone that answers nothing, as their README asks.
set -euo pipefail
corpora="${1:?usage: corpus-eval.sh CORPORA_DIR [BUILD_DIR] [CONFIG]}"
build="${2:-build}"
config="${3:-config/brandguard.yaml}"
bg="$build/cli/brandguard"
empty_zone="$(mktemp)"
trap 'rm -f "$empty_zone"' EXIT
jobs="$(nproc)"

# The other-wallet set impersonates MetaMask, Trust Wallet, Coinbase...: it
# is measured with the example brand files enabled too (all-brands.yaml,
# regenerated here from the shipped configuration so it never goes stale).
all_brands="bench/all-brands.yaml"
{
  echo "# The shipped configuration with the example brand files enabled too"
  echo "# (config/brands/examples/), for measuring on the other-wallet phish set."
  echo "# Generated from config/brandguard.yaml by bench/corpus-eval.sh; do not edit."
  sed -e 's|files: \["brands/\*.yaml"\]|files: ["../config/brands/*.yaml", "../config/brands/examples/*.yaml"]|' \
      -e 's|include_rules: \["rules.d/\*.yaml", "local.d/\*.yaml"\]|include_rules: ["../config/rules.d/*.yaml"]|' \
      -e '/^  first_seen:/,/^    learn_days/d' "$config"
} > "$all_brands"

run() {  # config, label, title, files...
  local cfg="$1" label="$2" title="$3"
  shift 3
  echo "== $title ($# messages, $cfg)"
  "$bg" eval -c "$cfg" --zone "$empty_zone" --jobs "$jobs" --label "$label" "$@"
  echo
}

mapfile -t ledger < <(find "$corpora/phishing/phishing_pot-ledger" -name '*.eml' | sort)
mapfile -t wallets < <(find "$corpora/phishing/phishing_pot-crypto-wallets" -name '*.eml' | sort)
mapfile -t ruby < <(find "$corpora/ham-ruby-mail-fixtures" -name '*.eml' | sort)
mapfile -t news < <(find "$corpora/ham-newsletters-unspy" -name '*.eml' | sort)
mapfile -t sa < <(find "$corpora/spamassassin-testdata/welcomelists" "$corpora/spamassassin-testdata/nice" -type f | sort)

run "$config" phish "Ledger phish (phishing_pot-ledger)" "${ledger[@]}"
run "$all_brands" phish "Other wallet/exchange phish (phishing_pot-crypto-wallets)" "${wallets[@]}"
hams=("${ruby[@]}" "${news[@]}" "${sa[@]}")
run "$config" ham "Ham: ruby mail fixtures + newsletters + SpamAssassin welcomelists/nice" "${hams[@]}"
run "$all_brands" ham "Ham, all brands" "${hams[@]}"
