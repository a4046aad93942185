#!/usr/bin/env bash
# Installs the Debian 12 packages BrandGuard builds, runs and tests with.
# Idempotent: packages already present are skipped by apt-get itself.
# Postfix is preseeded to "No configuration" so that installing it never
# starts or reconfigures a system mail server; the tests run a private one.
set -euo pipefail

BUILD_PKGS=(
  build-essential cmake ninja-build pkg-config
  libmilter-dev libopendkim-dev libspf2-dev libopendmarc-dev
  libspdlog-dev libfmt-dev libyaml-cpp-dev catch2 libunbound-dev libhyperscan-dev
  libicu-dev libidn2-dev libpsl-dev publicsuffix libgmime-3.0-dev
  libsystemd-dev libexpected-dev nlohmann-json3-dev libcpp-httplib-dev
)
TEST_PKGS=(postfix swaks nsd miltertest strace clang libclang-rt-14-dev python3 python3-dkim
           debhelper dpkg-dev lintian fakeroot systemd)

want=("${BUILD_PKGS[@]}")
if [[ "${1:-}" == "--test" ]]; then want+=("${TEST_PKGS[@]}"); fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]} == 0)); then exit 0; fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
