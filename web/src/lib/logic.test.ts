import { describe, expect, it } from "vitest";
import { ApiError, errorFrom, query, readCookie } from "../api/client";
import type { DescriptorGroup, MapPoints, ParamDescription, Task } from "../api/types";
import { boxStats } from "../components/charts";
import { descriptorOf, withDefaults, withParameter } from "./descriptors";
import { meanSd, num } from "./format";
import { optionValue } from "./options";
import { changed, defaults, validate } from "./params";
import { guessColumns } from "./columns";
import { colouring, normalize, scatterInput, VALUE_COLOURS } from "./points";
import { priorsFor, validityHint } from "./training";
import { boundsFor, objectiveSummary } from "./objectives";
import { readBrowse, writeBrowse } from "./browse";
import { plainSmiles } from "./smiles";
import { upsertTask } from "./tasks";

describe("api client", () => {
  it("reads the error envelope, field errors included", async () => {
    const body = { error: { code: "validation_failed", message: "name: 1 to 200 characters", details: { name: ["1 to 200 characters"] } } };
    const e = await errorFrom(new Response(JSON.stringify(body), { status: 422 }));
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(422);
    expect(e.code).toBe("validation_failed");
    expect(e.fieldErrors).toEqual({ name: ["1 to 200 characters"] });
  });

  it("explains bodies that are not the envelope", async () => {
    const e = await errorFrom(new Response("<html>Bad gateway</html>", { status: 502 }));
    expect(e.message).toBe("the server cannot be reached");
    expect(e.fieldErrors).toEqual({});
  });

  it("finds a cookie among others", () => {
    expect(readCookie("genui_csrftoken", "a=1; genui_csrftoken=abc%3D; b=2")).toBe("abc=");
    expect(readCookie("missing", "a=1")).toBeNull();
  });

  it("builds query strings from set values only", () => {
    expect(query({ page: 2, sort: "-mw", filter: "", activity_set_id: null })).toBe("?page=2&sort=-mw");
    expect(query({})).toBe("");
  });
});

const task = (id: number, updated: string, status: Task["status"] = "started") =>
  ({ id, updated_at: updated, status }) as Task;

describe("task events", () => {
  it("replaces a task with its newer version and keeps newest first", () => {
    const list = [task(2, "2026-01-01T00:00:01Z"), task(1, "2026-01-01T00:00:00Z")];
    const next = upsertTask(list, task(1, "2026-01-01T00:00:05Z", "success"));
    expect(next.map((t) => [t.id, t.status])).toEqual([[2, "started"], [1, "success"]]);
    expect(upsertTask(next, task(3, "2026-01-01T00:00:06Z")).map((t) => t.id)).toEqual([3, 2, 1]);
  });

  it("ignores an event older than what is shown", () => {
    const list = [task(1, "2026-01-01T00:00:05Z", "success")];
    expect(upsertTask(list, task(1, "2026-01-01T00:00:01Z"))).toBe(list);
  });
});

const PARAMS: ParamDescription[] = [
  { name: "n_trees", description: "", type: "integer", default: 100, min: 1, max: 2000 },
  { name: "max_depth", description: "", type: "integer", default: null, min: 1, max: 1000 },
  { name: "gamma", description: "", type: "choice_or_number", default: "scale", choices: ["scale"], min: 0, max: 1000 },
  { name: "kernel", description: "", type: "choice", default: "tanimoto", choices: ["tanimoto", "rbf"] },
  { name: "c", description: "", type: "number", default: 1, min: 0.0001, max: 10000 },
];

describe("parameter forms", () => {
  it("start from the registry's defaults, which are valid", () => {
    const values = defaults(PARAMS);
    expect(values).toEqual({ n_trees: 100, max_depth: null, gamma: "scale", kernel: "tanimoto", c: 1 });
    expect(validate(PARAMS, values)).toEqual({});
  });

  it("flag what the server would reject", () => {
    const errors = validate(PARAMS, { n_trees: 0, max_depth: 2.5, gamma: 0, kernel: "linear", c: Number.NaN });
    expect(Object.keys(errors).sort()).toEqual(["c", "gamma", "kernel", "max_depth", "n_trees"]);
    expect(errors.n_trees).toBe("between 1 and 2000");
  });

  it("send only the changed values", () => {
    expect(changed(PARAMS, { ...defaults(PARAMS), n_trees: 300, gamma: 0.5 })).toEqual({ n_trees: 300, gamma: 0.5 });
  });
});

const POINTS: MapPoints = {
  count: 3,
  x: [0, 10, 5],
  y: [0, 0, 5],
  placed: [false, false, true],
  molecule_ids: [[1], [2], [3, 4]],
  compound_set_ids: [[7], [9], [7, 9]],
  properties: { mw: [100, 300, 200] },
  activities: { pIC50: [6, null, 8] },
};

describe("map points", () => {
  it("fit into the drawing square without distortion", () => {
    const { x, y } = normalize(POINTS.x, POINTS.y);
    expect(Array.from(x)).toEqual([-0.95, 0.95, 0].map(Math.fround));
    // y spans half of x, so it keeps half the extent.
    expect(y[2] - y[0]).toBeCloseTo(0.95, 5);
  });

  it("colour by first set, property or activity, with missing values apart", () => {
    const bySet = colouring(POINTS, "set", new Map([[7, "actives"]]));
    expect(bySet).toMatchObject({ kind: "set", categories: [0, 1, 0], labels: ["actives", "set 9"] });
    const byMw = colouring(POINTS, "mw", new Map());
    if (byMw.kind !== "value") throw new Error("expected values");
    expect([byMw.min, byMw.max, byMw.missing]).toEqual([100, 300, 0]);
    expect(byMw.values[0]).toBeCloseTo(1 / (VALUE_COLOURS.length - 1), 6);
    expect(byMw.values[1]).toBeCloseTo(1, 6);
    const byActivity = colouring(POINTS, "activity:pIC50", new Map());
    if (byActivity.kind !== "value") throw new Error("expected values");
    expect(byActivity.missing).toBe(1);
    expect(byActivity.values[1]).toBe(0);
  });
});

describe("guessing an import's columns", () => {
  it("maps identifiers and activity columns by their usual names", () => {
    expect(guessColumns(["Compound_ID", "SMILES", "pKi"])).toEqual({
      smiles_column: "SMILES", name_column: "Compound_ID", activity_column: "pKi",
      activity_type_column: null, activity_units_column: null, activity_relation_column: null,
    });
    expect(guessColumns(["Molecule ChEMBL ID", "Smiles", "Standard Type", "Standard Relation", "Standard Value", "Standard Units"])).toEqual({
      smiles_column: "Smiles", name_column: "Molecule ChEMBL ID", activity_column: "Standard Value",
      activity_type_column: "Standard Type", activity_units_column: "Standard Units", activity_relation_column: "Standard Relation",
    });
    // A p-value beats a raw one; nothing is guessed twice or from thin air.
    expect(guessColumns(["smiles", "IC50", "pIC50", "GPCR"])).toMatchObject({ activity_column: "pIC50", name_column: null });
    expect(guessColumns(["a", "b"]).smiles_column).toBeNull();
  });
});

describe("training hints", () => {
  it("says why validity fell and what to try, and nothing when it held", () => {
    const fell = [{ epoch: 1, valid_ratio: 0.87 }, { epoch: 2, valid_ratio: 0.8 }, { epoch: 3, valid_ratio: 0.59 }];
    expect(validityHint(fell, false)).toMatch(/^Validity fell from 0.87 \(epoch 1\) to 0.59 \(epoch 3\): the network is overfitting/);
    expect(validityHint(fell, true)).toMatch(/agent is drifting away from its prior/);
    expect(validityHint([{ epoch: 1, valid_ratio: 0.87 }, { epoch: 2, valid_ratio: 0.8 }], false)).toBeNull();
    expect(validityHint([{ epoch: 1, valid_ratio: 0.9 }], false)).toBeNull();
  });
});

describe("drawing the map", () => {
  it("gives the scatter both colour channels, so values are not dropped", () => {
    const { x, y } = normalize(POINTS.x, POINTS.y);
    const byMw = colouring(POINTS, "mw", new Map());
    if (byMw.kind !== "value") throw new Error("expected values");
    const byValue = scatterInput({ x, y, value: byMw.values, colours: VALUE_COLOURS });
    expect(byValue.colorBy).toBe("valueW");
    expect(Array.from(byValue.points.w)).toEqual(Array.from(byMw.values));
    expect(byValue.points.z).toEqual([0, 0, 0]);
    expect(byValue.options.wDataType).toBe("continuous");
    const bySet = scatterInput({ x, y, category: [0, 1, 0], colours: ["#000000", "#ffffff"] });
    expect(bySet.colorBy).toBe("valueZ");
    expect(bySet.points.z).toEqual([0, 1, 0]);
    expect(bySet.points.w).toHaveLength(3);
  });
});

describe("statistics", () => {
  it("box plots use interpolated quartiles", () => {
    expect(boxStats("a", [4, 1, 3, 2, Number.NaN])).toEqual({ label: "a", n: 4, min: 1, q1: 1.75, median: 2.5, q3: 3.25, max: 4 });
    expect(boxStats("empty", [])).toBeNull();
  });

  it("mean and sample standard deviation skip missing values", () => {
    expect(meanSd([1, 3, null])).toEqual({ mean: 2, sd: Math.SQRT2 });
    expect(meanSd([null])).toBeNull();
    expect(num(0.12345)).toBe("0.123");
    expect(num(null)).toBe("–");
  });
});

describe("saving a map selection", () => {
  it("writes the selected structures as CSV, quoting where needed", async () => {
    const { selectionCsv } = await import("../pages/MapExplorer");
    const points = { ...POINTS, smiles: ["CCO", "C(=O)O,weird", "c1ccccc1"] };
    expect(selectionCsv(points, [2, 1])).toBe('SMILES,NAME\nc1ccccc1,3\n"C(=O)O,weird",2\n');
  });
});

describe("descriptor groups", () => {
  // as GET /api/qsar/descriptors lists them
  const groups: DescriptorGroup[] = [
    { kind: "morgan", title: "Morgan", parameters: { radius: { default: 2, min: 0, max: 10 }, n_bits: { default: 2048, min: 64, max: 16384 }, chirality: { default: false }, features: { default: false }, counts: { default: false } } },
    { kind: "rdkit_path", title: "RDKit path", parameters: { min_path: { default: 1 }, max_path: { default: 7, max: 10 }, n_bits: { default: 2048, min: 64, max: 16384 } } },
    { kind: "maccs", title: "MACCS", parameters: {} },
    { kind: "atom_pairs", title: "Atom pairs", parameters: { n_bits: { default: 2048, min: 64, max: 16384 } } },
    { kind: "physchem", title: "Physico-chemical", parameters: {} },
  ];

  it("fills every registry default in, as the request sends them", () => {
    expect(groups.map((g) => JSON.stringify(withDefaults(g)))).toEqual([
      '{"kind":"morgan","radius":2,"n_bits":2048,"chirality":false,"features":false,"counts":false}',
      '{"kind":"rdkit_path","min_path":1,"max_path":7,"n_bits":2048}',
      '{"kind":"maccs"}',
      '{"kind":"atom_pairs","n_bits":2048}',
      '{"kind":"physchem"}',
    ]);
  });

  it("refuses kinds the server does not describe and missing parameters", () => {
    expect(withDefaults({ kind: "estate", title: "EState", parameters: {} })).toBeNull();
    expect(descriptorOf({ kind: "morgan", n_bits: 1024 })).toBeNull();
    expect(descriptorOf({ kind: "atom_pairs", n_bits: "1024" })).toBeNull();
  });

  it("changes one parameter, keeping the group when the change is not a valid one", () => {
    const ecfp4 = { kind: "morgan", radius: 2, n_bits: 2048, chirality: false, features: false, counts: false } as const;
    expect(withParameter(ecfp4, "counts", true)).toEqual({ ...ecfp4, counts: true });
    expect(withParameter(ecfp4, "radius", 3)).toEqual({ ...ecfp4, radius: 3 });
    expect(withParameter(ecfp4, "radius", true)).toBe(ecfp4);
  });
});

describe("select options", () => {
  it("narrows a select's value to its options", () => {
    const splits = [{ value: "random", label: "random" }, { value: "scaffold", label: "by scaffold" }] as const;
    expect(optionValue(splits, "scaffold")).toBe("scaffold");
    expect(optionValue(splits, "cluster")).toBeNull();
    expect(optionValue(splits, null)).toBeNull();
  });
});

describe("SMILES from the structure editor", () => {
  it("drops the CXSMILES labels and writes R-group atoms as bare attachment points", () => {
    expect(plainSmiles("[*:1]c1cc2c([nH]cc2)cc1 |$_R1;;;;;;;;;$|")).toBe("*c1cc2c([nH]cc2)cc1");
    expect(plainSmiles("c1cc2c([nH]cc2)cc1")).toBe("c1cc2c([nH]cc2)cc1");
    expect(plainSmiles("  ")).toBe("");
  });

  it("puts attachment points written apart back on their atoms", () => {
    expect(plainSmiles("C1%91C=CN=C%92C=1.[*:1]%91.[*:2]%92 |$;;;;;;_AP1;_AP2$|")).toBe("C1(*)C=CN=C(*)C=1");
    expect(plainSmiles("C%91[NH3+].[*:1]%91 |$;;_R1$|")).toBe("C(*)[NH3+]");
    expect(plainSmiles("[C@H]%91(O)N.[*:1]%91")).toBe("[C@H](*)(O)N");
    expect(plainSmiles("C=%91.*%91")).toBe("C(=*)");
    expect(plainSmiles("C1CC1.N%91.[*:1]%91")).toBe("C1CC1.N(*)");
  });

  it("keeps a ring bond whose label is used again", () => {
    expect(plainSmiles("C%91CC%91C%91.[*:1]%91")).toBe("C%91CC%91C%91.*%91");
  });

  it("offers as priors only the networks that read the agent's vocabulary", () => {
    const shipped = { id: "default", pairing_key: "a1" };
    const finetuned = { id: 4, pairing_key: "a1" };
    const grown = { id: 5, pairing_key: "b2" };
    const building = { id: 6, pairing_key: null };
    const all = [shipped, finetuned, grown, building];
    expect(priorsFor(finetuned, all).map((n) => n.id)).toEqual(["default", 4]);
    expect(priorsFor(grown, all).map((n) => n.id)).toEqual([5]);
    expect(priorsFor(undefined, all)).toEqual([]);
  });
});

describe("objectives", () => {
  const forest = {
    name: "RF regression", spec: { mode: "regression" as const, activity_type: "pKi" },
    summary: { observed_range: [4.54, 9.61], units: "log units" },
  };
  const classifier = { name: "RF classes", spec: { mode: "classification" as const, activity_type: "pKi" }, summary: {} };

  it("defaults a model's bounds to the activity range it was trained on", () => {
    expect(boundsFor(forest)).toEqual({ lower: 4.5, upper: 9.7 });
    expect(boundsFor(classifier)).toEqual({ lower: 0, upper: 1 });
    expect(boundsFor({ ...forest, summary: null })).toEqual({ lower: 0, upper: 1 });
  });

  it("reads an objective in the scorer's units", () => {
    const qsar = { kind: "qsar" as const, model_id: 3 };
    expect(objectiveSummary({ scorer: qsar, modifier: { kind: "clipped", lower: 6.5, upper: 8 }, threshold: 0.5 }, forest))
      .toBe("pKi (RF regression) 6.5 → 8 log units, desired at 0.5");
    expect(objectiveSummary({ scorer: qsar, modifier: { kind: "clipped", lower: 0.2, upper: 0.9 }, threshold: 0.5 }, classifier))
      .toBe("P(active pKi) (RF classes) 0.2 → 0.9, desired at 0.5");
    expect(objectiveSummary({ scorer: { kind: "property", name: "logp" }, modifier: { kind: "clipped", lower: 1, upper: 4, low: 1, high: 0 }, threshold: 0.5 }, undefined, "Crippen logP"))
      .toBe("Crippen logP 4 → 1 (lower is better), desired at 0.5");
    expect(objectiveSummary({ scorer: { kind: "property", name: "qed" }, modifier: null, threshold: 0.6 }, undefined)).toBe("qed ≥ 0.6");
  });
});

describe("browsing state in the URL", () => {
  it("round-trips every part and leaves defaults out", () => {
    const browse = {
      page: 3, sort: "-activity:pKi", filter: "mw<500", view: "grid" as const, columns: ["qed", "kept:Series"],
      search: { similarity: { smiles: "c1ccccc1O", threshold: 0.55 } },
    };
    const params = writeBrowse(browse);
    expect(readBrowse(params)).toEqual(browse);
    expect(writeBrowse(readBrowse(new URLSearchParams())).toString()).toBe("");
    expect(readBrowse(new URLSearchParams("substructure=c1ccncc1")).search).toEqual({ substructure: { query: "c1ccncc1", language: "smarts" } });
  });

  it("falls back to defaults for a hand-edited URL", () => {
    const b = readBrowse(new URLSearchParams("page=-2&view=cards&similar=CCO&tanimoto=7"));
    expect([b.page, b.view]).toEqual([1, "table"]);
    expect(b.search).toEqual({ similarity: { smiles: "CCO", threshold: 0.7 } });
  });
});

describe("metric names", () => {
  it("reads as chemists write them", async () => {
    const { metricLabel } = await import("./metrics");
    expect(["r2", "roc_auc", "mcc", "mae", "balanced_accuracy"].map(metricLabel)).toEqual(["R²", "ROC AUC", "MCC", "MAE", "balanced accuracy"]);
  });
});

