// Physico-chemical descriptors computed by RDKit's C++ code.
#pragma once

#include "genui-chem-sys/cpp/include/common.h"

namespace genui {
struct Descriptors;

Descriptors descriptors(const RDKit::ROMol &mol);
uint32_t outer_electrons(uint32_t atomic_num);
}  // namespace genui
