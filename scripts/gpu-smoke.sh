#!/usr/bin/env bash
# Smoke test of the GPU build on a machine with an NVIDIA GPU, with a prebuilt `genui` and no
# network: on the GPU and on the CPU, 20 training steps of a DrugEx-size LSTM and of a SMILES
# transformer (the loss must fall) and 10,000 SMILES sampled from the shipped model (the GPU's
# validity must match the CPU's within noise); prints steps/s and SMILES/s side by side.
# Without a GPU it says so, runs the CPU half and exits 0 if that passes (CI runs it so).
#
#   scripts/gpu-smoke.sh [path/to/genui]
#
# The binary must be built with `--features gpu` to use the GPU (the Docker image `genui:gpu`
# is). Default binary: target/release/genui, else target/debug/genui, else genui on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

genui="${1:-}"
if [[ -z "$genui" ]]; then
  for candidate in target/release/genui target/debug/genui "$(command -v genui || true)"; do
    if [[ -n "$candidate" && -x "$candidate" ]]; then
      genui="$candidate"
      break
    fi
  done
fi
[[ -n "$genui" && -x "$genui" ]] || { echo "gpu-smoke: no genui binary found (give its path)" >&2; exit 1; }

if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then
  echo "gpu-smoke: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | head -1)"
  "$genui" generator --device cuda smoke
else
  echo "gpu-smoke: no NVIDIA GPU here (nvidia-smi finds none): the CPU half only"
  "$genui" generator smoke
fi
