// Descriptor groups between the registry-driven picker (any group, its parameters by name) and
// the typed `Descriptor` the server's document describes.

import type { Descriptor, DescriptorGroup } from "../api/types";

/** A descriptor group as a form edits it: its kind and its parameters by name. */
export type DescriptorDraft = { kind: string } & Record<string, number | boolean | string>;

/** The draft of a typed descriptor (its parameters by name). */
export function draftOf(d: Descriptor): DescriptorDraft {
  return { ...d };
}

/**
 * The descriptor a draft describes, or null when it is not one the server takes (an unknown
 * kind, or a required parameter missing or not a number). Parameters the kind does not have are
 * left out; `counts` goes with Morgan only, as the server accepts it there only.
 */
export function descriptorOf(d: DescriptorDraft): Descriptor | null {
  const count = (key: string): number | null => {
    const v = d[key];
    return typeof v === "number" && Number.isFinite(v) ? v : null;
  };
  const flags = <K extends string>(...keys: K[]): Partial<Record<K, boolean>> => {
    const out: Partial<Record<K, boolean>> = {};
    for (const k of keys) {
      const v = d[k];
      if (typeof v === "boolean") out[k] = v;
    }
    return out;
  };
  const n_bits = count("n_bits");
  switch (d.kind) {
    case "morgan": {
      const radius = count("radius");
      if (radius === null || n_bits === null) return null;
      return { kind: "morgan", radius, n_bits, ...flags("chirality", "features", "counts") };
    }
    case "rdkit_path": {
      const min_path = count("min_path");
      const max_path = count("max_path");
      if (min_path === null || max_path === null || n_bits === null) return null;
      return { kind: "rdkit_path", min_path, max_path, n_bits };
    }
    case "atom_pairs":
    case "pattern":
      return n_bits === null ? null : { kind: d.kind, n_bits };
    case "maccs":
    case "physchem":
      return { kind: d.kind };
    default:
      return null;
  }
}

/** A group with every registry default filled in (the server requires them all); null for a kind the server's document does not describe. */
export function withDefaults(group: DescriptorGroup): Descriptor | null {
  const d: DescriptorDraft = { kind: group.kind };
  for (const [k, spec] of Object.entries(group.parameters)) d[k] = spec.default;
  return descriptorOf(d);
}

/** The descriptor with one parameter changed, or the descriptor unchanged when the change makes it invalid. */
export function withParameter(d: Descriptor, key: string, value: number | boolean): Descriptor {
  return descriptorOf({ ...draftOf(d), [key]: value }) ?? d;
}
