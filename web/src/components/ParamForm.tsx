import { NumberInput, Select, SimpleGrid, Switch } from "@mantine/core";
import type { ParamDescription } from "../api/types";
import type { ParamValues } from "../lib/params";

/** Inputs generated from a parameter registry (QSAR algorithms, map algorithms). */
export function ParamForm({ params, values, errors, onChange }: {
  params: ParamDescription[];
  values: ParamValues;
  errors: Record<string, string>;
  onChange: (v: ParamValues) => void;
}) {
  const set = (name: string, v: ParamValues[string]) => onChange({ ...values, [name]: v });
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
      {params.map((p) => {
        const common = { key: p.name, label: p.name.replace(/_/g, " "), description: p.description, error: errors[p.name] };
        switch (p.type) {
          case "boolean":
            return <Switch {...common} checked={values[p.name] === true} onChange={(e) => set(p.name, e.currentTarget.checked)} mt="md" />;
          case "choice":
            return <Select {...common} data={p.choices} value={String(values[p.name])} onChange={(v) => set(p.name, v)} allowDeselect={false} />;
          case "choice_or_number": {
            const v = values[p.name];
            const options = [...p.choices, "number"];
            return (
              <div key={p.name}>
                <Select {...common} key={undefined} data={options} value={typeof v === "number" ? "number" : v === null ? null : String(v)}
                  placeholder="default" clearable onChange={(c) => set(p.name, c === "number" ? p.max >= 1 ? 1 : p.max : c)} />
                {typeof v === "number" && (
                  <NumberInput aria-label={`${p.name} value`} value={v} min={p.min} max={p.max} step={0.1} onChange={(n) => set(p.name, typeof n === "number" ? n : null)} mt={4} />
                )}
              </div>
            );
          }
          default: {
            const v = values[p.name];
            return (
              <NumberInput {...common} value={typeof v === "number" ? v : ""} min={p.min} max={p.max}
                allowDecimal={p.type === "number"} step={p.type === "number" ? 0.1 : 1}
                placeholder={p.type === "integer" && p.default === null ? "no limit" : undefined}
                onChange={(n) => set(p.name, typeof n === "number" ? n : null)} />
            );
          }
        }
      })}
    </SimpleGrid>
  );
}
