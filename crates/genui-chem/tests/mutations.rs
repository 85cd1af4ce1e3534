//! Deterministic mutation testing of the readers (the cargo-fuzz targets in
//! `fuzz/` explore further): thousands of corrupted SMILES and SD files must
//! give values or typed errors, never a panic or an abort.

mod common;

use genui_chem::sdf::SdfReader;
use genui_chem::Molecule;

/// xorshift64*: a tiny deterministic generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SMILES_ALPHABET: &[u8] = b"CNOSPFIBrcnos()[]=#@+-123456789%/\\.*H:$";

fn mutate(input: &[u8], rng: &mut Rng, alphabet: &[u8]) -> Vec<u8> {
    let mut bytes = input.to_vec();
    for _ in 0..=rng.below(3) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(4) {
            0 if !bytes.is_empty() && at < bytes.len() => {
                bytes.remove(at);
            }
            1 => bytes.insert(at, alphabet[rng.below(alphabet.len())]),
            2 if at < bytes.len() => bytes[at] = alphabet[rng.below(alphabet.len())],
            _ => bytes.insert(at, rng.next() as u8),
        }
    }
    bytes
}

#[test]
fn mutated_smiles_never_panic() {
    let corpus = common::csv_column("moses_first_10k.csv.gz", "SMILES");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut ok, mut rejected) = (0, 0);
    for smiles in corpus.iter().take(3000) {
        for _ in 0..4 {
            let mutated = mutate(smiles.as_bytes(), &mut rng, SMILES_ALPHABET);
            match Molecule::from_smiles(&String::from_utf8_lossy(&mutated)) {
                Ok(mol) => {
                    ok += 1;
                    // Whatever parses writes SMILES. RDKit cannot always read
                    // its own output back (e.g. a triple bond in a small ring,
                    // found by this test); that is an error, not a crash.
                    let canonical = mol.to_smiles().expect("SMILES of a parsed molecule");
                    let _ = Molecule::from_smiles(&canonical);
                }
                Err(_) => rejected += 1,
            }
        }
    }
    assert!(
        ok > 0 && rejected > 0,
        "mutations produce both valid and invalid SMILES ({ok}/{rejected})"
    );
}

#[test]
fn mutated_sd_files_never_panic() {
    let original = common::read_all("bzr.sdf.gz");
    let lines: Vec<&[u8]> = original.split(|&b| b == b'\n').take(2000).collect();
    let mut rng = Rng(42);
    for _ in 0..60 {
        let mut text: Vec<u8> = Vec::new();
        for line in &lines {
            match rng.below(40) {
                0 => continue, // drop a line
                1 => text.extend(mutate(line, &mut rng, b"0123456789 .-VM$>< ")),
                2 => text.extend_from_slice(&line[..rng.below(line.len() + 1)]),
                _ => text.extend_from_slice(line),
            }
            text.push(b'\n');
        }
        text.truncate(rng.below(text.len() + 1));
        let mut seen = 0;
        for record in SdfReader::new(text.as_slice()).records() {
            let record = record.expect("reading from memory cannot fail");
            if let Ok(record) = record {
                record
                    .molecule
                    .to_smiles()
                    .expect("SMILES of a parsed record");
            }
            seen += 1;
        }
        assert!(seen > 0 || text.iter().all(|b| b.is_ascii_whitespace()));
    }
}
