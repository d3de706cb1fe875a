#!/usr/bin/env bash
# Tests templates/python end to end on one Python stack: the template's own smoke test, then
# `kinitro init-miner --template python`, uvicorn on a free port, `kinitro check-endpoint` and a
# short `kinitro eval` against it.
# Usage: tests/policy/python_template_test.sh KINITRO_BUILD_DIR [PYTHON]
#   PYTHON defaults to /usr/bin/python3: Debian's, which sees python3-fastapi and pydantic 1.10 (a
#   pyenv python does not); .deps/venv/bin/python (scripts/setup-python) has current FastAPI and
#   pydantic 2. A PYTHON that does not exist exits 77 (CTest's SKIP_RETURN_CODE for the venv run).
#   With KINITRO_EXPECT_PYDANTIC=N set, fails unless PYTHON has pydantic N.x.
set -euo pipefail

build=$(cd "${1:?usage: $0 KINITRO_BUILD_DIR [PYTHON]}" && pwd)
python="${2:-/usr/bin/python3}"
here=$(cd "$(dirname "$0")" && pwd)
kinitro="$build/src/cli/kinitro"
fail() { echo "python_template_test: FAIL: $*" >&2; exit 1; }
if [[ ! -x "$python" ]]; then
  echo "python_template_test: SKIP: no Python interpreter at $python (scripts/setup-python creates .deps/venv)"
  exit 77
fi

# name the stack under test, and check it is the one this run is meant to cover
versions=$("$python" -c 'import fastapi, pydantic; print(fastapi.__version__, pydantic.VERSION)') \
  || fail "$python cannot import fastapi and pydantic"
fastapi_version=${versions% *} pydantic_version=${versions#* }
echo "python_template_test: $python: fastapi $fastapi_version, pydantic $pydantic_version"
if [[ -n "${KINITRO_EXPECT_PYDANTIC:-}" && "$pydantic_version" != "$KINITRO_EXPECT_PYDANTIC".* ]]; then
  fail "$python has pydantic $pydantic_version; this run is meant to test pydantic $KINITRO_EXPECT_PYDANTIC"
fi

tmp=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

"$python" "$here/python_template_smoke.py" || fail "template smoke test failed"

"$kinitro" init-miner "$tmp/miner" --template python >/dev/null
for f in server.py policy.py basilica_deploy.py Dockerfile requirements.txt README.md; do
  [[ -f "$tmp/miner/$f" ]] || fail "init-miner did not write $f"
done

port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$tmp/miner" && exec "$python" -m uvicorn server:app --host 127.0.0.1 --port "$port" 2>"$tmp/server.log") &
server_pid=$!
url="http://127.0.0.1:$port"
deadline=$((SECONDS + 60))
until "$python" -c "import urllib.request; urllib.request.urlopen('$url/health', timeout=1)" 2>/dev/null; do
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.log" >&2; fail "uvicorn exited"; }
  ((SECONDS < deadline)) || { cat "$tmp/server.log" >&2; fail "uvicorn did not answer /health within 60 s"; }
  sleep 0.1
done

"$kinitro" check-endpoint "$url" --act-timeout-ms 5000 || fail "check-endpoint $url failed"
"$kinitro" eval --act-timeout-ms 5000 --endpoint "$url" --env metaworld/reach-v3 --episodes 2 --json "$tmp/eval.json" || fail "eval failed"
grep -q '"metaworld/reach-v3"' "$tmp/eval.json" || fail "eval --json has no reach-v3 entry"
echo "python_template_test: ok (fastapi $fastapi_version, pydantic $pydantic_version)"
