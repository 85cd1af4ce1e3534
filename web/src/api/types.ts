// Shapes of the server's JSON, from the server's OpenAPI document (openapi.json at the
// repository root, served at /api/openapi.json) through the generated schema.gen.ts
// (`npm run gen:api` in web/): every type is an alias, so a server change that breaks the web
// app fails its type check.

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

export type ImportReport = Schemas["ImportReport"];
export type CompoundSet = Schemas["CompoundSetView"];
export type NewChemblSet = Schemas["NewChemblSet"];
export type Preview = Schemas["Preview"];

export type Activity = Schemas["ActivityView"];
export type Molecule = Schemas["MoleculeView"];
export type MoleculeOccurrences = Schemas["MoleculeOccurrences"];
export type SearchRequest = Schemas["SearchRequest"];
export type SearchResults = Schemas["SearchResults"];
export type ActivitySet = Schemas["ActivitySetView"];
export type TypeSummary = Schemas["TypeSummary"];

// --- algorithm and descriptor registries ---

/** What a model predicts. */
export type Mode = Schemas["Mode"];

/** One parameter of an algorithm: name, description, type, default and range. */
export type ParamDescription = Schemas["ParamSpec"];
export type Algorithm = Schemas["AlgorithmInfo"];
export type DescriptorGroup = Schemas["DescriptorGroupInfo"];
/** A descriptor group of a model or map: a fingerprint with its parameters, or `physchem`. */
export type Descriptor = Schemas["Descriptor"];

// --- QSAR models ---

export type Metrics = Schemas["Metrics"];
export type RocPoint = Schemas["RocPoint"];
/** `[molecule_id, observed, predicted]`. */
export type ObsPred = Schemas["ObservedPredicted"];
export type Performance = Schemas["Performance"];
export type ModelSummary = Schemas["PerformanceSummary"];
export type Model = Schemas["ModelView"];
/** The build request: a `BuildSpec` (activity set, algorithm, descriptors, validation) with a name. */
export type NewModel = Schemas["NewModel"];
export type ActiveWhen = Schemas["ActiveWhen"];
export type SplitKind = Schemas["SplitKind"];
/** What a build does with censored values (`< 5`, `> 10000`). */
export type CensoredRule = Schemas["CensoredRule"];
/** How many measurements a build used, exact and censored. */
export type DataReport = Schemas["DataReport"];
/** Conformal intervals of a regression model: groups by similarity, coverage per confidence. */
export type IntervalsReport = Schemas["IntervalsReport"];
/** Where a model came from and how far it can be trusted (kept in its file). */
export type ModelCard = Schemas["ModelCard"];
/** Calibration of a classifier's probabilities, judged on the cross-validation and the test set. */
export type CalibrationReport = Schemas["CalibrationReport"];
/** Brier score, calibration error and reliability bins on some molecules. */
export type CalibrationFigures = Schemas["CalibrationFigures"];
export type PredictRequest = Schemas["PredictRequest"];

// --- maps ---

/** What a map is made of and how (sets, algorithm, parameters, descriptors, seed). */
export type MapSpec = Schemas["MapSpec"];
export type MapSummary = Schemas["MapSummary"];
export type ChemMap = Schemas["MapView"];
export type MapPoints = Schemas["MapPoints"];
/** The build request: a `MapSpec` (sets, algorithm, descriptors, seed) with a name. */
export type NewMap = Schemas["NewMap"];
export type TransformRequest = Schemas["TransformRequest"];

// --- generators ---

export type NetworkRef = Schemas["NetworkRef"];
export type EpochMetrics = Schemas["EpochMetrics"];
export type Network = Schemas["NetworkView"];
/** The architecture of a network to pretrain: `lstm`, `gru`, `gpt`, `graph_transformer` or `smiles_transformer`. */
export type NetworkKind = Schemas["NetworkKind"];
/** The training request: a `NetworkSpec` (one variant per `kind`: pretrained, finetuned, imported, agent) with a name. */
export type NewNetwork = Schemas["NewNetwork"];
export type NewAgent = Schemas["NewAgent"];
export type ReinforceOptions = Schemas["ReinforceOptions"];
export type NewSample = Schemas["NewSample"];
export type QuickSampleRequest = Schemas["QuickSampleRequest"];
/** What a graph transformer grows from: fragment SMILES, or the molecules of a compound set. */
export type FragmentsSpec = Schemas["FragmentsSpec"];
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
