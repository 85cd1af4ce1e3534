#include "genui-chem-sys/cpp/include/graph.h"

#include <GraphMol/ChemTransforms/ChemTransforms.h>
#include <GraphMol/Descriptors/Crippen.h>
#include <GraphMol/Descriptors/Lipinski.h>
#include <GraphMol/Descriptors/MolDescriptors.h>
#include <GraphMol/Descriptors/MolSurf.h>
#include <GraphMol/MolOps.h>

#include "genui-chem-sys/src/bridge/graph.rs.h"

namespace genui {
std::unique_ptr<RDKit::ROMol> delete_substructs(const RDKit::ROMol &mol,
                                                const RDKit::ROMol &query,
                                                bool only_frags) {
  return non_null(RDKit::deleteSubstructs(mol, query, only_frags),
                  "deleteSubstructs returned no molecule");
}

uint32_t sssr_count(const RDKit::ROMol &mol) {
  std::vector<std::vector<int>> rings;
  RDKit::MolOps::findSSSR(mol, rings);
  return static_cast<uint32_t>(rings.size());
}

uint32_t num_rotatable_bonds(const RDKit::ROMol &mol, int32_t strictness) {
  if (strictness < -1 || strictness > 2) {
    throw std::invalid_argument("rotatable-bond strictness must be -1, 0, 1 or 2");
  }
  return RDKit::Descriptors::calcNumRotatableBonds(
      mol, static_cast<RDKit::Descriptors::NumRotatableBondsOptions>(strictness));
}

rust::Vec<double> distance_matrix(const RDKit::ROMol &mol,
                                  bool use_bond_order) {
  // The overload over explicit atoms and bonds runs the same Floyd-Warshall
  // as Chem.GetDistanceMatrix but hands the matrix to us instead of caching
  // it as a property of the (shared, const) molecule.
  const size_t n = mol.getNumAtoms();
  std::vector<int> atoms(n);
  for (size_t i = 0; i < n; ++i) {
    atoms[i] = static_cast<int>(i);
  }
  std::vector<const RDKit::Bond *> bonds(mol.bonds().begin(), mol.bonds().end());
  std::unique_ptr<double[]> matrix(
      RDKit::MolOps::getDistanceMat(mol, atoms, bonds, use_bond_order, false));
  rust::Vec<double> out;
  out.reserve(n * n);
  for (size_t i = 0; i < n * n; ++i) {
    out.push_back(matrix[i]);
  }
  return out;
}

QedBasics qed_basics(const RDKit::ROMol &mol) {
  if (!mol.getRingInfo()->isInitialized()) {
    throw std::runtime_error("descriptors need a sanitized molecule");
  }
  QedBasics basics{};
  basics.mw = RDKit::Descriptors::calcAMW(mol);
  double mr = 0.0;
  // force: compute afresh instead of caching values as molecule properties.
  RDKit::Descriptors::calcCrippenDescriptors(mol, basics.logp, mr, true, true);
  basics.tpsa = RDKit::Descriptors::calcTPSA(mol, true);
  basics.hbd = RDKit::Descriptors::calcNumHBD(mol);
  return basics;
}

RingJunctions ring_junctions(const RDKit::ROMol &mol) {
  if (!mol.getRingInfo()->isInitialized()) {
    throw std::runtime_error("ring counts need a sanitized molecule");
  }
  RingJunctions junctions{};
  junctions.spiro_atoms = RDKit::Descriptors::calcNumSpiroAtoms(mol);
  junctions.bridgehead_atoms = RDKit::Descriptors::calcNumBridgeheadAtoms(mol);
  return junctions;
}
}  // namespace genui
