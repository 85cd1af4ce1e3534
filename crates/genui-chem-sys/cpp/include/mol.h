// Reading, writing and identifying molecules.
#pragma once

#include "genui-chem-sys/cpp/include/common.h"

namespace genui {
struct AtomView;
struct BondView;

std::unique_ptr<RDKit::ROMol> mol_from_smiles(rust::Str smiles, bool sanitize);
std::unique_ptr<RDKit::ROMol> mol_from_trusted_smiles(rust::Str smiles);
std::unique_ptr<RDKit::ROMol> mol_from_smarts(rust::Str smarts);
std::unique_ptr<RDKit::ROMol> mol_from_molblock(rust::Str block, bool sanitize,
                                                bool remove_hs);
std::unique_ptr<RDKit::ROMol> mol_clone(const RDKit::ROMol &mol);
rust::String mol_to_smiles(const RDKit::ROMol &mol, bool isomeric);
rust::String mol_to_smiles_in_order(const RDKit::ROMol &mol,
                                    rust::Slice<const uint32_t> order);
rust::String mol_to_smarts(const RDKit::ROMol &mol);
rust::String mol_to_molblock(const RDKit::ROMol &mol, rust::Str title);
std::unique_ptr<RDKit::ROMol> mol_with_2d_coords(const RDKit::ROMol &mol);
std::unique_ptr<RDKit::ROMol> mol_sanitized(const RDKit::ROMol &mol);
std::unique_ptr<RDKit::ROMol> mol_without_hs(const RDKit::ROMol &mol);
std::unique_ptr<RDKit::ROMol> mol_kekulized(const RDKit::ROMol &mol);
std::unique_ptr<RDKit::ROMol> mol_with_hs(const RDKit::ROMol &mol);
rust::Vec<AtomView> mol_atoms(const RDKit::ROMol &mol);
rust::Vec<BondView> mol_bonds(const RDKit::ROMol &mol);
rust::Vec<uint32_t> mol_fragment_ids(const RDKit::ROMol &mol);
rust::Vec<int32_t> mol_ring_sizes(const RDKit::ROMol &mol);
uint32_t mol_chiral_center_count(const RDKit::ROMol &mol,
                                 bool include_unassigned);
}  // namespace genui
