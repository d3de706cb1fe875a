#!/usr/bin/env bash
# Tests templates/cpp end to end: installs kinitro into a temp prefix, writes the template with
# `kinitro init-miner --template cpp`, builds it against the prefix, serves it on a free port and
# runs `kinitro check-endpoint` and a short `kinitro eval` against it.
# Usage: tests/policy/cpp_template_test.sh KINITRO_BUILD_DIR
set -euo pipefail

build=$(cd "${1:?usage: $0 KINITRO_BUILD_DIR}" && pwd)
kinitro="$build/src/cli/kinitro"
tmp=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "cpp_template_test: FAIL: $*" >&2; exit 1; }

# kinitro as a CMake package, as a miner would install it
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
find "$tmp/prefix" -name kinitroConfig.cmake | grep -q . || fail "no kinitroConfig.cmake under $tmp/prefix"

# the template, and init-miner's refusal to write into a non-empty directory
"$kinitro" init-miner "$tmp/miner" --template cpp >/dev/null
for f in CMakeLists.txt main.cc policy.h policy.cc torch_policy.cc README.md Dockerfile; do
  [[ -f "$tmp/miner/$f" ]] || fail "init-miner did not write $f"
done
rc=0
"$kinitro" init-miner "$tmp/miner" --template cpp >/dev/null 2>&1 || rc=$?
[[ $rc -eq 1 ]] || fail "init-miner into a non-empty directory exited $rc, want 1"
"$kinitro" init-miner "$tmp/miner" --template cpp --force >/dev/null || fail "init-miner --force failed"

# build it against the installed prefix only (the default build needs no libtorch)
generator=()
if command -v ninja >/dev/null; then generator=(-G Ninja); fi
cmake -S "$tmp/miner" -B "$tmp/miner/build" "${generator[@]}" -DCMAKE_PREFIX_PATH="$tmp/prefix" >"$tmp/configure.log" 2>&1 \
  || { cat "$tmp/configure.log" >&2; fail "configuring the template failed"; }
cmake --build "$tmp/miner/build" -j 2 >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log" >&2; fail "building the template failed"; }

# serve on a free port; the port is read from the start-up line on stderr
"$tmp/miner/build/miner-policy" --port 0 2>"$tmp/server.log" &
server_pid=$!
port=""
deadline=$((SECONDS + 30))
while [[ -z "$port" ]]; do
  port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\).*|\1|p' "$tmp/server.log")
  if [[ -n "$port" ]]; then break; fi
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.log" >&2; fail "miner-policy exited before listening"; }
  ((SECONDS < deadline)) || { cat "$tmp/server.log" >&2; fail "miner-policy did not report its port within 30 s"; }
  sleep 0.05
done
url="http://127.0.0.1:$port"

"$kinitro" check-endpoint "$url" --act-timeout-ms 5000 || fail "check-endpoint $url failed"
"$kinitro" eval --act-timeout-ms 5000 --endpoint "$url" --env metaworld/reach-v3 --episodes 2 || fail "eval against $url failed"

# SIGTERM stops the server cleanly (exit 0)
kill -TERM "$server_pid"
rc=0
wait "$server_pid" || rc=$?
server_pid=""
[[ $rc -eq 0 ]] || { cat "$tmp/server.log" >&2; fail "miner-policy exited $rc on SIGTERM, want 0"; }
grep -q "stopped (SIGTERM)" "$tmp/server.log" || fail "miner-policy did not log its clean stop"
# the template's Dockerfile builds the SDK alone (KINITRO_POLICY_SDK_ONLY: no MuJoCo, no simulator)
# from the source tree; the template must build against that prefix too
src=$(cd "$(dirname "$0")/../.." && pwd)
cmake -S "$src" -B "$tmp/sdk" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DKINITRO_POLICY_SDK_ONLY=ON \
  -DKINITRO_MUJOCO_ROOT=/nonexistent >"$tmp/sdk.log" 2>&1 \
  && cmake --build "$tmp/sdk" --target kinitro_policy -j 2 >>"$tmp/sdk.log" 2>&1 \
  && cmake --install "$tmp/sdk" --component dev --prefix "$tmp/sdk-prefix" >>"$tmp/sdk.log" 2>&1 \
  || { cat "$tmp/sdk.log" >&2; fail "the SDK-only build of the Dockerfile failed"; }
cmake -S "$tmp/miner" -B "$tmp/miner/build-sdk" "${generator[@]}" -DCMAKE_PREFIX_PATH="$tmp/sdk-prefix" >"$tmp/configure-sdk.log" 2>&1 \
  && cmake --build "$tmp/miner/build-sdk" -j 2 >>"$tmp/configure-sdk.log" 2>&1 \
  || { cat "$tmp/configure-sdk.log" >&2; fail "the template did not build against the SDK-only install"; }
echo "cpp_template_test: ok" >&2
