#!/usr/bin/python3
"""Regenerate testdata/golden/brics_moses_test.tsv.gz: RDKit's own BRICS decomposition of the
first 2,000 MOSES test molecules, the reference for the fragmenter of fragment-based generators.

Run with Debian's python (the SAME RDKit build the Rust crate links against), from the
repository root, after tools/golden/setup.sh:

    /usr/bin/python3 tools/golden/make_brics_golden.py

Input: testdata/moses_test_first_2k.csv.gz (column SMILES). Output columns (gzipped TSV, header,
mtime 0): index (0-based data row), smiles (as given), fragments (BRICS.BRICSDecompose(mol) with
default arguments: the unique leaf fragments as SMILES with labelled dummies such as [16*],
sorted, joined by a space; the molecule itself when it has no BRICS bond).
"""
import csv
import gzip
import io

from rdkit import Chem
from rdkit.Chem import BRICS

rows = []
with gzip.open("testdata/moses_test_first_2k.csv.gz", "rt") as f:
    for index, row in enumerate(csv.DictReader(f)):
        mol = Chem.MolFromSmiles(row["SMILES"])
        assert mol is not None, row
        fragments = sorted(BRICS.BRICSDecompose(mol))
        assert all(" " not in s and "\t" not in s for s in fragments)
        rows.append((index, row["SMILES"], " ".join(fragments)))

buffer = io.StringIO()
buffer.write("index\tsmiles\tfragments\n")
for index, smiles, fragments in rows:
    buffer.write(f"{index}\t{smiles}\t{fragments}\n")
with open("testdata/golden/brics_moses_test.tsv.gz", "wb") as raw:
    with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as out:
        out.write(buffer.getvalue().encode())
print(len(rows), "molecules")
