# syntax=docker/dockerfile:1
# GenUI: one image for the web app and the workers (the command chooses).
# Build: docker build -t genui:local .     (see deploy/ and the README's deployment section)

# --- the web app (Vite needs Node.js 20.19+, newer than Debian 12's) ---
FROM node:20.19-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
# The web app's API types are generated from (and checked against) the server's OpenAPI document.
COPY openapi.json /src/openapi.json
RUN npm run build

# --- the binary, against Debian's RDKit ---
FROM rust:1-bookworm AS build-base
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      pkg-config librdkit-dev libinchi-dev libboost-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
COPY --from=web /src/web/dist web/dist

FROM build-base AS build
ARG GENUI_CARGO_FEATURES=""
RUN cargo build --release --locked -p genui-cli ${GENUI_CARGO_FEATURES:+--features "$GENUI_CARGO_FEATURES"} \
 && install -m 0755 target/release/genui /usr/local/bin/genui

# --- the GPU binary: the `gpu` feature (candle's CUDA backend and kernels), compiled with CUDA
# from NVIDIA's Debian 12 repository. CUDA_SERIES picks the toolkit (12-6 runs on drivers from the
# 560 series on; 13-0 needs 580); kernels are compiled as PTX for CUDA_COMPUTE_CAP (8.0: every
# GPU since the A100, the driver compiles it for newer ones). The linker takes the toolkit's
# libcuda stub; the real one comes from the host's driver at run time. ---
FROM build-base AS build-gpu
ARG CUDA_SERIES=12-6
ARG CUDA_COMPUTE_CAP=80
RUN curl -fsSL -o /tmp/cuda-keyring.deb \
      https://developer.download.nvidia.com/compute/cuda/repos/debian12/x86_64/cuda-keyring_1.1-1_all.deb \
 && dpkg -i /tmp/cuda-keyring.deb && rm /tmp/cuda-keyring.deb \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      cuda-nvcc-${CUDA_SERIES} cuda-cccl-${CUDA_SERIES} cuda-cudart-dev-${CUDA_SERIES} \
      cuda-driver-dev-${CUDA_SERIES} cuda-nvrtc-dev-${CUDA_SERIES} \
      libcublas-dev-${CUDA_SERIES} libcurand-dev-${CUDA_SERIES} \
 && rm -rf /var/lib/apt/lists/*
RUN export CUDA_ROOT="/usr/local/cuda-$(echo ${CUDA_SERIES} | tr - .)" \
 && export CUDA_PATH="$CUDA_ROOT" PATH="$CUDA_ROOT/bin:$PATH" CUDA_COMPUTE_CAP \
 && cargo build --release --locked -p genui-cli --features gpu \
 && install -m 0755 target/release/genui /usr/local/bin/genui

# --- runtime: RDKit's and InChI's shared libraries, no compiler, not root ---
FROM debian:bookworm-slim AS runtime-libraries
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      librdkit1 libinchi1 ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 1000 genui \
 && useradd --uid 1000 --gid genui --home-dir /data --no-create-home --shell /usr/sbin/nologin genui \
 && mkdir -p /data && chown genui:genui /data
# The shipped generator (models/README.md): `genui generator sample --model /usr/share/genui/models/default`.
COPY models/ /usr/share/genui/models/
ENV GENUI_DATA_MOUNT=/data \
    GENUI_BIND=0.0.0.0:8000
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD curl -fsS http://127.0.0.1:8000/api/health || exit 1
ENTRYPOINT ["genui"]
# Compose runs it as the mapped user (GENUI_USER_ID:GENUI_USER_GROUP_ID) so files on the data
# mount belong to that user; 1000 is the default without compose.
USER 1000:1000

# --- GPU workers: the GPU binary with CUDA's runtime libraries from NVIDIA's Debian 12 repository
# (the series it was built with; the driver comes from the host through the NVIDIA Container
# Toolkit). `genui generator --device cuda smoke` in the container checks it (scripts/gpu-smoke.sh). ---
FROM runtime-libraries AS runtime-gpu
USER root
ARG CUDA_SERIES=12-6
RUN curl -fsSL -o /tmp/cuda-keyring.deb \
      https://developer.download.nvidia.com/compute/cuda/repos/debian12/x86_64/cuda-keyring_1.1-1_all.deb \
 && dpkg -i /tmp/cuda-keyring.deb && rm /tmp/cuda-keyring.deb \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      cuda-cudart-${CUDA_SERIES} cuda-nvrtc-${CUDA_SERIES} libcublas-${CUDA_SERIES} libcurand-${CUDA_SERIES} \
 && rm -rf /var/lib/apt/lists/* \
 && echo /usr/local/cuda-*/targets/x86_64-linux/lib > /etc/ld.so.conf.d/genui-cuda.conf && ldconfig
COPY --from=build-gpu /usr/local/bin/genui /usr/local/bin/genui
# Every library the binary links is here, but the driver's libcuda (mounted from the host).
RUN if ldd /usr/local/bin/genui | grep "not found" | grep -v "libcuda\.so"; then exit 1; fi
USER 1000:1000
CMD ["worker", "-Q", "gpu"]

# --- the default image (last, so a plain `docker build` makes it) ---
FROM runtime-libraries AS runtime
COPY --from=build /usr/local/bin/genui /usr/local/bin/genui
CMD ["serve", "--no-worker"]
