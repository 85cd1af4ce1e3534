// A port of the ChEMBL structure pipeline 1.2.2 (standardizer.py,
// exclude_flag.py, checker.py; MIT licence, (c) 2019 Greg Landrum and the
// ChEMBL group) to C++ over the same RDKit calls, so that the results equal
// those of the Python pipeline on the same RDKit build. Each function names
// the Python function it follows; deviations are commented.

#include "genui-chem-sys/cpp/include/standardize.h"

#include <GraphMol/ChemTransforms/ChemTransforms.h>
#include <GraphMol/FileParsers/FileParsers.h>
#include <GraphMol/MolOps.h>
#include <GraphMol/MolStandardize/Charge.h>
#include <GraphMol/MolStandardize/Normalize.h>
#include <GraphMol/MolStandardize/Tautomer.h>
#include <GraphMol/MolTransforms/MolTransforms.h>
#include <GraphMol/PeriodicTable.h>
#include <GraphMol/SmilesParse/SmilesParse.h>
#include <GraphMol/SmilesParse/SmilesWrite.h>
#include <GraphMol/Substruct/SubstructMatch.h>
#include <GraphMol/SubstanceGroup.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "genui-chem-sys/cpp/include/inchi.h"
#include "genui-chem-sys/src/bridge/inchi.rs.h"
#include "genui-chem-sys/src/bridge/standardize.rs.h"

namespace genui {
namespace {
using RDKit::ROMol;
using RDKit::RWMol;
using Named = std::pair<std::string, std::shared_ptr<ROMol>>;

// exclude_flag.py's METAL_LIST (Zn deliberately absent).
const std::set<std::string> kMetals = {
    "Sc", "Ti", "V",  "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Ga", "Y",  "Zr",
    "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Cd", "In", "Sn", "La", "Hf", "Ta",
    "W",  "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "Ac",
    "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm",
    "Yb", "Lu", "Th", "Pa", "U",  "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es",
    "Fm", "Md", "No", "Lr", "Ge", "Sb"};

// `name<TAB>SMARTS` lines, as get_fragment_parent_mol reads them.
std::vector<Named> read_fragment_list(const char *text) {
  std::vector<Named> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto first = line.find_first_not_of(" \t\r\n");
    const auto last = line.find_last_not_of(" \t\r\n");
    if (first == std::string::npos) continue;
    line = line.substr(first, last - first + 1);
    const auto tab = line.find('\t');
    if (tab == std::string::npos || line.find('\t', tab + 1) != std::string::npos) continue;
    std::shared_ptr<ROMol> query(RDKit::SmartsToMol(line.substr(tab + 1)));
    if (!query) throw std::runtime_error("bad ChEMBL fragment SMARTS: " + line);
    out.emplace_back(line.substr(0, tab), query);
  }
  return out;
}

const std::vector<Named> &solvents() {
  static const std::vector<Named> list = read_fragment_list(chembl_data::kSolvents);
  return list;
}

const std::vector<Named> &salts() {
  static const std::vector<Named> list = read_fragment_list(chembl_data::kSalts);
  return list;
}

std::shared_ptr<ROMol> smarts(const std::string &text) {
  std::shared_ptr<ROMol> query(RDKit::SmartsToMol(text));
  if (!query) throw std::runtime_error("bad SMARTS " + text);
  return query;
}

bool has_match(const ROMol &mol, const ROMol &query) {
  RDKit::MatchVectType match;
  return RDKit::SubstructMatch(mol, query, match);
}

std::vector<RDKit::MatchVectType> matches(const ROMol &mol, const ROMol &query) {
  std::vector<RDKit::MatchVectType> out;
  RDKit::SubstructMatch(mol, query, out);
  return out;
}

// Python's Bond.IsInRing finds SSSR rings first when none are known.
bool bond_in_ring(const RDKit::Bond *bond) {
  const ROMol &mol = bond->getOwningMol();
  if (!mol.getRingInfo()->isInitialized()) {
    RDKit::MolOps::findSSSR(mol);
  }
  return mol.getRingInfo()->numBondRings(bond->getIdx()) != 0;
}

unsigned int molfile_bond_stereo(const RDKit::Bond *bond, bool &present) {
  unsigned int value = 0;
  present = bond->getPropIfPresent(RDKit::common_properties::_MolFileBondStereo, value);
  return value;
}

// standardizer.remove_hs_from_mol (modifies `m`'s isotopes, like Python).
std::unique_ptr<ROMol> remove_hs_from_mol(RWMol &m) {
  RDKit::MolOps::fastFindRings(m);
  if (m.needsUpdatePropertyCache()) m.updatePropertyCache(false);
  const auto *table = RDKit::PeriodicTable::getTable();
  const unsigned int sentinel = 100;
  for (auto *atom : m.atoms()) {
    if (atom->getAtomicNum() != 1 || atom->getDegree() != 1 || atom->getIsotope()) continue;
    const RDKit::Bond *bond = m[*m.getAtomBonds(atom).first];
    const RDKit::Atom *nbr = bond->getOtherAtom(atom);
    bool has_stereo = false;
    const unsigned int stereo = molfile_bond_stereo(bond, has_stereo);
    bool preserve = false;
    if (bond->getBondDir() == RDKit::Bond::BEGINWEDGE ||
        bond->getBondDir() == RDKit::Bond::BEGINDASH ||
        (has_stereo && (stereo == 1 || stereo == 6))) {
      preserve = true;
    } else {
      const int default_valence = table->getDefaultValence(nbr->getAtomicNum());
      const bool protonated = nbr->getFormalCharge() == 1 &&
                              nbr->getExplicitValence() == default_valence + 1;
      if (nbr->getChiralTag() == RDKit::Atom::CHI_TETRAHEDRAL_CCW ||
          nbr->getChiralTag() == RDKit::Atom::CHI_TETRAHEDRAL_CW) {
        preserve = true;
      } else if (!protonated) {
        if (nbr->getExplicitValence() > default_valence) {
          preserve = true;
        } else {
          int ring_bonds = 0;
          for (const auto &b : boost::make_iterator_range(m.getAtomBonds(nbr))) {
            if (m.getRingInfo()->numBondRings(m[b]->getIdx())) ++ring_bonds;
          }
          preserve = ring_bonds >= 3;
        }
      }
    }
    if (preserve) atom->setIsotope(sentinel);
  }
  std::unique_ptr<ROMol> res(RDKit::MolOps::removeHs(static_cast<const ROMol &>(m), false, false, false));
  for (auto *atom : res->atoms()) {
    if (atom->getAtomicNum() == 1 && atom->getIsotope() == sentinel) atom->setIsotope(0);
  }
  return res;
}

// standardizer.normalize_mol
std::unique_ptr<ROMol> normalize_mol(ROMol &m) {
  // One per thread: RDKit does not promise that a Normalizer may be shared.
  thread_local std::unique_ptr<RDKit::MolStandardize::Normalizer> normalizer = [] {
    std::istringstream data(chembl_data::kNormalizations);
    return std::make_unique<RDKit::MolStandardize::Normalizer>(
        data, RDKit::MolStandardize::CleanupParameters().maxRestarts);
  }();
  static const auto alkoxide = smarts("[Li,Na,K;+0]-[#7,#8;+0]");
  RDKit::MolOps::fastFindRings(m);
  if (has_match(m, *alkoxide)) {
    RWMol rw(m);
    for (const auto &match : matches(rw, *alkoxide)) {
      rw.removeBond(match[0].second, match[1].second);
      rw.getAtomWithIdx(match[0].second)->setFormalCharge(1);
      rw.getAtomWithIdx(match[1].second)->setFormalCharge(-1);
    }
    return std::unique_ptr<ROMol>(normalizer->normalize(rw));
  }
  return std::unique_ptr<ROMol>(normalizer->normalize(m));
}

// standardizer.uncharge_mol
std::unique_ptr<RWMol> uncharge_mol(const ROMol &m) {
  RDKit::MolStandardize::Uncharger uncharger(true);
  std::unique_ptr<ROMol> res(uncharger.uncharge(m));
  auto out = std::make_unique<RWMol>(*res);
  out->updatePropertyCache(false);
  return out;
}

// standardizer.flatten_tartrate_mol
void flatten_tartrate_mol(RWMol &m) {
  static const std::shared_ptr<ROMol> tartrate = [] {
    auto query = smarts("OC(=O)C(O)C(O)C(=O)O");
    auto params = RDKit::MolOps::AdjustQueryParameters::noAdjustments();
    params.adjustDegree = true;
    params.adjustDegreeFlags = RDKit::MolOps::ADJUST_IGNORENONE;
    return std::shared_ptr<ROMol>(RDKit::MolOps::adjustQueryProperties(*query, &params));
  }();
  for (const auto &match : matches(m, *tartrate)) {
    m.getAtomWithIdx(match[3].second)->setChiralTag(RDKit::Atom::CHI_UNSPECIFIED);
    m.getAtomWithIdx(match[5].second)->setChiralTag(RDKit::Atom::CHI_UNSPECIFIED);
  }
}

// standardizer._check_and_straighten_at_triple_bond / _cleanup_allenes step
void straighten(RDKit::Conformer &conf, unsigned int a, unsigned int centre, unsigned int b) {
  const double angle = MolTransforms::getAngleRad(conf, a, centre, b);
  if (std::fabs(std::fabs(angle) - M_PI) > 0.017) {
    MolTransforms::setAngleRad(conf, a, centre, b, M_PI);
  }
}

// standardizer.cleanup_drawing_mol
void cleanup_drawing_mol(RWMol &m) {
  if (!m.getNumConformers()) return;
  RDKit::Conformer &conf = m.getConformer();
  if (conf.is3D()) {
    for (unsigned int i = 0; i < m.getNumAtoms(); ++i) {
      if (std::fabs(conf.getAtomPos(i).z) >= 0.0001) {
        throw std::invalid_argument("cleanup_drawing_mol() only works for 2D molecules");
      }
    }
    conf.set3D(false);
  }
  RDKit::MolOps::fastFindRings(m);
  for (const auto *bond : m.bonds()) {
    if (bond->getBondType() != RDKit::Bond::TRIPLE ||
        m.getRingInfo()->numBondRings(bond->getIdx())) {
      continue;
    }
    for (const auto *at : {bond->getBeginAtom(), bond->getEndAtom()}) {
      if (at->getDegree() != 2) continue;
      std::vector<unsigned int> nbrs;
      for (const auto &n : boost::make_iterator_range(m.getAtomNeighbors(at))) {
        nbrs.push_back(static_cast<unsigned int>(n));
      }
      straighten(conf, nbrs[0], at->getIdx(), nbrs[1]);
    }
  }
  static const auto allene = smarts("*=[C;R0]=*");
  for (const auto &match : matches(m, *allene)) {
    straighten(conf, match[0].second, match[1].second, match[2].second);
  }
}

std::unique_ptr<ROMol> combine(const std::vector<std::shared_ptr<ROMol>> &frags) {
  std::unique_ptr<ROMol> res(new ROMol(*frags[0]));
  for (size_t i = 1; i < frags.size(); ++i) {
    res.reset(RDKit::combineMols(*res, *frags[i]));
  }
  return res;
}

// Indices of `frags` still kept after removing those equal to a list entry
// (same heavy atoms and bonds, and a substructure match).
void strip_matching(const std::vector<std::shared_ptr<ROMol>> &frags,
                    const std::vector<Named> &list, std::vector<int> &keep) {
  for (const auto &entry : list) {
    const ROMol &query = *entry.second;
    for (size_t i = 0; i < frags.size(); ++i) {
      if (keep[i] && frags[i]->getNumAtoms() == query.getNumAtoms() &&
          frags[i]->getNumBonds() == query.getNumBonds() && has_match(*frags[i], query)) {
        keep[i] = 0;
      }
    }
    // None kept (also when there are no fragments at all: a molecule without atoms, where
    // max_element would return the end of an empty list).
    if (std::none_of(keep.begin(), keep.end(), [](int k) { return k != 0; })) break;
  }
}

// standardizer.get_fragment_parent_mol
std::unique_ptr<ROMol> fragment_parent(const ROMol &m, bool check_exclusion, bool neutralize,
                                       bool &exclude) {
  auto input_frags = RDKit::MolOps::getMolFrags(m, false);
  std::vector<std::shared_ptr<ROMol>> inputs, frags;
  for (const auto &f : input_frags) {
    inputs.emplace_back(new ROMol(*f));
    std::unique_ptr<ROMol> noh(RDKit::MolOps::removeHs(*f, false, false, false));
    auto frag = std::make_shared<RWMol>(*noh);
    frag->updatePropertyCache(false);
    RDKit::MolOps::setAromaticity(*frag);
    frags.push_back(frag);
  }
  std::vector<int> keep(frags.size(), 1);
  strip_matching(frags, solvents(), keep);
  if (keep.empty() || !*std::max_element(keep.begin(), keep.end())) {
    // Everything is a solvent: the input is its own parent.
    exclude = check_exclusion && chembl_exclude_flag(m);
    if (neutralize) return uncharge_mol(m);
    return std::make_unique<ROMol>(m);
  }
  std::vector<std::shared_ptr<ROMol>> kept_frags, kept_inputs;
  for (size_t i = 0; i < keep.size(); ++i) {
    if (keep[i]) {
      kept_frags.push_back(frags[i]);
      kept_inputs.push_back(inputs[i]);
    }
  }
  keep.assign(kept_frags.size(), 1);
  strip_matching(kept_frags, salts(), keep);
  if (std::none_of(keep.begin(), keep.end(), [](int k) { return k != 0; })) {
    keep.assign(kept_frags.size(), 1);  // all salts: keep everything
  }
  std::vector<size_t> keep_idx;
  std::set<std::string> seen_smiles;
  const bool single = std::count(keep.begin(), keep.end(), 1) == 1;
  for (size_t i = 0; i < keep.size(); ++i) {
    if (!keep[i]) continue;
    keep_idx.push_back(i);
    // One fragment left is its own parent: no need to compare SMILES.
    if (single) {
      seen_smiles.insert("");
      continue;
    }
    std::unique_ptr<RWMol> cfrag =
        neutralize ? uncharge_mol(*kept_inputs[i]) : std::make_unique<RWMol>(*kept_inputs[i]);
    std::unique_ptr<ROMol> noh(RDKit::MolOps::removeHs(static_cast<const ROMol &>(*cfrag), false, false, false));
    RWMol clean(*noh);
    clean.clearComputedProps(true);
    clean.updatePropertyCache(false);
    unsigned int failed = 0;
    RDKit::MolOps::sanitizeMol(
        clean, failed,
        RDKit::MolOps::SANITIZE_SYMMRINGS | RDKit::MolOps::SANITIZE_FINDRADICALS |
            RDKit::MolOps::SANITIZE_SETAROMATICITY | RDKit::MolOps::SANITIZE_ADJUSTHS);
    seen_smiles.insert(RDKit::MolToSmiles(clean));
  }
  std::unique_ptr<ROMol> res;
  if (seen_smiles.size() == 1) {
    res = std::make_unique<ROMol>(*kept_inputs[keep_idx[0]]);
  } else {
    std::vector<std::shared_ptr<ROMol>> parts;
    for (size_t i : keep_idx) parts.push_back(kept_inputs[i]);
    res = combine(parts);
  }
  exclude = check_exclusion && chembl_exclude_flag(*res);
  if (exclude) {
    // Still excluded after stripping salts: back to the solvent-free species.
    res = combine(kept_inputs);
  }
  if (neutralize) return uncharge_mol(*res);
  return res;
}
}  // namespace

// exclude_flag.exclude_flag(mol, includeRDKitSanitization=False)
bool chembl_exclude_flag(const RDKit::ROMol &mol) {
  bool metallic = false;
  int borons = 0;
  for (const auto *atom : mol.atoms()) {
    const std::string symbol = atom->getSymbol();
    if (kMetals.count(symbol)) metallic = true;
    if (symbol == "B") ++borons;
  }
  return metallic || borons > 7;
}

// standardizer.standardize_mol
std::unique_ptr<RDKit::ROMol> chembl_standardize(const RDKit::ROMol &mol, bool check_exclusion,
                                                 bool sanitize) {
  if (check_exclusion && chembl_exclude_flag(mol)) {
    return std::make_unique<ROMol>(mol);
  }
  RWMol m(mol);
  m.updatePropertyCache(false);
  RDKit::getSubstanceGroups(m).clear();
  RDKit::MolOps::Kekulize(m, false);
  RWMol no_hs(*remove_hs_from_mol(m));
  std::unique_ptr<ROMol> normalized = normalize_mol(no_hs);
  std::unique_ptr<RWMol> res = uncharge_mol(*normalized);
  flatten_tartrate_mol(*res);
  cleanup_drawing_mol(*res);
  if (sanitize) RDKit::MolOps::sanitizeMol(*res);
  return std::unique_ptr<ROMol>(res.release());
}

// standardizer.get_parent_mol (get_isotope_parent_mol, then
// get_fragment_parent_mol)
std::unique_ptr<RDKit::ROMol> chembl_parent(const RDKit::ROMol &mol, bool neutralize,
                                            bool check_exclusion, bool &exclude) {
  RWMol m(mol);
  for (auto *atom : m.atoms()) {
    if (atom->getIsotope()) atom->setIsotope(0);
  }
  std::unique_ptr<ROMol> ipar = remove_hs_from_mol(m);
  auto parent = fragment_parent(*ipar, check_exclusion, neutralize, exclude);
  // Removing fragments resets ring perception; RDKit's Python functions
  // redo it lazily, our descriptor calls need it done (as sanitizing does).
  if (!parent->getRingInfo()->isInitialized()) {
    RDKit::MolOps::symmetrizeSSSR(*parent);
  }
  return parent;
}

namespace {
// checker.py's InchiChecker.get_inchi_score (warnings of InChI 1.03).
void inchi_issues(const InchiOutput &out, const std::string &molblock,
                  std::vector<std::pair<int, std::string>> &res) {
  const std::string message(out.message);
  if (out.inchi.empty()) {
    // inchi_main's error line, as the golden script's rdinchi shim reports it.
    std::string log = "Error " + std::to_string(out.code) + " (no InChI; " + message + ")";
    if (molblock.find("\n  0  0  ") != std::string::npos && message.find("Empty structure") != std::string::npos) {
      res.emplace_back(6, "InChI: Empty structure");
    } else if (message.find("Unknown element(s)") == 0) {
      res.emplace_back(7, "InChI: Unknown element(s)");
    } else {
      res.emplace_back(7, log);
    }
    return;
  }
  static const std::vector<std::pair<std::string, int>> known = {
      {"Accepted unusual valence(s)", 6}, {"Empty structure", 6}, {"Ambiguous stereo", 2}};
  static const std::regex element(R"(^[A-Z][a-z]?.*?\([0-9])");
  std::vector<std::pair<int, std::string>> found;
  std::istringstream parts(message);
  std::string warning;
  while (std::getline(parts, warning, ';')) {
    const auto first = warning.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) continue;
    warning = warning.substr(first, warning.find_last_not_of(" \t\r\n") - first + 1);
    bool matched = false;
    for (const auto &k : known) {
      if (warning.rfind(k.first, 0) == 0) {
        found.emplace_back(k.second, "InChI: " + k.first);
        matched = true;
      }
    }
    if (matched) continue;
    if (std::regex_search(warning, element) && !found.empty() &&
        found.back().second == "InChI: Accepted unusual valence(s)") {
      continue;  // "…valence(s): N(4); Cu(6)" split on ';'
    }
    if (warning.rfind("bond(s)", 0) == 0 && !found.empty() &&
        found.back().second == "InChI: Ambiguous stereo") {
      continue;  // "Ambiguous stereo: center(s); bond(s)"
    }
    found.emplace_back(2, "InChI: " + warning);
  }
  res.insert(res.end(), found.begin(), found.end());
}

// checker.py's StereoChecker.get_stereo_counts: stereocentres in the last
// InChI /t layer, wedge-starting atoms in the mol block, and RDKit's.
void stereo_issue(const std::string &inchi, RWMol &mol,
                  std::vector<std::pair<int, std::string>> &res) {
  int n_inchi = 0;
  static const std::regex layer_re("/t([^/]*)");
  std::string last_layer;
  bool any = false;
  for (std::sregex_iterator it(inchi.begin(), inchi.end(), layer_re), end; it != end; ++it) {
    last_layer = (*it)[1];
    any = true;
  }
  if (any) {
    std::istringstream layers(last_layer + ";");
    std::string layer;
    while (std::getline(layers, layer, ';')) {
      if (layer.empty()) continue;
      int n_spec = 0, n = 1;
      std::istringstream centres(layer);
      std::string centre;
      while (std::getline(centres, centre, ',')) {
        if (centre.find('*') != std::string::npos) {
          n = std::stoi(centre.substr(0, centre.find('*')));
        }
        if (!centre.empty() && centre.back() != '?') ++n_spec;
      }
      n_inchi += n_spec * n;
    }
  }
  std::set<unsigned int> wedge_starts;
  for (const auto *bond : mol.bonds()) {
    bool present = false;
    const unsigned int stereo = molfile_bond_stereo(bond, present);
    if (present && (stereo == 1 || stereo == 6)) wedge_starts.insert(bond->getBeginAtomIdx());
  }
  const int n_mol = static_cast<int>(wedge_starts.size());
  mol.updatePropertyCache(false);
  RDKit::MolOps::assignStereochemistry(mol, true, true);
  int n_rdkit = 0;
  for (const auto *atom : mol.atoms()) {
    if (atom->getChiralTag() == RDKit::Atom::CHI_TETRAHEDRAL_CW ||
        atom->getChiralTag() == RDKit::Atom::CHI_TETRAHEDRAL_CCW) {
      ++n_rdkit;
    }
  }
  if (n_inchi != n_mol && n_inchi != n_rdkit && n_rdkit != n_mol) {
    res.emplace_back(5, "Mol/Inchi/RDKit stereo mismatch");
  } else if (n_rdkit == n_mol && n_inchi != n_rdkit) {
    res.emplace_back(5, "RDKit_Mol/InChI stereo mismatch");
  } else if (n_mol == n_inchi && n_inchi != n_rdkit) {
    res.emplace_back(2, "InChi_Mol/RDKit stereo mismatch");
  } else if (n_inchi == n_rdkit && n_inchi != n_mol) {
    res.emplace_back(5, "InChi_RDKit/Mol stereo mismatch");
  }
}

bool has_line_starting(const std::string &text, const std::string &prefix) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

// checker.py's PolymerFileChecker regex `^M  STY.+(SRU)|(MON)|(COP)|(CRO)|(ANY)`:
// by precedence, an `M  STY` line with SRU, or MON/COP/CRO/ANY anywhere.
bool polymer_molfile(const std::string &text) {
  for (const char *word : {"MON", "COP", "CRO", "ANY"}) {
    if (text.find(word) != std::string::npos) return true;
  }
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("M  STY", 0) == 0 && line.find("SRU", 7) != std::string::npos) return true;
  }
  return false;
}

int overlapping_pairs(const ROMol &mol) {
  if (!mol.getNumConformers()) return 0;
  const auto &conf = mol.getConformer();
  int count = 0;
  for (unsigned int i = 0; i < mol.getNumAtoms(); ++i) {
    for (unsigned int j = 0; j < i; ++j) {
      if ((conf.getAtomPos(i) - conf.getAtomPos(j)).length() < 0.0001) ++count;
    }
  }
  return count;
}

bool disallowed_radical(const ROMol &mol) {
  for (const auto *atom : mol.atoms()) {
    const unsigned int nrad = atom->getNumRadicalElectrons();
    if (nrad == 0) continue;
    const int z = atom->getAtomicNum();
    if (z != 7 && z != 8) return true;
    if (nrad != 1 || atom->getDegree() != 1) return true;
    const auto *nbr = mol[*mol.getAtomNeighbors(atom).first];
    const auto *bond = mol.getBondBetweenAtoms(atom->getIdx(), nbr->getIdx());
    // Nitric oxide N=O, or aminoxyl N-O.
    if (z == 7 && (nbr->getAtomicNum() != 8 || bond->getBondType() != RDKit::Bond::DOUBLE)) return true;
    if (z == 8 && (nbr->getAtomicNum() != 7 || bond->getBondType() != RDKit::Bond::SINGLE)) return true;
  }
  return false;
}
}  // namespace

// checker.check_molblock
rust::Vec<CheckIssue> chembl_check_molblock(rust::Str molblock) {
  const std::string mb(molblock);
  std::unique_ptr<RWMol> mol;
  try {
    mol.reset(RDKit::MolBlockToMol(mb, false, false));
  } catch (const std::exception &) {
    mol.reset();
  }
  std::vector<std::pair<int, std::string>> res;
  if (!mol) {
    res.emplace_back(7, "Illegal input");
  } else {
    const ROMol &m = *mol;
    const bool has_conf = m.getNumConformers() > 0;
    bool any_z = false;
    if (has_conf) {
      for (unsigned int i = 0; i < m.getNumAtoms(); ++i) {
        if (std::fabs(m.getConformer().getAtomPos(i).z) >= 0.0001) any_z = true;
      }
    }
    auto add = [&](bool matched, int score, const char *text) {
      if (matched) res.emplace_back(score, text);
    };
    add(polymer_molfile(mb), 6, "polymer information in mol file");
    add(has_line_starting(mb, "M  V30") || has_line_starting(mb, "M  v30"), 6, "V3000 mol file");
    add(m.getNumAtoms() < 1, 6, "number of atoms less than 1");
    add(any_z, 6, "molecule has 3D coordinates");
    add(has_conf && m.getConformer().is3D() && !any_z, 2,
        "molecule has the 3D flag set for a 2D conformer");
    bool illegal_type = false, illegal_stereo = false, multiple = false, crossed = false,
         ring_stereo = false, to_stereocentre = false;
    std::vector<int> starts(m.getNumAtoms(), 0);
    std::vector<const RDKit::Bond *> stereo_bonds;
    for (const auto *bond : m.bonds()) {
      const auto type = bond->getBondType();
      if (type != RDKit::Bond::SINGLE && type != RDKit::Bond::DOUBLE && type != RDKit::Bond::TRIPLE) {
        illegal_type = true;
      }
      bool present = false;
      const unsigned int stereo = molfile_bond_stereo(bond, present);
      if (present && stereo == 4) illegal_stereo = true;
      if (present && stereo) {
        if (starts[bond->getBeginAtomIdx()]) multiple = true;
        starts[bond->getBeginAtomIdx()] = 1;
        stereo_bonds.push_back(bond);
      }
    }
    for (const auto *bond : stereo_bonds) {
      if (starts[bond->getEndAtomIdx()]) to_stereocentre = true;
    }
    for (const auto *bond : m.bonds()) {
      if (bond->getBondType() == RDKit::Bond::DOUBLE &&
          bond->getBondDir() == RDKit::Bond::EITHERDOUBLE && bond_in_ring(bond)) {
        crossed = true;
      }
      bool present = false;
      const unsigned int stereo = molfile_bond_stereo(bond, present);
      if (present && stereo != 3 && bond_in_ring(bond)) ring_stereo = true;
    }
    add(illegal_type, 5, "molecule has a bond with an illegal type");
    add(illegal_stereo, 5, "molecule has a bond with an illegal stereo flag");
    add(multiple, 2, "molecule has an atom with multiple stereo bonds");
    const int overlaps = overlapping_pairs(m);
    add(overlaps >= 6, 6, "molecule has six (or more) atoms with exactly the same coordinates");
    add(overlaps >= 1 && overlaps < 6, 5,
        "molecule has two (or more) atoms with exactly the same coordinates");
    bool zero = m.getNumAtoms() > 1;
    if (zero && has_conf) {
      for (unsigned int i = 0; i < m.getNumAtoms(); ++i) {
        if (m.getConformer().getAtomPos(i).length() > 0.0001) zero = false;
      }
    }
    add(zero, 6, "all atoms have zero coordinates");
    add(crossed, 5, "molecule has a crossed bond in a ring");
    add(ring_stereo, 2, "molecule has a stereo bond in a ring");
    add(to_stereocentre, 2, "molecule has an stereo bond to a stereocenter");
    add(disallowed_radical(m), 6, "molecule has a radical that is not found in the known list");
    const InchiOutput out = inchi_from_molblock(molblock);
    inchi_issues(out, mb, res);
    // StereoChecker reads the mol block afresh (no ring info found yet).
    std::unique_ptr<RWMol> fresh(RDKit::MolBlockToMol(mb, false, false));
    stereo_issue(std::string(out.inchi), *fresh, res);
  }
  std::sort(res.begin(), res.end(), std::greater<>());
  rust::Vec<CheckIssue> issues;
  for (const auto &r : res) {
    issues.push_back(CheckIssue{static_cast<uint8_t>(r.first), rust::String(r.second)});
  }
  return issues;
}

std::unique_ptr<RDKit::ROMol> mol_without_conformers(const RDKit::ROMol &mol) {
  auto copy = std::make_unique<RDKit::ROMol>(mol);
  copy->clearConformers();
  return copy;
}

std::unique_ptr<RDKit::ROMol> canonical_tautomer(const RDKit::ROMol &mol) {
  thread_local RDKit::MolStandardize::TautomerEnumerator enumerator;
  return std::unique_ptr<RDKit::ROMol>(enumerator.canonicalize(mol));
}
}  // namespace genui
