#!/bin/sh
# Installs what tools/maps/opentsne_moses.py needs: Debian's RDKit, NumPy and
# scikit-learn (the same fingerprints as librdkit-dev; via tools/qsar/setup.sh) and
# openTSNE from PyPI, in a virtual environment that also sees those system packages.
#
#   sh tools/maps/setup.sh    # then: cargo bench -p genui-ml --bench tsne
set -eu
HERE=$(dirname "$0")
sh "$HERE/../qsar/setup.sh"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
dpkg-query -W -f='${Status}' python3-venv 2>/dev/null | grep -q "install ok installed" ||
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3-venv
VENV=${GENUI_MAPS_VENV:-$HOME/.cache/genui/maps-venv}
[ -x "$VENV/bin/python" ] || /usr/bin/python3 -m venv --system-site-packages "$VENV"
"$VENV/bin/pip" install -q "openTSNE==1.0.2"
echo "openTSNE ready in $VENV"
