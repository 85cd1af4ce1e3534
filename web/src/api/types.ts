// Shapes of the server's JSON, from the server's OpenAPI document (openapi.json at the
// repository root, served at /api/openapi.json) through the generated schema.gen.ts
// (`npm run gen:api` in web/). Only what the document leaves free-form or does not describe is
// written here by hand, each place marked "issue 19"; everything else is an alias, so a
// server change that breaks the web app fails its type check.

import type { components } from "./schema.gen";

type Schemas = components["schemas"];

// --- errors ---

export type ErrorBody = Schemas["ErrorBody"];
export type ErrorCode = Schemas["ErrorCode"];

// --- pages of listings ---

/** One page of a listing: the envelope every `Paginated_*` schema of the document shares. */
export type Paginated<T> = Omit<Schemas["Paginated_ProjectView"], "results"> & { results: T[] };

// --- accounts ---

export type User = Schemas["UserView"];
export type LoginRequest = Schemas["LoginRequest"];
export type LoginResponse = Schemas["LoginResponse"];
export type Registration = Schemas["Registration"];
export type RegisterRequest = Schemas["RegisterRequest"];
export type PasswordChange = Schemas["PasswordChange"];
export type ApiToken = Schemas["TokenView"];
export type NewTokenRequest = Schemas["NewTokenRequest"];

// --- projects, renames, tasks ---

export type Project = Schemas["ProjectView"];
export type NewProject = Schemas["NewProject"];
export type ProjectChanges = Schemas["ProjectChanges"];
/** A rename and/or a new description (compound sets, models, maps, networks, environments). */
export type ObjectChanges = Schemas["ObjectChanges"];

export type Task = Schemas["TaskView"];

// --- compound sets, molecules, activities ---

// the server document types this loosely (issue 19): `report` is a free-form object there.
export type ImportReport = {
  read: number;
  imported: number;
  duplicates_merged: number;
  rejected: number;
  activities: number;
  rejections?: { position: number; input: string; reason: string }[];
};
export type CompoundSet = Omit<Schemas["CompoundSetView"], "report"> & {
  // the server document types this loosely (issue 19)
  report?: ImportReport | null;
};
export type NewChemblSet = Schemas["NewChemblSet"];
export type Preview = Schemas["Preview"];

export type Activity = Schemas["ActivityView"];
export type Molecule = Schemas["MoleculeView"];
export type SearchRequest = Schemas["SearchRequest"];
export type SearchResults = Schemas["SearchResults"];
export type ActivitySet = Schemas["ActivitySetView"];
export type TypeSummary = Schemas["TypeSummary"];

// --- algorithm and descriptor registries ---

// the server document types this loosely (issue 19): GET /api/qsar/algorithms,
// /api/maps/algorithms and /api/qsar/descriptors have no response schema there.
export type ParamDescription = { name: string; description: string } & (
  | { type: "integer"; default: number | null; min: number; max: number; nullable: boolean }
  | { type: "number"; default: number; min: number; max: number }
  | { type: "boolean"; default: boolean }
  | { type: "choice"; default: string; choices: string[] }
  | { type: "choice_or_number"; default: string | null; choices: string[]; min: number; max: number }
);
export type Mode = "regression" | "classification";
export type Algorithm = { name: string; title: string; modes?: Mode[]; parameters: ParamDescription[] };
export type DescriptorGroup = {
  kind: string;
  title: string;
  parameters: Record<string, { default: number | boolean; min?: number; max?: number }>;
};
// the server document types this loosely (issue 19): descriptors go in the free-form part of
// NewModel and NewMap.
export type Descriptor = { kind: string } & Record<string, number | boolean | string>;

// --- QSAR models ---

// the server document types this loosely (issue 19): GET /api/qsar/models/{id}/performance has
// no response schema there, and a model's `summary` is a free-form object.
export type Metrics = Record<string, number | null | number[][]>;
export type RocPoint = { fpr: number; tpr: number; threshold: number | null };
export type ObsPred = [number, number, number];
export type Performance = {
  mode: Mode;
  threshold: number | null;
  molecules: number;
  cross_validation: {
    folds: (Metrics & { fold: number; n_train: number; n_test: number; roc?: RocPoint[] })[];
    mean: Record<string, number | null>;
    observed_predicted: ObsPred[];
    roc?: RocPoint[];
  };
  test: null | { metrics: Metrics; n_train: number; n_test: number; split: string; observed_predicted: ObsPred[]; roc?: RocPoint[] };
};
export type ModelSummary = { cross_validation: Record<string, number | null>; test: Metrics | null; molecules: number };
export type Model = Omit<Schemas["ModelView"], "summary"> & {
  // the server document types this loosely (issue 19)
  summary?: ModelSummary | null;
};
/** The build request: its spec part (activity set, algorithm, descriptors, validation) is free-form in the document. */
export type NewModel = Schemas["NewModel"];
export type PredictRequest = Schemas["PredictRequest"];

// --- maps ---

// the server document types this loosely (issue 19): a map's `spec` and `summary` are
// free-form objects there, and GET /api/maps/{id}/points has no response schema.
export type MapSpec = { compound_set_ids: number[]; algorithm: string; parameters: Record<string, unknown> | null; seed: number };
export type MapSummary = { points: number; molecules: number; compound_sets: number[] };
export type ChemMap = Omit<Schemas["MapView"], "spec" | "summary"> & {
  // the server document types this loosely (issue 19)
  spec: MapSpec;
  summary?: MapSummary | null;
};
export type MapPoints = {
  count: number;
  x: number[];
  y: number[];
  placed: boolean[];
  smiles?: string[];
  molecule_ids: number[][];
  compound_set_ids: number[][];
  properties: Record<string, number[]>;
  activities: Record<string, (number | null)[]>;
};
/** The build request: its spec part (sets, algorithm, descriptors, seed) is free-form in the document. */
export type NewMap = Schemas["NewMap"];
export type TransformRequest = Schemas["TransformRequest"];

// --- generators ---

export type NetworkRef = Schemas["NetworkRef"];
// the server document types this loosely (issue 19): a network's per-epoch `metrics` are
// free-form objects there.
export type EpochMetrics = {
  epoch: number;
  best: boolean;
  examples: string[] | null;
  valid_ratio: number | null;
  unique_ratio: number | null;
  // training and fine-tuning
  train_loss?: number;
  valid_loss?: number;
  // reinforcement learning
  loss?: number;
  desired_ratio?: number;
  mean_scores?: Record<string, number>;
};
export type Network = Omit<Schemas["NetworkView"], "metrics"> & {
  // the server document types this loosely (issue 19)
  metrics?: EpochMetrics[] | null;
};
/** The training request: its spec part (kind, parent or shape, sets, training) is free-form in the document. */
export type NewNetwork = Schemas["NewNetwork"];
export type NewAgent = Schemas["NewAgent"];
export type ReinforceOptions = Schemas["ReinforceOptions"];
export type NewSample = Schemas["NewSample"];
export type QuickSampleRequest = Schemas["QuickSampleRequest"];
export type QuickSample = Schemas["QuickSample"];
export type PropertyInfo = Schemas["PropertyView"];

// the server document types this loosely (issue 19): an environment's `spec`, `scheme` and
// `objectives`, and a modifier, are free-form objects there.
export type Modifier =
  | { kind: "clipped" | "smooth_clipped"; lower: number; upper: number; low?: number; high?: number }
  | { kind: "smooth_hump"; lower: number; upper: number; sigma: number };
export type Scorer = { kind: "property"; name: string } | { kind: "qsar"; model_id: number };
export type Objective = { scorer: Scorer; modifier: Modifier | null; threshold: number };
export type RewardScheme = "weighted_sum" | "pareto_crowding" | "pareto_similarity";
export type GeneratorEnvironment = Omit<Schemas["EnvironmentView"], "spec"> & {
  // the server document types this loosely (issue 19)
  spec: { scheme: RewardScheme; objectives: Objective[] };
};
export type NewEnvironment = Omit<Schemas["NewEnvironment"], "scheme" | "objectives"> & {
  // the server document types this loosely (issue 19)
  scheme: RewardScheme;
  objectives: Objective[];
};
export type EvaluateRequest = Schemas["EvaluateRequest"];
export type ModifierPreviewRequest = Omit<Schemas["PreviewRequest"], "modifier"> & {
  // the server document types this loosely (issue 19)
  modifier: Modifier;
};
export type ModifierPreview = Schemas["PreviewResponse"];
