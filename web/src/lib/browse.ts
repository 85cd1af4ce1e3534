// How a user browses a compound set — page, sort, filter, search, table or grid, columns — kept in
// the URL, so that a link shows the same molecules and the browser's back button undoes a step.

import type { ActivitySet, Molecule, SearchRequest } from "../api/types";
import { num } from "./format";

export type Search =
  | { substructure: NonNullable<SearchRequest["substructure"]> }
  | { similarity: NonNullable<SearchRequest["similarity"]> };

export type View = "table" | "grid";

export type Browse = {
  page: number;
  sort: string;
  filter: string;
  search: Search | null;
  view: View;
  /** Column keys shown; null: the defaults. */
  columns: string[] | null;
};

const DEFAULT_SIMILARITY = 0.7;

/** The browsing state a URL's query says (anything malformed falls back to the default). */
export function readBrowse(params: URLSearchParams): Browse {
  const page = Math.floor(Number(params.get("page")));
  const substructure = params.get("substructure");
  const similar = params.get("similar");
  const tanimoto = Number(params.get("tanimoto") ?? DEFAULT_SIMILARITY);
  const search: Search | null = substructure
    ? { substructure: { query: substructure, language: "smarts" } }
    : similar
      ? { similarity: { smiles: similar, threshold: tanimoto >= 0 && tanimoto <= 1 ? tanimoto : DEFAULT_SIMILARITY } }
      : null;
  const columns = params.get("columns");
  return {
    page: page >= 1 ? page : 1,
    sort: params.get("sort") || "id",
    filter: params.get("filter") ?? "",
    search,
    view: params.get("view") === "grid" ? "grid" : "table",
    columns: columns === null ? null : columns.split(",").filter(Boolean),
  };
}

/** The URL query of a browsing state, defaults left out. */
export function writeBrowse(b: Browse): URLSearchParams {
  const params = new URLSearchParams();
  if (b.page > 1) params.set("page", String(b.page));
  if (b.sort !== "id") params.set("sort", b.sort);
  if (b.filter) params.set("filter", b.filter);
  if (b.search && "substructure" in b.search) params.set("substructure", b.search.substructure.query);
  if (b.search && "similarity" in b.search) {
    params.set("similar", b.search.similarity.smiles);
    params.set("tanimoto", String(b.search.similarity.threshold ?? DEFAULT_SIMILARITY));
  }
  if (b.view !== "table") params.set("view", b.view);
  if (b.columns) params.set("columns", b.columns.join(","));
  return params;
}

/** A column of the molecule table: a descriptor, a measured activity (mean per molecule), a prediction or a column kept at import. */
export type Column = { key: string; label: string; value: (m: Molecule) => string; sort?: string };

const PROPERTY_LABELS: Record<string, string> = {
  mw: "MW", exact_mw: "exact MW", logp: "logP", mr: "MR", tpsa: "TPSA", hbd: "HBD", hba: "HBA", qed: "QED",
  sa_score: "SA score", fraction_csp3: "Fsp3", bertz_ct: "Bertz CT",
};

/** The descriptor columns shown until the user chooses others. */
export const DEFAULT_PROPERTIES = ["mw", "logp", "tpsa", "hbd", "hba", "qed"];

export const propertyLabel = (key: string) => PROPERTY_LABELS[key] ?? key.replace(/_/g, " ");

/** A molecule's values of a type: their mean, or a lone censored value with its relation ("< 5.00"). */
export function activityValue(m: Molecule, type: string): string {
  const values = m.activities.filter((a) => a.type === type);
  const [only] = values;
  if (values.length === 1 && only.relation && only.relation !== "=") return `${only.relation} ${num(only.value, 2)}`;
  return num(values.length ? values.reduce((s, a) => s + a.value, 0) / values.length : null, 2);
}

/** A molecule's value in a prediction set, with its interval where the model gave one. */
export function predictedValue(m: Molecule, type: string, activitySetId: number): string {
  const a = m.activities.find((a) => a.activity_set_id === activitySetId && a.type === type);
  if (!a) return num(null);
  return a.interval ? `${num(a.value, 2)} (${num(a.interval[0], 2)} – ${num(a.interval[1], 2)})` : num(a.value, 2);
}

/** The columns or tags kept at import (`extra`), in the order they first appear on the page. */
export function keptColumns(molecules: Molecule[]): string[] {
  const keys = new Set<string>();
  for (const m of molecules) for (const k of Object.keys((m.extra as Record<string, unknown> | null) ?? {})) keys.add(k);
  return [...keys];
}

/**
 * Every column the molecules on a page can show, and the keys shown by default: the usual
 * descriptors, every measured activity type, every model's predictions for the set (a column
 * per prediction set, with the intervals), every kept column.
 */
export function availableColumns(molecules: Molecule[], activityTypes: string[], predictionSets: ActivitySet[] = []): { all: Column[]; defaults: string[] } {
  const properties = Object.keys(molecules[0]?.properties ?? {});
  const names = properties.length ? properties : DEFAULT_PROPERTIES;
  const kept = keptColumns(molecules);
  const predicted = predictionSets.flatMap((set) => {
    const types = new Set(molecules.flatMap((m) => m.activities.filter((a) => a.activity_set_id === set.id).map((a) => a.type)));
    return [...types].map((t): Column => ({
      key: `activity:${t}@${set.id}`, label: `${set.name}: ${t}`, value: (m) => predictedValue(m, t, set.id), sort: `activity:${t}@${set.id}`,
    }));
  });
  const all: Column[] = [
    ...names.map((p) => ({ key: p, label: propertyLabel(p), value: (m: Molecule) => num(m.properties[p], 2), sort: p })),
    ...activityTypes.map((t) => ({
      key: `activity:${t}`, label: t, value: (m: Molecule) => activityValue(m, t), sort: `activity:${t}`,
    })),
    ...predicted,
    ...kept.map((k) => ({
      key: `kept:${k}`, label: k,
      value: (m: Molecule) => {
        const v = (m.extra as Record<string, unknown> | null)?.[k];
        return v == null ? "" : String(v);
      },
    })),
  ];
  const defaults = [...DEFAULT_PROPERTIES, ...activityTypes.map((t) => `activity:${t}`), ...predicted.map((c) => c.key), ...kept.map((k) => `kept:${k}`)];
  return { all, defaults };
}
