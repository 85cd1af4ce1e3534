import { Card, Image, SimpleGrid, Text, Tooltip } from "@mantine/core";

/** The server's drawing of a structure that is not stored (a sampled or previewed molecule). */
export function depictionUrl(smiles: string, width = 200, height = 150): string {
  return `/api/depiction.svg?smiles=${encodeURIComponent(smiles)}&width=${width}&height=${height}`;
}

/** One structure, drawn, with its SMILES on hover. */
export function Structure({ smiles, width = 200, height = 150 }: { smiles: string; width?: number; height?: number }) {
  return (
    <Tooltip label={smiles} multiline maw={400}>
      <Image src={depictionUrl(smiles, width, height)} alt={smiles} w={width} h={height} fit="contain" loading="lazy" />
    </Tooltip>
  );
}

/** Structures side by side, each with its SMILES under it. */
export function StructureGrid({ smiles, label }: { smiles: string[]; label: string }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, md: 5 }} spacing="xs" aria-label={label} role="list">
      {smiles.map((s, i) => (
        <Card key={`${i}-${s}`} withBorder p={4} role="listitem">
          <Structure smiles={s} />
          <Text size="xs" c="dimmed" truncate title={s}>{s}</Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}
