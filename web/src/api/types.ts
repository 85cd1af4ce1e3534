// Shapes of the server's JSON (see the OpenAPI document at /api/docs).

export type Paginated<T> = { count: number; next: string | null; previous: string | null; results: T[] };

export type User = { id: number; username: string; email: string; is_admin: boolean; created_at: string };
export type LoginResponse = { user: User; token: string; csrf_token: string; expires_at: string | null };
export type ApiToken = { id: number; name: string; prefix: string; created_at: string; last_used_at: string | null; key?: string };

export type Project = { id: number; name: string; description: string; owner_id: number; created_at: string; updated_at: string };

export type TaskStatus = "pending" | "started" | "success" | "failure" | "cancelled";
export type Task = {
  id: number;
  project_id: number;
  kind: string;
  queue: string;
  object_type: string | null;
  object_id: number | null;
  status: TaskStatus;
  progress: { current: number; total: number | null; percent: number | null; description: string };
  errors: { code: string; message: string; item: string | null }[];
  result: unknown;
  attempts: number;
  worker_name: string | null;
  cancel_requested: boolean;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
};

export type ImportReport = {
  read: number;
  imported: number;
  duplicates_merged: number;
  rejected: number;
  activities: number;
  rejections?: { position: number; input: string; reason: string }[];
};
export type CompoundSet = {
  id: number;
  project_id: number;
  name: string;
  description: string;
  source_kind: "csv" | "sdf" | "chembl" | "chembl_file" | "generated";
  source: Record<string, unknown>;
  status: "importing" | "ready" | "updating" | "failed";
  task_id: number | null;
  molecule_count: number;
  report: ImportReport | null;
  imported_at: string | null;
  created_at: string;
};
export type Preview = { format: "csv" | "sdf"; separator: string | null; header: string[]; rows: string[][] };

export type Activity = {
  id: number;
  activity_set_id: number;
  molecule_id: number;
  type: string;
  value: number;
  units: string | null;
  relation: string | null;
  applicability: number | null;
};
export type Molecule = {
  id: number;
  compound_set_id: number;
  name: string | null;
  smiles: string;
  inchikey: string;
  properties: Record<string, number>;
  activities: Activity[];
  depiction_url: string;
  similarity?: number;
  matched_atoms?: number[];
};
export type SearchResults = { count: number; searched: number; results: Molecule[] };
export type ActivitySet = { id: number; project_id: number; compound_set_id: number; name: string; qsar_model_id: number | null; created_at: string };
export type TypeSummary = {
  type: string;
  molecules: number;
  measurements: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  units: string[];
  histogram: { from: number; to: number; count: number }[];
};

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
export type Descriptor = { kind: string } & Record<string, number | boolean | string>;

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
export type Model = {
  id: number;
  project_id: number;
  name: string;
  description: string;
  spec: Record<string, unknown>;
  status: "building" | "ready" | "failed";
  task_id: number | null;
  summary: { cross_validation: Record<string, number | null>; test: Metrics | null; molecules: number } | null;
  built_at: string | null;
  created_at: string;
};

export type ChemMap = {
  id: number;
  project_id: number;
  name: string;
  description: string;
  spec: { compound_set_ids: number[]; algorithm: string; parameters: Record<string, unknown> | null; seed: number };
  status: "building" | "ready" | "failed";
  task_id: number | null;
  summary: { points: number; molecules: number; compound_sets: number[] } | null;
  built_at: string | null;
  created_at: string;
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

export type NetworkRef = number | "default";
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
export type Network = {
  id: NetworkRef;
  project_id: number | null;
  name: string;
  description: string;
  kind: "shipped" | "pretrained" | "finetuned" | "imported" | "agent";
  spec: Record<string, unknown>;
  status: "building" | "ready" | "failed";
  task_id: number | null;
  architecture: Record<string, unknown> | null;
  vocabulary_size: number | null;
  metrics: EpochMetrics[] | null;
  summary: Record<string, unknown> | null;
  built_at: string | null;
  created_at: string | null;
};
export type Modifier =
  | { kind: "clipped" | "smooth_clipped"; lower: number; upper: number; low?: number; high?: number }
  | { kind: "smooth_hump"; lower: number; upper: number; sigma: number };
export type Scorer = { kind: "property"; name: string } | { kind: "qsar"; model_id: number };
export type Objective = { scorer: Scorer; modifier: Modifier | null; threshold: number };
export type RewardScheme = "weighted_sum" | "pareto_crowding" | "pareto_similarity";
export type GeneratorEnvironment = {
  id: number;
  project_id: number;
  name: string;
  description: string;
  spec: { scheme: RewardScheme; objectives: Objective[] };
  created_at: string;
};
export type PropertyInfo = { name: string; label: string };
export type QuickSample = {
  molecules: { smiles: string; valid: boolean; scores: Record<string, number> | null }[];
  valid_ratio: number;
  desired_ratio: number | null;
};
