#!/usr/bin/env bash
# Debian packages the tests need (Chromium and CJK fonts: never a downloaded browser; Java for the
# Nu HTML checker, vnu.jar, whose own Java download is not allowed to run), and with
# `bench` also the benchmark's reference generator (Hugo). Installs what is missing when we may
# (root with apt-get); otherwise says what to install.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
command -v java >/dev/null || missing+=(default-jre-headless)
if [ "${1:-}" = bench ]; then command -v hugo >/dev/null || missing+=(hugo); fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} (apt-get) …"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Error: these Debian packages are needed: ${missing[*]} (run: sudo apt-get install -y ${missing[*]})" >&2
  exit 1
fi
