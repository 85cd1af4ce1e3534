#!/usr/bin/python3
"""RDKit-Python reference benchmark (single process), the counterpart of the Rust bench.

    /usr/bin/python3 tools/bench/rdkit_python_bench.py [N] [path/to/moses/train.csv.gz]

N defaults to 100000; the path defaults to ../shared/data/moses/train.csv.gz relative to the
repository root.  Needs Debian's python3-rdkit (RDKit 2022.09) and chembl_structure_pipeline
(tools/golden/setup.sh).  The SMILES are read into memory first; reading is not timed.

Lines printed (molecules/s = N / wall-clock seconds of the loop, time.perf_counter):
  (a) parse + canonical SMILES + Morgan r2/2048:
        m = Chem.MolFromSmiles(s); Chem.MolToSmiles(m);
        AllChem.GetMorganFingerprintAsBitVect(m, 2, nBits=2048)
  (b) full import pipeline WITHOUT InChI:
        parse; std = standardizer.standardize_mol(m); parent = standardizer.get_parent_mol(std)[0];
        Chem.MolToSmiles(parent); the 31 descriptors of tools/golden/make_golden.py
        (incl. QED and SA score) on the parent; Morgan r2/2048 bit vector of the parent.
  (c) InChIKey alone, NOT comparable with an in-process library call: Debian's RDKit has no
        InChI, so it is /usr/bin/inchi_main (InChI 1.03) run once over an SDF of all parent
        molecules (Compute2DCoords + MolToMolBlock per molecule is included in the time).
        Add (b) and (c) per molecule to estimate the whole import pipeline:
        1 / (1/rate_b + 1/rate_c), also printed.
"""
import csv
import gzip
import io
import os
import subprocess
import sys
import tempfile
import time
import types

from rdkit import Chem, RDConfig, RDLogger
from rdkit.Chem import (AllChem, Crippen, Descriptors, GraphDescriptors, QED, rdMolDescriptors)

RDLogger.DisableLog("rdApp.*")

# chembl_structure_pipeline's checker imports rdkit.Chem.rdinchi (absent from Debian's RDKit);
# only the standardizer is used here, so a stub is enough.
_stub = types.ModuleType("rdkit.Chem.rdinchi")


def _no_inchi(*a, **k):
    raise RuntimeError("no InChI in this RDKit build")


_stub.MolBlockToInchi = _no_inchi
sys.modules.setdefault("rdkit.Chem.rdinchi", _stub)
from chembl_structure_pipeline import standardizer  # noqa: E402
import chembl_structure_pipeline  # noqa: E402

sys.path.insert(0, os.path.join(RDConfig.RDContribDir, "SA_Score"))
import sascorer  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

DESCRIPTORS = [
    Descriptors.MolWt, Descriptors.ExactMolWt, Crippen.MolLogP, Crippen.MolMR,
    rdMolDescriptors.CalcTPSA, rdMolDescriptors.CalcNumHBD, rdMolDescriptors.CalcNumHBA,
    rdMolDescriptors.CalcNumRotatableBonds, rdMolDescriptors.CalcNumHeavyAtoms,
    rdMolDescriptors.CalcNumHeteroatoms, Chem.GetFormalCharge, rdMolDescriptors.CalcNumRings,
    rdMolDescriptors.CalcNumAromaticRings, rdMolDescriptors.CalcNumAliphaticRings,
    rdMolDescriptors.CalcNumSaturatedRings, rdMolDescriptors.CalcNumHeterocycles,
    rdMolDescriptors.CalcNumAromaticHeterocycles, rdMolDescriptors.CalcNumAliphaticHeterocycles,
    rdMolDescriptors.CalcNumSaturatedHeterocycles,
    lambda m: rdMolDescriptors.CalcNumRings(m) - rdMolDescriptors.CalcNumHeterocycles(m),
    rdMolDescriptors.CalcNumAromaticCarbocycles, rdMolDescriptors.CalcNumAliphaticCarbocycles,
    rdMolDescriptors.CalcNumSaturatedCarbocycles, rdMolDescriptors.CalcFractionCSP3,
    rdMolDescriptors.CalcNumSpiroAtoms, rdMolDescriptors.CalcNumBridgeheadAtoms,
    rdMolDescriptors.CalcNumAmideBonds, Descriptors.NumValenceElectrons, GraphDescriptors.BertzCT,
    QED.qed, sascorer.calculateScore,
]


def read_smiles(path, n):
    out = []
    with gzip.open(path, "rt", newline="") as f:
        r = csv.reader(f)
        header = next(r)
        col = header.index("SMILES") if "SMILES" in header else 0
        for row in r:
            if len(out) >= n:
                break
            out.append(row[col])
    return out


def bench_a(smiles):
    t = time.perf_counter()
    ok = 0
    for s in smiles:
        m = Chem.MolFromSmiles(s)
        if m is None:
            continue
        Chem.MolToSmiles(m)
        AllChem.GetMorganFingerprintAsBitVect(m, 2, nBits=2048)
        ok += 1
    return time.perf_counter() - t, ok


def bench_b(smiles):
    parents = []
    t = time.perf_counter()
    for s in smiles:
        m = Chem.MolFromSmiles(s)
        if m is None:
            continue
        try:
            std = standardizer.standardize_mol(m)
            parent = standardizer.get_parent_mol(std)[0]
        except Exception:
            continue
        Chem.MolToSmiles(parent)
        for fn in DESCRIPTORS:
            try:
                fn(parent)
            except Exception:
                pass
        AllChem.GetMorganFingerprintAsBitVect(parent, 2, nBits=2048)
        parents.append(parent)
    return time.perf_counter() - t, parents


def bench_c(mols):
    t = time.perf_counter()
    with tempfile.TemporaryDirectory() as d:
        sdf = os.path.join(d, "in.sdf")
        with open(sdf, "w") as f:
            for m in mols:
                if m.GetNumConformers() == 0:
                    AllChem.Compute2DCoords(m)
                f.write(Chem.MolToMolBlock(m))
                f.write("$$$$\n")
        out = os.path.join(d, "out.txt")
        subprocess.run(["/usr/bin/inchi_main", sdf, out, os.path.join(d, "log.txt"),
                        os.path.join(d, "prb.txt"), "-Key", "-AuxNone"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        with open(out) as f:
            nkeys = sum(1 for line in f if line.startswith("InChIKey="))
    return time.perf_counter() - t, nkeys


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        ROOT, "..", "shared", "data", "moses", "train.csv.gz")
    smiles = read_smiles(path, n)
    print("RDKit %s (python), chembl_structure_pipeline %s, %d SMILES from %s" % (
        Chem.rdBase.rdkitVersion, chembl_structure_pipeline.__version__, len(smiles), path))
    dt, ok = bench_a(smiles)
    print("python-rdkit (a) parse+smiles+morgan: %.1f mol/s  (%d ok, %.2f s)"
          % (len(smiles) / dt, ok, dt))
    dt_b, parents = bench_b(smiles)
    rate_b = len(smiles) / dt_b
    print("python-rdkit (b) import pipeline without InChI (parse+standardize+parent+smiles"
          "+31 descriptors+morgan): %.1f mol/s  (%d ok, %.2f s)" % (rate_b, len(parents), dt_b))
    dt_c, nkeys = bench_c(parents)
    rate_c = len(parents) / dt_c if dt_c > 0 else float("inf")
    print("python-rdkit (c) InChIKey via inchi_main 1.03 batch (molblock+external process): "
          "%.1f mol/s  (%d keys, %.2f s)" % (rate_c, nkeys, dt_c))
    print("python-rdkit (b)+(c) estimated full import pipeline incl. InChIKey: %.1f mol/s"
          % (1.0 / (1.0 / rate_b + 1.0 / rate_c)))


if __name__ == "__main__":
    main()
