#!/usr/bin/env bash
# Sets up everything on a fresh Debian machine and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

GENUI_WITH_TEST_DEPS=1 scripts/install-deps.sh
export PATH="$HOME/.cargo/bin:$PATH"
scripts/services.sh

# The binary embeds the web app: build it (type check included) and unit-test it first.
scripts/build-ui.sh
(cd web && npm test --silent)

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# The GPU build compiles, CUDA kernels included (CUDA's compiler from PyPI; no GPU needed).
echo "checking the gpu feature: cargo check -p genui-cli --features gpu"
(eval "$(scripts/install-cuda-toolkit.sh)" && cargo check --locked -p genui-cli --features gpu)
cargo test --workspace --locked
# The API document the server serves (checked fresh by the tests) is valid OpenAPI 3.1.
scripts/check-openapi.sh

# The web app end to end, in headless Chromium against a real server.
cargo build --locked -p genui-cli
(cd web && npm run --silent e2e)
# The GPU smoke test: here, without a GPU, its CPU half (training falls, sampling valid).
scripts/gpu-smoke.sh target/debug/genui
