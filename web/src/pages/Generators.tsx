// The generator pipeline: choose or train a network → build an objective (environment) →
// optimize an agent → sample molecules into a compound set, with live per-epoch charts.

import {
  Alert, Anchor, Badge, Button, Card, Checkbox, Code, FileInput, Group, Loader, Modal, MultiSelect, NumberInput, Paper, SegmentedControl, Select,
  SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title,
} from "@mantine/core";
import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api } from "../api/client";
import type {
  CompoundSet, EpochMetrics, EvaluateRequest, FragmentsSpec, GeneratorEnvironment, Modifier, ModifierPreview, ModifierPreviewRequest, Network,
  NetworkKind, NetworkRef, NewAgent, NewEnvironment, NewNetwork, NewSample, Objective, Paginated, PropertyInfo, QuickSample,
  QuickSampleRequest, RewardScheme, Scorer, Task,
} from "../api/types";
import { LinePlot, type Series } from "../components/charts";
import { confirmDelete, ErrorAlert, fieldError, Loading, StatusBadge, TaskProgress } from "../components/feedback";
import { Structure, StructureGrid } from "../components/Structure";
import { num, when } from "../lib/format";
import { optionValue, type Option } from "../lib/options";
import { isActive, useTask } from "../lib/tasks";
import { boundsFor, objectiveSummary } from "../lib/objectives";
import { priorsFor, validityHint } from "../lib/training";
import { useCompoundSets } from "./CompoundSets";
import { useModels } from "./Models";
import { useProjectId } from "./Project";

// Its own chunk, fetched when a chemist first opens it: most never draw.
const StructureEditor = lazy(() => import("../components/StructureEditor"));

const base = (projectId: number) => `/projects/${projectId}/generators`;

function useNetworkList(kind: "networks" | "agents") {
  const projectId = useProjectId();
  return useQuery({
    queryKey: ["generators", kind, projectId],
    queryFn: () => api.get<Paginated<Network>>(`/api/generators/${kind}?project_id=${projectId}&page_size=1000`),
  });
}

/** The names of the networks built into the server, in every project. */
const SHIPPED = ["default", "default-fragments"] as const;

/** The shipped networks: the SMILES LSTM and the graph transformer that grows fragments. */
function useShipped(): Network[] {
  const queries = useQueries({
    queries: SHIPPED.map((name) => ({
      queryKey: ["generators", name], queryFn: () => api.get<Network>(`/api/generators/networks/${name}`), staleTime: Infinity,
    })),
  });
  return queries.flatMap((q) => (q.data ? [q.data] : []));
}

export function useEnvironments() {
  const projectId = useProjectId();
  return useQuery({
    queryKey: ["generators", "environments", projectId],
    queryFn: () => api.get<Paginated<GeneratorEnvironment>>(`/api/generators/environments?project_id=${projectId}&page_size=1000`),
  });
}

/** The shipped networks and the project's ready networks and agents. */
function useReadyNetworks(): Network[] {
  const shipped = useShipped();
  const networks = useNetworkList("networks");
  const agents = useNetworkList("agents");
  return [...shipped, ...(networks.data?.results ?? []), ...(agents.data?.results ?? [])].filter((n) => n.status === "ready");
}

const networkOption = (n: Network) => ({ value: String(n.id), label: n.kind === "shipped" ? n.name : `${n.name} (${n.kind})` });

/** Every network a sample, a fine-tuning or an agent can start from: the shipped ones and the ready ones. */
function useUsableNetworks() {
  return useReadyNetworks().map(networkOption);
}

/** Whether a network grows molecules from fragments (DrugEx v3's graph or SMILES transformer). */
const growsFragments = (n: Network | undefined) => n?.input === "fragments";

const reference = (value: string): NetworkRef => {
  const shipped = SHIPPED.find((name) => name === value);
  return shipped ?? Number(value);
};

function architecture(n: Network): string {
  const a = n.architecture;
  if (!a) return "–";
  if (a.kind === "gpt") return `GPT ${a.layers} × ${a.d_model}, ${a.heads} heads`;
  if (a.kind === "smiles_transformer") return `SMILES transformer ${a.layers} × ${a.d_model}, ${a.heads} heads, writes molecules from fragments`;
  if (a.kind === "graph_transformer") return `graph transformer ${a.layers} × ${a.d_model}, ${a.heads} heads, grows molecules from fragments`;
  return `${String(a.cell).toUpperCase()} ${a.num_layers} × ${a.hidden_dim}`;
}

function NetworkTable({ networks, agents, onDelete }: { networks: Network[]; agents: boolean; onDelete: (n: Network) => void }) {
  const projectId = useProjectId();
  return (
    <Table striped highlightOnHover aria-label={agents ? "agents" : "networks"}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Name</Table.Th><Table.Th>Kind</Table.Th><Table.Th>Status</Table.Th><Table.Th>Network</Table.Th>
          <Table.Th>{agents ? "Best desired ratio" : "Best validation loss"}</Table.Th><Table.Th>Built</Table.Th><Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {networks.map((n) => (
          <Table.Tr key={String(n.id)}>
            <Table.Td><Anchor component={Link} to={`${base(projectId)}/networks/${n.id}`}>{n.name}</Anchor></Table.Td>
            <Table.Td>{n.kind}</Table.Td>
            <Table.Td><StatusBadge status={n.status} /></Table.Td>
            <Table.Td>{architecture(n)}</Table.Td>
            <Table.Td>{num((agents ? n.summary?.best_desired_ratio : n.summary?.best_valid_loss) as number | undefined)}</Table.Td>
            <Table.Td>{n.kind === "shipped" ? "shipped" : when(n.built_at)}</Table.Td>
            <Table.Td>
              {n.kind !== "shipped" && (
                <Button size="xs" variant="subtle" color="red" onClick={() => confirmDelete(`the network ${n.name}`, () => onDelete(n))}>Delete</Button>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function GeneratorsPage() {
  const projectId = useProjectId();
  const client = useQueryClient();
  const shipped = useShipped();
  const networks = useNetworkList("networks");
  const agents = useNetworkList("agents");
  const environments = useEnvironments();
  const models = useModels();
  const byId = new Map((models.data?.results ?? []).map((m) => [m.id, m]));
  const properties = useProperties();
  const labels = new Map((properties.data ?? []).map((p) => [p.name, p.label]));
  const removeNetwork = useMutation({
    mutationFn: (n: Network) => api.delete(`/api/generators/networks/${n.id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ["generators"] }),
  });
  const removeEnvironment = useMutation({
    mutationFn: (id: number) => api.delete(`/api/generators/environments/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ["generators"] }),
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>Generators</Title>
        <Group>
          <ImportNetwork />
          <Button component={Link} to={`${base(projectId)}/networks/new`} variant="default">1. Train a network</Button>
          <Button component={Link} to={`${base(projectId)}/environments/new`} variant="default">2. Build an objective</Button>
          <Button component={Link} to={`${base(projectId)}/agents/new`}>3. Optimize an agent</Button>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        Start from the shipped network or fine-tune it on a compound set, build an objective from QSAR models and molecular
        properties, optimize an agent against it, then sample molecules from any network or agent (open it to sample).
      </Text>
      <ErrorAlert error={removeNetwork.error ?? removeEnvironment.error} />
      <Title order={4}>Networks</Title>
      <Loading query={networks}>
        <NetworkTable networks={[...shipped, ...(networks.data?.results ?? [])]} agents={false}
          onDelete={(n) => removeNetwork.mutate(n)} />
      </Loading>
      <Title order={4}>Agents</Title>
      <Loading query={agents} empty={agents.data?.count === 0 ? <Text size="sm">No agents yet.</Text> : undefined}>
        <NetworkTable networks={agents.data?.results ?? []} agents onDelete={(n) => removeNetwork.mutate(n)} />
      </Loading>
      <Title order={4}>Objectives (environments)</Title>
      <Loading query={environments} empty={environments.data?.count === 0 ? <Text size="sm">No objectives yet.</Text> : undefined}>
        <Table striped aria-label="environments">
          <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Reward scheme</Table.Th><Table.Th>Objectives</Table.Th><Table.Th>Score a compound set</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {environments.data?.results.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>{e.name}</Table.Td>
                <Table.Td>{e.spec.scheme.replace("_", " ")}</Table.Td>
                <Table.Td>
                  {e.spec.objectives.map((o, i) => (
                    <Text size="sm" key={i}>
                      {objectiveSummary(o, o.scorer.kind === "qsar" ? byId.get(o.scorer.model_id) : undefined, o.scorer.kind === "property" ? labels.get(o.scorer.name) : undefined)}
                    </Text>
                  ))}
                </Table.Td>
                <Table.Td><Evaluate environment={e} /></Table.Td>
                <Table.Td>
                  <Button size="xs" variant="subtle" color="red" onClick={() => confirmDelete(`the objective ${e.name}`, () => removeEnvironment.mutate(e.id))}>Delete</Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Loading>
    </Stack>
  );
}

/** Brings in a network downloaded from this or another GenUI: its config.json and weights, checked by loading them on the server. */
function ImportNetwork() {
  const projectId = useProjectId();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const [config, setConfig] = useState<File | null>(null);
  const [weights, setWeights] = useState<File | null>(null);
  const [name, setName] = useState("");
  const upload = useMutation({
    mutationFn: async () => {
      const body = new FormData();
      body.set("project_id", String(projectId));
      body.set("name", name);
      body.set("config", await config!.text());
      body.set("file", weights!);
      return api.post<Network>("/api/generators/networks/import", body);
    },
    onSuccess: (n) => {
      client.invalidateQueries({ queryKey: ["generators"] });
      navigate(`${base(projectId)}/networks/${n.id}`);
    },
  });
  return (
    <>
      <Button variant="default" onClick={() => setOpened(true)}>Import a network</Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Import a network">
        <Stack>
          <Text size="sm">Both files of a network, as its page downloads them.</Text>
          <FileInput label="Configuration (config.json)" accept=".json,application/json" value={config} onChange={setConfig} required />
          <FileInput label="Weights (weights.safetensors)" accept=".safetensors" value={weights} onChange={setWeights} required />
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required error={fieldError(upload.error, "name")} />
          <ErrorAlert error={upload.error} title="Cannot import" />
          <Button disabled={!config || !weights || !name.trim()} loading={upload.isPending} onClick={() => upload.mutate()}>Import</Button>
        </Stack>
      </Modal>
    </>
  );
}

function useProperties() {
  return useQuery({ queryKey: ["generator-properties"], queryFn: () => api.get<PropertyInfo[]>("/api/generators/properties"), staleTime: Infinity });
}

/** Scores a compound set against an objective: a task whose scores become an activity set of the set. */
function Evaluate({ environment }: { environment: GeneratorEnvironment }) {
  const sets = useCompoundSets();
  const [set, setSet] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: () => api.post<Task>(`/api/generators/environments/${environment.id}/evaluations`, { compound_set_id: Number(set) } satisfies EvaluateRequest),
  });
  const task = useTask(run.data?.id);
  return (
    <Group gap="xs" wrap="nowrap">
      <Select aria-label={`compound set to score with ${environment.name}`} data={readySets(sets.data)} value={set} onChange={setSet} size="xs" w={200} />
      <Button size="xs" variant="default" disabled={!set} loading={run.isPending || isActive(task.data)} onClick={() => run.mutate()}>Score</Button>
      {task.data?.status === "success" && set && (
        <Anchor size="xs" component={Link} to={`/projects/${environment.project_id}/compound-sets/${set}`}>scores</Anchor>
      )}
      {run.error ? <Text size="xs" c="red">{(run.error as Error).message}</Text> : null}
      {task.data?.status === "failure" && <Text size="xs" c="red">{task.data.errors[0]?.message}</Text>}
    </Group>
  );
}

function readySets(sets: Paginated<CompoundSet> | undefined) {
  return (sets?.results ?? []).filter((s) => s.imported_at && s.molecule_count > 0)
    .map((s) => ({ value: String(s.id), label: `${s.name} (${s.molecule_count})` }));
}

const TRAINING_MODES: Option<"finetuned" | "pretrained">[] = [
  { value: "finetuned", label: "Fine-tune a network" }, { value: "pretrained", label: "Pretrain a new one" },
];
const NETWORK_KINDS: Option<NetworkKind>[] = [
  { value: "lstm", label: "LSTM" }, { value: "gru", label: "GRU" }, { value: "gpt", label: "GPT transformer" },
  { value: "graph_transformer", label: "Graph transformer (grows fragments)" },
  { value: "smiles_transformer", label: "SMILES transformer (writes from fragments)" },
];

export function NewNetworkPage() {
  const projectId = useProjectId();
  const navigate = useNavigate();
  const client = useQueryClient();
  const sets = useCompoundSets();
  const parents = useUsableNetworks();
  const [mode, setMode] = useState<"finetuned" | "pretrained">("finetuned");
  const [parent, setParent] = useState<string | null>("default");
  const [setIds, setSetIds] = useState<string[]>([]);
  const [network, setNetwork] = useState<NetworkKind>("lstm");
  const [hidden, setHidden] = useState<number | string>(256);
  const [layers, setLayers] = useState<number | string>(2);
  const [epochs, setEpochs] = useState<number | string>(10);
  const [batch, setBatch] = useState<number | string>(64);
  const [seed, setSeed] = useState<number | string>(1);
  const [addTokens, setAddTokens] = useState(false);
  const [name, setName] = useState("");
  const parentNetwork = useReadyNetworks().find((n) => String(n.id) === parent);
  const compoundSetIds = setIds.map(Number);
  const training = { epochs: Number(epochs), batch_size: Number(batch), seed: Number(seed) };
  // one body per variant of the document's NetworkSpec: a fine-tuning names its parent, a
  // pretraining the shape of the new network
  const request: NewNetwork = mode === "finetuned"
    ? {
      project_id: projectId, name, kind: "finetuned", compound_set_ids: compoundSetIds, parent: reference(parent ?? "default"), training,
      new_tokens: addTokens ? "add" : "leave_out",
    }
    : {
      project_id: projectId, name, kind: "pretrained", compound_set_ids: compoundSetIds,
      shape: { network, hidden: Number(hidden), layers: Number(layers), embedding: 64 }, training,
    };
  const create = useMutation({
    mutationFn: (body: NewNetwork) => api.post<Network>("/api/generators/networks", body),
    onSuccess: (n) => {
      client.invalidateQueries({ queryKey: ["generators"] });
      navigate(`${base(projectId)}/networks/${n.id}`);
    },
  });
  return (
    <Stack maw={800}>
      <Title order={3}>Train a network</Title>
      <SegmentedControl value={mode} onChange={(v) => setMode(optionValue(TRAINING_MODES, v) ?? mode)} w={420} data={TRAINING_MODES} />
      {mode === "finetuned"
        ? (
          <>
            <Select label="Parent network" data={parents} value={parent} onChange={setParent} allowDeselect={false} w={420} />
            {parentNetwork?.architecture?.kind !== "graph_transformer" && (
              <Checkbox checked={addTokens} onChange={(e) => setAddTokens(e.currentTarget.checked)}
                label="Add tokens the parent has never seen"
                description={addTokens
                  ? "Molecules spelling new tokens are kept, but the network can then explore only with networks fine-tuned from it as prior, not with its parent or the shipped network."
                  : "Molecules spelling tokens the parent has never seen are left out (the summary counts them), so the network keeps its parent's vocabulary and can explore with its parent as prior."} />
            )}
          </>
        )
        : (
          <Group>
            <Select label="Network" data={NETWORK_KINDS}
              value={network} onChange={(v) => setNetwork(optionValue(NETWORK_KINDS, v) ?? network)} allowDeselect={false} w={320} />
            <NumberInput label="Width" value={hidden} onChange={setHidden} min={8} max={2048} w={120} />
            <NumberInput label="Layers" value={layers} onChange={setLayers} min={1} max={12} w={120} />
          </Group>
        )}
      <MultiSelect label="Compound sets to train on" data={readySets(sets.data)} value={setIds} onChange={setSetIds} w={500} />
      <Group>
        <NumberInput label="Epochs (best kept)" value={epochs} onChange={setEpochs} min={1} max={1000} w={160} />
        <NumberInput label="Batch size" value={batch} onChange={setBatch} min={1} w={140} />
        <NumberInput label="Seed" value={seed} onChange={setSeed} min={0} w={120} />
      </Group>
      <TextInput label="Network name" value={name} onChange={(e) => setName(e.currentTarget.value)} required w={420} />
      <ErrorAlert error={create.error} title="Cannot train the network" />
      <Button w={200} onClick={() => create.mutate(request)} loading={create.isPending} disabled={!name.trim() || !setIds.length}>Train</Button>
    </Stack>
  );
}

const COLOURS = ["#1c7ed6", "#e8590c", "#2f9e44", "#ae3ec9", "#f08c00"];

function curve(metrics: EpochMetrics[], label: string, colour: string, pick: (m: EpochMetrics) => number | null | undefined): Series {
  return {
    label, colour,
    points: metrics.flatMap((m) => {
      const v = pick(m);
      return v == null ? [] : [[m.epoch, v] as [number, number]];
    }),
  };
}

/** Loss and ratio charts of a network's epochs, live while it trains. */
function EpochCharts({ metrics, agent }: { metrics: EpochMetrics[]; agent: boolean }) {
  const epochs: [number, number] = [1, Math.max(2, metrics.length)];
  const losses = agent
    ? [curve(metrics, "policy loss", COLOURS[0], (m) => m.loss)]
    : [curve(metrics, "training loss", COLOURS[0], (m) => m.train_loss), curve(metrics, "validation loss", COLOURS[1], (m) => m.valid_loss)];
  const values = losses.flatMap((s) => s.points.map((p) => p[1]));
  const lossDomain: [number, number] = [Math.min(0, ...values), Math.max(1e-9, ...values)];
  const ratios = [
    curve(metrics, "valid", COLOURS[2], (m) => m.valid_ratio),
    // Often equal to the valid ratio: dashed with open dots, so the valid line shows through.
    { ...curve(metrics, "unique", COLOURS[3], (m) => m.unique_ratio), dashed: true },
    ...(agent ? [curve(metrics, "desired", COLOURS[4], (m) => m.desired_ratio)] : []),
  ];
  // fragment-input networks report how many valid molecules kept their fragments
  const fragments = metrics.some((m) => m.fragment_retention != null);
  if (fragments) ratios.push(curve(metrics, "fragments kept", COLOURS[1], (m) => m.fragment_retention));
  const best = metrics.find((m) => m.best && m.examples?.length) ?? metrics[metrics.length - 1];
  const hint = validityHint(metrics, agent);
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <LinePlot title="loss per epoch" series={losses} xLabel="epoch" yLabel="loss" xDomain={epochs} domain={lossDomain} markers integerX />
        <LinePlot title="ratios per epoch" series={ratios} xLabel="epoch" yLabel="ratio of sampled molecules" xDomain={epochs} markers integerX />
      </SimpleGrid>
      {hint && <Alert color="yellow" variant="light" title="Validity fell during training">{hint}</Alert>}
      <Table withTableBorder aria-label="epochs" w="auto" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Epoch</Table.Th>
            {agent ? <Table.Th>Desired</Table.Th> : <><Table.Th>Training loss</Table.Th><Table.Th>Validation loss</Table.Th></>}
            <Table.Th>Valid</Table.Th><Table.Th>Unique</Table.Th>
            {fragments && <Table.Th>Fragments kept</Table.Th>}
            {agent && <Table.Th>Mean desirability</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {metrics.map((m) => (
            <Table.Tr key={m.epoch}>
              <Table.Td>{m.epoch}{m.best && <Badge ml={6} size="xs">best</Badge>}</Table.Td>
              {agent ? <Table.Td>{num(m.desired_ratio)}</Table.Td> : <><Table.Td>{num(m.train_loss)}</Table.Td><Table.Td>{num(m.valid_loss)}</Table.Td></>}
              <Table.Td>{num(m.valid_ratio)}</Table.Td><Table.Td>{num(m.unique_ratio)}</Table.Td>
              {fragments && <Table.Td>{num(m.fragment_retention)}</Table.Td>}
              {agent && <Table.Td>{Object.entries(m.mean_scores ?? {}).map(([k, v]) => `${k} ${num(v, 2)}`).join(", ")}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {best?.examples?.length ? (
        <Card withBorder>
          <Text size="sm" fw={500}>Molecules sampled after epoch {best.epoch}</Text>
          <StructureGrid smiles={best.examples} label={`molecules sampled after epoch ${best.epoch}`} />
        </Card>
      ) : null}
    </Stack>
  );
}

export function NetworkPage() {
  const projectId = useProjectId();
  const id = useParams().networkId ?? "default";
  const network = useQuery({ queryKey: ["generators", "detail", id], queryFn: () => api.get<Network>(`/api/generators/networks/${id}`) });
  const task = useTask(network.data?.task_id);
  const n = network.data;
  return (
    <Loading query={network}>
      {n && (
        <Stack>
          <Group justify="space-between">
            <Group><Title order={3}>{n.name}</Title><StatusBadge status={n.status} /><Badge variant="outline">{n.kind}</Badge></Group>
            {n.status === "ready" && (
              <Group>
                <Button component="a" variant="default" size="xs" href={`/api/generators/networks/${id}/config`}>config.json</Button>
                <Button component="a" variant="default" size="xs" href={`/api/generators/networks/${id}/weights`}>weights.safetensors</Button>
              </Group>
            )}
          </Group>
          <Text c="dimmed" size="sm">{n.description} {architecture(n)}{n.vocabulary_size ? `, ${n.vocabulary_size} tokens` : ""}</Text>
          {n.summary?.left_out ? (
            <Text size="sm">
              Trained on {num((n.summary.molecules ?? 0) - n.summary.left_out)} of {num(n.summary.molecules ?? 0)} molecules: {num(n.summary.left_out)} spell
              tokens the parent has never seen and were left out, so the network keeps its parent's vocabulary.
            </Text>
          ) : null}
          {(isActive(task.data) || task.data?.status === "failure") && <Paper withBorder p="sm"><TaskProgress task={task.data} /></Paper>}
          {n.metrics && n.metrics.length > 0 && <EpochCharts metrics={n.metrics} agent={n.kind === "agent"} />}
          {n.status === "ready" && <SampleForm network={id} projectId={projectId} fragmentInput={growsFragments(n)}
            temperatureFixed={n.architecture?.kind === "graph_transformer"} />}
        </Stack>
      )}
    </Loading>
  );
}

/** Where a fragment-input network's fragments come from: SMILES typed, pasted or drawn one per
 * line, or the molecules of a compound set (each one set of fragments). */
type FragmentsDraft = { from: "smiles" | "set"; text: string; setId: string | null };
const NO_FRAGMENTS: FragmentsDraft = { from: "smiles", text: "", setId: null };
const FRAGMENT_SOURCES: Option<FragmentsDraft["from"]>[] = [
  { value: "smiles", label: "Type, paste or draw" }, { value: "set", label: "Molecules of a compound set" },
];

/** The fragments of a draft as requests carry them. */
function fragmentsOf(draft: FragmentsDraft): FragmentsSpec | null {
  if (draft.from === "set") return draft.setId ? { compound_set_id: Number(draft.setId) } : null;
  const smiles = draft.text.split("\n").map((l) => l.trim()).filter((l) => l.length > 0);
  return smiles.length ? { smiles } : null;
}

/** Fragments typed, pasted or drawn, one SMILES per line, or a compound set's molecules. */
function FragmentsInput({ value, onChange }: { value: FragmentsDraft; onChange: (draft: FragmentsDraft) => void }) {
  const sets = useCompoundSets();
  const [drawing, setDrawing] = useState(false);
  return (
    <Stack gap={4} w={500}>
      <SegmentedControl aria-label="fragments from" data={FRAGMENT_SOURCES} value={value.from} w={420}
        onChange={(v) => onChange({ ...value, from: optionValue(FRAGMENT_SOURCES, v) ?? value.from })} />
      {value.from === "set" ? (
        <Select label="Compound set whose molecules are the fragments" description="Each molecule is one set of fragments (at most 1,000); they are used in turn."
          data={readySets(sets.data)} value={value.setId} onChange={(setId) => onChange({ ...value, setId })} w={500} />
      ) : (
        <>
          <Textarea label="Fragments or scaffolds, one SMILES per line" description="Attachment points (*) mark where the network may grow; without them it grows anywhere."
            placeholder="*c1ccc2[nH]ccc2c1" value={value.text} onChange={(e) => onChange({ ...value, text: e.currentTarget.value })} autosize minRows={2} />
          <Button variant="default" size="xs" w={90} onClick={() => setDrawing(true)}>Draw…</Button>
        </>
      )}
      {/* Only the close button throws a drawing away: Escape belongs to the editor (its tools and
          dialogs), and a drag past the editor's edge must not count as a click outside */}
      <Modal opened={drawing} onClose={() => setDrawing(false)} size="xl" title="Draw a fragment or scaffold"
        closeOnEscape={false} closeOnClickOutside={false}>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Mark each attachment point (*) with the Attachment Point Tool among the R-group tools, an A atom (Any atom) or a * atom
            (Extended Table); a structure without them grows anywhere.
          </Text>
          <Suspense fallback={<Group justify="center" h={600}><Loader aria-label="loading the editor" /></Group>}>
            <StructureEditor action="Add to fragments" onSmiles={(smiles) => {
              onChange({ ...value, text: value.text.trim() ? `${value.text.trimEnd()}\n${smiles}` : smiles });
              setDrawing(false);
            }} />
          </Suspense>
        </Stack>
      </Modal>
    </Stack>
  );
}

/** A quick preview and a sample into a new compound set; a fragment-input network grows the
 * molecules from the fragments given (a graph transformer at temperature 1 only). */
function SampleForm({ network, projectId, fragmentInput, temperatureFixed }: {
  network: string; projectId: number; fragmentInput: boolean; temperatureFixed: boolean;
}) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const environments = useEnvironments();
  const [environment, setEnvironment] = useState<string | null>(null);
  const [n, setN] = useState<number | string>(1000);
  const [temperature, setTemperature] = useState<number | string>(1);
  const [seed, setSeed] = useState<number | string>(0);
  const [name, setName] = useState("");
  const [fragmentDraft, setFragmentDraft] = useState(NO_FRAGMENTS);
  const environmentId = environment ? Number(environment) : null;
  const fragments = fragmentInput ? fragmentsOf(fragmentDraft) : null;
  const preview = useMutation({
    mutationFn: () => api.post<QuickSample>(`/api/generators/networks/${network}/quick-sample`, {
      project_id: projectId, n: 20, temperature: Number(temperature), seed: Number(seed), environment_id: environmentId, fragments,
    } satisfies QuickSampleRequest),
  });
  const sample = useMutation({
    mutationFn: () => api.post<CompoundSet>("/api/generators/samples", {
      project_id: projectId, name, network: reference(network), n: Number(n), temperature: Number(temperature),
      seed: Number(seed), environment_id: environmentId, fragments,
    } satisfies NewSample),
    onSuccess: (set) => {
      client.invalidateQueries({ queryKey: ["compound-sets"] });
      navigate(`/projects/${projectId}/compound-sets/${set.id}`);
    },
  });
  return (
    <Card withBorder>
      <Stack>
        <Title order={4}>Sample molecules</Title>
        {fragmentInput && <FragmentsInput value={fragmentDraft} onChange={setFragmentDraft} />}
        <Group align="flex-end">
          <Select label="Score with objective (optional)" data={(environments.data?.results ?? []).map((e) => ({ value: String(e.id), label: e.name }))}
            value={environment} onChange={setEnvironment} clearable w={280} />
          {!temperatureFixed && <NumberInput label="Temperature" value={temperature} onChange={setTemperature} min={0.1} max={10} step={0.1} decimalScale={2} w={120} />}
          <NumberInput label="Seed" value={seed} onChange={setSeed} min={0} w={100} />
          <Button variant="default" onClick={() => preview.mutate()} loading={preview.isPending}>Preview 20</Button>
        </Group>
        <ErrorAlert error={preview.error} title="Cannot sample" />
        {preview.data && (
          <Table withTableBorder aria-label="preview" fz="xs">
            <Table.Thead><Table.Tr><Table.Th>SMILES</Table.Th>{fragmentInput && <Table.Th>Grown from</Table.Th>}<Table.Th>Valid</Table.Th>{environmentId && <Table.Th>Desired</Table.Th>}</Table.Tr></Table.Thead>
            <Table.Tbody>
              {preview.data.molecules.map((m, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{m.valid ? <Structure smiles={m.smiles} width={160} height={110} /> : null}<Code>{m.smiles}</Code></Table.Td>
                  {fragmentInput && <Table.Td>{m.fragments ? <><Structure smiles={m.fragments} width={120} height={90} /><Code>{m.fragments}</Code></> : "–"}</Table.Td>}<Table.Td>{m.valid ? "yes" : "no"}</Table.Td>
                  {environmentId && <Table.Td>{m.scores ? (m.scores.desired ? "yes" : "no") : "–"}</Table.Td>}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group align="flex-end">
          <NumberInput label="Molecules" value={n} onChange={setN} min={1} w={140} />
          <TextInput label="New compound set" value={name} onChange={(e) => setName(e.currentTarget.value)} w={280} />
          <Button onClick={() => sample.mutate()} loading={sample.isPending} disabled={!name.trim()}>Sample into a set</Button>
        </Group>
        <ErrorAlert error={sample.error} title="Cannot sample" />
      </Stack>
    </Card>
  );
}

const MODIFIER_KINDS: Option<"none" | Modifier["kind"]>[] = [
  { value: "none", label: "none (raw score)" },
  { value: "clipped", label: "clipped" },
  { value: "smooth_clipped", label: "smooth clipped" },
  { value: "smooth_hump", label: "smooth hump" },
];

const SCORER_KINDS: Option<Scorer["kind"]>[] = [{ value: "property", label: "Molecular property" }, { value: "qsar", label: "QSAR model" }];

type Draft = {
  scorer: Scorer["kind"]; property: string | null; model: string | null;
  modifier: "none" | Modifier["kind"]; lower: number; upper: number; sigma: number; lowerIsBetter: boolean; threshold: number;
};

const newDraft = (): Draft => ({
  scorer: "property", property: "qed", model: null, modifier: "clipped", lower: 0.2, upper: 0.8, sigma: 0.5, lowerIsBetter: false, threshold: 0.5,
});

const objectiveOf = (d: Draft): Objective => ({
  scorer: d.scorer === "property" ? { kind: "property", name: d.property ?? "" } : { kind: "qsar", model_id: Number(d.model) },
  modifier: modifierOf(d),
  threshold: d.threshold,
});

function modifierOf(d: Draft): Modifier | null {
  if (d.modifier === "none") return null;
  if (d.modifier === "smooth_hump") return { kind: "smooth_hump", lower: d.lower, upper: d.upper, sigma: d.sigma };
  const kind = d.modifier;
  return d.lowerIsBetter ? { kind, lower: d.lower, upper: d.upper, low: 1, high: 0 } : { kind, lower: d.lower, upper: d.upper };
}

/** The desirability curve of a modifier, evaluated by the server as the parameters change. */
function ModifierCurve({ modifier }: { modifier: Modifier }) {
  const span = modifier.upper - modifier.lower;
  const from = modifier.lower - span / 2;
  const inputs = Array.from({ length: 81 }, (_, i) => from + (i * 2 * span) / 80);
  const curveQuery = useQuery({
    queryKey: ["modifier-preview", modifier],
    queryFn: () => api.post<ModifierPreview>("/api/generators/modifiers/preview", { modifier, inputs } satisfies ModifierPreviewRequest),
    enabled: span > 0,
    retry: false,
  });
  if (span <= 0) return <Text size="xs" c="red">lower must be below upper</Text>;
  if (curveQuery.error) return <ErrorAlert error={curveQuery.error} />;
  const points = curveQuery.data ? curveQuery.data.inputs.map((x, i) => [x, curveQuery.data.results[i]] as [number, number]) : [];
  return (
    <LinePlot title="desirability curve" series={[{ label: "desirability", colour: COLOURS[0], points }]}
      xLabel="raw score" yLabel="desirability" xDomain={[from, from + 2 * span]} />
  );
}

function ObjectiveEditor({ draft, onChange, onRemove }: { draft: Draft; onChange: (d: Draft) => void; onRemove: () => void }) {
  const properties = useProperties();
  const models = useModels();
  const ready = (models.data?.results ?? []).filter((m) => m.status === "ready");
  // a model's score is in its activity's units: start the bounds at the range it was trained on
  const chooseModel = (id: string | null) => {
    const model = ready.find((m) => String(m.id) === id);
    set(model ? { model: id, ...boundsFor(model), lowerIsBetter: false } : { model: id });
  };
  const set = (patch: Partial<Draft>) => onChange({ ...draft, ...patch });
  const modifier = modifierOf(draft);
  return (
    <Card withBorder>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Stack gap="xs">
          <SegmentedControl value={draft.scorer} onChange={(v) => set({ scorer: optionValue(SCORER_KINDS, v) ?? draft.scorer })} data={SCORER_KINDS} />
          {draft.scorer === "property"
            ? <Select label="Property" searchable data={(properties.data ?? []).map((p) => ({ value: p.name, label: p.label }))}
                value={draft.property} onChange={(v) => set({ property: v })} />
            : <Select label="QSAR model" data={ready.map((m) => ({ value: String(m.id), label: m.name }))}
                value={draft.model} onChange={chooseModel} />}
          <Select label="Modifier" data={MODIFIER_KINDS} value={draft.modifier} onChange={(v) => set({ modifier: optionValue(MODIFIER_KINDS, v) ?? "none" })} allowDeselect={false} />
          {draft.modifier !== "none" && (
            <Group>
              <NumberInput label="Lower" value={draft.lower} onChange={(v) => set({ lower: Number(v) })} decimalScale={3} w={100} />
              <NumberInput label="Upper" value={draft.upper} onChange={(v) => set({ upper: Number(v) })} decimalScale={3} w={100} />
              {draft.modifier === "smooth_hump"
                ? <NumberInput label="Sigma" value={draft.sigma} onChange={(v) => set({ sigma: Number(v) })} min={0.001} decimalScale={3} w={100} />
                : <Checkbox label="lower is better" checked={draft.lowerIsBetter} onChange={(e) => set({ lowerIsBetter: e.currentTarget.checked })} mt="lg" />}
            </Group>
          )}
          <NumberInput label="Threshold (desired when the desirability reaches it)" value={draft.threshold} onChange={(v) => set({ threshold: Number(v) })} decimalScale={3} w={300} />
          <Text size="sm" data-testid="objective-summary">
            {objectiveSummary(objectiveOf(draft), ready.find((m) => String(m.id) === draft.model),
              (properties.data ?? []).find((p) => p.name === draft.property)?.label)}
          </Text>
          <Button variant="subtle" color="red" size="xs" w={160} onClick={onRemove}>Remove objective</Button>
        </Stack>
        {modifier && <ModifierCurve modifier={modifier} />}
      </SimpleGrid>
    </Card>
  );
}

const REWARD_SCHEMES: Option<RewardScheme>[] = [
  { value: "pareto_crowding", label: "Pareto fronts + crowding distance" },
  { value: "pareto_similarity", label: "Pareto fronts + Tanimoto distinctness" },
  { value: "weighted_sum", label: "Weighted sum" },
];

export function NewEnvironmentPage() {
  const projectId = useProjectId();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [scheme, setScheme] = useState<RewardScheme>("pareto_crowding");
  const [drafts, setDrafts] = useState<Draft[]>([newDraft()]);
  const [name, setName] = useState("");
  const objectives = drafts.map(objectiveOf);
  const create = useMutation({
    mutationFn: () => api.post<GeneratorEnvironment>("/api/generators/environments", { project_id: projectId, name, scheme, objectives } satisfies NewEnvironment),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: ["generators"] });
      navigate(base(projectId));
    },
  });
  return (
    <Stack maw={1100}>
      <Title order={3}>Build an objective</Title>
      <Select label="Reward scheme" w={360} allowDeselect={false} value={scheme} onChange={(v) => setScheme(optionValue(REWARD_SCHEMES, v) ?? scheme)}
        data={REWARD_SCHEMES} />
      {drafts.map((d, i) => (
        <ObjectiveEditor key={i} draft={d} onChange={(next) => setDrafts(drafts.map((x, j) => (j === i ? next : x)))}
          onRemove={() => setDrafts(drafts.filter((_, j) => j !== i))} />
      ))}
      <Button variant="default" w={200} onClick={() => setDrafts([...drafts, newDraft()])}>Add an objective</Button>
      <TextInput label="Objective name" value={name} onChange={(e) => setName(e.currentTarget.value)} required w={360} />
      <ErrorAlert error={create.error} title="Cannot save the objective" />
      <Button w={200} onClick={() => create.mutate()} loading={create.isPending} disabled={!name.trim() || !drafts.length}>Save</Button>
    </Stack>
  );
}

export function NewAgentPage() {
  const projectId = useProjectId();
  const navigate = useNavigate();
  const client = useQueryClient();
  const networks = useUsableNetworks();
  const ready = useReadyNetworks();
  const environments = useEnvironments();
  const [agent, setAgent] = useState<string | null>("default");
  const [fragmentDraft, setFragmentDraft] = useState(NO_FRAGMENTS);
  const start = ready.find((n) => String(n.id) === agent);
  const fragmentInput = growsFragments(start);
  const priors = priorsFor(start, ready).map(networkOption);
  const [chosenPrior, setPrior] = useState<string | null>(null);
  // a prior chosen for another start network no longer pairs: fall back to the start network
  const prior = priors.some((p) => p.value === chosenPrior) ? chosenPrior : null;
  const [environment, setEnvironment] = useState<string | null>(null);
  const [epochs, setEpochs] = useState<number | string>(20);
  const [batch, setBatch] = useState<number | string>(256);
  const [epsilon, setEpsilon] = useState<number | string>(0.1);
  const [beta, setBeta] = useState<number | string>(0.1);
  const [seed, setSeed] = useState<number | string>(0);
  const [name, setName] = useState("");
  const create = useMutation({
    mutationFn: () => api.post<Network>("/api/generators/agents", {
      project_id: projectId, name, agent: reference(agent ?? "default"), prior: prior ? reference(prior) : null,
      environment_id: Number(environment),
      reinforcement: { epochs: Number(epochs), batch_size: Number(batch), epsilon: Number(epsilon), beta: Number(beta), seed: Number(seed) },
      fragments: fragmentInput ? fragmentsOf(fragmentDraft) : null,
    } satisfies NewAgent),
    onSuccess: (n) => {
      client.invalidateQueries({ queryKey: ["generators"] });
      navigate(`${base(projectId)}/networks/${n.id}`);
    },
  });
  return (
    <Stack maw={800}>
      <Title order={3}>Optimize an agent</Title>
      <Select label="Start from" data={networks} value={agent} onChange={setAgent} allowDeselect={false} w={420} />
      <Select label="Exploration network (default: the start network)" data={priors} value={prior} onChange={setPrior} clearable w={420}
        description="Only networks that read the start network's vocabulary can explore for it: its parent, the networks fine-tuned from them, the shipped one it came from." />
      {fragmentInput && <FragmentsInput value={fragmentDraft} onChange={setFragmentDraft} />}
      <Select label="Objective" data={(environments.data?.results ?? []).map((e) => ({ value: String(e.id), label: e.name }))}
        value={environment} onChange={setEnvironment} w={420} />
      <Group>
        <NumberInput label="Epochs (best kept)" value={epochs} onChange={setEpochs} min={1} max={1000} w={160} />
        <NumberInput label="Molecules per epoch" value={batch} onChange={setBatch} min={1} max={10000} w={170} />
        <NumberInput label="ε (exploration)" value={epsilon} onChange={setEpsilon} min={0} max={1} step={0.01} decimalScale={3} w={140} />
        <NumberInput label="β (baseline)" value={beta} onChange={setBeta} step={0.05} decimalScale={3} w={120} />
        <NumberInput label="Seed" value={seed} onChange={setSeed} min={0} w={100} />
      </Group>
      <TextInput label="Agent name" value={name} onChange={(e) => setName(e.currentTarget.value)} required w={420} />
      <ErrorAlert error={create.error} title="Cannot start the agent" />
      <Button w={200} onClick={() => create.mutate()} loading={create.isPending} disabled={!name.trim() || !environment}>Optimize</Button>
    </Stack>
  );
}
