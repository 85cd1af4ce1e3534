#!/usr/bin/env bash
# Sets up everything on a fresh Debian machine and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

GENUI_WITH_TEST_DEPS=1 scripts/install-deps.sh
export PATH="$HOME/.cargo/bin:$PATH"
scripts/services.sh

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
