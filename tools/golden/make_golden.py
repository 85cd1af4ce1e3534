#!/usr/bin/python3
"""Regenerate the golden files in testdata/golden/ from the inputs in testdata/.

Run with Debian's python (the SAME RDKit build the Rust crate links against):

    /usr/bin/python3 tools/golden/make_golden.py          # from the repository root

Environment (see tools/golden/setup.sh):
  * RDKit 2022.09.x from Debian (python3-rdkit, librdkit-dev, rdkit-data)
  * chembl_structure_pipeline==1.2.2 (PyPI, pure Python; identical code to 1.2.0)
  * InChI: Debian's RDKit is built WITHOUT InChI support, so InChI / InChIKey come from
    /usr/bin/inchi_main (Debian libinchi-bin, InChI 1.03, "Build of June 15, 2010"):
        inchi_main in.sdf out.txt log.txt prb.txt -Key -AuxNone
    (standard InChI "InChI=1S/..." and standard InChIKey; default options otherwise).
    The molfile given to InChI is produced like this, for every molecule:
        if mol.GetNumConformers() == 0:
            AllChem.Compute2DCoords(mol)        # default arguments, on the parsed molecule
        molblock = Chem.MolToMolBlock(mol)      # default arguments (V2000, kekulized, stereo)
    i.e. SMILES inputs get fresh 2D coordinates, SDF inputs keep the coordinates of the
    record (after ForwardSDMolSupplier's default sanitize + removeHs).
    Many molblocks are written to one SDF and inchi_main is run once per batch; per-structure
    warnings from its log ("*** structure #N [stage] message") are joined with "; ".
    The chembl_structure_pipeline checker imports rdkit.Chem.rdinchi, which does not exist here;
    a shim module (FakeRdinchi below) answers rdinchi.MolBlockToInchi with inchi_main's results
    (InChI string, message = joined warnings, log = inchi_main's error line for failures).

The column lists and formats of every output file are documented in testdata/README.md.

Output conventions (all files are gzipped TSV with a header line, mtime 0 so reruns are
byte-identical): one row per input molecule unless stated; floats are written with repr()
(shortest round-trip representation, full precision); booleans as 1/0; an empty field means
"not applicable" or "failed".  No field contains a tab or a newline (asserted).

Inputs (testdata/, see testdata/README.md):
  source       file                              index = ...
  moses        moses_first_10k.csv.gz            0-based data row (header excluded)
  nci5k        NCI_first_5K.smi.gz               0-based line (SMILES = text before the first tab)
  chembl_drugs chembl_drugs.csv.gz               0-based data row, column "smiles"
  bzr          bzr.sdf.gz                        0-based SD record
  nci200       NCI_first_200.props.sdf.gz        0-based SD record
SMILES are parsed with Chem.MolFromSmiles(smiles) (default: sanitize).
SD files are read with Chem.ForwardSDMolSupplier(fileobj) (default: sanitize, removeHs).
"""
import csv
import gzip
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import types

import rdkit
from rdkit import Chem, RDConfig, rdBase
from rdkit.Chem import (AllChem, Crippen, Descriptors, GraphDescriptors, MACCSkeys, QED,
                        rdMolDescriptors)
from rdkit.Chem.Scaffolds import MurckoScaffold

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TESTDATA = os.path.join(ROOT, "testdata")
GOLDEN = os.path.join(TESTDATA, "golden")
INCHI_MAIN = "/usr/bin/inchi_main"
INCHI_OPTIONS = ["-Key", "-AuxNone"]
INCHI_BATCH = 2000

N_SA_IDS = 1000        # sa_morgan_ids only for MOSES rows 0..999
N_SUBSTRUCT = 2000     # substructure targets: MOSES rows 0..1999 (+ all chembl_drugs)
# Row subsets (size budget): {source: first N records}; a source not named is not included.
DESC_ROWS = {"moses": 2000, "nci5k": None, "chembl_drugs": None, "bzr": None, "nci200": None}
FP_ROWS = {"moses": 1000, "nci5k": 500, "chembl_drugs": 500, "bzr": None, "nci200": None}
FP_DENSE_ROWS = {"moses": 100, "nci5k": 50, "chembl_drugs": 50, "bzr": 25, "nci200": 25}
DENSE = ("rdkit_path", "atom_pairs_2048", "pattern")


def in_subset(rec, subset):
    """None = all records of that source"""
    if rec.source not in subset:
        return False
    n = subset[rec.source]
    return n is None or rec.index < n

# ---------------------------------------------------------------------------------------------
# RDKit log capture (for SMILES parse errors)
rdBase.LogToPythonStderr()
_ts_re = re.compile(r"^\[\d\d:\d\d:\d\d\] ")


class CaptureRDKitLog:
    def __enter__(self):
        self.old = sys.stderr
        self.buf = io.StringIO()
        sys.stderr = self.buf
        return self

    def __exit__(self, *a):
        sys.stderr = self.old

    def lines(self):
        return [_ts_re.sub("", l).strip() for l in self.buf.getvalue().splitlines() if l.strip()]


def parse_smiles(smi):
    """returns (mol or None, error message or '')"""
    with CaptureRDKitLog() as cap:
        m = Chem.MolFromSmiles(smi)
    err = ""
    if m is None:
        err = " | ".join(cap.lines())
    return m, err


# ---------------------------------------------------------------------------------------------
# InChI via inchi_main
_struct_re = re.compile(r"^Structure: (\d+)$")
_warn_re = re.compile(r"^\*\*\* structure #(\d+) \[[^\]]*\] (.*)$")
_err_re = re.compile(r"^(Error.*?) (?:inp )?structure #(\d+)\.?\s*$")
_unread_re = re.compile(r"^Structure (\d+) could not be read: (.*?)\s*$")


def molblock_for_inchi(mol):
    """The exact molblock handed to inchi_main (and to the ChEMBL checker)."""
    m = Chem.Mol(mol)
    if m.GetNumConformers() == 0:
        AllChem.Compute2DCoords(m)
    return Chem.MolToMolBlock(m)


def _inchi_main_once(molblocks):
    """Runs inchi_main on molblocks; returns (returncode, {i: (inchi, key, message, log)}) with
    i 0-based; molecules inchi_main said nothing about are missing."""
    with tempfile.TemporaryDirectory() as d:
        sdf = os.path.join(d, "in.sdf")
        with open(sdf, "w") as f:
            for mb in molblocks:
                f.write(mb)
                if not mb.endswith("\n"):
                    f.write("\n")
                f.write("$$$$\n")
        out, log, prb = (os.path.join(d, x) for x in ("out.txt", "log.txt", "prb.txt"))
        p = subprocess.run([INCHI_MAIN, sdf, out, log, prb] + INCHI_OPTIONS,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        inchi, key, msg, err = {}, {}, {}, {}
        cur = None
        if os.path.exists(out):
            with open(out, errors="replace") as f:
                for line in f:
                    line = line.rstrip("\n")
                    mm = _struct_re.match(line)
                    if mm:
                        cur = int(mm.group(1))
                    elif line.startswith("InChI="):
                        inchi[cur] = line
                    elif line.startswith("InChIKey="):
                        key[cur] = line[len("InChIKey="):]
        if os.path.exists(log):
            with open(log, errors="replace") as f:
                for line in f:
                    line = line.rstrip("\n")
                    mm = _warn_re.match(line)
                    if mm:
                        msg.setdefault(int(mm.group(1)), []).append(mm.group(2).strip())
                        continue
                    mm = _err_re.match(line)
                    if mm:
                        err[int(mm.group(2))] = mm.group(1).strip()
                        continue
                    mm = _unread_re.match(line)
                    if mm and int(mm.group(1)) <= len(molblocks):
                        err[int(mm.group(1))] = "could not be read: " + mm.group(2)
        res = {}
        for n in set(inchi) | set(key) | set(msg) | set(err):
            if n is None or not (1 <= n <= len(molblocks)):
                continue
            res[n - 1] = (inchi.get(n, ""), key.get(n, ""), "; ".join(msg.get(n, [])),
                          err.get(n, ""))
        return p.returncode, res


def inchi_batch(molblocks):
    """list of (inchi, inchikey, message, error) aligned with molblocks.  If inchi_main crashes
    (it segfaults on some inputs), the batch is bisected down to the offending molecule, which
    gets error 'inchi_main crashed'."""
    out = [None] * len(molblocks)

    def run(lo, hi):
        rc, res = _inchi_main_once(molblocks[lo:hi])
        if rc != 0 and hi - lo > 1:
            mid = (lo + hi) // 2
            run(lo, mid)
            run(mid, hi)
            return
        for i in range(lo, hi):
            if rc != 0:
                out[i] = ("", "", "", "inchi_main crashed (exit status %d)" % rc)
            else:
                out[i] = res.get(i - lo, ("", "", "", "no output from inchi_main"))

    for lo in range(0, len(molblocks), INCHI_BATCH):
        run(lo, min(lo + INCHI_BATCH, len(molblocks)))
    return out


class InchiCache:
    def __init__(self):
        self.d = {}

    def fill(self, molblocks):
        todo = sorted(set(mb for mb in molblocks if mb not in self.d))
        for mb, r in zip(todo, inchi_batch(todo)):
            self.d[mb] = r

    def get(self, mb):
        if mb not in self.d:
            self.fill([mb])
        return self.d[mb]


INCHI = InchiCache()


def _fake_MolBlockToInchi(molblock, options=""):
    """rdkit.Chem.rdinchi.MolBlockToInchi replacement: (inchi, retcode, message, log, aux)"""
    inchi, key, message, error = INCHI.get(molblock)
    if inchi:
        return inchi, (1 if message else 0), message, "", ""
    return "", 2, message, error, ""


FakeRdinchi = types.ModuleType("rdkit.Chem.rdinchi")
FakeRdinchi.MolBlockToInchi = _fake_MolBlockToInchi
sys.modules["rdkit.Chem.rdinchi"] = FakeRdinchi
Chem.rdinchi = FakeRdinchi

import chembl_structure_pipeline  # noqa: E402  (needs the shim above)
from chembl_structure_pipeline import checker, standardizer  # noqa: E402

sys.path.insert(0, os.path.join(RDConfig.RDContribDir, "SA_Score"))
import sascorer  # noqa: E402

# ---------------------------------------------------------------------------------------------
# output helpers


def fmt(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, float):
        return repr(v)
    s = str(v)
    assert "\t" not in s and "\n" not in s and "\r" not in s, repr(s)
    return s


class TsvGz:
    def __init__(self, name, header):
        path = os.path.join(GOLDEN, name)
        self.raw = open(path, "wb")
        self.gz = gzip.GzipFile(filename="", mode="wb", fileobj=self.raw, mtime=0, compresslevel=9)
        self.f = io.TextIOWrapper(self.gz, encoding="utf-8", newline="\n")
        self.header = header
        self.f.write("\t".join(header) + "\n")
        self.n = 0

    def row(self, values):
        assert len(values) == len(self.header), (values, self.header)
        self.f.write("\t".join(fmt(v) for v in values) + "\n")
        self.n += 1

    def close(self):
        self.f.close()
        self.raw.close()
        print("  %-24s %6d rows  %8d bytes" % (os.path.basename(self.raw.name), self.n,
                                                os.path.getsize(self.raw.name)))


def safe(fn, *a, **kw):
    try:
        return fn(*a, **kw)
    except Exception:
        return None


# ---------------------------------------------------------------------------------------------
# inputs


class Rec:
    __slots__ = ("source", "index", "smiles", "mol", "error")

    def __init__(self, source, index, smiles, mol, error):
        self.source, self.index, self.smiles, self.mol, self.error = source, index, smiles, mol, error


def read_inputs():
    recs = []
    with gzip.open(os.path.join(TESTDATA, "moses_first_10k.csv.gz"), "rt", newline="") as f:
        for i, row in enumerate(csv.DictReader(f)):
            m, e = parse_smiles(row["SMILES"])
            recs.append(Rec("moses", i, row["SMILES"], m, e))
    with gzip.open(os.path.join(TESTDATA, "NCI_first_5K.smi.gz"), "rt") as f:
        for i, line in enumerate(f):
            smi = line.rstrip("\r\n").split("\t")[0]
            m, e = parse_smiles(smi)
            recs.append(Rec("nci5k", i, smi, m, e))
    with gzip.open(os.path.join(TESTDATA, "chembl_drugs.csv.gz"), "rt", newline="") as f:
        for i, row in enumerate(csv.DictReader(f)):
            m, e = parse_smiles(row["smiles"])
            recs.append(Rec("chembl_drugs", i, row["smiles"], m, e))
    for src, fn in (("bzr", "bzr.sdf.gz"), ("nci200", "NCI_first_200.props.sdf.gz")):
        with gzip.open(os.path.join(TESTDATA, fn), "rb") as f:
            with CaptureRDKitLog():
                for i, m in enumerate(Chem.ForwardSDMolSupplier(f)):
                    recs.append(Rec(src, i, "", m, "" if m is not None else "SD record failed"))
    return recs


def csv_ints(xs):
    return " ".join(str(x) for x in xs)


# ---------------------------------------------------------------------------------------------
# a. identifiers


def write_identifiers(recs):
    mbs = {}
    for r in recs:
        if r.mol is not None:
            mbs[id(r)] = molblock_for_inchi(r.mol)
    INCHI.fill(list(mbs.values()))
    out = TsvGz("identifiers.tsv.gz", ["source", "index", "input_smiles", "parsed",
                                        "canonical_smiles", "inchi", "inchikey",
                                        "inchi_message", "parse_error"])
    for r in recs:
        if r.mol is None:
            out.row([r.source, r.index, r.smiles, False, None, None, None, None, r.error])
            continue
        inchi, key, message, error = INCHI.get(mbs[id(r)])
        msg = "; ".join(x for x in (message, error) if x)
        out.row([r.source, r.index, r.smiles, True, Chem.MolToSmiles(r.mol), inchi, key, msg, None])
    out.close()


# ---------------------------------------------------------------------------------------------
# b. descriptors

DESCRIPTORS = [
    ("mw", Descriptors.MolWt),
    ("exact_mw", Descriptors.ExactMolWt),
    ("logp", Crippen.MolLogP),
    ("mr", Crippen.MolMR),
    ("tpsa", rdMolDescriptors.CalcTPSA),
    ("hbd", rdMolDescriptors.CalcNumHBD),
    ("hba", rdMolDescriptors.CalcNumHBA),
    ("rotatable_bonds", rdMolDescriptors.CalcNumRotatableBonds),
    ("heavy_atoms", rdMolDescriptors.CalcNumHeavyAtoms),
    ("hetero_atoms", rdMolDescriptors.CalcNumHeteroatoms),
    ("formal_charge", Chem.GetFormalCharge),
    ("rings", rdMolDescriptors.CalcNumRings),
    ("aromatic_rings", rdMolDescriptors.CalcNumAromaticRings),
    ("aliphatic_rings", rdMolDescriptors.CalcNumAliphaticRings),
    ("saturated_rings", rdMolDescriptors.CalcNumSaturatedRings),
    ("heterocycles", rdMolDescriptors.CalcNumHeterocycles),
    ("aromatic_heterocycles", rdMolDescriptors.CalcNumAromaticHeterocycles),
    ("aliphatic_heterocycles", rdMolDescriptors.CalcNumAliphaticHeterocycles),
    ("saturated_heterocycles", rdMolDescriptors.CalcNumSaturatedHeterocycles),
    ("carbocycles", lambda m: rdMolDescriptors.CalcNumRings(m) - rdMolDescriptors.CalcNumHeterocycles(m)),
    ("aromatic_carbocycles", rdMolDescriptors.CalcNumAromaticCarbocycles),
    ("aliphatic_carbocycles", rdMolDescriptors.CalcNumAliphaticCarbocycles),
    ("saturated_carbocycles", rdMolDescriptors.CalcNumSaturatedCarbocycles),
    ("fraction_csp3", rdMolDescriptors.CalcFractionCSP3),
    ("spiro_atoms", rdMolDescriptors.CalcNumSpiroAtoms),
    ("bridgehead_atoms", rdMolDescriptors.CalcNumBridgeheadAtoms),
    ("amide_bonds", rdMolDescriptors.CalcNumAmideBonds),
    ("valence_electrons", Descriptors.NumValenceElectrons),
    ("bertz_ct", GraphDescriptors.BertzCT),
    ("qed", QED.qed),
    ("sa_score", sascorer.calculateScore),
]


def write_descriptors(recs):
    out = TsvGz("descriptors.tsv.gz", ["source", "index"] + [n for n, _ in DESCRIPTORS])
    for r in recs:
        if r.mol is None or not in_subset(r, DESC_ROWS):
            continue
        vals = []
        for name, fn in DESCRIPTORS:
            v = safe(fn, r.mol)
            if v is not None and name not in ("mw", "exact_mw", "logp", "mr", "tpsa",
                                              "fraction_csp3", "bertz_ct", "qed", "sa_score"):
                assert float(v) == int(v), (name, v)
                v = int(v)
            elif v is not None:
                v = float(v)
            vals.append(v)
        out.row([r.source, r.index] + vals)
    out.close()


# ---------------------------------------------------------------------------------------------
# c. fingerprints


def on_bits(bv):
    return csv_ints(list(bv.GetOnBits()))


def counts(sv):
    return " ".join("%d:%d" % (k, v) for k, v in sorted(sv.GetNonzeroElements().items()))


FINGERPRINTS = [
    ("morgan2_2048", lambda m: on_bits(AllChem.GetMorganFingerprintAsBitVect(m, 2, nBits=2048))),
    ("morgan3_1024_chiral",
     lambda m: on_bits(AllChem.GetMorganFingerprintAsBitVect(m, 3, nBits=1024, useChirality=True))),
    ("fcfp2_2048",
     lambda m: on_bits(AllChem.GetMorganFingerprintAsBitVect(m, 2, nBits=2048, useFeatures=True))),
    ("morgan2_counts_2048", lambda m: counts(AllChem.GetHashedMorganFingerprint(m, 2, nBits=2048))),
    ("rdkit_path", lambda m: on_bits(Chem.RDKFingerprint(m))),
    ("maccs", lambda m: on_bits(MACCSkeys.GenMACCSKeys(m))),
    ("atom_pairs_2048",
     lambda m: on_bits(rdMolDescriptors.GetHashedAtomPairFingerprintAsBitVect(m, nBits=2048))),
    ("pattern", lambda m: on_bits(Chem.PatternFingerprint(m))),
]


def write_fingerprints(recs):
    n_fail = 0
    sparse = [fp for fp in FINGERPRINTS if fp[0] not in DENSE]
    dense = [fp for fp in FINGERPRINTS if fp[0] in DENSE]
    out = TsvGz("fingerprints.tsv.gz",
                ["source", "index"] + [n for n, _ in sparse] + ["sa_morgan_ids"])
    for r in recs:
        if r.mol is None or not in_subset(r, FP_ROWS):
            continue
        vals = [safe(fn, r.mol) for _, fn in sparse]
        n_fail += vals.count(None)
        sa = None
        if r.source == "moses" and r.index < N_SA_IDS:
            sa = counts(AllChem.GetMorganFingerprint(r.mol, 2))
        out.row([r.source, r.index] + vals + [sa])
    out.close()
    out = TsvGz("fingerprints_dense.tsv.gz", ["source", "index"] + [n for n, _ in dense])
    for r in recs:
        if r.mol is None or not in_subset(r, FP_DENSE_ROWS):
            continue
        vals = [safe(fn, r.mol) for _, fn in dense]
        n_fail += vals.count(None)
        out.row([r.source, r.index] + vals)
    out.close()
    assert n_fail == 0, "%d fingerprint failures" % n_fail


# ---------------------------------------------------------------------------------------------
# d. scaffolds


def write_scaffolds(recs):
    out = TsvGz("scaffolds.tsv.gz", ["source", "index", "murcko", "generic", "error"])
    for r in recs:
        if r.mol is None:
            continue
        murcko = generic = err = None
        try:
            scaf = MurckoScaffold.GetScaffoldForMol(r.mol)
            murcko = Chem.MolToSmiles(scaf)
        except Exception as e:
            err = "murcko: " + (str(e) or type(e).__name__)
        if murcko is not None:
            try:
                with CaptureRDKitLog():
                    generic = Chem.MolToSmiles(MurckoScaffold.MakeScaffoldGeneric(scaf))
            except Exception as e:
                err = "generic: " + (str(e) or type(e).__name__)
        if err:
            err = err.replace("\n", " ").replace("\t", " ")
        out.row([r.source, r.index, murcko, generic, err])
    out.close()


# ---------------------------------------------------------------------------------------------
# e. ChEMBL structure pipeline


def fmt_issues(issues):
    return "|".join("%d:%s" % (score, msg.replace("|", "/").replace("\t", " ").replace("\n", " "))
                    for score, msg in issues)


def write_standardized(recs):
    sel = [r for r in recs if r.source in ("chembl_drugs", "nci5k", "bzr")]
    # bzr.sdf is 3D: standardize_mol() raises in cleanup_drawing_mol() ("only works for 2D
    # molecules"), which is recorded as such.  "bzr_2d" repeats bzr with all conformers removed
    # (mol.RemoveAllConformers()), i.e. handled exactly like a SMILES input.
    for r in [r for r in sel if r.source == "bzr"]:
        m = None
        if r.mol is not None:
            m = Chem.Mol(r.mol)
            m.RemoveAllConformers()
        sel.append(Rec("bzr_2d", r.index, r.smiles, m, r.error))
    INCHI.fill([molblock_for_inchi(r.mol) for r in sel if r.mol is not None])
    out = TsvGz("standardized.tsv.gz", ["source", "index", "input_smiles", "parsed", "standardized",
                                        "parent", "exclude", "checker", "error"])
    for r in sel:
        if r.mol is None:
            out.row([r.source, r.index, r.smiles, False, None, None, None, None, r.error])
            continue
        std = parent = exclude = chk = None
        errs = []
        try:
            chk = fmt_issues(checker.check_molblock(molblock_for_inchi(r.mol)))
        except Exception as e:
            errs.append("checker: %s" % e)
        try:
            with CaptureRDKitLog():
                s = standardizer.standardize_mol(Chem.Mol(r.mol))
            std = Chem.MolToSmiles(s)
            with CaptureRDKitLog():
                p, exclude = standardizer.get_parent_mol(s)
            parent = Chem.MolToSmiles(p)
        except Exception as e:
            errs.append("standardizer: %s" % (str(e) or type(e).__name__))
        err = "; ".join(errs).replace("\n", " ").replace("\t", " ") or None
        out.row([r.source, r.index, r.smiles, True, std, parent, exclude, chk, err])
    out.close()


# ---------------------------------------------------------------------------------------------
# f. substructure

# (id, kind, query, useChirality)
QUERIES = [
    ("benzene", "smarts", "c1ccccc1", False),
    ("aromatic_6ring_any", "smarts", "a1aaaaa1", False),
    ("carboxylic_acid", "smarts", "[CX3](=O)[OX2H1]", False),
    ("amide", "smarts", "C(=O)[NX3]", False),
    ("halogen", "smarts", "[F,Cl,Br,I]", False),
    ("basic_amine", "smarts",
     "[NX3;H2,H1,H0;!$(N-C=[O,S,N]);!$(N-a);!$(N-S(=O)=O);!$(N-[#7,#8]);!$(N-C#N)]", False),
    ("sulfonamide", "smarts", "[#16X4](=[OX1])(=[OX1])[NX3]", False),
    ("phenol_or_aniline_recursive", "smarts", "[$(c[OX2H]),$(c[NX3H2])]", False),
    ("piperidine_ring_closure", "smarts", "C1CCNCC1", False),
    ("fused_ring_atom", "smarts", "[R2]", False),
    ("charged_atom", "smarts", "[!+0]", False),
    ("nitro", "smarts", "[N+](=O)[O-]", False),
    ("five_ring_heteroaromatic", "smarts", "[o,s,n;r5]", False),
    ("trifluoromethyl", "smarts", "C(F)(F)F", False),
    ("ring_bond_c_n_any", "smarts", "[#6]@;-[#7]", False),
    ("ester_recursive_not_acid", "smarts", "[$([CX3](=O)[OX2][#6]);!$(C(=O)O[H])]", False),
    ("nitrile", "smarts", "C#N", False),
    ("aromatic_nH", "smarts", "[nH]", False),
    ("stereo_L_alpha_amino_acyl", "smiles", "N[C@@H](C)C=O", True),
    ("stereo_query_without_chirality", "smiles", "N[C@@H](C)C=O", False),
]


def write_substructure(recs):
    targets = [("moses", [r for r in recs if r.source == "moses" and r.index < N_SUBSTRUCT]),
               ("chembl_drugs", [r for r in recs if r.source == "chembl_drugs"])]
    out = TsvGz("substructure.tsv.gz", ["target", "n_targets", "query_id", "query_kind", "query",
                                        "use_chirality", "n_hits", "hit_indices", "first5_matches"])
    for tname, trecs in targets:
        trecs = [r for r in trecs if r.mol is not None]
        for qid, kind, q, chiral in QUERIES:
            qm = Chem.MolFromSmarts(q) if kind == "smarts" else Chem.MolFromSmiles(q)
            assert qm is not None, q
            hits = []
            first = []
            for r in trecs:
                if r.mol.HasSubstructMatch(qm, useChirality=chiral):
                    hits.append(r.index)
                    if len(first) < 5:
                        ms = r.mol.GetSubstructMatches(qm, useChirality=chiral)
                        first.append("%d:%s" % (r.index, ";".join(",".join(str(a) for a in t)
                                                                   for t in ms)))
            out.row([tname, len(trecs), qid, kind, q, chiral, len(hits),
                     ",".join(str(i) for i in hits), " ".join(first)])
    out.close()


# ---------------------------------------------------------------------------------------------
# g. SD records

SDF_FILES = ["bzr.sdf.gz", "NCI_first_200.props.sdf.gz", "egfr.sdf.gz", "pubchem.200.sdf.gz",
             "cdk2.sdf.gz", "solubility.test.sdf.gz"]


def write_sdf_records():
    out = TsvGz("sdf_records.tsv.gz", ["file", "index", "parsed", "title", "canonical_smiles",
                                        "properties"])
    for fn in SDF_FILES:
        with gzip.open(os.path.join(TESTDATA, fn), "rb") as f:
            with CaptureRDKitLog():
                mols = list(Chem.ForwardSDMolSupplier(f))
        for i, m in enumerate(mols):
            if m is None:
                out.row([fn, i, False, None, None, None])
                continue
            props = {k: m.GetProp(k) for k in m.GetPropNames()}
            title = m.GetProp("_Name") if m.HasProp("_Name") else ""
            title = title.replace("\t", "\\t")
            out.row([fn, i, True, title, Chem.MolToSmiles(m),
                     json.dumps(props, ensure_ascii=False, separators=(",", ":"))])
    out.close()


def main():
    print("RDKit %s, chembl_structure_pipeline %s, %s" % (
        rdkit.__version__, chembl_structure_pipeline.__version__, INCHI_MAIN))
    os.makedirs(GOLDEN, exist_ok=True)
    recs = read_inputs()
    write_identifiers(recs)
    write_descriptors(recs)
    write_fingerprints(recs)
    write_scaffolds(recs)
    write_standardized(recs)
    write_substructure(recs)
    write_sdf_records()


if __name__ == "__main__":
    main()
