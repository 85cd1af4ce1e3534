// Standard InChI through the IUPAC InChI 1.03 library.
//
// The reference InChIs come from `inchi_main file.sdf … -Key -AuxNone`, which
// reads the mol block that RDKit's MolToMolBlock writes. To agree with it
// exactly we do the same: write the mol block, then read it back the way
// inchi_main's molfile reader does (INCHI_API/inchi_main/e_readmol.c and
// e_mol2atom.c of InChI 1.03: fixed-width V2000 fields, `M  CHG/RAD/ISO`,
// the valence field, coordinates kept as written), fill an `inchi_Input` and
// call `GetINCHI` with the options inchi_main passes.

#include "genui-chem-sys/cpp/include/inchi.h"

#include <GraphMol/Depictor/RDDepictor.h>
#include <GraphMol/FileParsers/FileParsers.h>
#include <inchi_api.h>

#include <cctype>
#include <cmath>
#include <cstring>
#include <mutex>
#include <sstream>
#include <vector>

#include "genui-chem-sys/src/bridge/inchi.rs.h"

namespace genui {
namespace {
// InChI 1.03 keeps global state and refuses re-entry (a second concurrent
// call returns inchi_Ret_BUSY, "Previous call to InChI has not returned
// yet"), so every call into the library is serialized.
std::mutex inchi_mutex;

constexpr int kMaxAtoms = 1024;       // inchi_main's MAX_ATOMS
constexpr int kIsotopicShift = ISOTOPIC_SHIFT_FLAG;

struct MolfileAtom {
  double x = 0, y = 0, z = 0;
  std::string symbol;
  int mass = 0;  // as inchi_main stores it: shift-flagged difference or mass
  int charge = 0;
  int radical = 0;
  int valence = 0;
  bool aliased = false;
};

struct MolfileBond {
  int a1 = 0, a2 = 0, type = 0, stereo = 0;
};

struct Molfile {
  std::vector<MolfileAtom> atoms;
  std::vector<MolfileBond> bonds;
  bool chiral_flag = false;
};

std::string rtrim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.pop_back();
  }
  return s;
}

// A fixed-width field: at most `len` bytes from `pos`, trailing blanks cut.
std::string field(const std::string &line, size_t pos, size_t len) {
  return pos >= line.size() ? std::string() : rtrim(line.substr(pos, len));
}

// inchi_main's integer field: empty means 0; anything not fully numeric is
// an unreadable structure.
long int_field(const std::string &line, size_t pos, size_t len) {
  const std::string text = field(line, pos, len);
  if (text.find_first_not_of(" \t") == std::string::npos) {
    return 0;
  }
  char *end = nullptr;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (*end != '\0') {
    throw std::runtime_error("InChI molfile reader: bad integer field '" +
                             text + "' in line: " + line);
  }
  return value;
}

double double_field(const std::string &line, size_t pos, size_t len) {
  const std::string text = field(line, pos, len);
  if (text.find_first_not_of(" \t") == std::string::npos) {
    return 0.0;
  }
  char *end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (*end != '\0') {
    throw std::runtime_error("InChI molfile reader: bad coordinate in line: " +
                             line);
  }
  return value;
}

// Reads whitespace-separated integers after a property header, as strtol.
std::vector<long> free_ints(const std::string &line, size_t pos) {
  std::vector<long> values;
  const char *p = pos < line.size() ? line.c_str() + pos : "";
  while (true) {
    char *end = nullptr;
    const long value = std::strtol(p, &end, 10);
    if (end == p) {
      break;
    }
    values.push_back(value);
    p = end;
  }
  return values;
}

Molfile read_molfile(const std::string &block) {
  std::vector<std::string> lines;
  {
    std::istringstream in(block);
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') {
        line.pop_back();
      }
      lines.push_back(line);
    }
  }
  if (lines.size() < 4) {
    throw std::runtime_error("InChI molfile reader: truncated mol block");
  }
  const std::string &counts = lines[3];
  if (counts.find("V3000") != std::string::npos) {
    throw std::runtime_error(
        "InChI 1.03 cannot read V3000 mol blocks (more than 999 atoms?)");
  }
  Molfile mol;
  const long num_atoms = int_field(counts, 0, 3);
  const long num_bonds = int_field(counts, 3, 3);
  mol.chiral_flag = int_field(counts, 12, 3) != 0;
  if (num_atoms < 0 || num_bonds < 0 ||
      lines.size() < static_cast<size_t>(4 + num_atoms + num_bonds)) {
    throw std::runtime_error("InChI molfile reader: truncated mol block");
  }
  static const int charge_code[] = {0, 3, 2, 1, 'R', -1, -2, -3};
  size_t row = 4;
  for (long i = 0; i < num_atoms; ++i, ++row) {
    const std::string &line = lines[row];
    MolfileAtom atom;
    atom.x = double_field(line, 0, 10);
    atom.y = double_field(line, 10, 10);
    atom.z = double_field(line, 20, 10);
    std::string symbol = field(line, 31, 3);
    symbol.erase(0, symbol.find_first_not_of(' '));
    if (symbol.empty()) {
      throw std::runtime_error("InChI molfile reader: atom without symbol");
    }
    if (symbol.size() == 2 && std::isupper(static_cast<unsigned char>(symbol[1]))) {
      symbol[1] = static_cast<char>(std::tolower(symbol[1]));
    }
    atom.symbol = symbol;
    atom.mass = static_cast<int>(int_field(line, 34, 2));
    const long chg = int_field(line, 36, 3);
    if (chg < 0 || chg >= 8) {
      atom.charge = static_cast<int>(4 - chg);
    } else if (charge_code[chg] == 'R') {
      atom.radical = INCHI_RADICAL_DOUBLET;
    } else {
      atom.charge = charge_code[chg];
    }
    if (atom.mass != 0) {
      atom.mass += kIsotopicShift;
    }
    atom.valence = static_cast<int>(int_field(line, 48, 3));
    mol.atoms.push_back(atom);
  }
  for (long i = 0; i < num_bonds; ++i, ++row) {
    const std::string &line = lines[row];
    MolfileBond bond;
    bond.a1 = static_cast<int>(int_field(line, 0, 3));
    bond.a2 = static_cast<int>(int_field(line, 3, 3));
    bond.type = static_cast<int>(int_field(line, 6, 3));
    bond.stereo = static_cast<int>(int_field(line, 9, 3));
    mol.bonds.push_back(bond);
  }
  // Properties block, until `M  END`.
  bool charge_seen = false, radical_seen = false, isotope_seen = false;
  int skip = 0;
  for (; row < lines.size(); ++row) {
    const std::string &line = lines[row];
    if (skip > 0) {
      --skip;
      continue;
    }
    if (line.size() < 6 || line[0] == ' ' || line[1] != ' ' || line[2] != ' ') {
      continue;
    }
    const std::string type = field(line, 3, 3);
    if (line[0] == 'G') {
      skip = 1;
      continue;
    }
    if (line[0] == 'A') {
      // Atom alias: the next line replaces the atom's symbol.
      const long n = std::strtol(type.c_str(), nullptr, 10);
      if (n > 0 && n <= num_atoms && row + 1 < lines.size()) {
        std::string alias = rtrim(lines[row + 1]);
        alias.erase(0, alias.find_first_not_of(' '));
        MolfileAtom &atom = mol.atoms[n - 1];
        atom.charge = atom.radical = 0;
        atom.mass = alias == "D" ? 1 + kIsotopicShift
                    : alias == "T" ? 2 + kIsotopicShift
                                   : 0;
        if (alias == "D" || alias == "T") {
          alias = "H";
        }
        atom.symbol = alias.size() < ATOM_EL_LEN ? alias : "???";
        atom.aliased = true;
      }
      skip = 1;
      continue;
    }
    if (line[0] == 'S' && type == "SKP") {
      skip = static_cast<int>(int_field(line, 6, 3));
      continue;
    }
    if (line[0] != 'M') {
      continue;
    }
    if (type == "END") {
      break;
    }
    if (type != "CHG" && type != "RAD" && type != "ISO") {
      continue;
    }
    const long n = int_field(line, 6, 3);
    if (n < 1 || n > 8) {
      continue;
    }
    std::vector<long> values = free_ints(line, 9);
    values.resize(std::min<size_t>(values.size(), 2 * n));
    if (type == "ISO") {
      if (!isotope_seen) {
        for (auto &atom : mol.atoms) atom.mass = 0;
        isotope_seen = true;
      }
      for (size_t j = 0; j + 1 < values.size(); j += 2) {
        if (values[j] <= 0 || values[j] > num_atoms) continue;
        MolfileAtom &atom = mol.atoms[values[j] - 1];
        if (atom.symbol != "D" && atom.symbol != "T") {
          atom.mass = static_cast<int>(values[j + 1]);
        }
      }
      continue;
    }
    const bool is_charge = type == "CHG";
    bool valid = values.size() == static_cast<size_t>(2 * n);
    for (size_t j = 0; valid && j < values.size(); j += 2) {
      valid = values[j] > 0 && values[j] <= num_atoms &&
              (is_charge ? (values[j + 1] >= -15 && values[j + 1] <= 15)
                         : (values[j + 1] >= 0 && values[j + 1] <= 3));
    }
    if (!valid) {
      continue;  // inchi_main ignores an unrecognized charge/radical line
    }
    // The first charge or radical line clears those of the atom block.
    if (!charge_seen && !radical_seen) {
      for (auto &atom : mol.atoms) {
        if (!atom.aliased) atom.charge = atom.radical = 0;
      }
    }
    (is_charge ? charge_seen : radical_seen) = true;
    for (size_t j = 0; j < values.size(); j += 2) {
      MolfileAtom &atom = mol.atoms[values[j] - 1];
      if (atom.aliased) continue;
      (is_charge ? atom.charge : atom.radical) = static_cast<int>(values[j + 1]);
    }
  }
  return mol;
}

// e_mol2atom.c's mol_to_inchi_Atom: adjacency lists, bond stereo and the
// implicit-hydrogen rule (molfile valence, else InChI's own valence model).
std::vector<inchi_Atom> to_inchi_atoms(const Molfile &mol) {
  const int n = static_cast<int>(mol.atoms.size());
  std::vector<inchi_Atom> at(n);
  std::memset(at.data(), 0, sizeof(inchi_Atom) * n);
  for (int i = 0; i < n; ++i) {
    const MolfileAtom &a = mol.atoms[i];
    std::strncpy(at[i].elname, a.symbol.c_str(), ATOM_EL_LEN - 1);
    at[i].isotopic_mass = static_cast<AT_NUM>(a.mass);
    at[i].charge = static_cast<S_CHAR>(a.charge);
    // InChI's SINGLET_IS_TRIPLET.
    at[i].radical = static_cast<S_CHAR>(
        a.radical == INCHI_RADICAL_SINGLET ? INCHI_RADICAL_TRIPLET : a.radical);
    at[i].x = a.x;
    at[i].y = a.y;
    at[i].z = a.z;
  }
  for (const MolfileBond &b : mol.bonds) {
    const int a1 = b.a1 - 1, a2 = b.a2 - 1;
    if (a1 < 0 || a1 >= n || a2 < 0 || a2 >= n || a1 == a2) {
      throw std::runtime_error("InChI molfile reader: bond to nonexistent atom");
    }
    for (int k = 0; k < at[a1].num_bonds; ++k) {
      if (at[a1].neighbor[k] == a2) {
        throw std::runtime_error("InChI molfile reader: multiple bonds between two atoms");
      }
    }
    if (at[a1].num_bonds >= MAXVAL || at[a2].num_bonds >= MAXVAL) {
      throw std::runtime_error("InChI: an atom has more than 20 bonds");
    }
    if (b.type < INCHI_BOND_TYPE_SINGLE || b.type > INCHI_BOND_TYPE_ALTERN) {
      throw std::runtime_error("InChI molfile reader: unrecognized bond type " +
                               std::to_string(b.type));
    }
    const int n1 = at[a1].num_bonds++;
    const int n2 = at[a2].num_bonds++;
    at[a1].bond_type[n1] = at[a2].bond_type[n2] = static_cast<S_CHAR>(b.type);
    at[a1].neighbor[n1] = static_cast<AT_NUM>(a2);
    at[a2].neighbor[n2] = static_cast<AT_NUM>(a1);
    S_CHAR s1, s2;
    switch (b.stereo) {
      case 0: s1 = s2 = INCHI_BOND_STEREO_NONE; break;
      case 1: s1 = INCHI_BOND_STEREO_SINGLE_1UP; s2 = INCHI_BOND_STEREO_SINGLE_2UP; break;
      case 3: s1 = s2 = INCHI_BOND_STEREO_DOUBLE_EITHER; break;
      case 4: s1 = INCHI_BOND_STEREO_SINGLE_1EITHER; s2 = INCHI_BOND_STEREO_SINGLE_2EITHER; break;
      case 6: s1 = INCHI_BOND_STEREO_SINGLE_1DOWN; s2 = INCHI_BOND_STEREO_SINGLE_2DOWN; break;
      default: continue;  // unrecognized stereo is ignored
    }
    at[a1].bond_stereo[n1] = s1;
    at[a2].bond_stereo[n2] = s2;
  }
  for (int i = 0; i < n; ++i) {
    const MolfileAtom &a = mol.atoms[i];
    if (a.valence && (a.valence != 15 || at[i].num_bonds)) {
      // A molfile valence: H count = valence - sum of bond orders.
      int sum = 0, aromatic = 0;
      for (int k = 0; k < at[i].num_bonds; ++k) {
        if (at[i].bond_type[k] == INCHI_BOND_TYPE_ALTERN) {
          ++aromatic;
        } else {
          sum += at[i].bond_type[k];
        }
      }
      if (aromatic == 2) {
        sum += 3;
      } else if (aromatic == 3) {
        sum += 4;
      } else if (aromatic) {
        throw std::runtime_error("InChI molfile reader: atom has more than 3 aromatic bonds");
      }
      if (a.valence >= sum) {
        at[i].num_iso_H[0] = static_cast<S_CHAR>(a.valence - sum);
      }
    } else if (a.aliased || (a.valence == 15 && !at[i].num_bonds)) {
      at[i].num_iso_H[0] = 0;
    } else {
      at[i].num_iso_H[0] = -1;  // InChI adds implicit H itself
    }
  }
  return at;
}
}  // namespace

rust::String inchi_molblock(const RDKit::ROMol &mol) {
  RDKit::RWMol copy(mol);
  if (copy.getNumConformers() == 0) {
    // Python's AllChem.Compute2DCoords defaults to canonOrient=True.
    RDDepict::compute2DCoords(copy, nullptr, true);
  }
  return RDKit::MolToMolBlock(copy);
}

InchiOutput inchi_from_molblock(rust::Str molblock) {
  const Molfile mol = read_molfile(std::string(molblock));
  InchiOutput result;
  std::string message;
  if (mol.atoms.empty()) {
    result.code = -1;
    result.message = "Empty structure";
    return result;
  }
  if (mol.atoms.size() >= static_cast<size_t>(kMaxAtoms)) {
    throw std::runtime_error("InChI: too many atoms (at most 1023)");
  }
  std::vector<inchi_Atom> atoms = to_inchi_atoms(mol);
  // The options inchi_main passes for `-Key -AuxNone`, its default timeout,
  // and the molfile's chiral flag (ignored for standard InChI).
  std::string options = "-Key -AuxNone -W60";
  options += mol.chiral_flag ? " -ChiralFlagON" : " -ChiralFlagOFF";
  std::vector<char> options_buf(options.begin(), options.end());
  options_buf.push_back('\0');

  inchi_Input input;
  std::memset(&input, 0, sizeof(input));
  input.atom = atoms.data();
  input.num_atoms = static_cast<AT_NUM>(atoms.size());
  input.szOptions = options_buf.data();
  inchi_Output output;
  std::memset(&output, 0, sizeof(output));

  std::lock_guard<std::mutex> lock(inchi_mutex);
  const int code = GetINCHI(&input, &output);
  result.code = code;
  if (output.szMessage != nullptr) {
    message = output.szMessage;
  }
  if ((code == inchi_Ret_OKAY || code == inchi_Ret_WARNING) &&
      output.szInChI != nullptr) {
    result.inchi = output.szInChI;
    char key[32] = {0}, xtra1[72] = {0}, xtra2[72] = {0};
    const int key_code =
        GetINCHIKeyFromINCHI(output.szInChI, 0, 0, key, xtra1, xtra2);
    if (key_code == 0) {
      result.key = key;
    } else {
      message += message.empty() ? "" : "; ";
      message += "InChIKey failed (code " + std::to_string(key_code) + ")";
    }
  }
  FreeINCHI(&output);
  result.message = message;
  return result;
}
}  // namespace genui
