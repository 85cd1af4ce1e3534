import {
  Anchor, Button, FileInput, Group, Modal, NumberInput, Paper, Radio, Select, SegmentedControl, Stack, Stepper, Table, Text, TextInput, Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../api/client";
import type { ActiveWhen, Algorithm, CensoredRule, Descriptor, Mode, Model, NewModel, Paginated, SplitKind, TypeSummary } from "../api/types";
import { DescriptorPicker } from "../components/DescriptorPicker";
import { confirmDelete, ErrorAlert, fieldError, Loading, StatusBadge } from "../components/feedback";
import { ParamForm } from "../components/ParamForm";
import { num, when } from "../lib/format";
import { optionValue, type Option } from "../lib/options";
import { changed, defaults, validate, type ParamValues } from "../lib/params";
import { useActivitySets } from "./CompoundSet";
import { useCompoundSets } from "./CompoundSets";
import { useProjectId } from "./Project";

export function useModels() {
  const projectId = useProjectId();
  return useQuery({
    queryKey: ["models", projectId],
    queryFn: () => api.get<Paginated<Model>>(`/api/qsar/models?project_id=${projectId}&page_size=1000`),
  });
}

export function ModelsPage() {
  const projectId = useProjectId();
  const client = useQueryClient();
  const models = useModels();
  const remove = useMutation({
    mutationFn: (id: number) => api.delete(`/api/qsar/models/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ["models"] }),
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>QSAR models</Title>
        <Group>
          <ImportModel />
          <Button component={Link} to={`/projects/${projectId}/models/new`}>Train a model</Button>
        </Group>
      </Group>
      <ErrorAlert error={remove.error} />
      <Loading query={models} empty={models.data?.count === 0 ? <Text>No models yet.</Text> : undefined}>
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr><Table.Th>Name</Table.Th><Table.Th>Algorithm</Table.Th><Table.Th>Mode</Table.Th><Table.Th>Status</Table.Th><Table.Th>Cross-validation</Table.Th><Table.Th>Built</Table.Th><Table.Th /></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {models.data?.results.map((m) => {
              const cv = m.summary?.cross_validation;
              const headline = cv ? (cv.roc_auc !== undefined ? `ROC AUC ${num(cv.roc_auc)}` : `R² ${num(cv.r2)}`) : "–";
              return (
                <Table.Tr key={m.id}>
                  <Table.Td><Anchor component={Link} to={`/projects/${projectId}/models/${m.id}`}>{m.name}</Anchor></Table.Td>
                  <Table.Td>{String(m.spec.algorithm)}</Table.Td>
                  <Table.Td>{String(m.spec.mode)}</Table.Td>
                  <Table.Td><StatusBadge status={m.status} /></Table.Td>
                  <Table.Td>{headline}</Table.Td>
                  <Table.Td>{when(m.built_at)}</Table.Td>
                  <Table.Td><Button size="xs" variant="subtle" color="red" onClick={() => confirmDelete(`the model ${m.name}`, () => remove.mutate(m.id))}>Delete</Button></Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Loading>
    </Stack>
  );
}

/** Brings in a model file downloaded from this or another GenUI (checked by the server). */
function ImportModel() {
  const projectId = useProjectId();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState("");
  const upload = useMutation({
    mutationFn: () => {
      const body = new FormData();
      body.set("project_id", String(projectId));
      body.set("name", name);
      body.set("file", file!);
      return api.post<Model>("/api/qsar/models/import", body);
    },
    onSuccess: (m) => {
      client.invalidateQueries({ queryKey: ["models"] });
      navigate(`/projects/${projectId}/models/${m.id}`);
    },
  });
  return (
    <>
      <Button variant="default" onClick={() => setOpened(true)}>Import a model file</Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Import a model file">
        <Stack>
          <FileInput label="Model file (.genui-qsar)" value={file} onChange={setFile} required />
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required error={fieldError(upload.error, "name")} />
          <ErrorAlert error={upload.error} title="Cannot import" />
          <Button disabled={!file || !name.trim()} loading={upload.isPending} onClick={() => upload.mutate()}>Import</Button>
        </Stack>
      </Modal>
    </>
  );
}

export function useAlgorithms(path: string) {
  return useQuery({ queryKey: ["algorithms", path], queryFn: () => api.get<Algorithm[]>(path), staleTime: Infinity });
}

function TypeTable({ types, value, onChange }: { types: TypeSummary[]; value: string | null; onChange: (t: string) => void }) {
  return (
    <Radio.Group value={value} onChange={onChange}>
      <Table withTableBorder aria-label="activity types">
        <Table.Thead><Table.Tr><Table.Th /><Table.Th>Activity type</Table.Th><Table.Th>Molecules</Table.Th><Table.Th>Median</Table.Th><Table.Th>Range</Table.Th><Table.Th>Units</Table.Th><Table.Th>Censored</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {types.map((t) => (
            <Table.Tr key={t.type}>
              <Table.Td><Radio value={t.type} aria-label={t.type} /></Table.Td>
              <Table.Td>{t.type}</Table.Td><Table.Td>{t.molecules}</Table.Td><Table.Td>{num(t.median, 2)}</Table.Td>
              <Table.Td>{num(t.min, 2)} – {num(t.max, 2)}</Table.Td><Table.Td>{t.units.join(", ") || "–"}</Table.Td>
              <Table.Td>{t.censored ? `${t.censored} (< or >)` : "–"}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Radio.Group>
  );
}

const MODES: Option<Mode>[] = [{ value: "classification", label: "Classification" }, { value: "regression", label: "Regression" }];
const ACTIVE_WHEN: Option<ActiveWhen>[] = [{ value: "at_least", label: "at least the threshold" }, { value: "at_most", label: "at most the threshold" }];
const CENSORED: Option<CensoredRule>[] = [
  { value: "exclude", label: "left out (exact values only)" },
  { value: "bounds", label: "used as bounds" },
  { value: "as_exact", label: "taken as exact (biased)" },
];
const CENSORED_HELP: Record<CensoredRule, string> = {
  exclude: "Values such as “< 5” or “> 10000 nM” say only on which side the true value lies; they are left out.",
  bounds: "Classification: a bound that settles the class gives it (“< 5” is inactive at 6.5). Regression: the model learns an estimate that respects the bound.",
  as_exact: "“< 5” is learnt as 5, as many tools silently do: the model leans towards the bounds.",
};
const SPLITS: Option<SplitKind>[] = [{ value: "random", label: "random" }, { value: "scaffold", label: "by scaffold" }];

export function NewModelPage() {
  const projectId = useProjectId();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [step, setStep] = useState(0);
  const sets = useCompoundSets();
  const [setId, setSetId] = useState<string | null>(null);
  const activitySets = useActivitySets({ project_id: projectId });
  const setActivitySet = activitySets.data?.results.find((a) => a.compound_set_id === Number(setId) && a.qsar_model_id == null);
  const summary = useQuery({
    queryKey: ["activity-summary", setActivitySet?.id],
    queryFn: () => api.get<TypeSummary[]>(`/api/activity-sets/${setActivitySet!.id}/summary?bins=20`),
    enabled: !!setActivitySet,
  });
  const [type, setType] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode>("classification");
  const [threshold, setThreshold] = useState<number | string>(6.5);
  const [activeWhen, setActiveWhen] = useState<ActiveWhen>("at_least");
  const [censored, setCensored] = useState<CensoredRule>("exclude");
  const censoredCount = summary.data?.find((t) => t.type === type)?.censored ?? 0;
  const algorithms = useAlgorithms("/api/qsar/algorithms");
  const [algorithm, setAlgorithm] = useState<string | null>("random_forest");
  const params = algorithms.data?.find((a) => a.name === algorithm)?.parameters ?? [];
  const [values, setValues] = useState<ParamValues>({});
  const paramErrors = validate(params, { ...defaults(params), ...values });
  const [descriptors, setDescriptors] = useState<Descriptor[]>([{ kind: "morgan", radius: 2, n_bits: 2048, chirality: false, features: false, counts: false }]);
  const [folds, setFolds] = useState<number | string>(5);
  const [testFraction, setTestFraction] = useState<number | string>(0.2);
  const [split, setSplit] = useState<SplitKind>("random");
  const [seed, setSeed] = useState<number | string>(42);
  const [name, setName] = useState("");
  const algorithmOptions = useMemo(
    () => (algorithms.data ?? []).filter((a) => a.modes?.includes(mode)).map((a) => ({ value: a.name, label: a.title })),
    [algorithms.data, mode],
  );
  // the request, once the steps have given an activity set, an activity type and an algorithm
  const request: NewModel | null = setActivitySet && type && algorithm ? {
    project_id: projectId, name, activity_set_id: setActivitySet.id, activity_type: type, mode,
    ...(mode === "classification" ? { threshold: Number(threshold), active_when: activeWhen } : {}),
    censored, algorithm, parameters: changed(params, { ...defaults(params), ...values }), descriptors,
    validation: { folds: Number(folds), test_fraction: Number(testFraction), split }, seed: Number(seed),
  } : null;
  const create = useMutation({
    mutationFn: (body: NewModel) => api.post<Model>("/api/qsar/models", body),
    onSuccess: (m) => {
      client.invalidateQueries({ queryKey: ["models"] });
      navigate(`/projects/${projectId}/models/${m.id}`);
    },
  });
  const canNext = [
    !!setActivitySet && !!type,
    mode === "regression" || threshold !== "",
    !!algorithm && Object.keys(paramErrors).length === 0,
    descriptors.length > 0,
  ];
  return (
    <Stack maw={1100}>
      <Title order={3}>Train a QSAR model</Title>
      <Stepper active={step} onStepClick={setStep} allowNextStepsSelect={false}>
        <Stepper.Step label="Data" description="compound set and activity">
          <Stack>
            <Select label="Compound set" data={(sets.data?.results ?? []).filter((s) => s.imported_at).map((s) => ({ value: String(s.id), label: s.name }))}
              value={setId} onChange={(v) => { setSetId(v); setType(null); }} w={400} />
            {setId && !setActivitySet && activitySets.data && <Text c="red" size="sm">This set has no activities to learn from.</Text>}
            {summary.data && <TypeTable types={summary.data} value={type} onChange={setType} />}
          </Stack>
        </Stepper.Step>
        <Stepper.Step label="Task" description="classification or regression">
          <Stack>
            <SegmentedControl value={mode} w={360} data={MODES}
              onChange={(v) => { const m = optionValue(MODES, v); if (m) { setMode(m); setAlgorithm(null); } }} />
            {mode === "classification" && (
              <Group align="flex-end">
                <NumberInput label="Activity threshold" value={threshold} onChange={setThreshold} decimalScale={3} w={180} />
                <Select label="Active when the value is" data={ACTIVE_WHEN}
                  value={activeWhen} onChange={(v) => setActiveWhen(optionValue(ACTIVE_WHEN, v) ?? "at_least")} allowDeselect={false} w={260} />
              </Group>
            )}
            {censoredCount > 0 && (
              <Select label={`Censored values (${censoredCount} of this type)`} data={CENSORED} description={CENSORED_HELP[censored]}
                value={censored} onChange={(v) => setCensored(optionValue(CENSORED, v) ?? "exclude")} allowDeselect={false} w={520} />
            )}
          </Stack>
        </Stepper.Step>
        <Stepper.Step label="Algorithm" description="and its parameters">
          <Stack>
            <Select label="Algorithm" data={algorithmOptions} value={algorithm} onChange={(v) => { setAlgorithm(v); setValues({}); }} w={360} allowDeselect={false} />
            {algorithm && <ParamForm params={params} values={{ ...defaults(params), ...values }} errors={paramErrors} onChange={setValues} />}
          </Stack>
        </Stepper.Step>
        <Stepper.Step label="Descriptors">
          <DescriptorPicker value={descriptors} onChange={setDescriptors} />
        </Stepper.Step>
        <Stepper.Step label="Validation" description="and name">
          <Stack>
            <Group>
              <NumberInput label="Cross-validation folds" min={2} max={10} value={folds} onChange={setFolds} w={180} />
              <NumberInput label="Test set fraction" min={0} max={0.89} step={0.05} decimalScale={2} value={testFraction} onChange={setTestFraction} w={180} />
              <Select label="Split" data={SPLITS} value={split} onChange={(v) => setSplit(optionValue(SPLITS, v) ?? "random")} w={180} allowDeselect={false} />
              <NumberInput label="Seed" value={seed} onChange={setSeed} w={140} />
            </Group>
            <TextInput label="Model name" value={name} onChange={(e) => setName(e.currentTarget.value)} required w={400} />
            <ErrorAlert error={create.error} title="Cannot start training" />
            <Button onClick={() => request && create.mutate(request)} loading={create.isPending} disabled={!name.trim() || !request} w={200}>Train</Button>
          </Stack>
        </Stepper.Step>
      </Stepper>
      {step < 4 && (
        <Paper p={0}>
          <Group>
            {step > 0 && <Button variant="default" onClick={() => setStep(step - 1)}>Back</Button>}
            <Button onClick={() => setStep(step + 1)} disabled={!canNext[step]}>Next</Button>
          </Group>
        </Paper>
      )}
    </Stack>
  );
}
