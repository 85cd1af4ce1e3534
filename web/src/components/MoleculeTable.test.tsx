import { MantineProvider } from "@mantine/core";
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Molecule } from "../api/types";
import { MoleculeTable } from "./MoleculeTable";

const molecule = (id: number, extra: Record<string, string> | null): Molecule => ({
  id, compound_set_id: 1, project_id: 1, name: `m${id}`, smiles: "CCO", inchi: "", inchikey: "", source_positions: [id],
  properties: {}, activities: [], extra, depiction_url: `/api/molecules/${id}/depiction.svg`,
} as unknown as Molecule);

describe("the molecule table", () => {
  it("shows the columns kept at import", () => {
    render(
      <MantineProvider>
        <MoleculeTable molecules={[molecule(1, { Compound_ID: "X-1", Series: "A" }), molecule(2, { Series: "B" }), molecule(3, null)]}
          activityTypes={[]} page={1} pages={1} onPage={() => {}} />
      </MantineProvider>,
    );
    expect(screen.getByRole("columnheader", { name: "Compound_ID" })).toBeTruthy();
    expect(screen.getByRole("columnheader", { name: "Series" })).toBeTruthy();
    expect(screen.getByText("X-1")).toBeTruthy();
    expect(screen.getByText("B")).toBeTruthy();
  });
});
