// Small SVG charts: ROC curves, observed vs predicted, histograms. Hand-written because
// they are a few dozen lines each and keep the bundle small.

export type Series = { label: string; colour: string; points: [number, number][]; dashed?: boolean };

const W = 360, H = 300, M = { l: 48, r: 12, t: 12, b: 40 };

function scale(domain: [number, number], range: [number, number]) {
  const [d0, d1] = domain;
  const span = d1 - d0 || 1;
  return (v: number) => range[0] + ((v - d0) / span) * (range[1] - range[0]);
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

function Axes({ x, y, xDomain, yDomain, xLabel, yLabel, integerX = false }: {
  x: (v: number) => number; y: (v: number) => number;
  xDomain: [number, number]; yDomain: [number, number]; xLabel: string; yLabel: string; integerX?: boolean;
}) {
  return (
    <g fontSize={10} fill="currentColor">
      <line x1={M.l} x2={W - M.r} y1={H - M.b} y2={H - M.b} stroke="currentColor" />
      <line x1={M.l} x2={M.l} y1={M.t} y2={H - M.b} stroke="currentColor" />
      {ticks(xDomain, 5, integerX).map((t) => (
        <text key={`x${t}`} x={x(t)} y={H - M.b + 14} textAnchor="middle">{t}</text>
      ))}
      {ticks(yDomain).map((t) => (
        <text key={`y${t}`} x={M.l - 4} y={y(t) + 3} textAnchor="end">{t}</text>
      ))}
      <text x={(M.l + W - M.r) / 2} y={H - 6} textAnchor="middle">{xLabel}</text>
      <text transform={`translate(12 ${(M.t + H - M.b) / 2}) rotate(-90)`} textAnchor="middle">{yLabel}</text>
    </g>
  );
}

export function LinePlot({ series, xLabel, yLabel, title, diagonal = false, domain = [0, 1], xDomain = domain, markers = false, integerX = false }: {
  series: Series[]; xLabel: string; yLabel: string; title: string; diagonal?: boolean;
  /** The y range, and the x range unless `xDomain` is given. */
  domain?: [number, number]; xDomain?: [number, number];
  /** A dot on every point, with its values on hover: for measurements such as epochs, where a
   * single one is already worth seeing (a lone point draws no line). */
  markers?: boolean;
  /** Whole-number ticks on x (epochs). */
  integerX?: boolean;
}) {
  const x = scale(xDomain, [M.l, W - M.r]);
  const y = scale(domain, [H - M.b, M.t]);
  return (
    <figure style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={title} style={{ maxWidth: W }}>
        <Axes x={x} y={y} xDomain={xDomain} yDomain={domain} xLabel={xLabel} yLabel={yLabel} integerX={integerX} />
        {diagonal && <line x1={x(domain[0])} y1={y(domain[0])} x2={x(domain[1])} y2={y(domain[1])} stroke="#aaa" strokeDasharray="4 4" />}
        {series.map((s) => (
          <polyline key={s.label} fill="none" stroke={s.colour} strokeWidth={2} strokeDasharray={s.dashed ? "6 3" : undefined}
            points={s.points.map(([a, b]) => `${x(a)},${y(b)}`).join(" ")} />
        ))}
        {markers && series.flatMap((s) => s.points.map(([a, b]) => (
          <circle key={`${s.label}-${a}`} cx={x(a)} cy={y(b)} r={3} fill={s.dashed ? "none" : s.colour} stroke={s.colour}>
            <title>{`${s.label}: ${+b.toFixed(3)} at ${xLabel} ${+a.toFixed(3)}`}</title>
          </circle>
        )))}
      </svg>
      <figcaption style={{ fontSize: 12 }}>
        {series.map((s) => (
          <span key={s.label} style={{ marginRight: 12 }}>
            <span style={{ color: s.colour }}>■</span> {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

export function ScatterPlot({ points, xLabel, yLabel, title, identity = false }: {
  points: [number, number][]; xLabel: string; yLabel: string; title: string; identity?: boolean;
}) {
  const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
  const lo = Math.min(...xs, ...(identity ? ys : [])), hi = Math.max(...xs, ...(identity ? ys : []));
  const xDomain: [number, number] = [lo, hi];
  const yDomain: [number, number] = identity ? [lo, hi] : [Math.min(...ys), Math.max(...ys)];
  const x = scale(xDomain, [M.l, W - M.r]);
  const y = scale(yDomain, [H - M.b, M.t]);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={title} style={{ maxWidth: W }}>
      <Axes x={x} y={y} xDomain={xDomain} yDomain={yDomain} xLabel={xLabel} yLabel={yLabel} />
      {identity && <line x1={x(lo)} y1={y(lo)} x2={x(hi)} y2={y(hi)} stroke="#aaa" strokeDasharray="4 4" />}
      {!identity && <line x1={M.l} x2={W - M.r} y1={y(0)} y2={y(0)} stroke="#aaa" strokeDasharray="4 4" />}
      {points.map(([a, b], i) => <circle key={i} cx={x(a)} cy={y(b)} r={2.5} fill="#1c7ed6" fillOpacity={0.5} />)}
    </svg>
  );
}

export function Histogram({ bars, label }: { bars: { from: number; to: number; count: number }[]; label: string }) {
  const w = 240, h = 90;
  const max = Math.max(1, ...bars.map((b) => b.count));
  const bw = w / Math.max(1, bars.length);
  return (
    <svg viewBox={`0 0 ${w} ${h + 14}`} width={w} role="img" aria-label={`histogram of ${label}`}>
      {bars.map((b, i) => {
        const bh = (b.count / max) * h;
        return (
          <rect key={i} x={i * bw + 1} y={h - bh} width={bw - 2} height={bh} fill="#4c6ef5">
            <title>{`${b.from.toFixed(2)}–${b.to.toFixed(2)}: ${b.count}`}</title>
          </rect>
        );
      })}
      <text x={0} y={h + 12} fontSize={10} fill="currentColor">{bars[0]?.from.toFixed(2)}</text>
      <text x={w} y={h + 12} fontSize={10} textAnchor="end" fill="currentColor">{bars[bars.length - 1]?.to.toFixed(2)}</text>
    </svg>
  );
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
  const x = scale([lo, hi], [left, w - right]);
  const h = boxes.length * rowH + 24;
  return (
    <svg viewBox={`0 0 ${w} ${h}`} width="100%" style={{ maxWidth: w }} role="img" aria-label={`distribution of ${label}`}>
      {boxes.map((b, i) => {
        const y = i * rowH + 14;
        return (
          <g key={b.label}>
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
