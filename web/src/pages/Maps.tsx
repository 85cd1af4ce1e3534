import { Anchor, Button, Group, MultiSelect, NumberInput, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../api/client";
import type { ChemMap, Descriptor, NewMap, Paginated } from "../api/types";
import { DescriptorPicker } from "../components/DescriptorPicker";
import { confirmDelete, ErrorAlert, Loading, StatusBadge } from "../components/feedback";
import { ParamForm } from "../components/ParamForm";
import { when } from "../lib/format";
import { changed, defaults, validate, type ParamValues } from "../lib/params";
import { useCompoundSets } from "./CompoundSets";
import { useAlgorithms } from "./Models";
import { useProjectId } from "./Project";

export function MapsPage() {
  const projectId = useProjectId();
  const client = useQueryClient();
  const maps = useQuery({
    queryKey: ["maps", projectId],
    queryFn: () => api.get<Paginated<ChemMap>>(`/api/maps?project_id=${projectId}&page_size=1000`),
  });
  const remove = useMutation({
    mutationFn: (id: number) => api.delete(`/api/maps/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ["maps"] }),
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>Chemical space maps</Title>
        <Button component={Link} to={`/projects/${projectId}/maps/new`}>Build a map</Button>
      </Group>
      <ErrorAlert error={remove.error} />
      <Loading query={maps} empty={maps.data?.count === 0 ? <Text>No maps yet.</Text> : undefined}>
        <Table striped highlightOnHover>
          <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Algorithm</Table.Th><Table.Th>Status</Table.Th><Table.Th>Points</Table.Th><Table.Th>Built</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {maps.data?.results.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td><Anchor component={Link} to={`/projects/${projectId}/maps/${m.id}`}>{m.name}</Anchor></Table.Td>
                <Table.Td>{m.spec.algorithm}</Table.Td>
                <Table.Td><StatusBadge status={m.status} /></Table.Td>
                <Table.Td>{m.summary?.points.toLocaleString() ?? "–"}</Table.Td>
                <Table.Td>{when(m.built_at)}</Table.Td>
                <Table.Td><Button size="xs" variant="subtle" color="red" onClick={() => confirmDelete(`the map ${m.name}`, () => remove.mutate(m.id))}>Delete</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Loading>
    </Stack>
  );
}

export function NewMapPage() {
  const projectId = useProjectId();
  const navigate = useNavigate();
  const client = useQueryClient();
  const sets = useCompoundSets();
  const algorithms = useAlgorithms("/api/maps/algorithms");
  const [setIds, setSetIds] = useState<string[]>([]);
  const [algorithm, setAlgorithm] = useState<string | null>("tsne");
  const params = algorithms.data?.find((a) => a.name === algorithm)?.parameters ?? [];
  const [values, setValues] = useState<ParamValues>({});
  const all = { ...defaults(params), ...values };
  const errors = validate(params, all);
  const [descriptors, setDescriptors] = useState<Descriptor[]>([{ kind: "morgan", radius: 2, n_bits: 2048, chirality: false, features: false, counts: false }]);
  const [seed, setSeed] = useState<number | string>(42);
  const [name, setName] = useState("");
  // the request, once an algorithm is chosen
  const request: NewMap | null = algorithm ? {
    project_id: projectId, name, compound_set_ids: setIds.map(Number), algorithm,
    parameters: changed(params, all), descriptors, seed: Number(seed),
  } : null;
  const create = useMutation({
    mutationFn: (body: NewMap) => api.post<ChemMap>("/api/maps", body),
    onSuccess: (m) => {
      client.invalidateQueries({ queryKey: ["maps"] });
      navigate(`/projects/${projectId}/maps/${m.id}`);
    },
  });
  return (
    <Stack maw={1100}>
      <Title order={3}>Build a chemical space map</Title>
      <MultiSelect label="Compound sets" data={(sets.data?.results ?? []).filter((s) => s.imported_at).map((s) => ({ value: String(s.id), label: `${s.name} (${s.molecule_count})` }))}
        value={setIds} onChange={setSetIds} w={500} />
      <Select label="Algorithm" data={(algorithms.data ?? []).map((a) => ({ value: a.name, label: a.title }))} value={algorithm}
        onChange={(v) => { setAlgorithm(v); setValues({}); }} allowDeselect={false} w={360} />
      {algorithm && params.length > 0 && <ParamForm params={params} values={all} errors={errors} onChange={setValues} />}
      <Text fw={500} size="sm">Descriptors (fingerprints alone: Tanimoto distance; with physico-chemical descriptors: Euclidean on standardized values)</Text>
      <DescriptorPicker value={descriptors} onChange={setDescriptors} />
      <Group align="flex-end">
        <TextInput label="Map name" value={name} onChange={(e) => setName(e.currentTarget.value)} required w={360} />
        <NumberInput label="Seed" value={seed} onChange={setSeed} w={140} />
      </Group>
      <ErrorAlert error={create.error} title="Cannot build the map" />
      <Button w={200} onClick={() => request && create.mutate(request)} loading={create.isPending}
        disabled={!request || !name.trim() || !setIds.length || !descriptors.length || Object.keys(errors).length > 0}>Build</Button>
    </Stack>
  );
}
