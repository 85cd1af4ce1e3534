import { MantineProvider } from "@mantine/core";
import { render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import type { ActivitySet, Molecule } from "../api/types";
import { availableColumns } from "../lib/browse";
import { MoleculeTable } from "./MoleculeTable";

const molecule = (id: number, extra: Record<string, string> | null): Molecule => ({
  id, compound_set_id: 1, project_id: 7, name: `m${id}`, smiles: "CCO", inchi: "", inchikey: "", source_positions: [id],
  properties: { mw: 46.07, logp: -0.0014, qed: 0.41 }, activities: [{ id: id, activity_set_id: 1, molecule_id: id, type: "pKi", value: 6.5 + id, units: null }],
  extra, depiction_url: `/api/molecules/${id}/depiction.svg`,
} as unknown as Molecule);

const molecules = [molecule(1, { Compound_ID: "X-1", Series: "A" }), molecule(2, { Series: "B" }), molecule(3, null)];
// Molecule 2 also has a model's prediction, molecule 3 a censored measurement.
const predictions = { id: 9, compound_set_id: 1, project_id: 7, name: "RF predictions", qsar_model_id: 4, interval_confidence: 0.9 } as ActivitySet;
molecules[1].activities.push({ ...molecules[1].activities[0], id: 20, type: "pKi (predicted)", value: 1.5, interval: [0.5, 2.5], activity_set_id: 9 } as Molecule["activities"][number]);
molecules[2].activities[0] = { ...molecules[2].activities[0], relation: "<" } as Molecule["activities"][number];

function table(view: "table" | "grid", keys?: string[]) {
  const { all, defaults } = availableColumns(molecules, ["pKi"], [predictions]);
  const columns = (keys ?? defaults).flatMap((k) => all.filter((c) => c.key === k));
  render(
    <MantineProvider>
      <MemoryRouter>
        <MoleculeTable molecules={molecules} columns={columns} view={view} page={1} pages={1} onPage={() => {}} />
      </MemoryRouter>
    </MantineProvider>,
  );
}

describe("the molecule table", () => {
  it("shows the columns kept at import and the activities", () => {
    table("table");
    expect(screen.getByRole("columnheader", { name: "Compound_ID" })).toBeTruthy();
    expect(screen.getByRole("columnheader", { name: "Series" })).toBeTruthy();
    expect(screen.getByRole("columnheader", { name: "pKi" })).toBeTruthy();
    expect(screen.getByText("X-1")).toBeTruthy();
    expect(screen.getByText("B")).toBeTruthy();
    expect(screen.getByText("8.50")).toBeTruthy();
  });

  it("shows a model's predictions with their interval in a column of their own", () => {
    table("table");
    expect(screen.getByText("8.50")).toBeTruthy();
    expect(screen.getByRole("columnheader", { name: "RF predictions: pKi (predicted)" })).toBeTruthy();
    expect(screen.getByText("1.50 (0.50 – 2.50)")).toBeTruthy();
    // A lone censored value keeps its relation.
    expect(screen.getByText("< 9.50")).toBeTruthy();
  });

  it("shows only the chosen columns", () => {
    table("table", ["qed", "kept:Series"]);
    expect(screen.getAllByRole("columnheader").map((h) => h.textContent?.trim())).toEqual(["Structure", "Id / name", "QED", "Series"]);
  });

  it("links each molecule to its page, in the table and in the grid", () => {
    table("grid");
    const link = screen.getByRole("link", { name: "m2" });
    expect(link.getAttribute("href")).toBe("/projects/7/molecules/2");
    expect(screen.getAllByTestId("molecule-card")).toHaveLength(3);
  });
});
