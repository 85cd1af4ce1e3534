import { Group, Image, Pagination, Stack, Table, Text, Tooltip, UnstyledButton } from "@mantine/core";
import type { Molecule } from "../api/types";
import { num } from "../lib/format";

export const SHOWN_PROPERTIES = [
  ["mw", "MW"], ["logp", "logP"], ["tpsa", "TPSA"], ["hbd", "HBD"], ["hba", "HBA"], ["qed", "QED"],
] as const;

/** Mean value per activity type of one molecule. */
export function activityMeans(m: Molecule): Map<string, number> {
  const sums = new Map<string, [number, number]>();
  for (const a of m.activities) {
    const [s, n] = sums.get(a.type) ?? [0, 0];
    sums.set(a.type, [s + a.value, n + 1]);
  }
  return new Map([...sums].map(([k, [s, n]]) => [k, s / n]));
}

function SortHeader({ field, label, sort, onSort }: { field: string; label: string; sort?: string; onSort?: (s: string) => void }) {
  if (!onSort) return <Table.Th>{label}</Table.Th>;
  const active = sort === field ? "▲" : sort === `-${field}` ? "▼" : "";
  return (
    <Table.Th aria-sort={active === "▲" ? "ascending" : active === "▼" ? "descending" : "none"}>
      <UnstyledButton fw={700} fz="sm" onClick={() => onSort(sort === field ? `-${field}` : field)}>{label} {active}</UnstyledButton>
    </Table.Th>
  );
}

export function MoleculeTable({ molecules, activityTypes, sort, onSort, page, pages, onPage, extra }: {
  molecules: Molecule[];
  activityTypes: string[];
  sort?: string;
  onSort?: (s: string) => void;
  page: number;
  pages: number;
  onPage: (p: number) => void;
  extra?: { label: string; value: (m: Molecule) => string };
}) {
  const kept = keptColumns(molecules);
  return (
    <Stack>
      <Table.ScrollContainer minWidth={900}>
        <Table striped aria-label="molecules" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Structure</Table.Th>
              <SortHeader field="id" label="Id / name" sort={sort} onSort={onSort} />
              {extra && <Table.Th>{extra.label}</Table.Th>}
              {SHOWN_PROPERTIES.map(([f, l]) => <SortHeader key={f} field={f} label={l} sort={sort} onSort={onSort} />)}
              {activityTypes.map((t) => <SortHeader key={t} field={`activity:${t}`} label={t} sort={sort} onSort={onSort} />)}
              {kept.map((k) => <Table.Th key={`kept-${k}`}>{k}</Table.Th>)}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {molecules.map((m) => {
              const means = activityMeans(m);
              return (
                <Table.Tr key={m.id} data-testid="molecule-row">
                  <Table.Td w={170}>
                    <Image src={m.depiction_url + (m.depiction_url.includes("?") ? "&" : "?") + "width=160&height=110"} alt={m.smiles} w={160} h={110} loading="lazy" fit="contain" />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={600}>{m.name ?? `#${m.id}`}</Text>
                    <Tooltip label={m.smiles} multiline maw={400}><Text size="xs" c="dimmed" maw={220} truncate>{m.smiles}</Text></Tooltip>
                  </Table.Td>
                  {extra && <Table.Td>{extra.value(m)}</Table.Td>}
                  {SHOWN_PROPERTIES.map(([f]) => <Table.Td key={f}>{num(m.properties[f], 2)}</Table.Td>)}
                  {activityTypes.map((t) => <Table.Td key={t}>{num(means.get(t), 2)}</Table.Td>)}
                  {kept.map((k) => <Table.Td key={`kept-${k}`}><Text size="sm">{keptValue(m, k)}</Text></Table.Td>)}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {pages > 1 && <Group justify="center"><Pagination value={page} total={pages} onChange={onPage} /></Group>}
    </Stack>
  );
}

/** The columns or tags kept at import (`extra`), in the order they first appear on the page. */
export function keptColumns(molecules: Molecule[]): string[] {
  const keys = new Set<string>();
  for (const m of molecules) for (const k of Object.keys((m.extra as Record<string, unknown> | null) ?? {})) keys.add(k);
  return [...keys];
}

function keptValue(m: Molecule, key: string): string {
  const v = (m.extra as Record<string, unknown> | null)?.[key];
  return v == null ? "" : String(v);
}
