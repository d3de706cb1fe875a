#!/usr/bin/env bash
# CTest fixture for tests/chain/local_chain_test.cc: starts the real subtensor runtime of
# shared/chain (chopsticks) on a free port, funds accounts, creates a subnet and registers the
# hotkeys //Alice//kinitro-miner-0..3 with shared/chain/dev-setup.js, and writes STATE/chain.json
# {"url", "pid", "netuid", "uids", "owner_hotkey", "sudo"}; `stop` kills that chain.
# Usage: local-chain-fixture.sh start|stop STATE_DIR NPM_DIR SHARED_CHAIN_DIR
# Fails (never skips) when node or npm are missing.
set -euo pipefail
action=$1
state=$2
npm_dir=$3
shared=$4

if [[ "$action" == stop ]]; then
  if [[ -f "$state/chain.pid" ]]; then
    pid=$(cat "$state/chain.pid")
    kill "$pid" 2>/dev/null || true
    rm -f "$state/chain.pid" "$state/chain.json"
    echo "local-chain-fixture: stopped chopsticks (pid $pid)" >&2
  fi
  exit 0
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "local-chain-fixture: node and npm are required for the local chain tests (apt-get install nodejs npm)" >&2
  exit 1
fi
mkdir -p "$state" "$npm_dir"
rm -f "$state/chain.json"
# a free port: bind to 0 and read back what the kernel chose
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})')
pid=$("$shared/start-local-chain" "$npm_dir" "$port" | tail -n 1)
echo "$pid" >"$state/chain.pid"
hotkeys=()
for i in 0 1 2 3; do
  addr=$(NODE_PATH="$npm_dir/node_modules" node -e '
    const { Keyring } = require("@polkadot/keyring");
    const { cryptoWaitReady } = require("@polkadot/util-crypto");
    cryptoWaitReady().then(() => console.log(new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri(process.argv[1]).address));
  ' "//Alice//kinitro-miner-$i")
  hotkeys+=(--hotkey "$addr")
done
setup=$(NODE_PATH="$npm_dir/node_modules" node "$shared/dev-setup.js" --ws "ws://127.0.0.1:$port" "${hotkeys[@]}" | tail -n 1)
node -e 'const s=JSON.parse(process.argv[1]); s.url="ws://127.0.0.1:"+process.argv[2]; s.pid=+process.argv[3];
         require("fs").writeFileSync(process.argv[4], JSON.stringify(s));' "$setup" "$port" "$pid" "$state/chain.json"
echo "local-chain-fixture: chain on ws://127.0.0.1:$port (pid $pid), netuid $(node -e 'console.log(JSON.parse(process.argv[1]).netuid)' "$setup")" >&2
cat "$state/chain.json"
