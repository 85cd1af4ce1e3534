import { Anchor, Button, Card, Checkbox, Group, Image, Pagination, Popover, ScrollArea, SimpleGrid, Stack, Table, Text, Tooltip, UnstyledButton } from "@mantine/core";
import { Link } from "react-router";
import type { Molecule } from "../api/types";
import type { Column, View } from "../lib/browse";

function SortHeader({ column, sort, onSort }: { column: { label: string; sort?: string }; sort?: string; onSort?: (s: string) => void }) {
  const field = column.sort;
  if (!onSort || !field) return <Table.Th>{column.label}</Table.Th>;
  const active = sort === field ? "▲" : sort === `-${field}` ? "▼" : "";
  return (
    <Table.Th aria-sort={active === "▲" ? "ascending" : active === "▼" ? "descending" : "none"}>
      <UnstyledButton fw={700} fz="sm" onClick={() => onSort(sort === field ? `-${field}` : field)}>{column.label} {active}</UnstyledButton>
    </Table.Th>
  );
}

const withSize = (url: string, width: number, height: number) => `${url}${url.includes("?") ? "&" : "?"}width=${width}&height=${height}`;

/** A molecule's page, named for people: its name, or its id. */
function MoleculeLink({ m }: { m: Molecule }) {
  return (
    <Anchor component={Link} to={`/projects/${m.project_id}/molecules/${m.id}`} size="sm" fw={600}>
      {m.name ?? `#${m.id}`}
    </Anchor>
  );
}

/**
 * Molecules as a table (structure, name, the chosen columns) or as a grid of larger structures;
 * each links to its molecule page.
 */
export function MoleculeTable({ molecules, columns, view = "table", sort, onSort, page, pages, onPage, extra }: {
  molecules: Molecule[];
  columns: Column[];
  view?: View;
  sort?: string;
  onSort?: (s: string) => void;
  page: number;
  pages: number;
  onPage: (p: number) => void;
  extra?: { label: string; value: (m: Molecule) => string };
}) {
  const shown = extra ? [{ key: "extra", label: extra.label, value: extra.value }, ...columns] : columns;
  return (
    <Stack>
      {view === "grid"
        ? (
          <SimpleGrid cols={{ base: 2, sm: 3, md: 4, lg: 5 }} spacing="sm" role="list" aria-label="molecules">
            {molecules.map((m) => (
              <Card key={m.id} withBorder p="xs" role="listitem" data-testid="molecule-card">
                <Image src={withSize(m.depiction_url, 260, 190)} alt={m.smiles} h={190} fit="contain" loading="lazy" />
                <MoleculeLink m={m} />
                {shown.slice(0, 3).map((c) => (
                  <Text key={c.key} size="xs" c="dimmed">{c.label}: {c.value(m) || "–"}</Text>
                ))}
              </Card>
            ))}
          </SimpleGrid>
        )
        : (
          <Table.ScrollContainer minWidth={900}>
            <Table striped aria-label="molecules" verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Structure</Table.Th>
                  <SortHeader column={{ label: "Id / name", sort: "id" }} sort={sort} onSort={onSort} />
                  {shown.map((c) => <SortHeader key={c.key} column={c} sort={sort} onSort={onSort} />)}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {molecules.map((m) => (
                  <Table.Tr key={m.id} data-testid="molecule-row">
                    <Table.Td w={230}>
                      <Image src={withSize(m.depiction_url, 220, 150)} alt={m.smiles} w={220} h={150} loading="lazy" fit="contain" />
                    </Table.Td>
                    <Table.Td>
                      <MoleculeLink m={m} />
                      <Tooltip label={m.smiles} multiline maw={400}><Text size="xs" c="dimmed" maw={220} truncate>{m.smiles}</Text></Tooltip>
                    </Table.Td>
                    {shown.map((c) => <Table.Td key={c.key}><Text size="sm">{c.value(m)}</Text></Table.Td>)}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      {pages > 1 && <Group justify="center"><Pagination value={page} total={pages} onChange={onPage} /></Group>}
    </Stack>
  );
}

/** Chooses which of the available columns the table shows; a column checked again goes last. */
export function ColumnChooser({ all, shown, onChange }: { all: Column[]; shown: string[]; onChange: (keys: string[]) => void }) {
  return (
    <Popover position="bottom-start" shadow="md" withinPortal>
      <Popover.Target>
        <Button variant="default" size="xs">Columns ({shown.length})</Button>
      </Popover.Target>
      <Popover.Dropdown>
        <ScrollArea.Autosize mah={360}>
          <Checkbox.Group label="Columns shown" value={shown} onChange={(keys) => onChange([...shown.filter((k) => keys.includes(k)), ...keys.filter((k) => !shown.includes(k))])}>
            <Stack gap={4} mt="xs">
              {all.map((c) => <Checkbox key={c.key} value={c.key} label={c.label} size="xs" />)}
            </Stack>
          </Checkbox.Group>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
