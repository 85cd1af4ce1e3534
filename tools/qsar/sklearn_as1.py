#!/usr/bin/python3
"""scikit-learn's side of genui-ml's 5-HT1A acceptance test and forest benchmark.

Same data as crates/genui-ml/tests/as1_acceptance.rs: testdata/AS1.csv.gz, pKi =
STANDARD_VALUE + 9, repeated measurements merged by the median per canonical SMILES
(RDKit), Morgan radius 2 / 2048 bits, molecules sorted by canonical SMILES, fold =
position mod 5. Prints the cross-validated R2, ROC AUC and MCC of 100-tree random
forests, then (with --bench) the time to fit each forest on all 3,833 molecules with
n_jobs=2, and (with --algorithms) the cross-validated quality and time of the other
algorithms genui-ml offers, with scikit-learn's defaults (the side by side of
`cargo bench -p genui-ml --bench algorithms`).

    sh tools/qsar/setup.sh && /usr/bin/python3 tools/qsar/sklearn_as1.py [--bench] [--algorithms]
"""
import csv
import gzip
import os
import statistics
import sys
import time

import numpy as np
from rdkit import Chem, DataStructs
from rdkit.Chem import rdMolDescriptors
from sklearn.cross_decomposition import PLSRegression
from sklearn.ensemble import (GradientBoostingClassifier, GradientBoostingRegressor,
                              RandomForestClassifier, RandomForestRegressor)
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import matthews_corrcoef, r2_score, roc_auc_score
from sklearn.naive_bayes import BernoulliNB
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.svm import SVC, SVR

HERE = os.path.dirname(os.path.abspath(__file__))


def dataset():
    values = {}
    with gzip.open(os.path.join(HERE, "../../testdata/AS1.csv.gz"), "rt") as f:
        for row in csv.DictReader(f):
            smiles = Chem.MolToSmiles(Chem.MolFromSmiles(row["smiles"]))
            values.setdefault(smiles, []).append(float(row["STANDARD_VALUE"]) + 9.0)
    # Rust sorts by bytes; Python's str order is the same for ASCII SMILES.
    smiles = sorted(values)
    x = np.zeros((len(smiles), 2048), dtype=np.uint8)
    for i, s in enumerate(smiles):
        fp = rdMolDescriptors.GetMorganFingerprintAsBitVect(Chem.MolFromSmiles(s), 2, nBits=2048)
        DataStructs.ConvertToNumpyArray(fp, x[i])
    y = np.array([statistics.median(values[s]) for s in smiles])
    return x, y


def main():
    x, y = dataset()
    print(f"{len(y)} molecules")
    folds = [(np.array([i for i in range(len(y)) if i % 5 != k]),
              np.array([i for i in range(len(y)) if i % 5 == k])) for k in range(5)]
    labels = (y >= 6.5).astype(int)
    r2, auc, mcc = [], [], []
    for train, test in folds:
        reg = RandomForestRegressor(n_estimators=100, n_jobs=2, random_state=42).fit(x[train], y[train])
        r2.append(r2_score(y[test], reg.predict(x[test])))
        clf = RandomForestClassifier(n_estimators=100, n_jobs=2, random_state=42).fit(x[train], labels[train])
        p = clf.predict_proba(x[test])[:, 1]
        auc.append(roc_auc_score(labels[test], p))
        mcc.append(matthews_corrcoef(labels[test], (p >= 0.5).astype(int)))
    print(f"scikit-learn 5-fold: R2 {np.mean(r2):.3f}, ROC AUC {np.mean(auc):.3f}, MCC {np.mean(mcc):.3f}")
    if "--algorithms" in sys.argv:
        algorithms(x, y, folds)
    if "--bench" in sys.argv:
        for name, model, target in [
            ("regressor, all features per split", RandomForestRegressor(n_estimators=100, n_jobs=2, random_state=42), y),
            ("classifier, sqrt features per split", RandomForestClassifier(n_estimators=100, n_jobs=2, random_state=42), labels),
        ]:
            times = []
            for _ in range(3):
                start = time.perf_counter()
                model.fit(x, target)
                times.append(time.perf_counter() - start)
            print(f"scikit-learn fit, {name}, 3833 x 2048, 100 trees, n_jobs=2: {min(times):.2f} s (best of 3)")


def tanimoto(a, b):
    a, b = a.astype(np.float64), b.astype(np.float64)
    both = a @ b.T
    return both / (a.sum(1)[:, None] + b.sum(1)[None, :] - both)


class Tanimoto:
    """An SVM on a precomputed Tanimoto kernel, fitted and applied on fingerprints."""

    def __init__(self, svm):
        self.svm = svm

    def fit(self, x, y):
        self.x = x
        self.svm.fit(tanimoto(x, x), y)
        return self

    def predict(self, x):
        return self.svm.predict(tanimoto(x, self.x))

    def predict_proba(self, x):
        return self.svm.predict_proba(tanimoto(x, self.x))


def algorithms(x, y, folds):
    labels = (y >= 6.5).astype(int)
    regressors = [
        ("gradient_boosting", lambda: GradientBoostingRegressor(random_state=42)),
        ("svm tanimoto", lambda: Tanimoto(SVR(kernel="precomputed"))),
        ("svm rbf", lambda: SVR()),
        ("knn", lambda: KNeighborsRegressor(metric="jaccard")),
        ("pls", lambda: PLSRegression(n_components=2)),
        ("ridge", lambda: Ridge()),
    ]
    classifiers = [
        ("gradient_boosting", lambda: GradientBoostingClassifier(random_state=42)),
        ("svm tanimoto", lambda: Tanimoto(SVC(kernel="precomputed", probability=True, random_state=42))),
        ("svm rbf", lambda: SVC(probability=True, random_state=42)),
        ("knn", lambda: KNeighborsClassifier(metric="jaccard")),
        ("naive_bayes", lambda: BernoulliNB()),
        ("logistic_regression", lambda: LogisticRegression(max_iter=1000)),
    ]
    xb = x.astype(bool)
    for name, make in regressors:
        start, r2 = time.perf_counter(), []
        for train, test in folds:
            data = xb if name == "knn" else x
            p = np.ravel(make().fit(data[train], y[train]).predict(data[test]))
            r2.append(r2_score(y[test], p))
        print(f"scikit-learn {name} regression: R2 {np.mean(r2):.3f}, 5 folds in {time.perf_counter() - start:.1f} s")
    for name, make in classifiers:
        start, auc, mcc = time.perf_counter(), [], []
        for train, test in folds:
            data = xb if name == "knn" else x
            p = make().fit(data[train], labels[train]).predict_proba(data[test])[:, 1]
            auc.append(roc_auc_score(labels[test], p))
            mcc.append(matthews_corrcoef(labels[test], (p >= 0.5).astype(int)))
        print(f"scikit-learn {name} classification: ROC AUC {np.mean(auc):.3f}, MCC {np.mean(mcc):.3f}, "
              f"5 folds in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
