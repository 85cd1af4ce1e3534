#!/usr/bin/python3
"""Converts RDKit's SA-score fragment table to the plain file genui-chem ships.

RDKit's Contrib/SA_Score/fpscores.pkl.gz (Ertl & Schuffenhauer, BSD-3, from
Debian's rdkit-data) is a pickle: a list of groups `[score, id, id, ...]`
mapping unhashed Morgan radius-2 environment ids to a fragment score.  A pickle
is code, not data, so the Rust crate ships the same mapping in a documented
binary layout instead (all integers little-endian), gzipped:

    b"SAFP" magic, u32 version = 1
    u32 n_scores, then n_scores x f64       distinct scores, in pickle group order
    u32 n_ids, then n_ids x u32             ids ascending, delta-encoded
                                            (first = id, then id - previous id)
    then n_ids x u16                        index into the score table per id

The scores are the pickle's doubles bit for bit.  Where an id occurs in more
than one group, the last group wins, as in sascorer.readFragmentScores.

Run from the repository root (deterministic: rerunning writes identical bytes):
    /usr/bin/python3 tools/golden/convert_sa_fpscores.py
"""
import gzip
import io
import os
import pickle
import struct
import sys

SOURCE = "/usr/share/RDKit/Contrib/SA_Score/fpscores.pkl.gz"
TARGET = os.path.join("crates", "genui-chem", "data", "sa_fpscores.bin.gz")


def main():
    with gzip.open(SOURCE) as f:
        groups = pickle.load(f)
    score_of = {}
    for group in groups:
        for fragment_id in group[1:]:
            score_of[int(fragment_id)] = float(group[0])
    scores = []
    score_index = {}
    for group in groups:
        s = float(group[0])
        key = struct.pack("<d", s)
        if key not in score_index:
            score_index[key] = len(scores)
            scores.append(s)
    assert len(scores) < 1 << 16
    ids = sorted(score_of)
    assert all(0 <= i < 1 << 32 for i in ids)

    out = io.BytesIO()
    out.write(b"SAFP")
    out.write(struct.pack("<I", 1))
    out.write(struct.pack("<I", len(scores)))
    out.write(struct.pack("<%dd" % len(scores), *scores))
    out.write(struct.pack("<I", len(ids)))
    previous = 0
    deltas = []
    for i in ids:
        deltas.append(i - previous)
        previous = i
    out.write(struct.pack("<%dI" % len(ids), *deltas))
    out.write(struct.pack("<%dH" % len(ids),
                          *(score_index[struct.pack("<d", score_of[i])] for i in ids)))

    with open(TARGET, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(out.getvalue())
    print("%s: %d ids, %d distinct scores, %d bytes" % (
        TARGET, len(ids), len(scores), os.path.getsize(TARGET)), file=sys.stderr)


if __name__ == "__main__":
    main()
