// Charts drawn by uPlot. Measured against Observable Plot and ECharts (tree-shaken to lines,
// scatter, bars, tooltip, zoom and export) for what these pages draw, uPlot adds 23 kB gzip where
// they add 142 and 226 kB, and its canvas draws thousands of points without effort. It is loaded
// with the first chart a page shows (chartEngine.ts), not with the app. Every chart zooms
// (drag; double-click resets), shows the values under the cursor and saves itself as PNG;
// points of molecules show the molecule. Box plots stay a few lines of SVG.

import { Button, Group, Image, Paper, Text } from "@mantine/core";
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type uPlot from "uplot";

export type Series = { label: string; colour: string; points: [number, number][]; dashed?: boolean };

type Engine = typeof uPlot;

let engine: Promise<Engine> | null = null;
const loadEngine = () => (engine ??= import("./chartEngine").then((m) => m.default));

/** uPlot, once its chunk is loaded; null before, and where the browser cannot draw on a canvas. */
function useEngine(): Engine | null {
  const [lib, setLib] = useState<Engine | null>(null);
  useEffect(() => {
    let live = true;
    if (!canDraw()) return;
    loadEngine().then((l) => live && setLib(() => l), () => {});
    return () => {
      live = false;
    };
  }, []);
  return lib;
}

let drawable: boolean | null = null;
function canDraw(): boolean {
  drawable ??= typeof ResizeObserver !== "undefined" && !!document.createElement("canvas").getContext("2d");
  return drawable;
}

/**
 * About `n` round tick values (steps of 1, 2 or 5 × 10^k) inside `[lo, hi]`; whole numbers
 * only when `integer` (epochs, counts).
 */
export function ticks([lo, hi]: [number, number], n = 5, integer = false): number[] {
  if (!(hi > lo)) return [integer ? Math.round(lo) : lo];
  const raw = (hi - lo) / n;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  if (integer) step = Math.max(1, Math.round(step));
  const first = Math.ceil(lo / step - 1e-9);
  const out: number[] = [];
  for (let k = first; k * step <= hi + step * 1e-9; k++) out.push(+(k * step).toPrecision(12));
  return out;
}

const short = (v: number | null | undefined) => (v == null || !Number.isFinite(v) ? "–" : String(+v.toPrecision(4)));

/**
 * The series as uPlot's one table: x ascending, one column of y per series (null where a row
 * is another series'). Equal x of different series share a row; repeated x of one series (a
 * ROC curve's vertical steps) take one row each, in their order.
 */
export function alignSeries(series: Series[]): [number[], ...(number | null)[][]] {
  const entries = series.flatMap((s, i) => s.points.map(([x, y]) => ({ x, y, i })));
  entries.sort((a, b) => a.x - b.x);
  const xs: number[] = [];
  const ys = series.map(() => [] as (number | null)[]);
  for (let at = 0; at < entries.length;) {
    let end = at;
    while (end < entries.length && entries[end].x === entries[at].x) end++;
    const per = series.map((_, i) => entries.slice(at, end).filter((e) => e.i === i));
    const rows = Math.max(...per.map((p) => p.length));
    for (let r = 0; r < rows; r++) {
      xs.push(entries[at].x);
      ys.forEach((column, i) => column.push(per[i][r]?.y ?? null));
    }
    at = end;
  }
  return [xs, ...ys];
}

/** The index of the point nearest to (`left`, `top`) in CSS pixels of the plot, and its distance. */
function nearest(u: uPlot, left: number, top: number): [number, number] {
  const [xs, ys] = [u.data[0], u.data[1]];
  let best = -1, bestD = Infinity;
  for (let j = 0; j < xs.length; j++) {
    const y = ys[j];
    if (y == null) continue;
    const d = Math.hypot(u.valToPos(xs[j], "x") - left, u.valToPos(y, "y") - top);
    if (d < bestD) [best, bestD] = [j, d];
  }
  return [best, bestD];
}

/** A dashed guide from `from` to `to` (data coordinates), clipped to the plot. */
function guide(u: uPlot, from: [number, number], to: [number, number]) {
  const { ctx, bbox } = u;
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
  ctx.strokeStyle = "#999";
  ctx.lineWidth = devicePixelRatio;
  ctx.setLineDash([4 * devicePixelRatio, 4 * devicePixelRatio]);
  ctx.beginPath();
  ctx.moveTo(u.valToPos(from[0], "x", true), u.valToPos(from[1], "y", true));
  ctx.lineTo(u.valToPos(to[0], "x", true), u.valToPos(to[1], "y", true));
  ctx.stroke();
  ctx.restore();
}

/** The chart as a PNG file, on white, with its title and the series' names under it. */
function savePng(u: uPlot, title: string) {
  const chart = u.ctx.canvas;
  const scale = devicePixelRatio;
  const named = u.series.slice(1).filter((s) => s.label);
  const line = 18 * scale;
  const out = document.createElement("canvas");
  out.width = chart.width;
  out.height = chart.height + line * (named.length + 1);
  const ctx = out.getContext("2d");
  if (!ctx) return;
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = "#000";
  ctx.font = `${13 * scale}px sans-serif`;
  ctx.fillText(title, 8 * scale, 14 * scale);
  ctx.drawImage(chart, 0, line);
  named.forEach((s, i) => {
    const y = chart.height + line * (i + 1) + 8 * scale;
    ctx.fillStyle = typeof s.stroke === "string" ? s.stroke : typeof s.fill === "string" ? s.fill : "#000";
    ctx.fillRect(8 * scale, y - 9 * scale, 10 * scale, 10 * scale);
    ctx.fillStyle = "#000";
    ctx.fillText(String(s.label), 24 * scale, y);
  });
  const link = document.createElement("a");
  link.href = out.toDataURL("image/png");
  link.download = `${title.replace(/[^\w.-]+/g, "_")}.png`;
  link.click();
}

type Build = (lib: Engine) => { options: Omit<uPlot.Options, "width" | "height">; data: uPlot.AlignedData };

/** A uPlot chart as wide as its place (up to `maxWidth`), with its accessible name, zoom hint and PNG export. */
function Chart({ title, height, build, maxWidth = 520, overlay, zoom = true }: {
  title: string; height: number; build: Build; maxWidth?: number; overlay?: ReactNode; zoom?: boolean;
}) {
  const lib = useEngine();
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = box.current;
    if (!element || !canDraw()) return;
    const observer = new ResizeObserver(() => setWidth(Math.min(maxWidth, Math.floor(element.clientWidth))));
    observer.observe(element);
    return () => observer.disconnect();
  }, [maxWidth]);
  useEffect(() => {
    const element = box.current;
    if (!lib || !element || width < 50) return;
    const { options, data } = build(lib);
    const u = new lib({ ...options, width, height }, data, element);
    plot.current = u;
    return () => {
      u.destroy();
      plot.current = null;
    };
  }, [lib, build, width, height]);
  return (
    <figure style={{ margin: 0, position: "relative", maxWidth }}>
      <div ref={box} role="img" aria-label={title} style={{ minHeight: height }} />
      {overlay}
      <Group gap="xs" justify="flex-end">
        {zoom && <Text size="xs" c="dimmed">drag to zoom · double-click to reset</Text>}
        <Button size="compact-xs" variant="subtle" onClick={() => plot.current && savePng(plot.current, title)} aria-label={`save ${title} as PNG`}>
          PNG
        </Button>
      </Group>
    </figure>
  );
}

const axis = (label: string, integer = false): uPlot.Axis => ({
  label,
  splits: (_u, _i, min, max) => ticks([min, max], 5, integer),
  values: (_u, splits) => splits.map((v) => short(v)),
});

/** Builds a chart's options once per distinct input (the inputs compared by value). */
function useBuild(inputs: unknown, build: Build): Build {
  const key = JSON.stringify(inputs);
  // the builder closes over the inputs: a new one only when they change
  return useMemo(() => build, [key]); // eslint-disable-line react-hooks/exhaustive-deps
}

export function LinePlot({ series, xLabel, yLabel, title, diagonal = false, domain = [0, 1], xDomain = domain, markers = false, integerX = false }: {
  series: Series[]; xLabel: string; yLabel: string; title: string; diagonal?: boolean;
  /** The y range (widened to the data), and the x range unless `xDomain` is given. */
  domain?: [number, number]; xDomain?: [number, number];
  /** A dot on every point: for measurements such as epochs, where a single one is already worth seeing (a lone point draws no line). */
  markers?: boolean;
  /** Whole-number ticks on x (epochs). */
  integerX?: boolean;
}) {
  const build = useBuild([series, xLabel, yLabel, diagonal, domain, xDomain, markers, integerX], () => ({
    data: alignSeries(series) as uPlot.AlignedData,
    options: {
      scales: {
        x: { time: false, range: (_u, min, max) => (max > min ? [min, max] : xDomain) },
        y: { range: (_u, min, max) => [Math.min(min ?? domain[0], domain[0]), Math.max(max ?? domain[1], domain[1])] },
      },
      axes: [axis(xLabel, integerX), axis(yLabel)],
      cursor: { drag: { x: true, y: false } },
      series: [
        { label: xLabel, value: (_u, v) => short(v) },
        ...series.map((s): uPlot.Series => ({
          label: s.label, stroke: s.colour, width: 2, dash: s.dashed ? [6, 3] : undefined, spanGaps: true,
          points: { show: markers, size: 7, fill: s.dashed ? "#fff" : s.colour, stroke: s.colour },
          value: (_u, v) => short(v),
        })),
      ],
      hooks: diagonal ? { draw: [(u) => guide(u, [domain[0], domain[0]], [domain[1], domain[1]])] } : {},
    },
  }));
  return <Chart title={title} height={280} build={build} />;
}

type Hover = { index: number; left: number; top: number };

/**
 * Points of a scatter (observed vs predicted, residuals); with `ids`, hovering a point shows
 * that molecule's structure.
 */
export function ScatterPlot({ points, xLabel, yLabel, title, identity = false, ids }: {
  points: [number, number][]; xLabel: string; yLabel: string; title: string; identity?: boolean;
  /** The molecule of each point. */
  ids?: number[];
}) {
  const [hover, setHover] = useState<Hover | null>(null);
  const order = useMemo(() => points.map((_, i) => i).sort((a, b) => points[a][0] - points[b][0]), [points]);
  const build = useBuild([points, xLabel, yLabel, identity], () => {
    const xs = order.map((i) => points[i][0]);
    const ys = order.map((i) => points[i][1]);
    const all = identity ? [...xs, ...ys] : xs;
    const [lo, hi] = [Math.min(...all), Math.max(...all)];
    return {
      data: [xs, ys],
      options: {
        scales: { x: { time: false } },
        axes: [axis(xLabel), axis(yLabel)],
        legend: { show: false },
        cursor: {
          drag: { x: true, y: true, uni: 30 },
          points: { show: false },
          dataIdx: (u, _s, closest) => {
            const [index] = nearest(u, u.cursor.left ?? -1, u.cursor.top ?? -1);
            return index >= 0 ? index : closest;
          },
        },
        series: [
          { label: xLabel },
          { label: yLabel, stroke: "#1c7ed6", paths: () => null, points: { show: true, size: 6, fill: "rgba(28,126,214,0.45)", stroke: "rgba(28,126,214,0.8)" } },
        ],
        hooks: {
          draw: [(u) => (identity ? guide(u, [lo, lo], [hi, hi]) : guide(u, [lo, 0], [hi, 0]))],
          setCursor: [(u) => {
            const [index, distance] = nearest(u, u.cursor.left ?? -1, u.cursor.top ?? -1);
            if (index < 0 || distance > 12) return setHover(null);
            const over = u.over.getBoundingClientRect();
            const root = (u.root.parentElement as HTMLElement).getBoundingClientRect();
            setHover({ index, left: over.left - root.left + u.valToPos(xs[index], "x"), top: over.top - root.top + u.valToPos(ys[index], "y") });
          }],
        },
      },
    };
  });
  const point = hover ? order[hover.index] : null;
  const tip = hover && point != null && (
    <Paper withBorder shadow="md" p={4} data-testid="chart-tooltip"
      style={{ position: "absolute", left: hover.left + 10, top: hover.top + 10, pointerEvents: "none", zIndex: 5 }}>
      {ids?.[point] != null && (
        <Image src={`/api/molecules/${ids[point]}/depiction.svg?width=180&height=130`} alt={`molecule ${ids[point]}`} w={180} h={130} fit="contain" />
      )}
      <Text size="xs">{xLabel} {short(points[point][0])} · {yLabel} {short(points[point][1])}</Text>
    </Paper>
  );
  return <Chart title={title} height={300} build={build} overlay={tip} />;
}

export function Histogram({ bars, label }: { bars: { from: number; to: number; count: number }[]; label: string }) {
  const build = useBuild([bars], (lib) => ({
    data: [bars.map((b) => (b.from + b.to) / 2), bars.map((b) => b.count)],
    options: {
      scales: {
        x: { time: false, range: () => [bars[0]?.from ?? 0, bars[bars.length - 1]?.to ?? 1] },
        y: { range: (_u, _min, max) => [0, Math.max(1, max ?? 1)] },
      },
      axes: [axis(label), axis("molecules", true)],
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      series: [
        { label, value: (_u, _v, _s, i) => (i == null || !bars[i] ? "–" : `${short(bars[i].from)}–${short(bars[i].to)}`) },
        { label: "molecules", fill: "#4c6ef5", stroke: "#4c6ef5", paths: lib.paths.bars?.({ size: [0.9, Infinity] }), points: { show: false } },
      ],
    },
  }));
  return <Chart title={`histogram of ${label}`} height={190} build={build} maxWidth={360} zoom={false} />;
}

export type BoxStats = { label: string; n: number; min: number; q1: number; median: number; q3: number; max: number };

/** Five-number summaries (linear interpolation between order statistics). */
export function boxStats(label: string, values: number[]): BoxStats | null {
  const xs = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!xs.length) return null;
  const q = (p: number) => {
    const pos = (xs.length - 1) * p;
    const lo = Math.floor(pos);
    return xs[lo] + (xs[Math.min(lo + 1, xs.length - 1)] - xs[lo]) * (pos - lo);
  };
  return { label, n: xs.length, min: xs[0], q1: q(0.25), median: q(0.5), q3: q(0.75), max: xs[xs.length - 1] };
}

export function BoxPlot({ boxes, label }: { boxes: BoxStats[]; label: string }) {
  const rowH = 28, w = 420, left = 130, right = 16;
  const lo = Math.min(...boxes.map((b) => b.min)), hi = Math.max(...boxes.map((b) => b.max));
  const x = (v: number) => left + ((v - lo) / (hi - lo || 1)) * (w - right - left);
  const h = boxes.length * rowH + 24;
  return (
    <svg viewBox={`0 0 ${w} ${h}`} width="100%" style={{ maxWidth: w }} role="img" aria-label={`distribution of ${label}`}>
      {boxes.map((b, i) => {
        const y = i * rowH + 14;
        return (
          <g key={b.label}>
            <title>{`${b.label}: median ${short(b.median)}, quartiles ${short(b.q1)}–${short(b.q3)}, range ${short(b.min)}–${short(b.max)}`}</title>
            <text x={left - 6} y={y + 4} fontSize={10} textAnchor="end" fill="currentColor">{b.label} ({b.n})</text>
            <line x1={x(b.min)} x2={x(b.max)} y1={y} y2={y} stroke="#868e96" />
            <rect x={x(b.q1)} y={y - 8} width={Math.max(1, x(b.q3) - x(b.q1))} height={16} fill={SET_BOX} fillOpacity={0.35} stroke={SET_BOX} />
            <line x1={x(b.median)} x2={x(b.median)} y1={y - 8} y2={y + 8} stroke="#000" strokeWidth={2} />
          </g>
        );
      })}
      <text x={left} y={h - 4} fontSize={10} fill="currentColor">{+lo.toFixed(2)}</text>
      <text x={w - right} y={h - 4} fontSize={10} textAnchor="end" fill="currentColor">{+hi.toFixed(2)}</text>
    </svg>
  );
}

const SET_BOX = "#4c6ef5";
