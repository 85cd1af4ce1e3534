import {
  Anchor, Button, FileInput, Group, MultiSelect, NumberInput, Paper, Select, Stack, Table, Tabs, TagsInput, Text, TextInput, Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../api/client";
import type { CompoundSet, NewChemblSet, Paginated, Preview } from "../api/types";
import { confirmDelete, ErrorAlert, fieldError, Loading, StatusBadge } from "../components/feedback";
import { Structure } from "../components/Structure";
import { guessColumns } from "../lib/columns";
import { when } from "../lib/format";
import { useProjectId } from "./Project";

export function useCompoundSets() {
  const projectId = useProjectId();
  return useQuery({
    queryKey: ["compound-sets", projectId],
    queryFn: () => api.get<Paginated<CompoundSet>>(`/api/compound-sets?project_id=${projectId}&page_size=1000`),
  });
}

export function CompoundSetsPage() {
  const projectId = useProjectId();
  const client = useQueryClient();
  const sets = useCompoundSets();
  const remove = useMutation({
    mutationFn: (id: number) => api.delete(`/api/compound-sets/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ["compound-sets"] }),
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>Compound sets</Title>
        <Button component={Link} to={`/projects/${projectId}/compound-sets/new`}>Import a compound set</Button>
      </Group>
      <ErrorAlert error={remove.error} />
      <Loading query={sets} empty={sets.data?.count === 0 ? <Text>No compound sets yet: import one from a CSV or SD file, or from ChEMBL.</Text> : undefined}>
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr><Table.Th>Name</Table.Th><Table.Th>Source</Table.Th><Table.Th>Status</Table.Th><Table.Th>Molecules</Table.Th><Table.Th>Imported</Table.Th><Table.Th /></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sets.data?.results.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td><Anchor component={Link} to={`/projects/${projectId}/compound-sets/${s.id}`}>{s.name}</Anchor></Table.Td>
                <Table.Td>{s.source_kind}</Table.Td>
                <Table.Td><StatusBadge status={s.status} /></Table.Td>
                <Table.Td>{s.molecule_count.toLocaleString()}</Table.Td>
                <Table.Td>{when(s.imported_at)}</Table.Td>
                <Table.Td><Button size="xs" variant="subtle" color="red" onClick={() => confirmDelete(`the compound set ${s.name}`, () => remove.mutate(s.id))}>Delete</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Loading>
    </Stack>
  );
}

/**
 * The first rows of a file, each drawn as the import will read it: an SD record's structure,
 * or the cell of the column mapped to SMILES.
 */
function PreviewTable({ preview, smilesColumn }: { preview: Preview; smilesColumn?: string | null }) {
  const at = smilesColumn ? preview.header.indexOf(smilesColumn) : -1;
  const structureOf = (row: string[], i: number) => preview.structures ? preview.structures[i] : at >= 0 ? row[at] : null;
  const drawn = !!preview.structures || at >= 0;
  return (
    <Table.ScrollContainer minWidth={500} mah={420}>
      <Table withTableBorder fz="xs" aria-label="file preview">
        <Table.Thead>
          <Table.Tr>{drawn && <Table.Th>Structure</Table.Th>}{preview.header.map((h) => <Table.Th key={h}>{h}</Table.Th>)}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {preview.rows.map((r, i) => {
            const smiles = structureOf(r, i);
            return (
              <Table.Tr key={i}>
                {drawn && <Table.Td w={130}>{smiles ? <Structure smiles={smiles} width={120} height={80} /> : <Text size="xs" c="dimmed">no structure</Text>}</Table.Td>}
                {r.map((c, j) => <Table.Td key={j} maw={240} style={{ overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}>{c}</Table.Td>)}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The column of the header the original's default name points at, if present. */
type Fields = Record<string, string | string[] | number | null | undefined>;

function useImport(kind: "csv" | "sdf" | "chembl") {
  const projectId = useProjectId();
  const navigate = useNavigate();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file, fields }: { file: File | null; fields: Fields }) => {
      const body = new FormData();
      body.set("project_id", String(projectId));
      for (const [k, v] of Object.entries(fields)) {
        if (v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) continue;
        body.set(k, Array.isArray(v) ? v.join(",") : String(v));
      }
      if (file) body.set("file", file);
      return api.post<CompoundSet>(`/api/compound-sets/${kind}`, body);
    },
    onSuccess: (set) => {
      client.invalidateQueries({ queryKey: ["compound-sets"] });
      navigate(`/projects/${projectId}/compound-sets/${set.id}`);
    },
  });
}

function NameFields({ value, onChange, error }: { value: { name: string; description: string }; onChange: (v: { name: string; description: string }) => void; error: unknown }) {
  return (
    <Group grow>
      <TextInput label="Name of the set" required value={value.name} onChange={(e) => onChange({ ...value, name: e.currentTarget.value })} error={fieldError(error, "name")} />
      <TextInput label="Description" value={value.description} onChange={(e) => onChange({ ...value, description: e.currentTarget.value })} />
    </Group>
  );
}

function FileImport({ kind }: { kind: "csv" | "sdf" }) {
  const [file, setFile] = useState<File | null>(null);
  const [names, setNames] = useState({ name: "", description: "" });
  const [mapping, setMapping] = useState<Fields>({});
  const submit = useImport(kind);
  const preview = useMutation({
    mutationFn: (f: File) => {
      const body = new FormData();
      body.set("file", f);
      return api.post<Preview>("/api/compound-sets/preview", body);
    },
    onSuccess: (p) => {
      const h = p.header;
      setMapping(kind === "csv"
        ? {
          ...guessColumns(h),
          separator: p.separator === "\t" ? "tab" : p.separator, empty_value: "NA", extra_columns: [],
        }
        : { activity_tag: null, activity_type: null, activity_units: null, data_separator: ",", extra_tags: [], empty_value: "NA" });
    },
  });
  const choose = (f: File | null) => {
    setFile(f);
    if (f) {
      preview.mutate(f);
      if (!names.name) setNames({ ...names, name: f.name.replace(/\.(csv|tsv|txt|sdf|sd)(\.gz)?$/i, "") });
    }
  };
  const header = (preview.data?.header ?? []).filter((h) => h !== "(title)");
  const set = (k: string) => (v: string | string[] | null) => setMapping({ ...mapping, [k]: v });
  const column = (k: string, label: string, required = false) => (
    <Select label={label} data={header} value={(mapping[k] as string) ?? null} onChange={set(k)} clearable={!required} required={required}
      searchable error={fieldError(submit.error, k)} />
  );
  const text = (k: string, label: string, description?: string) => (
    <TextInput label={label} description={description} value={(mapping[k] as string) ?? ""} onChange={(e) => set(k)(e.currentTarget.value)} />
  );
  return (
    <Stack>
      <FileInput label={kind === "csv" ? "CSV or TSV file (may be gzipped)" : "SD file (may be gzipped)"} placeholder="Choose a file" value={file} onChange={choose}
        accept={kind === "csv" ? ".csv,.tsv,.txt,.gz" : ".sdf,.sd,.gz"} clearable />
      <ErrorAlert error={preview.error} title="Cannot read the file" />
      {preview.data && (
        <>
          <Text size="sm" c="dimmed">First rows of the file{preview.data.separator ? ` (separator ${JSON.stringify(preview.data.separator)})` : ""}:</Text>
          <PreviewTable preview={preview.data} smilesColumn={kind === "csv" ? (mapping.smiles_column as string | undefined) : null} />
          <NameFields value={names} onChange={setNames} error={submit.error} />
          {kind === "csv" ? (
            <>
              <Group grow>{column("smiles_column", "SMILES column", true)}{column("name_column", "Name column")}</Group>
              <Group grow>{column("activity_column", "Activity column")}{column("activity_type_column", "Activity type column")}{column("activity_units_column", "Activity units column")}{column("activity_relation_column", "Relation column (<, =, >)")}</Group>
              {!mapping.activity_type_column && mapping.activity_column && (
                <Group grow>{text("activity_type", "Activity type", "e.g. pIC50 (default: the column name)")}{text("activity_units", "Activity units")}</Group>
              )}
              <Group grow>
                <MultiSelect label="Other columns to keep" data={header} value={(mapping.extra_columns as string[]) ?? []} onChange={set("extra_columns")} searchable />
                {text("empty_value", "Missing-value marker")}
              </Group>
            </>
          ) : (
            <>
              <Text size="sm">GENUI_ACTIVITIES / GENUI_ACTIVITY_TYPES / GENUI_ACTIVITY_UNITS / GENUI_ACTIVITY_RELATIONS tags are read automatically; another tag can be an activity too. A value may carry its relation: “&lt;5”.</Text>
              <Group grow>{column("activity_tag", "Activity tag")}{text("activity_type", "Its activity type")}{text("activity_units", "Its units")}</Group>
              <Group grow>
                {column("name_tag", "Name tag (default: the title line)")}
                <MultiSelect label="Other tags to keep" data={header} value={(mapping.extra_tags as string[]) ?? []} onChange={set("extra_tags")} />
                {text("data_separator", "Separator inside GENUI_* tags")}
              </Group>
            </>
          )}
          {submit.error && <ErrorAlert error={submit.error} title="Cannot import" />}
          <Button onClick={() => submit.mutate({ file, fields: { ...names, ...mapping } })} loading={submit.isPending} disabled={!file}>Import</Button>
        </>
      )}
    </Stack>
  );
}

const ASSAY_TYPES = [
  { value: "B", label: "B: binding" }, { value: "F", label: "F: functional" }, { value: "A", label: "A: ADMET" },
  { value: "T", label: "T: toxicity" }, { value: "P", label: "P: physicochemical" }, { value: "U", label: "U: unassigned" },
];

function ChemblImport() {
  const projectId = useProjectId();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [names, setNames] = useState({ name: "", description: "" });
  const [targets, setTargets] = useState<string[]>([]);
  const [max, setMax] = useState<number | string>("");
  const [organism, setOrganism] = useState("");
  const [assayTypes, setAssayTypes] = useState<string[]>([]);
  const [file, setFile] = useState<File | null>(null);
  const byQuery = useMutation({
    mutationFn: () => api.post<CompoundSet>("/api/compound-sets/chembl", {
      project_id: projectId, ...names, targets, max_per_target: typeof max === "number" ? max : null,
      organism: organism.trim() || null, assay_types: assayTypes,
    } satisfies NewChemblSet),
    onSuccess: (set) => {
      client.invalidateQueries({ queryKey: ["compound-sets"] });
      navigate(`/projects/${projectId}/compound-sets/${set.id}`);
    },
  });
  const byFile = useImport("chembl");
  const error = byQuery.error ?? byFile.error;
  return (
    <Stack>
      <NameFields value={names} onChange={setNames} error={error} />
      <Group grow align="flex-start">
        <TextInput label="Keep only this target organism (optional)" placeholder="Homo sapiens" value={organism} onChange={(e) => setOrganism(e.currentTarget.value)} error={fieldError(error, "organism")} />
        <MultiSelect label="Keep only these assay types (all when none)" data={ASSAY_TYPES} value={assayTypes} onChange={setAssayTypes} error={fieldError(error, "assay_types")} />
      </Group>
      <Paper withBorder p="sm">
        <Stack>
          <TagsInput label="ChEMBL target ids" description="Press Enter after each, e.g. CHEMBL214" value={targets} onChange={setTargets} error={fieldError(error, "targets")} />
          <NumberInput label="At most this many activities per target (optional)" min={1} value={max} onChange={setMax} w={360} />
          <Button onClick={() => byQuery.mutate()} loading={byQuery.isPending} disabled={!targets.length}>Import from ChEMBL</Button>
        </Stack>
      </Paper>
      <Paper withBorder p="sm">
        <Stack>
          <FileInput label="…or an activity export downloaded from ChEMBL (TSV/CSV)" value={file} onChange={setFile} clearable />
          <Button onClick={() => byFile.mutate({ file, fields: { ...names, organism: organism.trim(), assay_types: assayTypes } })} loading={byFile.isPending} disabled={!file}>Import the file</Button>
        </Stack>
      </Paper>
      <ErrorAlert error={error} title="Cannot import" />
    </Stack>
  );
}

export function NewCompoundSetPage() {
  const tabs: [string, string, ReactNode][] = [
    ["csv", "CSV file", <FileImport kind="csv" />],
    ["sdf", "SD file", <FileImport kind="sdf" />],
    ["chembl", "ChEMBL", <ChemblImport />],
  ];
  return (
    <Stack maw={1100}>
      <Title order={3}>Import a compound set</Title>
      <Tabs defaultValue="csv" keepMounted={false}>
        <Tabs.List>{tabs.map(([v, l]) => <Tabs.Tab key={v} value={v}>{l}</Tabs.Tab>)}</Tabs.List>
        {tabs.map(([v, , el]) => <Tabs.Panel key={v} value={v} pt="md">{el}</Tabs.Panel>)}
      </Tabs>
    </Stack>
  );
}
