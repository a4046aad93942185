#!/usr/bin/env bash
# Newcomer command 1: install what is missing, build, and run the milter in
# the foreground on the bundled default configuration (config/brandguard.yaml).
# Point Postfix at it with: smtpd_milters = unix:/run/brandguard/milter.sock
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh build
config="${BRANDGUARD_CONFIG:-config/brandguard.yaml}"
./build/cli/brandguard check -c "$config"
socket_dir=/run/brandguard
if [[ ! -d $socket_dir ]]; then
  if [[ $(id -u) -eq 0 ]]; then install -d -m 0750 "$socket_dir"; else sudo install -d -m 0750 -o "$(id -u)" "$socket_dir"; fi
fi
# The first-seen store of the shipped configuration lives here.
state_dir=/var/lib/brandguard
if [[ ! -d $state_dir ]]; then
  if [[ $(id -u) -eq 0 ]]; then install -d -m 0750 "$state_dir"; else sudo install -d -m 0750 -o "$(id -u)" "$state_dir"; fi
fi
echo "brandguard-milter: Ctrl-C stops it; kill -USR1 reloads the configuration"
exec ./build/milter/brandguard-milter -c "$config"
