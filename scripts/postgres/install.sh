#!/usr/bin/env bash
# Installs Debian's PostgreSQL server binaries when they are missing.
# Used by CI and by the @petitio/postgres tests (through server.ts). The
# server is never started as a service here: each test run starts its own
# throwaway cluster (server.ts).
set -euo pipefail

if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "PostgreSQL is not installed and cannot be installed here (needs root and apt-get)." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
# Debian's postgresql package creates a default cluster and starts it as a
# service; the tests do not use it, they start their own on a free port.
apt-get install -y --no-install-recommends postgresql
