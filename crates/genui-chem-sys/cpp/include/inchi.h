// InChI / InChIKey via the IUPAC InChI 1.03 library.
#pragma once

#include "genui-chem-sys/cpp/include/common.h"

namespace genui {
struct InchiOutput;

rust::String inchi_molblock(const RDKit::ROMol &mol);
InchiOutput inchi_from_molblock(rust::Str molblock);
}  // namespace genui
