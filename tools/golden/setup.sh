#!/bin/sh
# Installs what tools/golden/make_golden.py and tools/bench/rdkit_python_bench.py need (idempotent).
# Debian bookworm: RDKit 2022.09 (the same build as librdkit-dev), InChI 1.03 command-line tool.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
need=""
for p in python3-rdkit rdkit-data libinchi-bin python3-pip; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need="$need $p"
done
if [ -n "$need" ]; then
    $SUDO apt-get update
    $SUDO apt-get install -y --no-install-recommends $need
fi
# (a plain "import chembl_structure_pipeline" fails without the rdinchi shim that the scripts
#  install, because Debian's RDKit has no InChI; so check the installed version with pip)
if ! /usr/bin/python3 -m pip show chembl_structure_pipeline 2>/dev/null | grep -q '^Version: 1.2.2$'; then
    $SUDO /usr/bin/python3 -m pip install --break-system-packages --no-deps -r "$here/requirements.txt"
fi
/usr/bin/python3 -c "import rdkit; print('RDKit', rdkit.__version__)"
/usr/bin/python3 -m pip show chembl_structure_pipeline | grep '^Version'
test -x /usr/bin/inchi_main && echo "inchi_main: /usr/bin/inchi_main"
test -f /usr/share/RDKit/Contrib/SA_Score/sascorer.py && echo "SA_Score: /usr/share/RDKit/Contrib/SA_Score"
