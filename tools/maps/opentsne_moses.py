#!/usr/bin/env python3
"""openTSNE's side of genui-ml's t-SNE benchmark (`cargo bench -p genui-ml --bench tsne`).

The first N SMILES of MOSES train, Morgan radius 2 / 2048 bits (Debian's RDKit, the
same build as librdkit-dev), openTSNE with the Jaccard metric and exact neighbours (as ours; its
default Annoy index does not take Jaccard), perplexity 30 and its
defaults otherwise (PCA initialization, 250 early-exaggeration iterations, 500 more,
learning rate N/12), n_jobs=2. Prints the time and the share of each molecule's 10
nearest neighbours (Jaccard, exact) kept among its 10 nearest on the map.

    sh tools/maps/setup.sh && ~/.cache/genui/maps-venv/bin/python tools/maps/opentsne_moses.py N [train.csv.gz]
"""
import gzip
import os
import sys
import time

import numpy as np
from openTSNE import TSNE
from rdkit import Chem, DataStructs
from rdkit.Chem import rdMolDescriptors
from sklearn.neighbors import NearestNeighbors

HERE = os.path.dirname(os.path.abspath(__file__))


def fingerprints(path, n):
    rows = []
    with gzip.open(path, "rt") as f:
        next(f)
        for line in f:
            if len(rows) == n:
                break
            mol = Chem.MolFromSmiles(line.strip())
            fp = rdMolDescriptors.GetMorganFingerprintAsBitVect(mol, 2, nBits=2048)
            row = np.zeros(2048, dtype=np.uint8)
            DataStructs.ConvertToNumpyArray(fp, row)
            rows.append(row)
    return np.array(rows, dtype=bool)


def preservation(x, y, k=10):
    before = NearestNeighbors(n_neighbors=k + 1, metric="jaccard", algorithm="brute", n_jobs=2)
    before = before.fit(x).kneighbors(return_distance=False)[:, :k]
    after = NearestNeighbors(n_neighbors=k).fit(y).kneighbors(return_distance=False)
    return np.mean([len(set(b) & set(a)) / k for b, a in zip(before, after)])


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "../../../shared/data/moses/train.csv.gz")
    x = fingerprints(path, n)
    start = time.perf_counter()
    y = TSNE(perplexity=30, metric="jaccard", neighbors="exact", n_jobs=2, random_state=42).fit(x)
    seconds = time.perf_counter() - start
    print(f"openTSNE {n} points: {seconds:.1f} s, 10-NN preservation {preservation(x, np.asarray(y)):.3f}")


if __name__ == "__main__":
    main()
