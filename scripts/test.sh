#!/usr/bin/env bash
# Newcomer command 2: install what is missing, build, and run every test:
# unit tests and end-to-end tests through a private Postfix, first in a
# normal build, then again under AddressSanitizer + UndefinedBehaviorSanitizer,
# then a short run of every libFuzzer target (clang), then the Debian package.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test

scripts/build.sh build
(cd build && ctest --output-on-failure --timeout 900)

scripts/build.sh build-asan -DBRANDGUARD_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
   ctest --output-on-failure --timeout 900)

scripts/build.sh build-fuzz -DBRANDGUARD_FUZZ=ON -DBRANDGUARD_FUZZ_SECONDS="${BRANDGUARD_FUZZ_SECONDS:-20}" \
  -DCMAKE_CXX_COMPILER=clang++ -DBUILD_TESTING=ON
(cd build-fuzz && ctest --output-on-failure -L fuzz)

# The Debian package: builds, passes lintian without errors, installs, and
# the service starts, reloads and stops as its unit would run it.
packaging/build-deb.sh
packaging/test-installed.sh build-deb/brandguard_*_amd64.deb
