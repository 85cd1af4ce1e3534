#include "genui-chem-sys/cpp/include/depict.h"

#include <GraphMol/ChemTransforms/ChemTransforms.h>
#include <GraphMol/ChemTransforms/MolFragmenter.h>
#include <GraphMol/MolDraw2D/MolDraw2DSVG.h>
#include <GraphMol/MolDraw2D/MolDraw2DUtils.h>
#include <GraphMol/MolOps.h>
#include <GraphMol/SanitException.h>

#include <set>

#include "genui-chem-sys/src/bridge/depict.rs.h"

namespace genui {
rust::String mol_to_svg(const RDKit::ROMol &mol, uint32_t width,
                        uint32_t height, rust::Slice<const uint32_t> highlight,
                        rust::Str legend) {
  if (width == 0 || height == 0 || width > 4096 || height > 4096) {
    throw std::invalid_argument("image size must be between 1 and 4096 pixels");
  }
  RDKit::RWMol copy(mol);
  try {
    RDKit::MolDraw2DUtils::prepareMolForDrawing(copy);
  } catch (const RDKit::MolSanitizeException &) {
    // Some valid aromatic systems cannot be kekulized: draw them aromatic.
    copy = RDKit::RWMol(mol);
    RDKit::MolDraw2DUtils::prepareMolForDrawing(copy, false);
  }
  std::vector<int> atoms;
  std::set<unsigned int> chosen;
  for (uint32_t idx : highlight) {
    if (idx >= copy.getNumAtoms()) {
      throw std::out_of_range("highlighted atom index " + std::to_string(idx) +
                              " is outside the molecule");
    }
    atoms.push_back(static_cast<int>(idx));
    chosen.insert(idx);
  }
  std::vector<int> bonds;
  for (const auto *bond : copy.bonds()) {
    if (chosen.count(bond->getBeginAtomIdx()) &&
        chosen.count(bond->getEndAtomIdx())) {
      bonds.push_back(static_cast<int>(bond->getIdx()));
    }
  }
  RDKit::MolDraw2DSVG drawer(static_cast<int>(width), static_cast<int>(height));
  drawer.drawMolecule(copy, std::string(legend), atoms.empty() ? nullptr : &atoms,
                      bonds.empty() ? nullptr : &bonds);
  drawer.finishDrawing();
  return drawer.getDrawingText();
}

std::unique_ptr<RDKit::ROMol> murcko_scaffold(const RDKit::ROMol &mol) {
  auto scaffold =
      non_null(RDKit::MurckoDecompose(mol), "Murcko decomposition failed");
  // As rdkit.Chem.Scaffolds.MurckoScaffold.GetScaffoldForMol.
  scaffold->clearComputedProps();
  scaffold->updatePropertyCache();
  RDKit::MolOps::symmetrizeSSSR(*scaffold);
  return scaffold;
}

std::unique_ptr<RDKit::ROMol> generic_scaffold(const RDKit::ROMol &scaffold) {
  // As rdkit.Chem.Scaffolds.MurckoScaffold.MakeScaffoldGeneric.
  RDKit::RWMol copy(scaffold);
  for (auto *atom : copy.atoms()) {
    if (atom->getAtomicNum() != 1) {
      atom->setAtomicNum(6);
    }
    atom->setIsAromatic(false);
    atom->setFormalCharge(0);
    atom->setChiralTag(RDKit::Atom::CHI_UNSPECIFIED);
    atom->setNoImplicit(false);
    atom->setNumExplicitHs(0);
  }
  for (auto *bond : copy.bonds()) {
    bond->setBondType(RDKit::Bond::SINGLE);
    bond->setIsAromatic(false);
  }
  const RDKit::ROMol &generic = copy;
  return std::unique_ptr<RDKit::ROMol>(RDKit::MolOps::removeHs(generic));
}
std::unique_ptr<RDKit::ROMol> brics_fragments(const RDKit::ROMol &mol) {
  // As rdkit.Chem.BRICS's FragmentOnBRICSBonds: one molecule whose
  // disconnected pieces are the fragments, cut bonds capped by dummy atoms.
  return non_null(RDKit::MolFragmenter::fragmentOnBRICSBonds(mol),
                  "BRICS fragmentation failed");
}
}  // namespace genui
