#!/usr/bin/env bash
# Sets up everything on a fresh Debian machine and starts GenUI on its
# embedded default (SQLite + in-process worker + ./genui-data) at
# http://127.0.0.1:8000. Extra arguments go to `genui serve`.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
export PATH="$HOME/.cargo/bin:$PATH"
scripts/build-ui.sh
cargo build --release --locked -p genui-cli
exec target/release/genui serve "$@"
