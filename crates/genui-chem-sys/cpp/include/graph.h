// Graph-level helpers for descriptors that RDKit only has in Python.
#pragma once

#include "genui-chem-sys/cpp/include/common.h"

namespace genui {
struct QedBasics;
struct RingJunctions;

std::unique_ptr<RDKit::ROMol> delete_substructs(const RDKit::ROMol &mol,
                                                const RDKit::ROMol &query,
                                                bool only_frags);
uint32_t sssr_count(const RDKit::ROMol &mol);
uint32_t num_rotatable_bonds(const RDKit::ROMol &mol, int32_t strictness);
rust::Vec<double> distance_matrix(const RDKit::ROMol &mol, bool use_bond_order);
QedBasics qed_basics(const RDKit::ROMol &mol);
RingJunctions ring_junctions(const RDKit::ROMol &mol);
}  // namespace genui
