// Depiction (SVG) and scaffold transforms.
#pragma once

#include "genui-chem-sys/cpp/include/common.h"

namespace genui {
rust::String mol_to_svg(const RDKit::ROMol &mol, uint32_t width,
                        uint32_t height, rust::Slice<const uint32_t> highlight,
                        rust::Str legend);
std::unique_ptr<RDKit::ROMol> murcko_scaffold(const RDKit::ROMol &mol);
std::unique_ptr<RDKit::ROMol> generic_scaffold(const RDKit::ROMol &scaffold);
std::unique_ptr<RDKit::ROMol> brics_fragments(const RDKit::ROMol &mol);
}  // namespace genui
