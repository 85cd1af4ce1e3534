#include "genui-chem-sys/cpp/include/substruct.h"

#include <GraphMol/Substruct/SubstructMatch.h>

#include "genui-chem-sys/src/bridge/substruct.rs.h"

namespace genui {
rust::Vec<AtomMatch> substruct_matches(const RDKit::ROMol &mol,
                                       const RDKit::ROMol &query,
                                       bool uniquify, bool use_chirality,
                                       uint32_t max_matches) {
  RDKit::SubstructMatchParameters params;
  params.uniquify = uniquify;
  params.useChirality = use_chirality;
  params.maxMatches = max_matches;
  rust::Vec<AtomMatch> matches;
  for (const auto &match : RDKit::SubstructMatch(mol, query, params)) {
    AtomMatch atoms;
    // MatchVectType pairs are (query atom, molecule atom), in query order.
    for (const auto &[query_atom, mol_atom] : match) {
      atoms.atoms.push_back(static_cast<uint32_t>(mol_atom));
    }
    matches.push_back(std::move(atoms));
  }
  return matches;
}

bool has_substruct_match(const RDKit::ROMol &mol, const RDKit::ROMol &query,
                         bool use_chirality) {
  RDKit::SubstructMatchParameters params;
  params.useChirality = use_chirality;
  params.maxMatches = 1;
  return !RDKit::SubstructMatch(mol, query, params).empty();
}
}  // namespace genui
