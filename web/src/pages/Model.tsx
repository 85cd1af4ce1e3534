import { Button, Card, Group, Image, NumberInput, Pagination, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useParams } from "react-router";
import { api } from "../api/client";
import type { Activity, ActivitySet, CalibrationFigures, CalibrationReport, DataReport, IntervalsReport, Metrics, Model, ModelCard, Paginated, Performance, PredictRequest, Task } from "../api/types";
import { LinePlot, ScatterPlot, type Series } from "../components/charts";
import { EditDetails } from "../components/EditDetails";
import { ErrorAlert, Loading, StatusBadge, TaskProgress } from "../components/feedback";
import { meanSd, num } from "../lib/format";
import { confusion, metric, metricLabel } from "../lib/metrics";
import { isActive, useTask } from "../lib/tasks";
import { DeleteActivitySet } from "./CompoundSet";
import { useCompoundSets } from "./CompoundSets";

export function ModelPage() {
  const id = Number(useParams().modelId);
  const model = useQuery({ queryKey: ["models", "detail", id], queryFn: () => api.get<Model>(`/api/qsar/models/${id}`) });
  const task = useTask(model.data?.task_id);
  const ready = model.data?.status === "ready";
  const spec = model.data?.spec;
  const imported = !!spec && "imported" in spec;
  return (
    <Loading query={model}>
      {model.data && (
        <Stack>
          <Group justify="space-between">
            <Group><Title order={3}>{model.data.name}</Title><StatusBadge status={model.data.status} /></Group>
            <Group>
              <EditDetails path={`/api/qsar/models/${id}`} name={model.data.name} description={model.data.description} invalidate={["models"]} />
              {ready && <Button component="a" variant="default" size="xs" href={`/api/qsar/models/${id}/file`}>Download model file</Button>}
            </Group>
          </Group>
          {model.data.description && <Text c="dimmed">{model.data.description}</Text>}
          <Text size="sm" c="dimmed">
            {model.data.spec.algorithm} · {model.data.spec.mode ?? "regression"}
            {"activity_type" in model.data.spec && ` of ${model.data.spec.activity_type}`}
            {"threshold" in model.data.spec && model.data.spec.threshold != null
              ? ` (active ${model.data.spec.active_when === "at_most" ? "≤" : "≥"} ${model.data.spec.threshold})` : ""}
            {model.data.summary ? ` · ${model.data.summary.molecules} molecules` : ""}
          </Text>
          {(isActive(task.data) || task.data?.status === "failure") && <Paper withBorder p="sm"><TaskProgress task={task.data} /></Paper>}
          {ready && !imported && <PerformanceView id={id} />}
          {ready && <ModelCardView id={id} />}
          {ready && <Predictions model={model.data} />}
        </Stack>
      )}
    </Loading>
  );
}

const COLOURS = ["#1c7ed6", "#e8590c", "#2f9e44", "#ae3ec9"];

function PerformanceView({ id }: { id: number }) {
  const perf = useQuery({ queryKey: ["performance", id], queryFn: () => api.get<Performance>(`/api/qsar/models/${id}/performance`) });
  return (
    <Loading query={perf}>
      {perf.data && (
        <Stack>
          {perf.data.data && <MeasurementsUsed data={perf.data.data} />}
          <MetricTable perf={perf.data} />
          {perf.data.mode === "classification" ? <ClassificationPlots perf={perf.data} /> : <RegressionPlots perf={perf.data} />}
          {perf.data.uncertainty && "intervals" in perf.data.uncertainty && <IntervalsView report={perf.data.uncertainty.intervals} />}
          {perf.data.uncertainty && "calibration" in perf.data.uncertainty && <CalibrationView report={perf.data.uncertainty.calibration} />}
        </Stack>
      )}
    </Loading>
  );
}

const RULE_TEXT: Record<DataReport["rule"], string> = {
  exclude: "left out", bounds: "used as bounds", as_exact: "taken as exact",
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** How many measurements the build learnt from, and what became of the censored ones. */
function MeasurementsUsed({ data }: { data: DataReport }) {
  return (
    <Text size="sm" aria-label="measurements used">
      Learnt from {plural(data.exact, "exact measurement")}
      {data.censored_used > 0 && ` and ${data.censored_used} censored ones (“<”, “>”) ${RULE_TEXT[data.rule]}`}
      {data.censored_left_out > 0 && `; ${plural(data.censored_left_out, "censored measurement")} left out`}
      {data.molecules_left_out > 0 && ` (${plural(data.molecules_left_out, "molecule")} without a usable value)`}.
    </Text>
  );
}

function MetricTable({ perf }: { perf: Performance }) {
  const names = Object.keys(perf.cross_validation.mean);
  return (
    <Table withTableBorder aria-label="metrics" w="auto">
      <Table.Thead><Table.Tr><Table.Th>Metric</Table.Th><Table.Th>Cross-validation (mean ± sd over {perf.cross_validation.folds.length} folds)</Table.Th><Table.Th>Test set{perf.test ? ` (${perf.test.n_test} molecules)` : ""}</Table.Th></Table.Tr></Table.Thead>
      <Table.Tbody>
        {names.map((n) => {
          const s = meanSd(perf.cross_validation.folds.map((f) => metric(f, n)));
          return (
            <Table.Tr key={n}>
              <Table.Td>{metricLabel(n)}</Table.Td>
              <Table.Td>{s ? `${num(s.mean)} ± ${num(s.sd)}` : "–"}</Table.Td>
              <Table.Td>{perf.test ? num(metric(perf.test.metrics, n)) : "no test set"}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

function Confusion({ title, m }: { title: string; m: number[][] }) {
  return (
    <Card withBorder p="sm">
      <Text fw={600} size="sm">{title}</Text>
      <Table aria-label={`confusion matrix ${title}`} fz="sm">
        <Table.Thead><Table.Tr><Table.Th /><Table.Th>predicted inactive</Table.Th><Table.Th>predicted active</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          <Table.Tr><Table.Th>inactive</Table.Th><Table.Td>{m[0][0]}</Table.Td><Table.Td>{m[0][1]}</Table.Td></Table.Tr>
          <Table.Tr><Table.Th>active</Table.Th><Table.Td>{m[1][0]}</Table.Td><Table.Td>{m[1][1]}</Table.Td></Table.Tr>
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function summed(folds: Metrics[]): number[][] {
  const total = [[0, 0], [0, 0]];
  for (const f of folds) {
    const c = confusion(f);
    if (c) for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) total[i][j] += c[i][j];
  }
  return total;
}

function ClassificationPlots({ perf }: { perf: Performance }) {
  const series: Series[] = perf.cross_validation.folds
    .filter((f) => f.roc)
    .map((f) => ({
      label: `fold ${f.fold + 1} (${num(metric(f, "roc_auc"))})`,
      colour: "#adb5bd",
      dashed: true,
      points: f.roc!.map((p) => [p.fpr, p.tpr] as [number, number]),
    }));
  if (perf.cross_validation.roc) series.push({ label: `all folds pooled (AUC ${num(perf.cross_validation.mean.roc_auc)})`, colour: COLOURS[0], points: perf.cross_validation.roc.map((p) => [p.fpr, p.tpr] as [number, number]) });
  if (perf.test?.roc) series.push({ label: `test set (AUC ${num(metric(perf.test.metrics, "roc_auc"))})`, colour: COLOURS[1], points: perf.test.roc.map((p) => [p.fpr, p.tpr] as [number, number]) });
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Card withBorder>
        <Text fw={600}>ROC curves</Text>
        <LinePlot title="ROC curve" series={series} xLabel="false positive rate" yLabel="true positive rate" diagonal />
      </Card>
      <Stack>
        <Confusion title="Cross-validation (all folds)" m={summed(perf.cross_validation.folds)} />
        {perf.test && confusion(perf.test.metrics) && <Confusion title="Test set" m={confusion(perf.test.metrics)!} />}
      </Stack>
    </SimpleGrid>
  );
}

function RegressionPlots({ perf }: { perf: Performance }) {
  const sets = [["Cross-validation", perf.cross_validation.observed_predicted], ...(perf.test ? [["Test set", perf.test.observed_predicted] as const] : [])] as const;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      {sets.map(([label, op]) => (
        <Card withBorder key={label}>
          <Text fw={600}>{label}: observed vs predicted</Text>
          <ScatterPlot title={`${label} observed vs predicted`} points={op.map(([, o, p]) => [o, p])} ids={op.map(([id]) => id)}
            xLabel="observed" yLabel="predicted" identity />
          <Text fw={600} mt="sm">{label}: residuals</Text>
          <ScatterPlot title={`${label} residuals`} points={op.map(([, o, p]) => [p, o - p])} ids={op.map(([id]) => id)}
            xLabel="predicted" yLabel="observed − predicted" />
        </Card>
      ))}
    </SimpleGrid>
  );
}

/** Where the model came from: its data's fingerprint, seed, descriptors, validation and software. */
function ModelCardView({ id }: { id: number }) {
  const card = useQuery({ queryKey: ["model-card", id], queryFn: () => api.get<ModelCard>(`/api/qsar/models/${id}/card`), retry: false });
  if (!card.data) return null;
  const c = card.data;
  const data = c.training_set.measurements;
  const rows: [string, string][] = [
    ["Training set", `${c.training_set.molecules} molecules${data ? ` from ${data.exact} exact and ${data.censored_used} censored measurements` : ""}`],
    ["Training set SHA-256", c.training_set.sha256],
    ["Learnt", `${c.activity_type}${c.units ? ` (${c.units})` : ""}, ${c.mode}${c.threshold != null ? `, active ${c.active_when === "at_most" ? "≤" : "≥"} ${c.threshold}` : ""}`],
    ["Algorithm", `${c.algorithm}, ${Object.keys(c.parameters).length ? JSON.stringify(c.parameters) : "default parameters"}`],
    ["Descriptors", c.descriptors.map((d) => d.kind).join(" + ")],
    ["Validation", `${c.validation.folds} folds, ${percent(c.validation.test_fraction ?? 0)} test set (${c.validation.split ?? "random"} split), seed ${c.seed}`],
    ...(c.test_similarity ? [["Test set's similarity to training", `median ${num(c.test_similarity[2], 2)} (quartiles ${num(c.test_similarity[1], 2)}–${num(c.test_similarity[3], 2)})`] as [string, string]] : []),
    ["Built with", c.built_with],
  ];
  return (
    <Card withBorder>
      <Text fw={600}>Model card</Text>
      <Table aria-label="model card" w="auto" fz="sm">
        <Table.Tbody>
          {rows.map(([k, v]) => <Table.Tr key={k}><Table.Th>{k}</Table.Th><Table.Td style={{ wordBreak: "break-all" }}>{v}</Table.Td></Table.Tr>)}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

const percent = (x: number) => `${Math.round(x * 100)} %`;

/** Conformal intervals: their width by similarity to the training set, and whether they held on the test set. */
function IntervalsView({ report }: { report: IntervalsReport }) {
  const groups = report.groups;
  const groupLabel = (i: number) => i + 1 < groups.length
    ? `similarity ${num(groups[i].from_similarity, 2)}–${num(groups[i + 1].from_similarity, 2)}`
    : groups.length === 1 ? "all molecules" : `similarity ≥ ${num(groups[i].from_similarity, 2)}`;
  return (
    <Card withBorder>
      <Text fw={600}>Prediction intervals</Text>
      <Text size="sm" c="dimmed">
        Conformal intervals (± half width) from the cross-validation's errors, wider for molecules less similar to the training set. A
        trustworthy interval holds about as many molecules as its confidence says: each fold's molecules in the intervals the other folds
        give, and the test set's in the model's.
      </Text>
      <Table aria-label="prediction intervals" w="auto" fz="sm" mt="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Confidence</Table.Th><Table.Th>Cross-validation inside</Table.Th><Table.Th>Test set inside</Table.Th>
            {groups.map((g, i) => <Table.Th key={g.from_similarity}>± at {groupLabel(i)} ({g.molecules})</Table.Th>)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.levels.map((l) => (
            <Table.Tr key={l.confidence}>
              <Table.Td>{percent(l.confidence)}</Table.Td>
              <Table.Td>{percent(l.cross_validation_coverage)}</Table.Td>
              <Table.Td>{l.test_coverage == null ? "–" : percent(l.test_coverage)}</Table.Td>
              {l.half_widths.map((w, i) => <Table.Td key={i}>{w == null ? "unbounded" : num(w, 2)}</Table.Td>)}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

/** Calibrated probabilities: the reliability diagram, Brier score and calibration error on the cross-validation and the test set. */
function CalibrationView({ report }: { report: CalibrationReport }) {
  const judged: [string, CalibrationFigures][] = [["cross-validation", report.cross_validation], ...(report.test ? [["test set", report.test] as [string, CalibrationFigures]] : [])];
  const series: Series[] = judged.map(([on, figures], i) => ({
    label: on,
    colour: COLOURS[i],
    dashed: i === 0 && judged.length > 1,
    points: figures.reliability.filter((b) => b.mean_predicted != null && b.observed != null).map((b) => [b.mean_predicted!, b.observed!] as [number, number]),
  }));
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Card withBorder>
        <Text fw={600}>Reliability diagram</Text>
        <LinePlot title="reliability diagram" series={series} xLabel="calibrated probability of activity" yLabel="share of actives" diagonal markers />
        {judged.map(([on, figures]) => (
          <Text key={on} size="xs" c="dimmed">
            {on}, molecules per tenth of probability: {figures.reliability.map((b) => b.molecules).join(" · ")} (a point from few molecules is noisy)
          </Text>
        ))}
      </Card>
      <Card withBorder>
        <Text fw={600}>Calibration</Text>
        <Text size="sm" c="dimmed">
          Probabilities are calibrated by isotonic regression on the cross-validation; a calibrated 0.8 means about 8 in 10 such molecules are
          active. On the cross-validation each fold is calibrated by the other folds alone.
        </Text>
        <Table aria-label="calibration" w="auto" fz="sm" mt="xs">
          <Table.Thead>
            <Table.Tr><Table.Th /><Table.Th>molecules</Table.Th><Table.Th>Brier score</Table.Th><Table.Th>own scores' Brier</Table.Th><Table.Th>calibration error</Table.Th><Table.Th>own scores' error</Table.Th><Table.Th>error by chance alone</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {judged.map(([on, f]) => (
              <Table.Tr key={on}>
                <Table.Th>{on}</Table.Th><Table.Td>{f.molecules}</Table.Td>
                <Table.Td>{num(f.brier)}</Table.Td><Table.Td>{num(f.brier_uncalibrated)}</Table.Td>
                <Table.Td>{num(f.ece)}</Table.Td><Table.Td>{num(f.ece_uncalibrated)}</Table.Td><Table.Td>{num(f.ece_if_calibrated)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed">
          Calibration error: the expected calibration error over ten equal bins of probability. By chance alone: what perfectly calibrated
          probabilities would still show on this many molecules; an error near it is noise, not miscalibration.
        </Text>
      </Card>
    </SimpleGrid>
  );
}

function Predictions({ model }: { model: Model }) {
  const client = useQueryClient();
  const sets = useCompoundSets();
  const [setId, setSetId] = useState<string | null>(null);
  const [watching, setWatching] = useState<number | null>(null);
  const task = useTask(watching);
  const predictionSets = useQuery({
    queryKey: ["predictions", model.id],
    queryFn: () => api.get<ActivitySet[]>(`/api/qsar/models/${model.id}/predictions`),
  });
  const regression = (model.spec.mode ?? "regression") === "regression";
  const [confidence, setConfidence] = useState<number | string>(0.9);
  const run = useMutation({
    mutationFn: () => api.post<Task>(`/api/qsar/models/${model.id}/predictions`,
      { compound_set_id: Number(setId), ...(regression ? { confidence: Number(confidence) } : {}) } satisfies PredictRequest),
    onSuccess: (t) => {
      client.setQueryData(["task", t.id], t);
      setWatching(t.id);
    },
  });
  const [shown, setShown] = useState<number | null>(null);
  const shownSet = predictionSets.data?.find((p) => p.id === shown);
  // A finished prediction is listed and shown at once.
  const finished = task.data?.status === "success" ? task.data : null;
  useEffect(() => {
    if (!finished) return;
    client.invalidateQueries({ queryKey: ["predictions", model.id] });
    const made = (finished.result as { activity_set_id?: number } | null)?.activity_set_id;
    if (made) setShown(made);
  }, [finished, client, model.id]);
  return (
    <Stack>
      <Title order={4}>Predictions</Title>
      <Group align="flex-end">
        <Select label="Predict activities for" data={(sets.data?.results ?? []).filter((s) => s.imported_at).map((s) => ({ value: String(s.id), label: s.name }))}
          value={setId} onChange={setSetId} w={360} />
        {regression && <NumberInput label="Interval confidence" min={0.5} max={0.99} step={0.05} decimalScale={2} value={confidence} onChange={setConfidence} w={160} />}
        <Button onClick={() => run.mutate()} disabled={!setId} loading={run.isPending}>Predict</Button>
      </Group>
      <ErrorAlert error={run.error} title="Cannot predict" />
      {task.data && (isActive(task.data) || task.data.status === "failure") && <TaskProgress task={task.data} />}
      <Loading query={predictionSets}>
        <Group>
          {predictionSets.data?.map((p) => (
            <Button key={p.id} size="xs" variant={shown === p.id ? "filled" : "light"} onClick={() => setShown(p.id)}>
              {sets.data?.results.find((s) => s.id === p.compound_set_id)?.name ?? p.name}
            </Button>
          ))}
        </Group>
      </Loading>
      {shownSet && (
        <>
          <DeleteActivitySet activitySet={shownSet} label="these predictions" onDeleted={() => setShown(null)} />
          <PredictionTable activitySet={shownSet} />
        </>
      )}
    </Stack>
  );
}

function PredictionTable({ activitySet }: { activitySet: ActivitySet }) {
  const activitySetId = activitySet.id;
  const confidence = activitySet.interval_confidence;
  const [page, setPage] = useState(1);
  const rows = useQuery({
    queryKey: ["activities", activitySetId, page],
    queryFn: () => api.get<Paginated<Activity>>(`/api/activity-sets/${activitySetId}/activities?page=${page}&page_size=20`),
  });
  return (
    <Loading query={rows}>
      {rows.data && (
        <Stack>
          <Table aria-label="predictions" w="auto">
            <Table.Thead><Table.Tr><Table.Th>Structure</Table.Th><Table.Th>{rows.data.results[0]?.type ?? "prediction"}</Table.Th>{confidence != null && <Table.Th>{percent(confidence)} interval</Table.Th>}<Table.Th>Applicability (nearest training Tanimoto)</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {rows.data.results.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td><Image src={`/api/molecules/${a.molecule_id}/depiction.svg?width=140&height=100`} w={140} h={100} alt={`molecule ${a.molecule_id}`} loading="lazy" /></Table.Td>
                  <Table.Td>{num(a.value)}</Table.Td>
                  {confidence != null && <Table.Td>{a.interval ? `${num(a.interval[0], 2)} – ${num(a.interval[1], 2)}` : "unbounded"}</Table.Td>}
                  <Table.Td>{num(a.applicability, 2)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pagination value={page} total={Math.ceil(rows.data.count / 20)} onChange={setPage} />
        </Stack>
      )}
    </Loading>
  );
}
