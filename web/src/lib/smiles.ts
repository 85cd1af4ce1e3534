/** A component of nothing but an attachment point and its ring bond (`*%91`), as Indigo writes
 * an R-group atom or attachment point apart from the atom it hangs on (`C%91….*%91`). */
const LONE_POINT = /^\*([-=#$]?)(%\d\d)$/;

/** What the structure editor's Indigo writes, as SMILES the server reads: without the CXSMILES
 * labels it appends after a space, R-group atoms and attachment points (`[*:1]`) as bare `*`,
 * and the ones written apart back on their atom as branches (`C(*)…`: the same neighbour order,
 * so stereocentres keep their parity). */
export function plainSmiles(written: string): string {
  const components = written.trim().split(/\s/)[0].replace(/\[\*:\d+\]/g, "*").split(".");
  let smiles = components.filter((c) => !LONE_POINT.test(c)).join(".");
  for (const component of components) {
    const [, pointBond, label] = LONE_POINT.exec(component) ?? [];
    if (!label) continue;
    const [before, after, ...more] = smiles.split(label);
    // a label used for more than this bond stays a ring bond, which is SMILES too
    if (after === undefined || more.length) {
      smiles += `.${component}`;
      continue;
    }
    const atomBond = /[-=#$]$/.exec(before)?.[0] ?? "";
    smiles = `${before.slice(0, before.length - atomBond.length)}(${pointBond || atomBond}*)${after}`;
  }
  return smiles;
}
