// Substructure matching.
#pragma once

#include "genui-chem-sys/cpp/include/common.h"

namespace genui {
struct AtomMatch;

rust::Vec<AtomMatch> substruct_matches(const RDKit::ROMol &mol,
                                       const RDKit::ROMol &query,
                                       bool uniquify, bool use_chirality,
                                       uint32_t max_matches);
bool has_substruct_match(const RDKit::ROMol &mol, const RDKit::ROMol &query,
                         bool use_chirality);
}  // namespace genui
