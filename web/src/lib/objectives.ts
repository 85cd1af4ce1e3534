// What an objective measures, said in the scorer's own units: the defaults of a modifier's
// bounds come from the QSAR model (the activity range it was trained on), and the summary of a
// saved objective reads "pKi 6.5 → 8 log units", not "RF regression ≥ 0.5".

/** The parts of a QSAR model an objective needs. */
export type ScoringModel = {
  name: string;
  spec: { mode: "regression" | "classification"; activity_type?: string; metadata?: unknown };
  summary?: { observed_range?: number[] | null; units?: string | null } | null;
};

type Bounded = { kind: "clipped" | "smooth_clipped"; lower: number; upper: number; low?: number; high?: number };
type Hump = { kind: "smooth_hump"; lower: number; upper: number; sigma: number };
type ObjectiveLike = { scorer: { kind: "property"; name: string } | { kind: "qsar"; model_id: number }; modifier?: Bounded | Hump | null; threshold: number };

/** The activity a model predicts, by name ("pKi"), or the model's name when its file does not say. */
export function activityOf(model: ScoringModel): string {
  const metadata = model.spec.metadata as { activity_type?: unknown } | undefined;
  const named = model.spec.activity_type ?? (typeof metadata?.activity_type === "string" ? metadata.activity_type : undefined);
  return named ?? model.name;
}

/** Default modifier bounds for a model's score: the observed activity range of a regression model (one decimal, outward), a probability's full range for a classifier. */
export function boundsFor(model: ScoringModel): { lower: number; upper: number } {
  const range = model.summary?.observed_range;
  if (model.spec.mode === "regression" && range && range.length === 2 && range[1] > range[0]) {
    return { lower: Math.floor(range[0] * 10) / 10, upper: Math.ceil(range[1] * 10) / 10 };
  }
  return { lower: 0, upper: 1 };
}

const short = (v: number) => String(Number(v.toPrecision(4)));

/**
 * An objective in words and units: what is scored, from which value to which it becomes
 * desirable, and the desirability it must reach.
 */
export function objectiveSummary(o: ObjectiveLike, model: ScoringModel | undefined, propertyLabel?: string): string {
  let what: string;
  let units = "";
  if (o.scorer.kind === "property") {
    what = propertyLabel ?? o.scorer.name;
  } else if (model) {
    const classifier = model.spec.mode === "classification";
    what = classifier ? `P(active ${activityOf(model)})` : activityOf(model);
    what = `${what} (${model.name})`;
    units = !classifier && model.summary?.units ? ` ${model.summary.units}` : "";
  } else {
    what = `QSAR model ${o.scorer.model_id}`;
  }
  const m = o.modifier;
  if (!m) return `${what} ≥ ${short(o.threshold)}`;
  const scale = m.kind === "smooth_hump"
    ? `${short(m.lower)}–${short(m.upper)}${units} (best inside)`
    : (m.low ?? 0) > (m.high ?? 1)
      ? `${short(m.upper)} → ${short(m.lower)}${units} (lower is better)`
      : `${short(m.lower)} → ${short(m.upper)}${units}`;
  return `${what} ${scale}, desired at ${short(o.threshold)}`;
}
