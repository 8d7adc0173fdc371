#!/usr/bin/env bash
# What the test suite needs beyond Node, installed when missing (Debian, as root):
# PostgreSQL server binaries (the @petitio/postgres tests start their own
# throwaway server on 127.0.0.1) and Chromium with CJK fonts (the HTML report's
# browser test). Without root or apt-get it says what is missing and goes on:
# those tests then skip, each with a message.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
status=0
bash "$here/postgres/install.sh" || status=1
bash "$here/ci/browser.sh" || status=1
if [ "$status" -ne 0 ]; then
  echo "test-services: some services could not be installed; their tests will skip" >&2
fi
exit 0
