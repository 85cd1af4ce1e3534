// Ketcher, the structure editor, for drawing what a form takes as SMILES. Pages load this module
// lazily: the editor and Indigo, the chemistry toolkit it runs in a worker, weigh megabytes.

import { Alert, Box, Button, Group, Text } from "@mantine/core";
import { ChemicalMimeType, type Ketcher } from "ketcher-core";
import { Editor } from "ketcher-react";
import "ketcher-react/dist/index.css";
// Indigo as a separate .wasm file, which the build copies into our assets and the browser compiles
// while it downloads, instead of the default build's 21 MB of JavaScript with the module inlined.
import { StandaloneStructServiceProvider } from "ketcher-standalone/dist/binaryWasm";
import { useState } from "react";
import { plainSmiles } from "../lib/smiles";

declare global {
  interface Window {
    /** The open editor, for the end-to-end test and the browser console. */
    ketcher?: Ketcher;
  }
}

const structServiceProvider = new StandaloneStructServiceProvider();

/** The atoms of a KET document's molecules, the editor's own format. */
type KetDocument = Record<string, { type?: string; atoms?: { label?: string; location: number[] }[] }>;

/** The drawing as SMILES. Indigo takes a drawing with * or A atoms for a query and then writes
 * bracket atoms without their hydrogens (`[nH]` as `N`, `[C@H]` as `[C@]`), so those atoms go to
 * it as R-group atoms, which keep the drawing a molecule. */
async function drawnSmiles(ketcher: Ketcher): Promise<string> {
  const ket: KetDocument = JSON.parse(await ketcher.getKet());
  for (const node of Object.values(ket)) {
    if (node.type !== "molecule" || !node.atoms) continue;
    node.atoms = node.atoms.map((a) => (a.label === "*" || a.label === "A" ? { type: "rg-label", location: a.location, $refs: ["rg-1"] } : a));
  }
  const { struct } = await ketcher.indigo.convert(JSON.stringify(ket), { outputFormat: ChemicalMimeType.DaylightSmiles });
  return plainSmiles(struct);
}

/** The editor and a button that hands the drawing on as SMILES; an empty drawing stays. */
export default function StructureEditor({ action, onSmiles }: { action: string; onSmiles: (smiles: string) => void }) {
  const [ketcher, setKetcher] = useState<Ketcher | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const take = async () => {
    if (!ketcher) return;
    setReading(true);
    try {
      const smiles = await drawnSmiles(ketcher);
      if (smiles) onSmiles(smiles);
      else setProblem("The drawing is empty: draw a structure first.");
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    } finally {
      setReading(false);
    }
  };
  return (
    <>
      {/* Ketcher's own controls: outside what our accessibility checks hold us to */}
      <Box h={600} pos="relative" data-third-party="ketcher">
        <Editor staticResourcesUrl="" structServiceProvider={structServiceProvider} disableMacromoleculesEditor
          errorHandler={setProblem} onInit={(k) => { window.ketcher = k; setKetcher(k); }} />
      </Box>
      {problem && <Alert color="red" variant="light" role="alert" withCloseButton onClose={() => setProblem(null)}>{problem}</Alert>}
      <Group justify="flex-end">
        {!ketcher && <Text size="sm" c="dimmed">Starting the editor…</Text>}
        <Button onClick={take} disabled={!ketcher} loading={reading}>{action}</Button>
      </Group>
    </>
  );
}
