// ChEMBL structure pipeline port: standardize, parent, checker.
#pragma once

#include "genui-chem-sys/cpp/include/common.h"

namespace genui {
struct CheckIssue;

bool chembl_exclude_flag(const RDKit::ROMol &mol);
std::unique_ptr<RDKit::ROMol> chembl_standardize(const RDKit::ROMol &mol,
                                                 bool check_exclusion,
                                                 bool sanitize);
std::unique_ptr<RDKit::ROMol> chembl_parent(const RDKit::ROMol &mol,
                                            bool neutralize,
                                            bool check_exclusion,
                                            bool &exclude);
rust::Vec<CheckIssue> chembl_check_molblock(rust::Str molblock);
std::unique_ptr<RDKit::ROMol> mol_without_conformers(const RDKit::ROMol &mol);
std::unique_ptr<RDKit::ROMol> canonical_tautomer(const RDKit::ROMol &mol);
}  // namespace genui

// Data of the ChEMBL structure pipeline 1.2.2, copied verbatim: the
// normalization SMIRKS of standardizer.py (derived from MolVS, with ChEMBL
// additions) and data/solvents.smi, data/salts.smi (`name<TAB>SMARTS`).
// chembl_structure_pipeline is MIT-licensed, (c) 2019 Greg Landrum and the
// ChEMBL group; see https://github.com/chembl/ChEMBL_Structure_Pipeline.

namespace genui {
namespace chembl_data {
constexpr const char *kNormalizations = R"CSP(//	Name	SMIRKS
Nitro to N+(O-)=O	[N;X3:1](=[O:2])=[O:3]>>[*+1:1]([*-1:2])=[*:3]
Diazonium N	[*:1]-[N;X2:2]#[N;X1:3]>>[*:1]-[*+1:2]#[*:3]
Quaternary N	[N;X4;v4;+0:1]>>[*+1:1]
Trivalent O	[*:1]=[O;X2;v3;+0:2]-[#6:3]>>[*:1]=[*+1:2]-[*:3]
Sulfoxide to -S+(O-)	[!O:1][S+0;D3:2](=[O:3])[!O:4]>>[*:1][S+1:2]([O-:3])[*:4]
// this form addresses a pathological case that came up a few times in testing:
Sulfoxide to -S+(O-) 2	[!O:1][SH1+1;D3:2](=[O:3])[!O:4]>>[*:1][S+1:2]([O-:3])[*:4]
Trivalent S	[O:1]=[S;D2;+0:2]-[#6:3]>>[*:1]=[*+1:2]-[*:3]
// Note that the next one doesn't work propertly because repeated appplications
// don't carry the cations from the previous rounds through. This should be
// fixed by implementing single-molecule transformations, but that's a longer-term
// project
//Alkaline oxide to ions	[Li,Na,K;+0:1]-[O+0:2]>>([*+1:1].[O-:2])
Bad amide tautomer1	[C:1]([OH1;D1:2])=;!@[NH1:3]>>[C:1](=[OH0:2])-[NH2:3]
Bad amide tautomer2	[C:1]([OH1;D1:2])=;!@[NH0:3]>>[C:1](=[OH0:2])-[NH1:3]
Halogen with no neighbors	[F,Cl,Br,I;X0;+0:1]>>[*-1:1]
Odd pyridine/pyridazine oxide structure	[C,N;-;D2,D3:1]-[N+2;D3:2]-[O-;D1:3]>>[*-0:1]=[*+1:2]-[*-:3]
Odd azide	[*:1][N-:2][N+:3]#[N:4]>>[*:1][N+0:2]=[N+:3]=[N-:4]
)CSP";

constexpr const char *kSolvents = R"CSP(WATER	[OH2]
DICHLOROMETHANE	ClCCl
TRICHLOROMETHANE	ClC(Cl)Cl
ETHYL ACETATE	CCOC(=O)C
METHANOL	CO
PROPAN-2-OL	CC(C)O
ACETONE	CC(=O)C
DMSO	CS(=O)C
ETHANOL	CCO
)CSP";

constexpr const char *kSalts = R"CSP(Tetrafluoroboranuide	F[B-](F)(F)F
Arginine	NC(CCCNC(=N)N)C(=O)O
Deanol	CN(C)CCO
2-(Diethylamino)ethanol	CCN(CC)CCO
Ethanolamine	NCCO
DiMeglumine	CNCC(O)C(O)C(O)C(O)CO
Acetate	CC(=O)O
Aceturate	CC(=O)NCC(=O)O
Stearate	CCCCCCCCCCCCCCCCCC(=O)O
Adipate	OC(=O)CCCCC(=O)O
Aluminium	[Al]
Ammonium	N
Ascorbate	OCC(O)C1OC(=O)C(=C1O)O
Aspartate	NC(CC(=O)O)C(=O)O
Barium	[Ba]
Benethamine	C(Cc1ccccc1)NCc2ccccc2
Benzathine	C(CNCc1ccccc1)NCc2ccccc2
Benzoate	OC(=O)c1ccccc1
Besylate	OS(=O)(=O)c1ccccc1
Bismuth	[Bi]
Bromide	Br
Butyraldehyde	CCCC=O
Ethyl Butanoate	CCCC(=O)OCC
Calcium	[Ca]
Camsylate	CC1(C)C2CCC1(CS(=O)(=O)O)C(=O)C2
Carbonate	OC(=O)O
Chloride	Cl
Choline	C[N+](C)(C)CCO
Citrate	OC(=O)CC(O)(CC(=O)O)C(=O)O
Closylate	OS(=O)(=O)c1ccc(Cl)cc1
Cyclamate	OS(=O)(=O)NC1CCCCC1
Dichloroacetate	OC(=O)C(Cl)Cl
Diethylamine	CCNCC
Dimethylethanolamine	CC(C)(N)CO
Diolamine	OCCNCCO
Edamine	NCCN
Edisylate	OS(=O)(=O)CCS(=O)(=O)O
Epolamine	OCCN1CCCC1
Erbumine	CC(C)(C)N
Estolate	CCCCCCCCCCCCOS(=O)(=O)O
Esylate	CCS(=O)(=O)O
Ethylsulfate	CCOS(=O)(=O)O
Fluoride	F
Formate	OC=O
Gluceptate	OCC(O)C(O)C(O)C(O)C(O)C(=O)O
Gluconate	OCC(O)C(O)C(O)C(O)C(=O)O
Glucuronate	OC1OC(C(O)C(O)C1O)C(=O)O
Glutamate	NC(CCC(=O)O)C(=O)O
Glycerate	OCC(O)CO
Glycerophosphate	OCC(O)COP(=O)(O)O
Hexafluorophosphate	F[P](F)(F)(F)(F)F
Hypophosphite	OP=O
Iodide	I
Isethionate	OCCS(=O)(=O)O
Potassium	[K]
Lactate	CC(O)C(=O)O
Lactobionate	OCC(O)C(OC1OC(CO)C(O)C(O)C1O)C(O)C(O)C(=O)O
Lithium	[Li]
Lysine	NCCCCC(N)C(=O)O
Malate	OC(CC(=O)O)C(=O)O
Maleate and Fumarate	OC(=O)C=CC(=O)O
Mesylate	CS(=O)(=O)O
Metaphosphate	OP(=O)=O
Methosulfate	COS(=O)(=O)O
Magnesium	[Mg]
Monofluorophosphate	OP(=O)(O)F
Sodium	[Na]
Napadisilate	OS(=O)(=O)c1cccc2c(cccc12)S(=O)(=O)O
Napsylate	OS(=O)(=O)c1ccc2ccccc2c1
Nitrate	O[N](=O)O
Oxalate	OC(=O)C(=O)O
Palmitate	CCCCCCCCCCCCCCCC(=O)O
Pamoate	OC(=O)c1cc2ccccc2c(Cc3c(O)c(cc4ccccc34)C(=O)O)c1O
Perchlorate	OCl(=O)(=O)=O
Phosphanilate	Nc1ccc(cc1)P(=O)(O)O
Phosphate	OP(=O)(O)O
Picrate	Oc1c(cc(cc1[N+](=O)[O-])[N+](=O)[O-])[N+](=O)[O-]
Piperazine	C1CNCCN1
Propylene Glycol	CC(O)CO
Saccharin	O=C1NS(=O)(=O)c2ccccc12
Salicylate	OC(=O)c1ccccc1O
Silver	[Ag]
Strontium	[Sr]
Succinate	OC(=O)CCC(=O)O
Sulfate	OS(=O)(=O)O
Sulfosalicylate	OC(=O)c1cccc(c1O)S(=O)(=O)O
Sulphide	[S-2]
Terephthalate	OC(=O)c1ccc(cc1)C(=O)O
Tosylate	Cc1ccc(cc1)S(=O)(=O)O
Triclofenate	Oc1cc(Cl)c(Cl)cc1Cl
Triethylamine	CCN(CC)CC
Trifenatate	OC(=O)C(c1ccccc1)(c2ccccc2)c3ccccc3
Triflutate	OC(=O)C(F)(F)F
Tromethamine	NC(CO)(CO)CO
Buciclate	CCCCC1CCC(CC1)C(=O)O
Butyrate	CCCC(=O)O
Caproate	CCCCCC(=O)O
Cyclotate	CC12CCC(CC1)(C=C2)C(=O)O
Cypionate	OC(=O)CCC1CCCC1
Daproate	CN(C)CCC(=O)O
EDTA	OC(=O)CN(CCN(CC(=O)O)CC(=O)O)CC(=O)O
Elaidate and oleate	CCCCCCCCC=CCCCCCCCC(=O)O
Enanthate	CCCCCCC(=O)O
Etabonate	CCOC(=O)O
Ethanediol	COCCO
Etiprate	OC(=O)CNC(=O)c1ccccc1
Etzadroxil	CCC(CC)C(=O)OCO
Fostedate	CCCCCCCCCCCCCCOP(=O)(O)O
Furoate	OC(=O)c1occc1
Hybenzate	OC(=O)c1ccccc1C(=O)c2ccc(O)cc2
Laurate	CCCCCCCCCCCC(=O)O
Mebutate	CC=C(C)C(=O)O
Mepesuccinate	COC(=O)CC(O)(CCCC(C)(C)O)C(=O)O
Metazoate	OC(=O)c1cccc(c1)S(=O)(=O)O
Methionil	CSCCC(N)C(=O)C
Nicotinate	OC(=O)c1cccnc1
Peroxide	OO
Phenpropionate	OC(=O)CCc1ccccc1
Phenylacetate	OC(=O)Cc1ccccc1
Pivalate	CC(C)(C)C(=O)O
Propionate	CCC(=O)O
Tebutate	CC(C)(C)CC(=O)O
Trolamine	OCCN(CCO)CCO
Undecylate	CCCCCCCCCCC(=O)O
Undecylenate	OC(=O)CCCCCCCCC=C
Valerate	CCCCC(=O)O
Water	O
Xinafoate	OC(=O)c1ccc2ccccc2c1O
Zinc	[Zn]
Imidazole	c1c[nH]cn1
4-(2-Hydroxyethyl)morpholine	OCCN1CCOCC1
4-Acetamidobenzoic acid	CC(=O)Nc1ccc(cc1)C(=O)O
Camphoric acid	CC1(C)C(CCC1(C)C(=O)O)C(=O)O
Capric acid	CCCCCCCCCC(=O)O
Caprylic acid	CCCCCCCC(=O)O
Cinnamic acid	OC(=O)C=Cc1ccccc1
Mucic acid	OC(C(O)C(O)C(=O)O)C(O)C(=O)O
Gentisic acid	OC(=O)c1cc(O)ccc1O
Glutaric acid	OC(=O)CCCC(=O)O
2-Oxoglutaric acid	OC(=O)CCC(=O)C(=O)O
Glycolic acid	OCC(=O)O
Isobutyric acid	CC(C)C(=O)O
Mandelic acid	OC(C(=O)O)c1ccccc1
Orotic acid	OC(=O)c1cc(=O)nc(=O)n1
Pyroglutamic acid	OC(=O)C1CCC(=O)N1
Tartrate	OC(C(O)C(=O)O)C(=O)O
Thiocyanic acid	SC#N
Methyl Iodide	CI
Sulfurous Acid	OS(=O)O
Dicyclohexylamine	C1CCC(CC1)NC2CCCCC2
Triflate	OS(=O)(=O)C(F)(F)F
Mesitylene sulfonate	Cc1cc(C)c(c(C)c1)S(=O)(=O)O
Malonic acid	OC(=O)CC(=O)O
Fluorosulfuric acid	OS(=O)(=O)F
Acetylsulfate	CC(=O)OS(=O)(=O)O
Proton	[H]
Rubidium	[Rb]
Cesium	[Cs]
Francium	[Fr]
Beryllium	[Be]
Radium	[Ra]
Glucuronate open form	C(=O)C(O)C(O)C(O)C(O)C(=O)O
Dimepranol	CC(O)CN(C)C
)CSP";
}  // namespace chembl_data
}  // namespace genui
