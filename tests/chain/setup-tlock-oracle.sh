#!/usr/bin/env bash
# Installs the npm oracle for tests/chain/tle_test.cc (@noble/curves and the ideal-lab5 timelock
# wasm, exact versions; shared/chain's package.json has neither) into DIR, a test-owned prefix in
# the build directory, and checks that node can load it. Idempotent: skips npm when DIR already
# holds both packages. Usage: tests/chain/setup-tlock-oracle.sh DIR
set -euo pipefail
dir=$1
packages=(@noble/curves@2.4.0 @ideallabs/timelock.js@1.0.1)

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "setup-tlock-oracle.sh: node and npm are required for the timelock oracle (Node.js 20: apt-get install nodejs npm)" >&2
  exit 1
fi
mkdir -p "$dir"
installed() {
  [[ -f "$dir/node_modules/@noble/curves/package.json" ]] &&
    grep -q '"version": "2.4.0"' "$dir/node_modules/@noble/curves/package.json" &&
    [[ -f "$dir/node_modules/@ideallabs/timelock_wasm_wrapper/timelock_wasm_wrapper_bg.wasm" ]]
}
if ! installed; then
  echo "setup-tlock-oracle.sh: npm install ${packages[*]} into $dir" >&2
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "${packages[@]}"
fi
# the oracle must answer a trivial request: the test beacon key of spec/chain.md §7.6
echo '[{"op":"public_key","sk":7}]' | node "$(dirname "$0")/tlock_oracle.mjs" "$dir" | grep -q '"ok":"8d0273f6' \
  || { echo "setup-tlock-oracle.sh: tlock_oracle.mjs does not run in $dir" >&2; exit 1; }
echo "setup-tlock-oracle.sh: timelock oracle ready in $dir" >&2
