#!/bin/sh
# Installs what tools/qsar/sklearn_as1.py needs: Debian's RDKit (the same build as
# librdkit-dev, so the same canonical SMILES and fingerprints) and scikit-learn.
set -eu
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
need=""
for p in python3-rdkit python3-sklearn; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need="$need $p"
done
if [ -n "$need" ]; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need
fi
