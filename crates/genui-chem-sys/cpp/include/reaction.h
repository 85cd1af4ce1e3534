// Chemical reactions from reaction SMARTS, run on one reactant.
#pragma once

#include <GraphMol/ChemReactions/Reaction.h>

#include "genui-chem-sys/cpp/include/common.h"

namespace genui {
struct ProductSet;
std::unique_ptr<RDKit::ChemicalReaction> reaction_from_smarts(rust::Str smarts);
rust::Vec<ProductSet> run_reactants(const RDKit::ChemicalReaction &reaction,
                                    const RDKit::ROMol &mol);
}  // namespace genui
