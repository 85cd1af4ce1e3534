/** Column names compared without case, spaces or punctuation (`Compound_ID` = `compound id`). */
const normal = (name: string) => name.toUpperCase().replace(/[^A-Z0-9]/g, "");

/** What files call each mapped column, most telling first. */
const SYNONYMS = {
  smiles_column: ["SMILES", "CANONICALSMILES", "ISOMERICSMILES", "LIGANDSMILES", "MOLSMILES", "STRUCTURE"],
  name_column: [
    "NAME", "COMPOUNDID", "MOLECULECHEMBLID", "CHEMBLID", "MOLECULEID", "CMPDID", "COMPOUNDNAME",
    "MOLECULENAME", "COMPOUND", "MOLECULE", "ID", "TITLE",
  ],
  activity_column: [
    "ACTIVITY", "PKI", "PIC50", "PEC50", "PKD", "PXC50", "PCHEMBLVALUE", "PACTIVITY", "STANDARDVALUE", "VALUE",
    "KI", "IC50", "EC50", "KD",
  ],
  activity_type_column: ["ACTIVITYTYPE", "STANDARDTYPE", "TYPE"],
  activity_units_column: ["ACTIVITYUNITS", "STANDARDUNITS", "UNITS", "UNIT"],
  activity_relation_column: ["ACTIVITYRELATION", "STANDARDRELATION", "RELATION", "QUALIFIER", "OPERATOR"],
} as const;

export type ColumnGuess = Record<keyof typeof SYNONYMS, string | null>;

/** The columns of a CSV header that most likely hold each mapped value; each column once. */
export function guessColumns(header: string[]): ColumnGuess {
  const taken = new Set<string>();
  const guess = {} as ColumnGuess;
  for (const [field, names] of Object.entries(SYNONYMS) as [keyof ColumnGuess, readonly string[]][]) {
    const found = names
      .map((n) => header.find((h) => !taken.has(h) && normal(h) === n))
      .find((h) => h !== undefined);
    guess[field] = found ?? null;
    if (found) taken.add(found);
  }
  return guess;
}
