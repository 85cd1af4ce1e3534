// One molecule: its structure, identifiers, every activity with units, relation, assay and
// target (grouped by the set it came in), predictions with their applicability, descriptors, the
// columns kept at import, and where else the structure is (compound sets, maps).

import { Anchor, Badge, Breadcrumbs, Card, Code, CopyButton, Button, Group, Image, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api, query } from "../api/client";
import type { Activity, ActivitySet, Molecule, MoleculeOccurrences, Paginated } from "../api/types";
import { Loading } from "../components/feedback";
import { num } from "../lib/format";
import { propertyLabel } from "../lib/browse";

const ASSAY_TYPE_NAMES: Record<string, string> = {
  B: "binding", F: "functional", A: "ADMET", T: "toxicity", P: "physicochemical", U: "unassigned",
};

/** A ChEMBL id linked to its page on ChEMBL's site (ids from other sources stay plain text). */
function ChemblLink({ kind, id }: { kind: "assay" | "target" | "document"; id: string | null | undefined }) {
  if (!id) return <>–</>;
  if (!/^CHEMBL\d+$/.test(id)) return <>{id}</>;
  return <Anchor href={`https://www.ebi.ac.uk/chembl/explore/${kind}/${id}`} target="_blank" rel="noreferrer">{id}</Anchor>;
}

export function MoleculePage() {
  const { projectId, moleculeId } = useParams();
  const id = Number(moleculeId);
  const molecule = useQuery({ queryKey: ["molecule", id], queryFn: () => api.get<Molecule>(`/api/molecules/${id}`) });
  const m = molecule.data;
  return (
    <Loading query={molecule}>
      {m && (
        <Stack>
          <MoleculeHeader m={m} projectId={Number(projectId)} />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Card withBorder p="xs">
              <Image src={`${m.depiction_url}${m.depiction_url.includes("?") ? "&" : "?"}width=520&height=380`} alt={m.smiles} h={380} fit="contain" />
            </Card>
            <div><Identifiers m={m} /></div>
          </SimpleGrid>
          <Activities m={m} />
          <Properties m={m} />
          <Kept m={m} />
          <Occurrences m={m} />
        </Stack>
      )}
    </Loading>
  );
}

function useSetName(setId: number) {
  return useQuery({ queryKey: ["compound-set", setId], queryFn: () => api.get<{ name: string }>(`/api/compound-sets/${setId}`) });
}

function MoleculeHeader({ m, projectId }: { m: Molecule; projectId: number }) {
  const set = useSetName(m.compound_set_id);
  return (
    <Stack gap={4}>
      <Breadcrumbs>
        <Anchor component={Link} to={`/projects/${projectId}/compound-sets`} size="sm">Compound sets</Anchor>
        <Anchor component={Link} to={`/projects/${projectId}/compound-sets/${m.compound_set_id}`} size="sm">{set.data?.name ?? `set ${m.compound_set_id}`}</Anchor>
      </Breadcrumbs>
      <Title order={3}>{m.name ?? `Molecule #${m.id}`}</Title>
    </Stack>
  );
}

function Identifiers({ m }: { m: Molecule }) {
  const rows: [string, string][] = [
    ["SMILES", m.smiles], ["InChIKey", m.inchikey], ["InChI", m.inchi],
    ["Source rows", m.source_positions.join(", ")], ["Id", String(m.id)],
  ];
  return (
    <Table aria-label="identifiers" withRowBorders={false}>
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w={110}>{label}</Table.Th>
            <Table.Td>
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <Code style={{ wordBreak: "break-all", whiteSpace: "pre-wrap", flex: 1, minWidth: 0 }}>{value}</Code>
                {label !== "Id" && (
                  <CopyButton value={value}>
                    {({ copied, copy }) => <Button size="compact-xs" variant="subtle" onClick={copy} aria-label={`copy ${label}`}>{copied ? "copied" : "copy"}</Button>}
                  </CopyButton>
                )}
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * The molecule's values, one table per activity set they came in (an import's measurements, an
 * objective's scores), then predictions with their applicability.
 */
function Activities({ m }: { m: Molecule }) {
  const sets = useQuery({
    queryKey: ["activity-sets", { compound_set_id: m.compound_set_id }],
    queryFn: () => api.get<Paginated<ActivitySet>>(`/api/activity-sets${query({ compound_set_id: m.compound_set_id, page_size: 1000 })}`),
  });
  const byId = new Map((sets.data?.results ?? []).map((s) => [s.id, s]));
  const predicted = (a: Activity) => byId.get(a.activity_set_id)?.qsar_model_id != null;
  const setName = (id: number) => byId.get(id)?.name ?? `activity set ${id}`;
  const groups = new Map<number, Activity[]>();
  for (const a of m.activities.filter((a) => !predicted(a))) groups.set(a.activity_set_id, [...(groups.get(a.activity_set_id) ?? []), a]);
  const predictions = m.activities.filter(predicted);
  return (
    <Stack gap="xs">
      {groups.size === 0 && <><Title order={4}>Activities</Title><Text size="sm" c="dimmed">No activities.</Text></>}
      {[...groups].map(([setId, values]) => (
        <Stack gap={4} key={setId}>
          <Title order={4}>{setName(setId)} ({values.length})</Title>
          <Table striped aria-label={`activities from ${setName(setId)}`} w="auto">
            <Table.Thead>
              <Table.Tr><Table.Th>Type</Table.Th><Table.Th>Relation</Table.Th><Table.Th>Value</Table.Th><Table.Th>Units</Table.Th><Table.Th>Comment</Table.Th><Table.Th>Assay</Table.Th><Table.Th>Target</Table.Th><Table.Th>Document</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {values.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{a.type}</Table.Td>
                  <Table.Td>{a.relation ?? "="}</Table.Td>
                  <Table.Td>{num(a.value)}</Table.Td>
                  <Table.Td>{a.units ?? "–"}</Table.Td>
                  <Table.Td>{a.comment ?? "–"}</Table.Td>
                  <Table.Td>
                    <ChemblLink kind="assay" id={a.assay_id} />
                    {a.assay_type && <Text size="xs" c="dimmed" title={a.assay_description ?? undefined}>{ASSAY_TYPE_NAMES[a.assay_type] ?? a.assay_type}{a.assay_description ? `: ${a.assay_description}` : ""}</Text>}
                  </Table.Td>
                  <Table.Td>
                    <ChemblLink kind="target" id={a.target_id} />
                    {a.target_name && <Text size="xs" c="dimmed">{a.target_name}{a.target_organism ? ` (${a.target_organism})` : ""}</Text>}
                  </Table.Td>
                  <Table.Td><ChemblLink kind="document" id={a.document_id} /></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      ))}
      {predictions.length > 0 && (
        <>
          <Title order={4}>Predictions ({predictions.length})</Title>
          <Table striped aria-label="predictions" w="auto">
            <Table.Thead>
              <Table.Tr><Table.Th>Prediction</Table.Th><Table.Th>Value</Table.Th><Table.Th>Interval</Table.Th><Table.Th>Units</Table.Th><Table.Th>Applicability (nearest training Tanimoto)</Table.Th><Table.Th>Model</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {predictions.map((a) => {
                const model = byId.get(a.activity_set_id)?.qsar_model_id;
                return (
                  <Table.Tr key={a.id}>
                    <Table.Td>{a.type}</Table.Td>
                    <Table.Td>{num(a.value)}</Table.Td>
                    <Table.Td>{intervalText(a, byId.get(a.activity_set_id))}</Table.Td>
                    <Table.Td>{a.units ?? "–"}</Table.Td>
                    <Table.Td>{num(a.applicability, 2)}</Table.Td>
                    <Table.Td>
                      {model != null
                        ? <Anchor component={Link} to={`/projects/${m.project_id}/models/${model}`} size="sm">{setName(a.activity_set_id)}</Anchor>
                        : setName(a.activity_set_id)}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}

/** A regression prediction's interval at its set's confidence ("5.10 – 7.30 (90 %)"). */
const intervalText = (a: Activity, set: ActivitySet | undefined) =>
  a.interval ? `${num(a.interval[0], 2)} – ${num(a.interval[1], 2)}${set?.interval_confidence ? ` (${Math.round(set.interval_confidence * 100)} %)` : ""}` : "–";

function Properties({ m }: { m: Molecule }) {
  return (
    <Stack gap="xs">
      <Title order={4}>Descriptors</Title>
      <SimpleGrid cols={{ base: 2, sm: 4, lg: 6 }} spacing="xs" aria-label="descriptors">
        {Object.entries(m.properties).map(([k, v]) => (
          <Card key={k} withBorder p={6}>
            <Text size="xs" c="dimmed">{propertyLabel(k)}</Text>
            <Text size="sm" fw={600}>{num(v, 2)}</Text>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function Kept({ m }: { m: Molecule }) {
  const entries = Object.entries((m.extra as Record<string, unknown> | null) ?? {});
  if (entries.length === 0) return null;
  return (
    <Stack gap="xs">
      <Title order={4}>From the imported file</Title>
      <Table aria-label="kept columns" w="auto" withRowBorders={false}>
        <Table.Tbody>
          {entries.map(([k, v]) => (
            <Table.Tr key={k}><Table.Th>{k}</Table.Th><Table.Td>{v == null ? "" : String(v)}</Table.Td></Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function Occurrences({ m }: { m: Molecule }) {
  const found = useQuery({ queryKey: ["occurrences", m.id], queryFn: () => api.get<MoleculeOccurrences>(`/api/molecules/${m.id}/occurrences`) });
  const elsewhere = (found.data?.molecules ?? []).filter((o) => o.molecule_id !== m.id);
  const maps = [...new Map((found.data?.maps ?? []).map((o) => [o.map_id, o.map_name])).entries()];
  return (
    <Stack gap="xs">
      <Title order={4}>Also in</Title>
      <Loading query={found}>
        <Group gap="xs">
          {elsewhere.map((o) => (
            <Anchor key={o.molecule_id} component={Link} to={`/projects/${m.project_id}/molecules/${o.molecule_id}`} size="sm">
              <Badge variant="light" style={{ cursor: "pointer" }}>{o.compound_set_name}</Badge>
            </Anchor>
          ))}
          {maps.map(([mapId, name]) => (
            <Anchor key={`map-${mapId}`} component={Link} to={`/projects/${m.project_id}/maps/${mapId}`} size="sm">
              <Badge variant="outline" style={{ cursor: "pointer" }}>map: {name}</Badge>
            </Anchor>
          ))}
          {elsewhere.length === 0 && maps.length === 0 && <Text size="sm" c="dimmed">No other compound set or map of this project holds this structure.</Text>}
        </Group>
      </Loading>
    </Stack>
  );
}
