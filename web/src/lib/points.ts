import type { MapPoints } from "../api/types";

/** Points scaled into [-1, 1]² (what the WebGL scatter draws), keeping the aspect ratio. */
export function normalize(x: number[], y: number[]): { x: Float32Array; y: Float32Array } {
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < minX) minX = x[i];
    if (x[i] > maxX) maxX = x[i];
    if (y[i] < minY) minY = y[i];
    if (y[i] > maxY) maxY = y[i];
  }
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  const cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
  const scale = 1.9 / span;
  const nx = new Float32Array(x.length), ny = new Float32Array(y.length);
  for (let i = 0; i < x.length; i++) {
    nx[i] = (x[i] - cx) * scale;
    ny[i] = (y[i] - cy) * scale;
  }
  return { x: nx, y: ny };
}

export type Colouring =
  | { kind: "set"; categories: number[]; labels: string[] }
  | { kind: "value"; values: Float32Array; min: number; max: number; missing: number };

/** Per-point categories (the first compound set of each point) or values in [0, 1]. */
export function colouring(points: MapPoints, by: string, setNames: Map<number, string>): Colouring {
  if (by === "set") {
    const sets = [...new Set(points.compound_set_ids.map((s) => s[0]))].sort((a, b) => a - b);
    const index = new Map(sets.map((s, i) => [s, i]));
    return {
      kind: "set",
      categories: points.compound_set_ids.map((s) => index.get(s[0]) ?? 0),
      labels: sets.map((s) => setNames.get(s) ?? `set ${s}`),
    };
  }
  const raw: (number | null)[] = by.startsWith("activity:")
    ? points.activities[by.slice("activity:".length)] ?? []
    : points.properties[by] ?? [];
  let min = Infinity, max = -Infinity, missing = 0;
  for (const v of raw) {
    if (v === null || !Number.isFinite(v)) missing++;
    else {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const span = max - min || 1;
  // The scatter maps a value in [0, 1] onto the colour list: 0 is kept for missing values
  // (the neutral first colour), measured ones spread over the rest of the ramp.
  const n = VALUE_COLOURS.length;
  const values = Float32Array.from(raw, (v) =>
    v === null || !Number.isFinite(v) ? 0 : (1 + ((v - min) / span) * (n - 2)) / (n - 1),
  );
  const none = missing === raw.length;
  return { kind: "value", values, min: none ? 0 : min, max: none ? 0 : max, missing };
}

/** Points with their colouring, as the map canvas gets them. */
export type Drawn = {
  x: Float32Array;
  y: Float32Array;
  category?: number[];
  value?: Float32Array;
  colours: string[];
};

/**
 * What regl-scatterplot's `draw` takes for `drawn`. It reads a point's colour from `z`
 * (categories) or `w` (values in [0, 1]), but silently drops `w` when `z` is absent, so both
 * are always given; their data types are stated, as it would otherwise guess "categorical"
 * for a ramp whose values all happen to be whole numbers.
 */
export function scatterInput(drawn: Drawn) {
  const n = drawn.x.length;
  const byValue = !drawn.category;
  return {
    points: {
      x: drawn.x,
      y: drawn.y,
      z: drawn.category ?? new Array<number>(n).fill(0),
      w: drawn.value ?? new Float32Array(n),
    },
    options: { zDataType: "categorical" as const, wDataType: "continuous" as const },
    colorBy: byValue ? ("valueW" as const) : ("valueZ" as const),
  };
}

/** Grey for missing values, then a perceptually even blue → yellow ramp (viridis stops). */
const RAMP = ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"];

function lerp(a: string, b: string, t: number): string {
  const pa = [1, 3, 5].map((i) => parseInt(a.slice(i, i + 2), 16));
  const pb = [1, 3, 5].map((i) => parseInt(b.slice(i, i + 2), 16));
  return "#" + pa.map((c, i) => Math.round(c + (pb[i] - c) * t).toString(16).padStart(2, "0")).join("");
}

export const VALUE_COLOURS: string[] = [
  "#c8c8c8",
  ...Array.from({ length: 63 }, (_, i) => {
    const t = (i / 62) * (RAMP.length - 1);
    const k = Math.min(Math.floor(t), RAMP.length - 2);
    return lerp(RAMP[k], RAMP[k + 1], t - k);
  }),
];

export const SET_COLOURS = ["#1c7ed6", "#e8590c", "#2f9e44", "#ae3ec9", "#f08c00", "#0c8599", "#c2255c", "#5c940d", "#3b5bdb", "#868e96"];
