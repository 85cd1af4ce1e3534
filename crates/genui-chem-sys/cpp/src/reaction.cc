#include "genui-chem-sys/cpp/include/reaction.h"

#include <GraphMol/ChemReactions/ReactionParser.h>
#include <GraphMol/MolOps.h>
#include <GraphMol/SanitException.h>
#include <GraphMol/SmilesParse/SmilesWrite.h>

#include "genui-chem-sys/src/bridge/reaction.rs.h"

namespace genui {
std::unique_ptr<RDKit::ChemicalReaction> reaction_from_smarts(rust::Str smarts) {
  std::unique_ptr<RDKit::ChemicalReaction> reaction(
      RDKit::RxnSmartsToChemicalReaction(std::string(smarts)));
  if (!reaction) {
    throw std::invalid_argument("invalid reaction SMARTS");
  }
  reaction->initReactantMatchers();
  return reaction;
}

rust::Vec<ProductSet> run_reactants(const RDKit::ChemicalReaction &reaction,
                                    const RDKit::ROMol &mol) {
  RDKit::MOL_SPTR_VECT reactants{
      boost::make_shared<RDKit::ROMol>(mol)};
  rust::Vec<ProductSet> sets;
  for (const auto &products : reaction.runReactants(reactants)) {
    ProductSet set;
    for (const auto &product : products) {
      RDKit::RWMol editable(*product);
      set.atoms.push_back(editable.getNumAtoms());
      try {
        RDKit::MolOps::sanitizeMol(editable);
        set.smiles.push_back(rust::String(RDKit::MolToSmiles(editable, true)));
      } catch (const RDKit::MolSanitizeException &) {
        set.smiles.push_back(rust::String());
      }
    }
    sets.push_back(std::move(set));
  }
  return sets;
}
}  // namespace genui
