#!/usr/bin/env bash
# Installs what the HTML report's browser test needs, when it is missing:
# Debian's chromium (driven by playwright-core at /usr/bin/chromium) and the
# Noto CJK fonts, so the report's Chinese text renders with real glyphs.
# Safe to run again: it installs nothing that is already there.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  missing+=(fonts-noto-cjk)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "browser.sh: chromium and CJK fonts already installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "browser.sh: need root to install ${missing[*]} (apt-get)" >&2
  exit 1
fi

echo "browser.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" fontconfig >/dev/null
fc-cache -f >/dev/null 2>&1 || true
/usr/bin/chromium --version
