#!/usr/bin/env bash
# Builds the web app (web/ → web/dist), which the `genui` binary embeds. Installs the
# npm packages pinned in web/package-lock.json first when they changed.
set -euo pipefail
cd "$(dirname "$0")/../web"

if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a==20&&b>=19)?0:1)'; then
  echo "the web app needs Node.js 20.19 or newer (found $(node --version)); install it and run again" >&2
  exit 1
fi

stamp=node_modules/.genui-lock-sha256
wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$wanted" ]]; then
  npm ci --no-audit --no-fund
  echo "$wanted" > "$stamp"
fi
npm run --silent build
