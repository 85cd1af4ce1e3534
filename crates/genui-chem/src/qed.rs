//! Quantitative estimate of drug-likeness (Bickerton et al., Nature
//! Chemistry 4, 90–98, 2012).
//!
//! A port of RDKit's `rdkit/Chem/QED.py` (Hans De Winter, Biscu-it, and the
//! RDKit authors, BSD-3-Clause) with its default weights (`WEIGHT_MEAN`),
//! keeping its property definitions and float order so that it agrees with
//! the Python original to the last few bits.

use std::cell::RefCell;

use genui_chem_sys::graph_ffi::{self, QedBasics};
use genui_chem_sys::{mol_ffi, UniquePtr};

use crate::error::{ChemError, RdkitResultExt, Result};
use crate::fingerprint::BitFingerprint;
use crate::molecule::Molecule;
use crate::substructure::{Query, QuerySpec};

/// The eight properties QED combines, as `QED.properties(mol)` returns them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QedProperties {
    /// Average molecular weight.
    pub mw: f64,
    /// Crippen logP.
    pub alogp: f64,
    /// H-bond acceptors by QED's own SMARTS (every match counted).
    pub hba: u32,
    /// H-bond donors (`CalcNumHBD`).
    pub hbd: u32,
    /// Topological polar surface area (N and O only).
    pub psa: f64,
    /// Rotatable bonds, strict definition.
    pub rotb: u32,
    /// Rings left after deleting aliphatic-ring atoms.
    pub arom: u32,
    /// How many of the structural alerts match.
    pub alerts: u32,
}

/// Relative weights of the eight properties, in [`QedProperties`] order.
pub type QedWeights = [f64; 8];

/// `QED.WEIGHT_MEAN`, what `QED.qed` uses by default.
pub const WEIGHT_MEAN: QedWeights = [0.66, 0.46, 0.05, 0.61, 0.06, 0.65, 0.48, 0.95];
/// `QED.WEIGHT_MAX`.
pub const WEIGHT_MAX: QedWeights = [0.50, 0.25, 0.00, 0.50, 0.00, 0.50, 0.25, 1.00];
/// `QED.WEIGHT_NONE`.
pub const WEIGHT_NONE: QedWeights = [1.0; 8];

/// `QED.qed(mol)`: drug-likeness between 0 and 1.
pub fn qed(mol: &Molecule) -> Result<f64> {
    Ok(qed_from_properties(&qed_properties(mol)?, &WEIGHT_MEAN))
}

/// The weighted geometric mean of the desirability functions of the
/// properties (`QED.qed(mol, w, qedProperties)`).
pub fn qed_from_properties(props: &QedProperties, weights: &QedWeights) -> f64 {
    let values = [
        props.mw,
        props.alogp,
        f64::from(props.hba),
        f64::from(props.hbd),
        props.psa,
        f64::from(props.rotb),
        f64::from(props.arom),
        f64::from(props.alerts),
    ];
    let mut t = 0.0;
    let mut weight_sum = 0.0;
    for ((&x, params), &w) in values.iter().zip(&ADS_PARAMETERS).zip(weights) {
        t += w * ads(x, params).ln();
        weight_sum += w;
    }
    (t / weight_sum).exp()
}

/// `QED.properties(mol)`, computed after removing explicit hydrogens as
/// the original does.
pub fn qed_properties(mol: &Molecule) -> Result<QedProperties> {
    let stripped;
    let mol = if has_hydrogen_atoms(mol) {
        stripped = mol.without_hs()?;
        &stripped
    } else {
        mol
    };
    let basics = graph_ffi::qed_basics(mol.raw()).during("compute descriptors")?;
    qed_properties_with(mol, basics, None)
}

/// Does the molecule graph hold hydrogen atoms (that `RemoveHs` may strip)?
///
/// Without any, `Chem.RemoveHs` only re-sanitizes a copy, which leaves a
/// sanitized molecule as it was, so QED can skip the copy (a tenth of its
/// cost) and reuse descriptors already computed on the molecule itself.
pub(crate) fn has_hydrogen_atoms(mol: &Molecule) -> bool {
    mol.atoms().iter().any(|atom| atom.atomic_num == 1)
}

/// `QED.properties` of a molecule without hydrogen atoms whose weight,
/// logP, TPSA and donor count (and possibly its pattern fingerprint, to skip
/// alerts it cannot contain) are known.
pub(crate) fn qed_properties_with(
    mol: &Molecule,
    basics: QedBasics,
    screen: Option<&BitFingerprint>,
) -> Result<QedProperties> {
    let rotb = graph_ffi::num_rotatable_bonds(mol.raw(), STRICT_ROTATABLE_BONDS)
        .during("count rotatable bonds")?;
    PATTERNS.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = Some(Patterns::compile()?);
        }
        let patterns = slot.as_ref().expect("patterns were just compiled");
        let mut hba = 0;
        for acceptor in &patterns.acceptors {
            hba += acceptor.matches(mol, MAX_MATCHES)?.len() as u32;
        }
        let mut alerts = 0;
        for alert in &patterns.alerts {
            let screened_out =
                matches!((alert.screen(), screen), (Some(a), Some(m)) if !a.is_subset_of(m));
            if !screened_out {
                alerts += u32::from(alert.is_match(mol)?);
            }
        }
        let without_aliphatic_rings =
            graph_ffi::delete_substructs(mol.raw(), &patterns.aliphatic_rings, false)
                .during("delete aliphatic rings")?;
        let remaining = without_aliphatic_rings
            .as_ref()
            .ok_or_else(|| ChemError::Rdkit {
                operation: "delete aliphatic rings",
                reason: "no molecule returned".into(),
            })?;
        let arom = graph_ffi::sssr_count(remaining).during("find rings")?;
        Ok(QedProperties {
            mw: basics.mw,
            alogp: basics.logp,
            hba,
            hbd: basics.hbd,
            psa: basics.tpsa,
            rotb,
            arom,
            alerts,
        })
    })
}

/// RDKit's `NumRotatableBondsOptions::Strict`.
const STRICT_ROTATABLE_BONDS: i32 = 1;

/// `GetSubstructMatches`' default cap, which QED's acceptor count inherits.
const MAX_MATCHES: u32 = 1000;

/// Parameters of an asymmetric double sigmoid (`QED.ADSparameter`).
struct Ads {
    a: f64,
    b: f64,
    c: f64,
    d: f64,
    e: f64,
    f: f64,
    dmax: f64,
}

/// The asymmetric double sigmoid, scaled to at most 1 (`QED.ads`).
fn ads(x: f64, p: &Ads) -> f64 {
    let exp1 = 1.0 + (-(x - p.c + p.d / 2.0) / p.e).exp();
    let exp2 = 1.0 + (-(x - p.c - p.d / 2.0) / p.f).exp();
    let dx = p.a + p.b / exp1 * (1.0 - 1.0 / exp2);
    dx / p.dmax
}

const fn ads_params(a: f64, b: f64, c: f64, d: f64, e: f64, f: f64, dmax: f64) -> Ads {
    Ads {
        a,
        b,
        c,
        d,
        e,
        f,
        dmax,
    }
}

/// `QED.adsParameters`, in [`QedProperties`] order.
#[rustfmt::skip]
const ADS_PARAMETERS: [Ads; 8] = [
    ads_params(2.817065973, 392.5754953, 290.7489764, 2.419764353, 49.22325677, 65.37051707, 104.9805561),
    ads_params(3.172690585, 137.8624751, 2.534937431, 4.581497897, 0.822739154, 0.576295591, 131.3186604),
    ads_params(2.948620388, 160.4605972, 3.615294657, 4.435986202, 0.290141953, 1.300669958, 148.7763046),
    ads_params(1.618662227, 1010.051101, 0.985094388, 0.000000001, 0.713820843, 0.920922555, 258.1632616),
    ads_params(1.876861559, 125.2232657, 62.90773554, 87.83366614, 12.01999824, 28.51324732, 104.5686167),
    ads_params(0.010000000, 272.4121427, 2.558379970, 1.565547684, 1.271567166, 2.758063707, 105.4420403),
    ads_params(3.217788970, 957.7374108, 2.274627939, 0.000000001, 1.317690384, 0.375760881, 312.3372610),
    ads_params(0.010000000, 1199.094025, -0.09002883, 0.000000001, 0.185904477, 0.875193782, 417.7253140),
];

/// QED's SMARTS, compiled once per thread: a compiled query holds RDKit
/// state (recursive SMARTS) that must not be shared between threads, and
/// compiling the ~130 patterns costs far more than one molecule's QED.
struct Patterns {
    acceptors: Vec<Query>,
    alerts: Vec<Query>,
    aliphatic_rings: UniquePtr<mol_ffi::ROMol>,
}

impl Patterns {
    fn compile() -> Result<Self> {
        let compile_all = |smarts: &[&str]| {
            smarts
                .iter()
                .map(|s| QuerySpec::smarts(s).compile())
                .collect::<Result<Vec<_>>>()
        };
        let aliphatic_rings =
            mol_ffi::mol_from_smarts(ALIPHATIC_RINGS).map_err(|e| ChemError::InvalidSmarts {
                input: ALIPHATIC_RINGS.into(),
                reason: e.what().into(),
            })?;
        Ok(Self {
            acceptors: compile_all(ACCEPTORS)?,
            alerts: compile_all(STRUCTURAL_ALERTS)?,
            aliphatic_rings,
        })
    }
}

thread_local! {
    static PATTERNS: RefCell<Option<Patterns>> = const { RefCell::new(None) };
}

/// `QED.AliphaticRings`.
const ALIPHATIC_RINGS: &str = "[$([A;R][!a])]";

/// `QED.AcceptorSmarts`.
const ACCEPTORS: &[&str] = &[
    "[oH0;X2]",
    "[OH1;X2;v2]",
    "[OH0;X2;v2]",
    "[OH0;X1;v2]",
    "[O-;X1]",
    "[SH0;X2;v2]",
    "[SH0;X1;v2]",
    "[S-;X1]",
    "[nH0;X2]",
    "[NH0;X1;v3]",
    "[$([N;+0;X3;v3]);!$(N[C,S]=O)]",
];

/// `QED.StructuralAlertSmarts` (the metals pattern is split over two lines there).
const STRUCTURAL_ALERTS: &[&str] = &[
    "*1[O,S,N]*1",
    "[S,C](=[O,S])[F,Br,Cl,I]",
    "[CX4][Cl,Br,I]",
    "[#6]S(=O)(=O)O[#6]",
    "[$([CH]),$(CC)]#CC(=O)[#6]",
    "[$([CH]),$(CC)]#CC(=O)O[#6]",
    "n[OH]",
    "[$([CH]),$(CC)]#CS(=O)(=O)[#6]",
    "C=C(C=O)C=O",
    "n1c([F,Cl,Br,I])cccc1",
    "[CH1](=O)",
    "[#8][#8]",
    "[C;!R]=[N;!R]",
    "[N!R]=[N!R]",
    "[#6](=O)[#6](=O)",
    "[#16][#16]",
    "[#7][NH2]",
    "C(=O)N[NH2]",
    "[#6]=S",
    "[$([CH2]),$([CH][CX4]),$(C([CX4])[CX4])]=[$([CH2]),$([CH][CX4]),$(C([CX4])[CX4])]",
    "C1(=[O,N])C=CC(=[O,N])C=C1",
    "C1(=[O,N])C(=[O,N])C=CC=C1",
    "a21aa3a(aa1aaaa2)aaaa3",
    "a31a(a2a(aa1)aaaa2)aaaa3",
    "a1aa2a3a(a1)A=AA=A3=AA=A2",
    "c1cc([NH2])ccc1",
    "[Hg,Fe,As,Sb,Zn,Se,se,Te,B,Si,Na,Ca,Ge,Ag,Mg,K,Ba,Sr,Be,Ti,Mo,Mn,Ru,Pd,Ni,Cu,Au,Cd,Al,Ga,Sn,Rh,Tl,Bi,Nb,Li,Pb,Hf,Ho]",
    "I",
    "OS(=O)(=O)[O-]",
    "[N+](=O)[O-]",
    "C(=O)N[OH]",
    "C1NC(=O)NC(=O)1",
    "[SH]",
    "[S-]",
    "c1ccc([Cl,Br,I,F])c([Cl,Br,I,F])c1[Cl,Br,I,F]",
    "c1cc([Cl,Br,I,F])cc([Cl,Br,I,F])c1[Cl,Br,I,F]",
    "[CR1]1[CR1][CR1][CR1][CR1][CR1][CR1]1",
    "[CR1]1[CR1][CR1]cc[CR1][CR1]1",
    "[CR2]1[CR2][CR2][CR2][CR2][CR2][CR2][CR2]1",
    "[CR2]1[CR2][CR2]cc[CR2][CR2][CR2]1",
    "[CH2R2]1N[CH2R2][CH2R2][CH2R2][CH2R2][CH2R2]1",
    "[CH2R2]1N[CH2R2][CH2R2][CH2R2][CH2R2][CH2R2][CH2R2]1",
    "C#C",
    "[OR2,NR2]@[CR2]@[CR2]@[OR2,NR2]@[CR2]@[CR2]@[OR2,NR2]",
    "[$([N+R]),$([n+R]),$([N+]=C)][O-]",
    "[#6]=N[OH]",
    "[#6]=NOC=O",
    "[#6](=O)[CX4,CR0X3,O][#6](=O)",
    "c1ccc2c(c1)ccc(=O)o2",
    "[O+,o+,S+,s+]",
    "N=C=O",
    "[NX3,NX4][F,Cl,Br,I]",
    "c1ccccc1OC(=O)[#6]",
    "[CR0]=[CR0][CR0]=[CR0]",
    "[C+,c+,C-,c-]",
    "N=[N+]=[N-]",
    "C12C(NC(N1)=O)CSC2",
    "c1c([OH])c([OH,NH2,NH])ccc1",
    "P",
    "[N,O,S]C#N",
    "C=C=O",
    "[Si][F,Cl,Br,I]",
    "[SX2]O",
    "[SiR0,CR0](c1ccccc1)(c2ccccc2)(c3ccccc3)",
    "O1CCCCC1OC2CCC3CCCCC3C2",
    "N=[CR0][N,n,O,S]",
    "[cR2]1[cR2][cR2]([Nv3X3,Nv4X4])[cR2][cR2][cR2]1[cR2]2[cR2][cR2][cR2]([Nv3X3,Nv4X4])[cR2][cR2]2",
    "C=[C!r]C#N",
    "[cR2]1[cR2]c([N+0X3R0,nX3R0])c([N+0X3R0,nX3R0])[cR2][cR2]1",
    "[cR2]1[cR2]c([N+0X3R0,nX3R0])[cR2]c([N+0X3R0,nX3R0])[cR2]1",
    "[cR2]1[cR2]c([N+0X3R0,nX3R0])[cR2][cR2]c1([N+0X3R0,nX3R0])",
    "[OH]c1ccc([OH,NH2,NH])cc1",
    "c1ccccc1OC(=O)O",
    "[SX2H0][N]",
    "c12ccccc1(SC(S)=N2)",
    "c12ccccc1(SC(=S)N2)",
    "c1nnnn1C=O",
    "s1c(S)nnc1NC=O",
    "S1C=CSC1=S",
    "C(=O)Onnn",
    "OS(=O)(=O)C(F)(F)F",
    "N#CC[OH]",
    "N#CC(=O)",
    "S(=O)(=O)C#N",
    "N[CH2]C#N",
    "C1(=O)NCC1",
    "S(=O)(=O)[O-,OH]",
    "NC[F,Cl,Br,I]",
    "C=[C!r]O",
    "[NX2+0]=[O+0]",
    "[OR0,NR0][OR0,NR0]",
    "C(=O)O[C,H1].C(=O)O[C,H1].C(=O)O[C,H1]",
    "[CX2R0][NX3R0]",
    "c1ccccc1[C;!R]=[C;!R]c2ccccc2",
    "[NX3R0,NX4R0,OR0,SX2R0][CX4][NX3R0,NX4R0,OR0,SX2R0]",
    "[s,S,c,C,n,N,o,O]~[n+,N+](~[s,S,c,C,n,N,o,O])(~[s,S,c,C,n,N,o,O])~[s,S,c,C,n,N,o,O]",
    "[s,S,c,C,n,N,o,O]~[nX3+,NX3+](~[s,S,c,C,n,N])~[s,S,c,C,n,N]",
    "[*]=[N+]=[*]",
    "[SX3](=O)[O-,OH]",
    "N#N",
    "F.F.F.F",
    "[R0;D2][R0;D2][R0;D2][R0;D2]",
    "[cR,CR]~C(=O)NC(=O)~[cR,CR]",
    "C=!@CC=[O,S]",
    "[#6,#8,#16][#6](=O)O[#6]",
    "c[C;R0](=[O,S])[#6]",
    "c[SX2][C;!R]",
    "C=C=C",
    "c1nc([F,Cl,Br,I,S])ncc1",
    "c1ncnc([F,Cl,Br,I,S])c1",
    "c1nc(c2c(n1)nc(n2)[F,Cl,Br,I])",
    "[#6]S(=O)(=O)c1ccc(cc1)F",
    "[15N]",
    "[13C]",
    "[18O]",
    "[34S]",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The doctest examples of QED.py (values from the QED paper's
    /// reference implementation).
    #[test]
    fn matches_the_documented_examples() {
        for (smiles, expected) in [
            ("N=C(CCSCc1csc(N=C(N)N)n1)NS(N)(=O)=O", 0.253),
            ("CNC(=NCCSCc1nc[nH]c1C)NC#N", 0.234),
            ("CCCCCNC(=N)NN=Cc1c[nH]c2ccc(CO)cc12", 0.234),
        ] {
            let value = qed(&Molecule::from_smiles(smiles).expect("valid test input"))
                .expect("valid test input");
            assert!((value - expected).abs() < 0.001, "{smiles}: {value}");
        }
    }

    #[test]
    fn weights_without_hba_and_psa_still_give_a_probability() {
        let props = qed_properties(&Molecule::from_smiles("c1ccccc1O").expect("valid test input"))
            .expect("valid test input");
        for weights in [WEIGHT_MAX, WEIGHT_NONE] {
            let value = qed_from_properties(&props, &weights);
            assert!(value > 0.0 && value < 1.0);
        }
    }
}
