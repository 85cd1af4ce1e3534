#!/usr/bin/env bash
# Schemathesis (PyPI, pinned) against a live server on the embedded default: every operation,
# a fixed seed and budget (about two minutes once built); fails on any 5xx answer, any status
# the document does not declare, and any answer whose content type or body does not match the
# document's schema for it. Nightly-style:
# not part of scripts/test.sh. Logged-out, password and token-deletion operations are left out
# (they would end the test's own session).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/schemathesis-venv
if [[ ! -x $venv/bin/schemathesis ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet schemathesis==4.32.5
fi
cargo build --locked -p genui-cli
data=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
GENUI_DATA_MOUNT="$data" GENUI_BIND="127.0.0.1:$port" RUST_LOG=warn target/debug/genui serve \
  >"$data/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 100); do curl -sf "$base/api/health" >/dev/null && break; sleep 0.2; done
account='{"username": "fuzzer", "password": "correct horse 1"}'
curl -sf -X POST "$base/api/accounts/register" -H 'content-type: application/json' -d "$account" >/dev/null
token=$(curl -sf -X POST "$base/api/accounts/login" -H 'content-type: application/json' -d "$account" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
curl -sf -X POST "$base/api/projects" -H "Authorization: Token $token" \
  -H 'content-type: application/json' -d '{"name": "fuzzed"}' >/dev/null
"$venv/bin/schemathesis" run openapi.json --url "$base" -H "Authorization: Token $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance --phases coverage,fuzzing --max-examples 15 --seed 1 --workers 2 \
  --suppress-health-check all --exclude-path-regex 'logout|password|tokens/\{id\}'
