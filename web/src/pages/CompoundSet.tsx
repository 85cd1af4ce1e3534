import {
  Alert, Anchor, Button, Card, Group, NumberInput, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, TextInput, Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useParams, useSearchParams } from "react-router";
import { api, query } from "../api/client";
import type { ActivitySet, CompoundSet, Molecule, Paginated, SearchRequest, SearchResults, TypeSummary } from "../api/types";
import { Histogram } from "../components/charts";
import { EditDetails } from "../components/EditDetails";
import { confirmDelete, ErrorAlert, Loading, StatusBadge, TaskProgress } from "../components/feedback";
import { ColumnChooser, MoleculeTable } from "../components/MoleculeTable";
import { availableColumns, readBrowse, writeBrowse, type Browse, type Search } from "../lib/browse";
import { num, when } from "../lib/format";
import { isActive, useTask } from "../lib/tasks";

const PAGE = 50;

export function CompoundSetPage() {
  const id = Number(useParams().setId);
  const set = useQuery({ queryKey: ["compound-sets", "detail", id], queryFn: () => api.get<CompoundSet>(`/api/compound-sets/${id}`) });
  const task = useTask(set.data?.task_id);
  const running = isActive(task.data);
  return (
    <Loading query={set}>
      {set.data && (
        <Stack>
          <Group justify="space-between">
            <Group>
              <Title order={3}>{set.data.name}</Title>
              <StatusBadge status={set.data.status} />
            </Group>
            <Group>
              <EditDetails path={`/api/compound-sets/${id}`} name={set.data.name} description={set.data.description} invalidate={["compound-sets"]} />
              {set.data.source_kind !== "generated" && <Reimport set={set.data} running={running} />}
              <Button component="a" variant="default" size="xs" href={`/api/compound-sets/${id}/export?format=sdf`} disabled={!set.data.imported_at}>Export SDF</Button>
              <Button component="a" variant="default" size="xs" href={`/api/compound-sets/${id}/export?format=csv`} disabled={!set.data.imported_at}>Export CSV</Button>
            </Group>
          </Group>
          {set.data.description && <Text c="dimmed">{set.data.description}</Text>}
          {(running || task.data?.status === "failure") && <Paper withBorder p="sm"><TaskProgress task={task.data} /></Paper>}
          {set.data.report && <Report set={set.data} />}
          {set.data.imported_at && !running && (
            <>
              <ActivitySummary setId={id} />
              <Molecules setId={id} projectId={set.data.project_id} />
            </>
          )}
        </Stack>
      )}
    </Loading>
  );
}

/** Imports the set's source again (ChEMBL is queried again); molecules stay usable meanwhile. */
function Reimport({ set, running }: { set: CompoundSet; running: boolean }) {
  const client = useQueryClient();
  const run = useMutation({
    mutationFn: () => api.post<CompoundSet>(`/api/compound-sets/${set.id}/reimport`),
    onSuccess: (updated) => client.setQueryData(["compound-sets", "detail", set.id], updated),
  });
  return (
    <>
      {run.error ? <Text size="xs" c="red">{(run.error as Error).message}</Text> : null}
      <Button variant="default" size="xs" loading={run.isPending} disabled={running} onClick={() => run.mutate()}>
        {set.source_kind === "chembl" ? "Update from ChEMBL" : "Re-import"}
      </Button>
    </>
  );
}

function Report({ set }: { set: CompoundSet }) {
  const r = set.report!;
  const [showRejected, setShowRejected] = useState(false);
  return (
    <Paper withBorder p="sm">
      <Group gap="xl">
        <Text size="sm">Imported <b>{r.imported.toLocaleString()}</b> molecules of {r.read.toLocaleString()} records ({when(set.imported_at)})</Text>
        <Text size="sm">{r.duplicates_merged.toLocaleString()} duplicates merged</Text>
        <Text size="sm">{r.activities.toLocaleString()} activities</Text>
        <Text size="sm" c={r.rejected ? "red" : undefined}>{r.rejected.toLocaleString()} rejected</Text>
        {r.rejected > 0 && <Anchor size="sm" onClick={() => setShowRejected(!showRejected)}>{showRejected ? "hide" : "show"} rejected records</Anchor>}
      </Group>
      {showRejected && (
        <Table.ScrollContainer minWidth={600} mah={300} mt="sm">
          <Table fz="xs" aria-label="rejected records">
            <Table.Thead><Table.Tr><Table.Th>Record</Table.Th><Table.Th>Input</Table.Th><Table.Th>Reason</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {r.rejections?.map((x) => (
                <Table.Tr key={x.position}><Table.Td>{x.position}</Table.Td><Table.Td maw={300} style={{ wordBreak: "break-all" }}>{x.input}</Table.Td><Table.Td>{x.reason}</Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

export function useActivitySets(params: { compound_set_id?: number; project_id?: number }) {
  return useQuery({
    queryKey: ["activity-sets", params],
    queryFn: () => api.get<Paginated<ActivitySet>>(`/api/activity-sets${query({ ...params, page_size: 1000 })}`),
  });
}

/** Deletes an activity set (predictions, scores, an import's measurements) after asking; every list and page showing it refreshes. */
export function DeleteActivitySet({ activitySet, label, onDeleted }: { activitySet: ActivitySet; label: string; onDeleted?: () => void }) {
  const client = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api.delete(`/api/activity-sets/${activitySet.id}`),
    onSuccess: () => {
      onDeleted?.();
      // its own values are gone: dropped, not asked for again
      client.removeQueries({ queryKey: ["activities", activitySet.id] });
      for (const key of ["activity-sets", "predictions", "molecules", "activity-summary"]) client.invalidateQueries({ queryKey: [key] });
    },
  });
  return (
    <Group gap="xs">
      <Button size="xs" variant="subtle" color="red" loading={remove.isPending}
        onClick={() => confirmDelete(`${label} (${activitySet.name})`, () => remove.mutate())}>
        Delete {label}
      </Button>
      {remove.error ? <Text size="xs" c="red">{(remove.error as Error).message}</Text> : null}
    </Group>
  );
}

function useSummary(activitySetId: number | undefined) {
  return useQuery({
    queryKey: ["activity-summary", activitySetId],
    queryFn: () => api.get<TypeSummary[]>(`/api/activity-sets/${activitySetId}/summary?bins=20`),
    enabled: !!activitySetId,
  });
}

function ActivitySummary({ setId }: { setId: number }) {
  const sets = useActivitySets({ compound_set_id: setId });
  // Measured activities, and scores from generator objectives (predictions are on model pages).
  const own = sets.data?.results.filter((s) => s.qsar_model_id == null) ?? [];
  return <>{own.map((s) => <ActivitySetSummary key={s.id} activitySet={s} titled={own.length > 1} />)}</>;
}

function ActivitySetSummary({ activitySet, titled }: { activitySet: ActivitySet; titled: boolean }) {
  const summary = useSummary(activitySet.id);
  if (!summary.data?.length) return null;
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={4}>{titled ? activitySet.name : "Activities"}</Title>
        <DeleteActivitySet activitySet={activitySet} label="these activities" />
      </Group>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        {summary.data.map((t) => (
          <Card withBorder key={t.type} p="sm">
            <Text fw={600}>{t.type} {t.units.length ? `(${t.units.join(", ")})` : ""}</Text>
            <Text size="xs" c="dimmed">{t.molecules} molecules · {t.measurements} values · median {num(t.median, 2)} · range {num(t.min, 2)}–{num(t.max, 2)}</Text>
            <Histogram bars={t.histogram} label={t.type} />
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function Molecules({ setId }: { setId: number; projectId: number }) {
  const [params, setParams] = useSearchParams();
  const browse = readBrowse(params);
  const { page, sort, search } = browse;
  // every change is a step in the history: back undoes it
  const update = (patch: Partial<Browse>) => setParams(writeBrowse({ ...browse, ...patch }));
  const sets = useActivitySets({ compound_set_id: setId });
  const summary = useSummary(sets.data?.results.find((s) => s.qsar_model_id == null)?.id);
  const types = summary.data?.map((t) => t.type) ?? [];
  const hits = useQuery({
    queryKey: ["search", setId, search, page],
    queryFn: () => api.post<SearchResults>("/api/molecules/search", { compound_set_id: setId, ...search, page, page_size: PAGE } satisfies SearchRequest),
    enabled: !!search,
    retry: false,
  });
  // A search the server refused (a bad query) is said once, in the search form, and the
  // molecules stay shown: the user corrects the query and searches again.
  const searching = !!search && !hits.error;
  const list = useQuery({
    queryKey: ["molecules", setId, searching ? 1 : page, sort, browse.filter],
    queryFn: () => api.get<Paginated<Molecule>>(`/api/compound-sets/${setId}/molecules${query({ page: searching ? 1 : page, page_size: PAGE, sort, filter: browse.filter })}`),
    enabled: !searching,
    placeholderData: (prev) => prev,
  });
  const data = searching ? hits.data : list.data;
  const current = searching ? hits : list;
  const predictionSets = sets.data?.results.filter((s) => s.qsar_model_id != null) ?? [];
  const { all, defaults } = availableColumns(data?.results ?? [], types, predictionSets);
  const chosen = browse.columns ?? defaults;
  const columns = chosen.flatMap((k) => all.filter((c) => c.key === k));
  return (
    <Stack>
      <Title order={4}>Molecules</Title>
      <SearchForm key={JSON.stringify(search)} initial={search} onSearch={(s) => update({ search: s, page: 1 })} error={hits.error} />
      {!searching && <FilterForm key={browse.filter} initial={browse.filter} onApply={(f) => update({ filter: f, page: 1 })} />}
      {!searching && <ErrorAlert error={list.error} title="Cannot list the molecules" />}
      <Group justify="space-between">
        {searching && hits.data
          ? (
            <Group>
              <Text size="sm" data-testid="search-count">{hits.data.count.toLocaleString()} hits among {hits.data.searched.toLocaleString()} molecules</Text>
              <Button size="xs" variant="subtle" onClick={() => update({ search: null, page: 1 })}>Clear search</Button>
            </Group>
          )
          : <Text size="sm" c="dimmed">{list.data ? `${list.data.count.toLocaleString()} molecules` : ""}</Text>}
        <Group gap="xs">
          <ColumnChooser all={all} shown={chosen} onChange={(keys) => update({ columns: keys })} />
          <SegmentedControl size="xs" value={browse.view} onChange={(v) => update({ view: v === "grid" ? "grid" : "table" })}
            data={[{ value: "table", label: "Table" }, { value: "grid", label: "Grid" }]} aria-label="view" />
        </Group>
      </Group>
      <Loading query={current}>
        {data && (
          <MoleculeTable molecules={data.results} columns={columns} view={browse.view} sort={searching ? undefined : sort}
            onSort={searching ? undefined : (s) => update({ sort: s, page: 1 })}
            page={page} pages={Math.ceil(data.count / PAGE)} onPage={(p) => update({ page: p })}
            extra={searching && search && "similarity" in search ? { label: "Similarity", value: (m) => num(m.similarity, 3) } : undefined} />
        )}
      </Loading>
    </Stack>
  );
}

function FilterForm({ initial, onApply }: { initial: string; onApply: (filter: string) => void }) {
  const [filter, setFilter] = useState(initial);
  return (
    <form onSubmit={(e) => { e.preventDefault(); onApply(filter); }}>
      <Group align="flex-end">
        <TextInput label="Filter" description="e.g. mw<500, logp<=5, activity:pIC50>=6 (comma = and)" value={filter} onChange={(e) => setFilter(e.currentTarget.value)} w={420} />
        <Button type="submit" variant="light">Apply</Button>
      </Group>
    </form>
  );
}

function SearchForm({ initial, onSearch, error }: { initial: Search | null; onSearch: (s: Search) => void; error: unknown }) {
  const [mode, setMode] = useState<"substructure" | "similarity">(initial && "similarity" in initial ? "similarity" : "substructure");
  const [text, setText] = useState(initial ? ("similarity" in initial ? initial.similarity.smiles : initial.substructure.query) : "");
  const [threshold, setThreshold] = useState<number | string>(initial && "similarity" in initial ? initial.similarity.threshold ?? 0.7 : 0.7);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    onSearch(mode === "substructure"
      ? { substructure: { query: text.trim(), language: "smarts" } }
      : { similarity: { smiles: text.trim(), threshold: Number(threshold) } });
  };
  return (
    <Paper withBorder p="sm">
      <form onSubmit={submit}>
        <Group align="flex-end">
          <SegmentedControl value={mode} onChange={(v) => setMode(v as typeof mode)} data={[{ value: "substructure", label: "Substructure" }, { value: "similarity", label: "Similarity" }]} />
          <TextInput label={mode === "substructure" ? "SMARTS or SMILES" : "SMILES"} placeholder={mode === "substructure" ? "c1ccc2[nH]ccc2c1" : "CCOc1ccccc1"} value={text} onChange={(e) => setText(e.currentTarget.value)} w={360} aria-label="search query" />
          {mode === "similarity" && <NumberInput label="Tanimoto ≥" min={0} max={1} step={0.05} decimalScale={2} value={threshold} onChange={setThreshold} w={110} />}
          <Button type="submit">Search</Button>
        </Group>
      </form>
      {error ? <Alert color="red" mt="sm" variant="light">{(error as Error).message}</Alert> : null}
    </Paper>
  );
}
