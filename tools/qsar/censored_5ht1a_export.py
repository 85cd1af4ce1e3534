"""Writes testdata/chembl/5ht1a_censored_export.csv: a ChEMBL web-site activity export
(semicolon-separated, quoted relations, Comment, Assay Type, Target Name and Target Organism
columns; binding assays on the human receptor) of 160 5-HT1A Ki values from
testdata/AS1.csv.gz (every 25th row; Ki/nM = 10^-STANDARD_VALUE), censored as an assay with a
10 µM top concentration and a 0.1 nM floor reports them: Ki above 10,000 nM becomes
"> 10000" with the comment "Not Active" and no pChEMBL value, Ki below 0.1 nM becomes "< 0.1";
the rest are exact with pChEMBL = -log10(Ki/M) to two decimals, as ChEMBL gives it.

    python3 tools/qsar/censored_5ht1a_export.py
"""

import csv
import gzip
import math

HEADER = ["Molecule ChEMBL ID", "Smiles", "Standard Type", "Standard Relation",
          "Standard Value", "Standard Units", "pChEMBL Value", "Assay ChEMBL ID",
          "Target ChEMBL ID", "Comment", "Assay Type", "Target Name", "Target Organism"]

with gzip.open("testdata/AS1.csv.gz", "rt") as f:
    rows = list(csv.reader(f))[1:]

with open("testdata/chembl/5ht1a_censored_export.csv", "w", newline="") as out:
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(HEADER)
    for line, (_, value, smiles) in list(enumerate(rows, start=2))[::25][:160]:
        ki = 10 ** -float(value)
        relation, shown, comment, pchembl = "'='", f"{ki:.4g}", "", f"{9 - math.log10(ki):.2f}"
        if ki > 10000:
            relation, shown, comment, pchembl = "'>'", "10000", "Not Active", ""
        elif ki < 0.1:
            relation, shown, pchembl = "'<'", "0.1", ""
        writer.writerow([f"AS1_{line}", smiles, "Ki", relation, shown, "nM", pchembl,
                         "", "CHEMBL214", comment, "B", "Serotonin 1a (5-HT1a) receptor",
                         "Homo sapiens"])
