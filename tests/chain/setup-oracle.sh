#!/usr/bin/env bash
# Installs the npm oracle for tests/chain (shared/chain's package.json + package-lock.json, `npm ci`)
# into DIR, and checks that node can load it. Idempotent: skips npm when DIR already holds the same
# lock file. Usage: tests/chain/setup-oracle.sh DIR SHARED_CHAIN_DIR
set -euo pipefail
dir=$1
shared=$2

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "setup-oracle.sh: node and npm are required for the tests/chain oracle (Node.js 20: apt-get install nodejs npm)" >&2
  exit 1
fi
mkdir -p "$dir"
if ! cmp -s "$shared/package-lock.json" "$dir/package-lock.json" || [[ ! -d "$dir/node_modules/@polkadot/util-crypto" ]]; then
  cp "$shared/package.json" "$shared/package-lock.json" "$dir/"
  echo "setup-oracle.sh: npm ci in $dir (about a minute the first time)" >&2
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
fi
# the oracle must answer a trivial request
echo '[{"op":"compact","value":"1"}]' | NODE_PATH="$dir/node_modules" node "$(dirname "$0")/oracle.js" | grep -q '"ok":"0x04"' \
  || { echo "setup-oracle.sh: oracle.js does not run in $dir" >&2; exit 1; }
echo "setup-oracle.sh: oracle ready in $dir" >&2
