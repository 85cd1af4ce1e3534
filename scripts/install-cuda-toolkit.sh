#!/usr/bin/env bash
# Installs the CUDA 13.0 compiler and headers from PyPI into DIR (default ~/.cache/genui-cuda),
# with no GPU, driver or root needed, and prints the environment that points the `gpu` build
# (candle's `cuda` feature) at it:
#
#   eval "$(scripts/install-cuda-toolkit.sh [DIR])"
#   cargo check -p genui-cli --features gpu
#
# With GENUI_CUDA_LIBS=1 it also installs cuBLAS, cuRAND and NVRTC (~570 MB more) and the
# unversioned library names a final link needs (`libcuda.so` itself comes with the NVIDIA driver).
#
# Why 13.0: the CUDA 12 compiler wheels on PyPI (nvidia-cuda-nvcc-cu12, every 12.x) hold ptxas
# but not the nvcc driver; the CUDA 13 wheels hold the whole compiler in one tree
# (nvidia/cu13/{bin,include,lib,nvvm}). 13.0 is what drivers of the 580 series load, and what
# cudarc 0.19 (candle 0.9's) accepts. Re-running with the same DIR does nothing but print.
set -euo pipefail

dir="${1:-$HOME/.cache/genui-cuda}"
python="${PYTHON:-python3}"

# One consistent CUDA 13.0 set: the pins of the `cuda-toolkit==13.0.2` meta-package.
packages=(
  nvidia-cuda-nvcc==13.0.88    # nvcc, ptxas, fatbinary, nvlink, cudafe++
  nvidia-nvvm==13.0.88         # cicc, libdevice
  nvidia-cuda-crt==13.0.88     # include/crt
  nvidia-cuda-runtime==13.0.96 # cuda.h, cuda_runtime.h, cuda_fp16/bf16/fp8.h; libcudart
  nvidia-cuda-cccl==13.0.85    # thrust, cub, cuda/std
)
if [[ "${GENUI_CUDA_LIBS:-0}" == 1 ]]; then
  packages+=(nvidia-cublas==13.1.0.3 nvidia-curand==10.4.0.35 nvidia-cuda-nvrtc==13.0.88)
fi

say() { echo "install-cuda-toolkit: $*" >&2; }

mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
stamp="$dir/.installed"
wanted="$(printf '%s\n' "${packages[@]}")"

if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]] && "$dir/cuda/bin/nvcc" --version >/dev/null 2>&1; then
  say "already installed in $dir"
else
  if [[ ! -x "$dir/venv/bin/python" ]]; then
    "$python" -m venv "$dir/venv" >&2
  fi
  say "installing ${packages[*]}"
  # shellcheck disable=SC2086 # one package per word
  "$dir/venv/bin/python" -m pip install --disable-pip-version-check -q --only-binary=:all: $wanted >&2
  site="$("$dir/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  toolkit="$site/nvidia/cu13"
  [[ -x "$toolkit/bin/nvcc" ]] || { say "no nvcc in $toolkit/bin"; exit 1; }
  ln -sfn "$toolkit" "$dir/cuda"
  if [[ "${GENUI_CUDA_LIBS:-0}" == 1 ]]; then
    # The linker's -lcublas etc. want unversioned names; the wheels hold only lib*.so.N.
    for library in "$toolkit"/lib/lib*.so.*; do
      name="${library##*/}"
      [[ -e "$toolkit/lib/${name%%.so.*}.so" ]] || ln -s "$name" "$toolkit/lib/${name%%.so.*}.so"
    done
  fi
  "$dir/cuda/bin/nvcc" --version | tail -2 >&2
  printf '%s' "$wanted" > "$stamp"
fi

# candle-kernels' build script finds the toolkit by CUDA_PATH/CUDA_ROOT (the first with
# include/cuda.h), runs nvcc from PATH, and without CUDA_COMPUTE_CAP asks nvidia-smi (absent on
# a machine without a GPU). cudarc's asks `nvcc --version` which bindings to use. Compute
# capability 8.0 PTX runs on every GPU since the A100 (the driver compiles it for newer ones).
cat <<EOF
export CUDA_ROOT="$dir/cuda"
export CUDA_PATH="$dir/cuda"
export CUDA_HOME="$dir/cuda"
export PATH="$dir/cuda/bin:\$PATH"
export CUDA_COMPUTE_CAP="\${CUDA_COMPUTE_CAP:-80}"
EOF
