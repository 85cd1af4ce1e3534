import { Checkbox, Group, NumberInput, Paper, Stack, Switch, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import type { Descriptor, DescriptorGroup } from "../api/types";
import { draftOf, withDefaults, withParameter } from "../lib/descriptors";

export function useDescriptorGroups() {
  return useQuery({ queryKey: ["descriptor-groups"], queryFn: () => api.get<DescriptorGroup[]>("/api/qsar/descriptors"), staleTime: Infinity });
}

export function DescriptorPicker({ value, onChange }: { value: Descriptor[]; onChange: (d: Descriptor[]) => void }) {
  const groups = useDescriptorGroups();
  const chosen = (kind: string) => value.find((d) => d.kind === kind);
  const toggle = (g: DescriptorGroup, on: boolean) => {
    const added = on ? withDefaults(g) : null;
    onChange(added ? [...value, added] : value.filter((d) => d.kind !== g.kind));
  };
  const update = (kind: string, key: string, v: number | boolean) =>
    onChange(value.map((d) => (d.kind === kind ? withParameter(d, key, v) : d)));
  return (
    <Stack gap="xs">
      {groups.data?.map((g) => {
        const chosenGroup = chosen(g.kind);
        const d = chosenGroup && draftOf(chosenGroup);
        return (
          <Paper withBorder p="xs" key={g.kind}>
            {/* a group the server's document does not describe (withDefaults: null) cannot be chosen */}
            <Checkbox label={g.title} checked={!!d} disabled={!d && !withDefaults(g)} onChange={(e) => toggle(g, e.currentTarget.checked)} />
            {d && Object.keys(g.parameters).length > 0 && (
              <Group mt="xs">
                {Object.entries(g.parameters).map(([k, spec]) =>
                  typeof spec.default === "boolean" ? (
                    <Switch key={k} label={k.replace(/_/g, " ")} checked={d[k] === true} onChange={(e) => update(g.kind, k, e.currentTarget.checked)} />
                  ) : (
                    <NumberInput key={k} label={k.replace(/_/g, " ")} value={typeof d[k] === "number" ? d[k] : undefined} min={spec.min ?? undefined} max={spec.max ?? undefined} w={120}
                      onChange={(n) => typeof n === "number" && update(g.kind, k, n)} />
                  ))}
              </Group>
            )}
          </Paper>
        );
      })}
      {value.length === 0 && <Text size="sm" c="red">Choose at least one descriptor group.</Text>}
    </Stack>
  );
}
