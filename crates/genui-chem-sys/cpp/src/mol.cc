#include "genui-chem-sys/cpp/include/mol.h"

#include <GraphMol/Chirality.h>
#include <GraphMol/Depictor/RDDepictor.h>
#include <GraphMol/FileParsers/FileParsers.h>
#include <GraphMol/MolOps.h>
#include <GraphMol/SanitException.h>
#include <GraphMol/SmilesParse/SmilesParse.h>
#include <GraphMol/SmilesParse/SmartsWrite.h>
#include <GraphMol/SmilesParse/SmilesWrite.h>
#include <RDGeneral/FileParseException.h>
#include <RDGeneral/RDLog.h>

#include "genui-chem-sys/src/bridge/mol.rs.h"

namespace genui {
namespace {
// RDKit logs every parse failure to stderr; our errors carry the reason
// instead, and a server must not spam its log with user input.
const bool rdkit_logs_silenced = [] {
  boost::logging::disable_logs("rdApp.error");
  boost::logging::disable_logs("rdApp.warning");
  return true;
}();

}  // namespace

std::unique_ptr<RDKit::ROMol> mol_from_smiles(rust::Str smiles,
                                              bool sanitize) {
  // RDKit's own sanitizing parse (stereo perception included), so results
  // are those of Chem.MolFromSmiles.
  RDKit::SmilesParserParams params;
  params.sanitize = sanitize;
  params.removeHs = sanitize;
  RDKit::RWMol *raw = nullptr;
  try {
    raw = RDKit::SmilesToMol(std::string(smiles), params);
  } catch (const RDKit::MolSanitizeException &e) {
    throw std::runtime_error(std::string("sanitization failed: ") + e.what());
  }
  if (raw == nullptr) {
    throw std::runtime_error("SMILES syntax error");
  }
  return std::unique_ptr<RDKit::ROMol>(raw);
}

std::unique_ptr<RDKit::ROMol> mol_from_trusted_smiles(rust::Str smiles) {
  // As RDKit's SubstructLibrary does for its own SMILES: no sanitization,
  // only what substructure matching needs (valences, implicit Hs, rings).
  RDKit::SmilesParserParams params;
  params.sanitize = false;
  params.removeHs = false;
  auto *raw = RDKit::SmilesToMol(std::string(smiles), params);
  if (raw == nullptr) {
    throw std::runtime_error("SMILES syntax error");
  }
  std::unique_ptr<RDKit::ROMol> mol(raw);
  raw->updatePropertyCache(false);
  RDKit::MolOps::symmetrizeSSSR(*raw);  // ring sizes as sanitization perceives them
  return mol;
}

std::unique_ptr<RDKit::ROMol> mol_from_smarts(rust::Str smarts) {
  auto *raw = RDKit::SmartsToMol(std::string(smarts));
  return non_null<RDKit::ROMol>(raw, "SMARTS syntax error");
}

std::unique_ptr<RDKit::ROMol> mol_from_molblock(rust::Str block, bool sanitize,
                                                bool remove_hs) {
  // The SD supplier's own code path, so that stereo perception from 2D/3D
  // coordinates is exactly RDKit's.
  RDKit::RWMol *raw = nullptr;
  try {
    raw = RDKit::MolBlockToMol(std::string(block), sanitize, remove_hs, true);
  } catch (const RDKit::FileParseException &e) {
    throw std::runtime_error(std::string("mol block: ") + e.what());
  } catch (const RDKit::MolSanitizeException &e) {
    throw std::runtime_error(std::string("sanitization failed: ") + e.what());
  }
  if (raw == nullptr) {
    throw std::runtime_error("mol block: no molecule (empty or truncated)");
  }
  return std::unique_ptr<RDKit::ROMol>(raw);
}

std::unique_ptr<RDKit::ROMol> mol_clone(const RDKit::ROMol &mol) {
  return std::make_unique<RDKit::ROMol>(mol);
}

rust::String mol_to_smiles(const RDKit::ROMol &mol, bool isomeric) {
  return RDKit::MolToSmiles(mol, isomeric);
}

rust::String mol_to_smiles_in_order(const RDKit::ROMol &mol,
                                    rust::Slice<const uint32_t> order) {
  // Randomized SMILES (Arus-Pous et al.): renumber the atoms, then write
  // without canonical ranking, so the traversal follows the new numbering.
  std::vector<unsigned int> new_order(order.begin(), order.end());
  std::unique_ptr<RDKit::ROMol> renumbered(
      RDKit::MolOps::renumberAtoms(mol, new_order));
  return RDKit::MolToSmiles(*renumbered, true, false, -1, false);
}

rust::String mol_to_smarts(const RDKit::ROMol &mol) {
  return RDKit::MolToSmarts(mol);
}

rust::String mol_to_molblock(const RDKit::ROMol &mol, rust::Str title) {
  RDKit::RWMol copy(mol);
  if (copy.getNumConformers() == 0) {
    RDDepict::compute2DCoords(copy);
  }
  copy.setProp(RDKit::common_properties::_Name, std::string(title));
  return RDKit::MolToMolBlock(copy);
}

std::unique_ptr<RDKit::ROMol> mol_with_2d_coords(const RDKit::ROMol &mol) {
  auto copy = std::make_unique<RDKit::RWMol>(mol);
  RDDepict::compute2DCoords(*copy);
  return std::unique_ptr<RDKit::ROMol>(copy.release());
}

std::unique_ptr<RDKit::ROMol> mol_sanitized(const RDKit::ROMol &mol) {
  auto copy = std::make_unique<RDKit::RWMol>(mol);
  try {
    RDKit::MolOps::sanitizeMol(*copy);
  } catch (const RDKit::MolSanitizeException &e) {
    throw std::runtime_error(std::string("sanitization failed: ") + e.what());
  }
  return std::unique_ptr<RDKit::ROMol>(copy.release());
}

std::unique_ptr<RDKit::ROMol> mol_without_hs(const RDKit::ROMol &mol) {
  return std::unique_ptr<RDKit::ROMol>(RDKit::MolOps::removeHs(mol));
}

std::unique_ptr<RDKit::ROMol> mol_kekulized(const RDKit::ROMol &mol) {
  auto copy = std::make_unique<RDKit::RWMol>(mol);
  try {
    RDKit::MolOps::Kekulize(*copy, true);
  } catch (const RDKit::MolSanitizeException &e) {
    throw std::runtime_error(std::string("kekulization failed: ") + e.what());
  }
  return std::unique_ptr<RDKit::ROMol>(copy.release());
}

std::unique_ptr<RDKit::ROMol> mol_with_hs(const RDKit::ROMol &mol) {
  return std::unique_ptr<RDKit::ROMol>(RDKit::MolOps::addHs(mol));
}

rust::Vec<AtomView> mol_atoms(const RDKit::ROMol &mol) {
  rust::Vec<AtomView> atoms;
  atoms.reserve(mol.getNumAtoms());
  const auto *rings = mol.getRingInfo();
  for (const auto *atom : mol.atoms()) {
    AtomView view;
    view.atomic_num = atom->getAtomicNum();
    view.formal_charge = atom->getFormalCharge();
    view.isotope = atom->getIsotope();
    view.is_aromatic = atom->getIsAromatic();
    view.total_hs = atom->getTotalNumHs();
    view.degree = atom->getDegree();
    view.radical_electrons = atom->getNumRadicalElectrons();
    view.hybridization = static_cast<uint32_t>(atom->getHybridization());
    view.chiral_tag = static_cast<uint32_t>(atom->getChiralTag());
    view.in_ring = rings->isInitialized() &&
                   rings->numAtomRings(atom->getIdx()) > 0;
    atoms.push_back(view);
  }
  return atoms;
}

rust::Vec<BondView> mol_bonds(const RDKit::ROMol &mol) {
  rust::Vec<BondView> bonds;
  bonds.reserve(mol.getNumBonds());
  const auto *rings = mol.getRingInfo();
  for (const auto *bond : mol.bonds()) {
    BondView view;
    view.begin = bond->getBeginAtomIdx();
    view.end = bond->getEndAtomIdx();
    view.order = bond->getBondTypeAsDouble();
    view.bond_type = static_cast<uint32_t>(bond->getBondType());
    view.is_aromatic = bond->getIsAromatic();
    view.in_ring = rings->isInitialized() &&
                   rings->numBondRings(bond->getIdx()) > 0;
    bonds.push_back(view);
  }
  return bonds;
}

rust::Vec<uint32_t> mol_fragment_ids(const RDKit::ROMol &mol) {
  std::vector<int> mapping;
  RDKit::MolOps::getMolFrags(mol, mapping);
  rust::Vec<uint32_t> ids;
  ids.reserve(mapping.size());
  for (int id : mapping) {
    ids.push_back(static_cast<uint32_t>(id));
  }
  return ids;
}

rust::Vec<int32_t> mol_ring_sizes(const RDKit::ROMol &mol) {
  rust::Vec<int32_t> sizes;
  const auto *rings = mol.getRingInfo();
  if (!rings->isInitialized()) {
    throw std::runtime_error("ring information not initialized (unsanitized molecule)");
  }
  for (const auto &ring : rings->atomRings()) {
    sizes.push_back(static_cast<int32_t>(ring.size()));
  }
  return sizes;
}

uint32_t mol_chiral_center_count(const RDKit::ROMol &mol,
                                 bool include_unassigned) {
  RDKit::RWMol copy(mol);
  RDKit::MolOps::assignStereochemistry(copy, true, true, true);
  uint32_t count = 0;
  for (const auto *atom : copy.atoms()) {
    if (atom->hasProp(RDKit::common_properties::_CIPCode)) {
      ++count;
    } else if (include_unassigned &&
               atom->hasProp(RDKit::common_properties::_ChiralityPossible)) {
      ++count;
    }
  }
  return count;
}
}  // namespace genui
