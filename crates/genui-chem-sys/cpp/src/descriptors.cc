#include "genui-chem-sys/cpp/include/descriptors.h"

#include <GraphMol/Descriptors/Crippen.h>
#include <GraphMol/Descriptors/Lipinski.h>
#include <GraphMol/Descriptors/MolDescriptors.h>
#include <GraphMol/Descriptors/MolSurf.h>
#include <GraphMol/MolOps.h>
#include <GraphMol/PeriodicTable.h>

#include "genui-chem-sys/src/bridge/descriptors.rs.h"

namespace genui {
namespace desc = RDKit::Descriptors;

uint32_t outer_electrons(uint32_t atomic_num) {
  return RDKit::PeriodicTable::getTable()->getNouterElecs(atomic_num);
}

Descriptors descriptors(const RDKit::ROMol &mol) {
  if (!mol.getRingInfo()->isInitialized()) {
    throw std::runtime_error("descriptors need a sanitized molecule");
  }
  Descriptors d{};
  d.mw = desc::calcAMW(mol);
  d.exact_mw = desc::calcExactMW(mol);
  // force: compute afresh instead of caching the values as molecule properties.
  desc::calcCrippenDescriptors(mol, d.logp, d.mr, true, true);
  d.tpsa = desc::calcTPSA(mol, true);
  d.hbd = desc::calcNumHBD(mol);
  d.hba = desc::calcNumHBA(mol);
  d.rotatable_bonds = desc::calcNumRotatableBonds(mol);
  d.heavy_atoms = desc::calcNumHeavyAtoms(mol);
  d.hetero_atoms = desc::calcNumHeteroatoms(mol);
  d.formal_charge = RDKit::MolOps::getFormalCharge(mol);
  d.rings = desc::calcNumRings(mol);
  d.aromatic_rings = desc::calcNumAromaticRings(mol);
  d.aliphatic_rings = desc::calcNumAliphaticRings(mol);
  d.saturated_rings = desc::calcNumSaturatedRings(mol);
  d.heterocycles = desc::calcNumHeterocycles(mol);
  d.aromatic_heterocycles = desc::calcNumAromaticHeterocycles(mol);
  d.aliphatic_heterocycles = desc::calcNumAliphaticHeterocycles(mol);
  d.saturated_heterocycles = desc::calcNumSaturatedHeterocycles(mol);
  // RDKit 2022.09 has no calcNumCarbocycles; Python derives it the same way.
  d.carbocycles = d.rings - d.heterocycles;
  d.aromatic_carbocycles = desc::calcNumAromaticCarbocycles(mol);
  d.aliphatic_carbocycles = desc::calcNumAliphaticCarbocycles(mol);
  d.saturated_carbocycles = desc::calcNumSaturatedCarbocycles(mol);
  d.fraction_csp3 = desc::calcFractionCSP3(mol);
  d.spiro_atoms = desc::calcNumSpiroAtoms(mol);
  d.bridgehead_atoms = desc::calcNumBridgeheadAtoms(mol);
  d.amide_bonds = desc::calcNumAmideBonds(mol);
  int valence_electrons = 0;
  for (const auto *atom : mol.atoms()) {
    valence_electrons += outer_electrons(atom->getAtomicNum()) -
                         atom->getFormalCharge() + atom->getTotalNumHs();
  }
  d.valence_electrons = valence_electrons;
  return d;
}
}  // namespace genui
