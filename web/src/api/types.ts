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

/** What a model predicts. */
export type Mode = Schemas["Mode"];

// the server document types this loosely (issue 19): GET /api/qsar/algorithms,
// /api/maps/algorithms and /api/qsar/descriptors have no response schema there.
export type ParamDescription = { name: string; description: string } & (
  | { type: "integer"; default: number | null; min: number; max: number; nullable: boolean }
  | { type: "number"; default: number; min: number; max: number }
  | { type: "boolean"; default: boolean }
  | { type: "choice"; default: string; choices: string[] }
  | { type: "choice_or_number"; default: string | null; choices: string[]; min: number; max: number }
);
export type Algorithm = { name: string; title: string; modes?: Mode[]; parameters: ParamDescription[] };
export type DescriptorGroup = {
  kind: string;
  title: string;
  parameters: Record<string, { default: number | boolean; min?: number; max?: number }>;
};
/** A descriptor group of a model or map: a fingerprint with its parameters, or `physchem`. */
export type Descriptor = Schemas["Descriptor"];

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
/** The build request: a `BuildSpec` (activity set, algorithm, descriptors, validation) with a name. */
export type NewModel = Schemas["NewModel"];
export type ActiveWhen = Schemas["ActiveWhen"];
export type SplitKind = Schemas["SplitKind"];
export type PredictRequest = Schemas["PredictRequest"];

// --- maps ---

/** What a map is made of and how (sets, algorithm, parameters, descriptors, seed). */
export type MapSpec = Schemas["MapSpec"];
// the server document types this loosely (issue 19): a map's `summary` is a free-form object
// there, and GET /api/maps/{id}/points has no response schema.
export type MapSummary = { points: number; molecules: number; compound_sets: number[] };
export type ChemMap = Omit<Schemas["MapView"], "summary"> & {
  // the server document types this loosely (issue 19)
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
/** The build request: a `MapSpec` (sets, algorithm, descriptors, seed) with a name. */
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
/** The architecture of a network to pretrain: `lstm`, `gru` or `gpt`. */
export type NetworkKind = Schemas["NetworkKind"];
/** The training request: a `NetworkSpec` (one variant per `kind`: pretrained, finetuned, imported, agent) with a name. */
export type NewNetwork = Schemas["NewNetwork"];
export type NewAgent = Schemas["NewAgent"];
export type ReinforceOptions = Schemas["ReinforceOptions"];
export type NewSample = Schemas["NewSample"];
export type QuickSampleRequest = Schemas["QuickSampleRequest"];
export type QuickSample = Schemas["QuickSample"];
export type PropertyInfo = Schemas["PropertyView"];

export type Modifier = Schemas["Modifier"];
export type Scorer = Schemas["ScorerSpec"];
export type Objective = Schemas["ObjectiveSpec"];
export type RewardScheme = Schemas["RewardScheme"];
export type GeneratorEnvironment = Schemas["EnvironmentView"];
export type NewEnvironment = Schemas["NewEnvironment"];
export type EvaluateRequest = Schemas["EvaluateRequest"];
export type ModifierPreviewRequest = Schemas["PreviewRequest"];
export type ModifierPreview = Schemas["PreviewResponse"];
