#!/usr/bin/env bash
# Builds the .deb with dpkg-buildpackage from a copy of the tree (the Debian
# packaging lives in packaging/debian, dpkg wants it at ./debian), then runs
# lintian. Output: build-deb/brandguard_*.deb and the lintian report.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out="$root/build-deb"
rm -rf "$out"
mkdir -p "$out/src"
git ls-files -z | xargs -0 cp --parents -t "$out/src"
cp -r packaging/debian "$out/src/debian"
(cd "$out/src" && dpkg-buildpackage -us -uc -b -j"$(nproc)" > "$out/build.log" 2>&1) || {
  tail -40 "$out/build.log"
  exit 1
}
lintian --no-tag-display-limit "$out"/brandguard_*.deb | tee "$out/lintian.txt"
if grep -q '^E:' "$out/lintian.txt"; then
  echo "lintian reported errors" >&2
  exit 1
fi
ls -l "$out"/*.deb
