// Fingerprints, returned as packed 64-bit words or (bit, count) pairs.
#pragma once

#include "genui-chem-sys/cpp/include/common.h"

namespace genui {
struct BitCount;

rust::Vec<uint64_t> morgan_bits(const RDKit::ROMol &mol, uint32_t radius,
                                uint32_t n_bits, bool use_chirality,
                                bool use_features);
rust::Vec<BitCount> morgan_counts(const RDKit::ROMol &mol, uint32_t radius,
                                  uint32_t n_bits, bool use_chirality,
                                  bool use_features);
rust::Vec<BitCount> morgan_sparse_counts(const RDKit::ROMol &mol,
                                         uint32_t radius);
rust::Vec<uint64_t> rdkit_path_bits(const RDKit::ROMol &mol, uint32_t min_path,
                                    uint32_t max_path, uint32_t n_bits);
rust::Vec<uint64_t> maccs_bits(const RDKit::ROMol &mol);
rust::Vec<uint64_t> atom_pair_bits(const RDKit::ROMol &mol, uint32_t n_bits);
rust::Vec<uint64_t> pattern_bits(const RDKit::ROMol &mol, uint32_t n_bits);
}  // namespace genui
