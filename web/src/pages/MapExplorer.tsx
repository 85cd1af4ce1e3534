import {
  Badge, Button, Card, Group, Image, Paper, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, TextInput, Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useNavigate, useParams } from "react-router";
import { api, query } from "../api/client";
import type { ChemMap, CompoundSet, MapPoints, Task, TransformRequest } from "../api/types";
import { BoxPlot, boxStats } from "../components/charts";
import { EditDetails } from "../components/EditDetails";
import { ErrorAlert, fieldError, Loading, StatusBadge, TaskProgress } from "../components/feedback";
import { MapCanvas } from "../components/MapCanvas";
import { num } from "../lib/format";
import { colouring, normalize, SET_COLOURS, VALUE_COLOURS, type Drawn } from "../lib/points";
import { isActive, useTask } from "../lib/tasks";
import { useActivitySets } from "./CompoundSet";
import { useCompoundSets } from "./CompoundSets";
import { useProjectId } from "./Project";

const PROPERTIES = [["mw", "Molecular weight"], ["logp", "logP"], ["tpsa", "TPSA"], ["hbd", "H-bond donors"], ["hba", "H-bond acceptors"], ["qed", "QED"], ["sa_score", "SA score"]] as const;

export function MapPage() {
  const id = Number(useParams().mapId);
  const map = useQuery({ queryKey: ["maps", "detail", id], queryFn: () => api.get<ChemMap>(`/api/maps/${id}`) });
  const task = useTask(map.data?.task_id);
  return (
    <Loading query={map}>
      {map.data && (
        <Stack>
          <Group>
            <Title order={3}>{map.data.name}</Title>
            <StatusBadge status={map.data.status} />
            <Text size="sm" c="dimmed">{map.data.spec.algorithm}{map.data.summary ? ` · ${map.data.summary.points.toLocaleString()} points` : ""}</Text>
            <EditDetails path={`/api/maps/${id}`} name={map.data.name} description={map.data.description} invalidate={["maps"]} />
          </Group>
          {map.data.description && <Text c="dimmed">{map.data.description}</Text>}
          {(isActive(task.data) || task.data?.status === "failure") && <Paper withBorder p="sm"><TaskProgress task={task.data} /></Paper>}
          {map.data.status === "ready" && <Explorer map={map.data} />}
        </Stack>
      )}
    </Loading>
  );
}

function Explorer({ map }: { map: ChemMap }) {
  const projectId = useProjectId();
  const sets = useCompoundSets();
  const activitySets = useActivitySets({ project_id: projectId });
  const [activitySet, setActivitySet] = useState<string | null>(null);
  const points = useQuery({
    queryKey: ["map-points", map.id, activitySet],
    queryFn: () => api.get<MapPoints>(`/api/maps/${map.id}/points${query({
      properties: PROPERTIES.map(([p]) => p).join(","), activity_set_id: activitySet, smiles: true,
    })}`),
    staleTime: Infinity,
    placeholderData: (prev) => prev,
  });
  const [colourBy, setColourBy] = useState("set");
  const [lasso, setLasso] = useState(false);
  const [hover, setHover] = useState<{ index: number; x: number; y: number } | null>(null);
  const [selected, setSelected] = useState<number[]>([]);
  const setNames = useMemo(() => new Map((sets.data?.results ?? []).map((s) => [s.id, s.name])), [sets.data]);
  const coords = useMemo(() => (points.data ? normalize(points.data.x, points.data.y) : null), [points.data]);
  const colours = useMemo(() => (points.data ? colouring(points.data, colourBy, setNames) : null), [points.data, colourBy, setNames]);
  const drawn: Drawn | null = useMemo(() => {
    if (!coords || !colours) return null;
    return colours.kind === "set"
      ? { ...coords, category: colours.categories, colours: colours.labels.map((_, i) => SET_COLOURS[i % SET_COLOURS.length]) }
      : { ...coords, value: colours.values, colours: VALUE_COLOURS };
  }, [coords, colours]);
  const colourOptions = [
    { group: "Compound set", items: [{ value: "set", label: "Compound set" }] },
    { group: "Properties", items: PROPERTIES.map(([v, l]) => ({ value: v, label: l })) },
    ...(points.data && Object.keys(points.data.activities).length
      ? [{ group: "Activities", items: Object.keys(points.data.activities).map((t) => ({ value: `activity:${t}`, label: t })) }]
      : []),
  ];
  return (
    <Stack>
      <Group align="flex-end">
        <Select label="Colour by" data={colourOptions} value={colourBy} onChange={(v) => setColourBy(v ?? "set")} allowDeselect={false} w={240} />
        <Select label="Activities from" placeholder="none" clearable w={300}
          data={(activitySets.data?.results ?? []).map((a) => ({ value: String(a.id), label: a.name }))}
          value={activitySet} onChange={(v) => { setActivitySet(v); if (!v && colourBy.startsWith("activity:")) setColourBy("set"); }} />
        <SegmentedControl value={lasso ? "lasso" : "pan"} onChange={(v) => setLasso(v === "lasso")}
          data={[{ value: "pan", label: "Pan and zoom" }, { value: "lasso", label: "Lasso select" }]} />
        <Transform map={map} />
      </Group>
      <ErrorAlert error={points.error} title="Cannot load the points" />
      {colours && <Legend colours={colours} />}
      <div style={{ position: "relative" }}>
        {drawn && <MapCanvas drawn={drawn} lasso={lasso} onHover={setHover} onSelect={setSelected} />}
        {!drawn && <Loading query={points}>{null}</Loading>}
        {hover && points.data && <HoverCard points={points.data} hover={hover} setNames={setNames} />}
      </div>
      <Text size="xs" c="dimmed">Scroll to zoom, drag to pan; in lasso mode drag around points to select them (double-click or Escape clears the selection).</Text>
      {selected.length > 0 && points.data && <Selection points={points.data} indices={selected} setNames={setNames} colourBy={colourBy} mapName={map.name} />}
    </Stack>
  );
}

function Legend({ colours }: { colours: ReturnType<typeof colouring> }) {
  if (colours.kind === "set") {
    return (
      <Group gap="xs">
        {colours.labels.map((l, i) => <Badge key={l} variant="dot" color={SET_COLOURS[i % SET_COLOURS.length]}>{l}</Badge>)}
      </Group>
    );
  }
  return (
    <Group gap="xs">
      <Text size="xs">{num(colours.min, 2)}</Text>
      <div style={{ width: 200, height: 10, background: `linear-gradient(to right, ${VALUE_COLOURS.slice(1).join(",")})` }} />
      <Text size="xs">{num(colours.max, 2)}</Text>
      {colours.missing > 0 && <Badge variant="dot" color="gray">no value ({colours.missing.toLocaleString()})</Badge>}
    </Group>
  );
}

function HoverCard({ points, hover, setNames }: { points: MapPoints; hover: { index: number; x: number; y: number }; setNames: Map<number, string> }) {
  const i = hover.index;
  const molecule = points.molecule_ids[i][0];
  return (
    <Card withBorder shadow="md" p="xs" w={240} data-testid="map-hover"
      style={{ position: "absolute", left: Math.min(hover.x + 12, 9999), top: hover.y + 12, pointerEvents: "none", zIndex: 10 }}>
      <Image src={`/api/molecules/${molecule}/depiction.svg?width=220&height=150`} w={220} h={150} alt={points.smiles?.[i] ?? `molecule ${molecule}`} />
      <Text size="xs" truncate>{points.smiles?.[i]}</Text>
      <Text size="xs" c="dimmed">{points.compound_set_ids[i].map((s) => setNames.get(s) ?? s).join(", ")}{points.placed[i] ? " · placed later" : ""}</Text>
      <Text size="xs">MW {num(points.properties.mw?.[i], 1)} · logP {num(points.properties.logp?.[i], 2)}</Text>
      {Object.entries(points.activities).map(([t, v]) => v[i] !== null && <Text key={t} size="xs">{t}: {num(v[i], 2)}</Text>)}
    </Card>
  );
}

function Selection({ points, indices, setNames, colourBy, mapName }: {
  points: MapPoints; indices: number[]; setNames: Map<number, string>; colourBy: string; mapName: string;
}) {
  const column = colourBy === "set" ? null : colourBy.startsWith("activity:") ? points.activities[colourBy.slice(9)] : points.properties[colourBy];
  const label = colourBy === "set" ? "" : colourBy.replace("activity:", "");
  const bySet = new Map<number, number[]>();
  for (const i of indices) {
    for (const s of points.compound_set_ids[i]) {
      const list = bySet.get(s) ?? [];
      list.push(i);
      bySet.set(s, list);
    }
  }
  const boxes = column
    ? [...bySet].map(([s, idx]) => boxStats(setNames.get(s) ?? `set ${s}`, idx.map((i) => column[i]).filter((v): v is number => v !== null))).filter((b) => b !== null)
    : [];
  const shown = indices.slice(0, 50);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={4} data-testid="selection-title">{indices.length.toLocaleString()} selected points</Title>
        <SaveSelection points={points} indices={indices} mapName={mapName} />
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Table w="auto" aria-label="selection per set">
          <Table.Thead><Table.Tr><Table.Th>Compound set</Table.Th><Table.Th>Points</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>{[...bySet].map(([s, idx]) => <Table.Tr key={s}><Table.Td>{setNames.get(s) ?? s}</Table.Td><Table.Td>{idx.length}</Table.Td></Table.Tr>)}</Table.Tbody>
        </Table>
        {boxes.length > 0 ? <BoxPlot boxes={boxes} label={label} /> : <Text size="sm" c="dimmed">Colour by a property or an activity to compare its distribution per set.</Text>}
      </SimpleGrid>
      <Table aria-label="selected molecules">
        <Table.Thead><Table.Tr><Table.Th>Structure</Table.Th><Table.Th>SMILES</Table.Th><Table.Th>Sets</Table.Th>{label && <Table.Th>{label}</Table.Th>}</Table.Tr></Table.Thead>
        <Table.Tbody>
          {shown.map((i) => (
            <Table.Tr key={i}>
              <Table.Td><Image src={`/api/molecules/${points.molecule_ids[i][0]}/depiction.svg?width=140&height=100`} w={140} h={100} loading="lazy" alt={points.smiles?.[i] ?? ""} /></Table.Td>
              <Table.Td><Text size="xs" maw={320} style={{ wordBreak: "break-all" }}>{points.smiles?.[i]}</Text></Table.Td>
              <Table.Td><Text size="xs">{points.compound_set_ids[i].map((s) => setNames.get(s) ?? s).join(", ")}</Text></Table.Td>
              {label && <Table.Td>{num(column?.[i] ?? null, 2)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {indices.length > shown.length && <Text size="xs" c="dimmed">Showing the first {shown.length} of {indices.length.toLocaleString()}.</Text>}
    </Stack>
  );
}

/** The selected structures as a CSV the import pipeline reads like any upload. */
export function selectionCsv(points: MapPoints, indices: number[]): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const rows = indices.map((i) => `${quote(points.smiles?.[i] ?? "")},${points.molecule_ids[i][0]}`);
  return ["SMILES,NAME", ...rows].join("\n") + "\n";
}

function SaveSelection({ points, indices, mapName }: { points: MapPoints; indices: number[]; mapName: string }) {
  const projectId = useProjectId();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [name, setName] = useState("");
  const save = useMutation({
    mutationFn: () => {
      const body = new FormData();
      body.set("project_id", String(projectId));
      body.set("name", name);
      body.set("description", `${indices.length} molecules selected on the map ${mapName}`);
      body.set("file", new Blob([selectionCsv(points, indices)], { type: "text/csv" }), "selection.csv");
      return api.post<CompoundSet>("/api/compound-sets/csv", body);
    },
    onSuccess: (set) => {
      client.invalidateQueries({ queryKey: ["compound-sets"] });
      navigate(`/projects/${projectId}/compound-sets/${set.id}`);
    },
  });
  return (
    <Group align="flex-end">
      <TextInput label="Save the selection as a compound set" placeholder="name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(save.error, "name") ?? (save.error as Error | null)?.message} />
      <Button disabled={!name.trim()} loading={save.isPending} onClick={() => save.mutate()}>Save</Button>
    </Group>
  );
}

function Transform({ map }: { map: ChemMap }) {
  const client = useQueryClient();
  const sets = useCompoundSets();
  const [setId, setSetId] = useState<string | null>(null);
  const [taskId, setTaskId] = useState<number | null>(null);
  const task = useTask(taskId);
  const run = useMutation({
    mutationFn: () => api.post<Task>(`/api/maps/${map.id}/transform`, { compound_set_id: Number(setId) } satisfies TransformRequest),
    onSuccess: (t) => {
      client.setQueryData(["task", t.id], t);
      setTaskId(t.id);
    },
  });
  const finished = task.data?.status === "success";
  useEffect(() => {
    if (finished) client.invalidateQueries({ queryKey: ["map-points", map.id] });
  }, [finished, client, map.id]);
  return (
    <Group align="flex-end">
      <Select label="Place another set on the map" placeholder="compound set" w={240} value={setId} onChange={setSetId}
        data={(sets.data?.results ?? []).filter((s) => s.imported_at && !map.spec.compound_set_ids.includes(s.id)).map((s) => ({ value: String(s.id), label: s.name }))} />
      <Button variant="light" disabled={!setId} loading={run.isPending || isActive(task.data)} onClick={() => run.mutate()}>Place</Button>
      {run.error ? <Text size="xs" c="red">{(run.error as Error).message}</Text> : null}
      {task.data?.status === "failure" && <TaskProgress task={task.data} />}
    </Group>
  );
}
