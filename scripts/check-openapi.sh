#!/usr/bin/env bash
# Validates openapi.json against the OpenAPI 3.1 specification with openapi-spec-validator
# (PyPI, pinned), installed once into a virtual environment under target/.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/openapi-venv
if [[ ! -x $venv/bin/openapi-spec-validator ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet openapi-spec-validator==0.9.0
fi
"$venv/bin/openapi-spec-validator" openapi.json
