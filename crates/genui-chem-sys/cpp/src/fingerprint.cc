#include "genui-chem-sys/cpp/include/fingerprint.h"

#include <DataStructs/ExplicitBitVect.h>
#include <DataStructs/SparseIntVect.h>
#include <GraphMol/Fingerprints/AtomPairs.h>
#include <GraphMol/Fingerprints/FingerprintUtil.h>
#include <GraphMol/Fingerprints/Fingerprints.h>
#include <GraphMol/Fingerprints/MACCS.h>
#include <GraphMol/Fingerprints/MorganFingerprints.h>

#include "genui-chem-sys/src/bridge/fingerprint.rs.h"

namespace genui {
namespace {
rust::Vec<uint64_t> pack(std::unique_ptr<ExplicitBitVect> bits) {
  rust::Vec<uint64_t> words;
  const unsigned int n = bits->getNumBits();
  for (unsigned int i = 0; i < (n + 63) / 64; ++i) {
    words.push_back(0);
  }
  std::vector<int> on;
  bits->getOnBits(on);
  for (int bit : on) {
    words[bit / 64] |= uint64_t{1} << (bit % 64);
  }
  return words;
}

rust::Vec<BitCount> counts_of(std::unique_ptr<RDKit::SparseIntVect<uint32_t>> vect) {
  rust::Vec<BitCount> counts;
  for (const auto &[bit, count] : vect->getNonzeroElements()) {
    counts.push_back(BitCount{bit, static_cast<uint32_t>(count)});
  }
  return counts;
}

// FCFP uses pharmacophoric atom invariants instead of connectivity ones.
std::unique_ptr<std::vector<uint32_t>> invariants_for(const RDKit::ROMol &mol,
                                                      bool use_features) {
  if (!use_features) {
    return nullptr;
  }
  auto invariants = std::make_unique<std::vector<uint32_t>>(mol.getNumAtoms());
  RDKit::MorganFingerprints::getFeatureInvariants(mol, *invariants);
  return invariants;
}

void check_bits(uint32_t n_bits) {
  if (n_bits == 0) {
    throw std::invalid_argument("fingerprint size must be at least 1 bit");
  }
}
}  // namespace

rust::Vec<uint64_t> morgan_bits(const RDKit::ROMol &mol, uint32_t radius,
                                uint32_t n_bits, bool use_chirality,
                                bool use_features) {
  check_bits(n_bits);
  auto invariants = invariants_for(mol, use_features);
  return pack(non_null(RDKit::MorganFingerprints::getFingerprintAsBitVect(
                           mol, radius, n_bits, invariants.get(), nullptr,
                           use_chirality),
                       "Morgan fingerprint failed"));
}

rust::Vec<BitCount> morgan_counts(const RDKit::ROMol &mol, uint32_t radius,
                                  uint32_t n_bits, bool use_chirality,
                                  bool use_features) {
  check_bits(n_bits);
  auto invariants = invariants_for(mol, use_features);
  return counts_of(non_null(RDKit::MorganFingerprints::getHashedFingerprint(
                                mol, radius, n_bits, invariants.get(), nullptr,
                                use_chirality),
                            "Morgan count fingerprint failed"));
}

rust::Vec<BitCount> morgan_sparse_counts(const RDKit::ROMol &mol,
                                         uint32_t radius) {
  return counts_of(
      non_null(RDKit::MorganFingerprints::getFingerprint(mol, radius),
               "Morgan sparse fingerprint failed"));
}

rust::Vec<uint64_t> rdkit_path_bits(const RDKit::ROMol &mol, uint32_t min_path,
                                    uint32_t max_path, uint32_t n_bits) {
  check_bits(n_bits);
  if (min_path == 0 || min_path > max_path) {
    throw std::invalid_argument("path lengths must satisfy 1 <= min <= max");
  }
  return pack(non_null(
      RDKit::RDKFingerprintMol(mol, min_path, max_path, n_bits),
      "RDKit path fingerprint failed"));
}

rust::Vec<uint64_t> maccs_bits(const RDKit::ROMol &mol) {
  return pack(non_null(RDKit::MACCSFingerprints::getFingerprintAsBitVect(mol),
                       "MACCS keys failed"));
}

rust::Vec<uint64_t> atom_pair_bits(const RDKit::ROMol &mol, uint32_t n_bits) {
  check_bits(n_bits);
  return pack(non_null(
      RDKit::AtomPairs::getHashedAtomPairFingerprintAsBitVect(mol, n_bits),
      "atom pair fingerprint failed"));
}

rust::Vec<uint64_t> pattern_bits(const RDKit::ROMol &mol, uint32_t n_bits) {
  check_bits(n_bits);
  return pack(non_null(RDKit::PatternFingerprintMol(mol, n_bits),
                       "pattern fingerprint failed"));
}
}  // namespace genui
