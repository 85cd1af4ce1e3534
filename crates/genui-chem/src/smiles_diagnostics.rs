//! Why a SMILES string failed to parse. RDKit's parser only says "syntax
//! error"; these checks name the usual mistakes so that a user can fix them.

/// A one-line reason for a SMILES syntax error.
pub(crate) fn explain_smiles_error(smiles: &str) -> String {
    if let Some(c) = smiles.chars().find(|c| !c.is_ascii_graphic()) {
        return format!(
            "unexpected character {c:?} (SMILES has no spaces or non-ASCII characters)"
        );
    }
    let mut depth = 0i64;
    let mut open_rings: Vec<u32> = Vec::new();
    let mut chars = smiles.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return "a ')' closes a branch that was never opened".into();
                }
            }
            '[' => {
                let atom: String = chars.by_ref().take_while(|&c| c != ']').collect();
                if !smiles.contains(']') {
                    return "a '[' bracket atom is never closed with ']'".into();
                }
                if !atom.chars().any(|c| c.is_ascii_alphabetic() || c == '*') {
                    return format!("bracket atom [{atom}] has no element symbol");
                }
            }
            ']' => return "a ']' closes a bracket atom that was never opened".into(),
            '%' => {
                let digits: String = chars.by_ref().take(2).collect();
                match digits.parse::<u32>() {
                    Ok(n) if digits.len() == 2 => toggle(&mut open_rings, n),
                    _ => return format!("ring bond '%{digits}' needs two digits"),
                }
            }
            d if d.is_ascii_digit() => toggle(&mut open_rings, d.to_digit(10).unwrap_or(0)),
            _ => {}
        }
    }
    if depth > 0 {
        return "a '(' branch is never closed with ')'".into();
    }
    if let Some(ring) = open_rings.first() {
        return format!("ring bond {ring} is opened but never closed");
    }
    "syntax error (unknown element, misplaced bond or branch)".into()
}

fn toggle(open: &mut Vec<u32>, ring: u32) {
    match open.iter().position(|&r| r == ring) {
        Some(i) => {
            open.remove(i);
        }
        None => open.push(ring),
    }
}

#[cfg(test)]
mod tests {
    use super::explain_smiles_error;

    #[test]
    fn an_unclosed_ring_is_named() {
        assert_eq!(
            explain_smiles_error("C1CC"),
            "ring bond 1 is opened but never closed"
        );
    }

    #[test]
    fn unbalanced_branches_are_named() {
        assert!(explain_smiles_error("CC(C").contains("never closed"));
        assert!(explain_smiles_error("CC)C").contains("never opened"));
    }

    #[test]
    fn unclosed_brackets_and_bad_characters_are_named() {
        assert!(explain_smiles_error("C[NH4+").contains("never closed"));
        assert!(explain_smiles_error("C C").contains("unexpected character"));
        assert!(explain_smiles_error("C%1CC").contains("two digits"));
    }
}
