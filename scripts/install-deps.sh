#!/usr/bin/env bash
# Installs what GenUI needs to build and test on Debian 12 (bookworm):
# RDKit's C++ library and InChI from Debian, a C++ compiler, and Rust when
# missing. Safe to run again; does nothing that is already done.
set -euo pipefail

packages=(build-essential pkg-config librdkit-dev libinchi-dev libboost-dev)
# The web app is built with Node.js (>= 20.19) and npm; Debian's are used when none is installed.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
if [[ "${GENUI_WITH_TEST_DEPS:-0}" == 1 ]]; then
  # Tests also use PostgreSQL and Redis (started by scripts/services.sh), the
  # golden-file tools (python3-rdkit, inchi_main) to regenerate fixtures,
  # Chromium for the web app's end-to-end test, and nginx, iproute2 and openssl
  # for the three-host cluster test in network namespaces, and python3-venv for the
  # OpenAPI validator (scripts/check-openapi.sh) and the CUDA compiler of the GPU build's check
  # (scripts/install-cuda-toolkit.sh).
  packages+=(postgresql redis-server python3-rdkit rdkit-data libinchi-bin chromium
    nginx-light iproute2 openssl python3-venv)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo_cmd=""
  [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  if [[ -x "$HOME/.cargo/bin/cargo" ]]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "installing Rust with rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi
