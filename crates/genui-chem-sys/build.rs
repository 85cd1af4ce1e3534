//! Builds one C++ shim per bridge area: `src/bridge/<area>.rs` must have
//! `cpp/include/<area>.h` and `cpp/src/<area>.cc` beside it.

use std::path::{Path, PathBuf};

/// RDKit libraries we link, in dependency order (dependents first).
const RDKIT_LIBS: &[&str] = &[
    "MolStandardize",
    "MolDraw2D",
    "Depictor",
    "ChemTransforms",
    "ChemReactions",
    "Descriptors",
    "Fingerprints",
    "Subgraphs",
    "SubstructMatch",
    "FileParsers",
    "SmilesParse",
    "PartialCharges",
    "MolTransforms",
    "Alignment",
    "EigenSolvers",
    "Catalogs",
    "GenericGroups",
    "GraphMol",
    "RDGeometryLib",
    "DataStructs",
    "RDGeneral",
];

fn main() {
    let include_dir = rdkit_include_dir();
    let areas = bridge_areas();
    let mut build = cxx_build::bridges(areas.iter().map(|a| format!("src/bridge/{a}.rs")));
    for area in &areas {
        build.file(format!("cpp/src/{area}.cc"));
        println!("cargo:rerun-if-changed=src/bridge/{area}.rs");
        println!("cargo:rerun-if-changed=cpp/src/{area}.cc");
        println!("cargo:rerun-if-changed=cpp/include/{area}.h");
    }
    println!("cargo:rerun-if-changed=cpp/include/common.h");
    println!("cargo:rerun-if-changed=src/bridge");
    println!("cargo:rerun-if-env-changed=RDKIT_INCLUDE_DIR");
    println!("cargo:rerun-if-env-changed=RDKIT_LIB_DIR");
    build
        .std("c++17")
        .include(&include_dir)
        .include("cpp/include")
        .flag_if_supported("-Wno-unused-parameter")
        .flag_if_supported("-Wno-deprecated-declarations")
        .flag_if_supported("-Wno-unused-variable")
        .compile("genui_chem_shim");

    if let Ok(dir) = std::env::var("RDKIT_LIB_DIR") {
        println!("cargo:rustc-link-search=native={dir}");
    }
    for lib in RDKIT_LIBS {
        println!("cargo:rustc-link-lib=dylib=RDKit{lib}");
    }
    println!("cargo:rustc-link-lib=dylib=inchi");
}

/// Every `src/bridge/<area>.rs`, sorted; panics if its C++ pair is missing.
fn bridge_areas() -> Vec<String> {
    let mut areas: Vec<String> = std::fs::read_dir("src/bridge")
        .expect("src/bridge exists")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            (path.extension()? == "rs" && path.file_stem()? != "mod")
                .then(|| path.file_stem()?.to_str().map(str::to_owned))?
        })
        .collect();
    areas.sort();
    for area in &areas {
        for pair in [
            format!("cpp/include/{area}.h"),
            format!("cpp/src/{area}.cc"),
        ] {
            assert!(
                Path::new(&pair).exists(),
                "bridge area `{area}` needs {pair} beside src/bridge/{area}.rs"
            );
        }
    }
    areas
}

/// Where RDKit's headers are: `RDKIT_INCLUDE_DIR`, else Debian's location.
fn rdkit_include_dir() -> PathBuf {
    let dir = std::env::var_os("RDKIT_INCLUDE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/include/rdkit"));
    if !dir.join("GraphMol/ROMol.h").exists() {
        panic!(
            "RDKit's C++ headers were not found in {}.\n\
             Install them with `apt-get install librdkit-dev libinchi-dev` (Debian/Ubuntu), \
             or set RDKIT_INCLUDE_DIR (and RDKIT_LIB_DIR) to an RDKit 2022.09 installation.",
            dir.display()
        );
    }
    if !Path::new("/usr/include/inchi_api.h").exists()
        && std::env::var_os("RDKIT_INCLUDE_DIR").is_none()
    {
        panic!("InChI's headers were not found: install them with `apt-get install libinchi-dev`.");
    }
    dir
}
