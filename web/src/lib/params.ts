import type { ParamDescription } from "../api/types";

/** A form value per parameter: numbers as numbers, "auto"-like choices as strings. */
export type ParamValues = Record<string, string | number | boolean | null>;

export function defaults(params: ParamDescription[]): ParamValues {
  return Object.fromEntries(params.map((p) => [p.name, p.default ?? null]));
}

/** Problems with the values, by parameter name, checked as the server checks them. */
export function validate(params: ParamDescription[], values: ParamValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const p of params) {
    const v = values[p.name];
    switch (p.type) {
      case "integer":
        if (v === null || v === "") {
          if (p.default !== null) errors[p.name] = "required";
        } else if (typeof v !== "number" || !Number.isInteger(v)) errors[p.name] = "a whole number";
        else if (v < p.min || v > p.max) errors[p.name] = `between ${p.min} and ${p.max}`;
        break;
      case "number":
        if (typeof v !== "number" || Number.isNaN(v)) errors[p.name] = "a number";
        else if (v < p.min || v > p.max) errors[p.name] = `between ${p.min} and ${p.max}`;
        break;
      case "choice":
        if (typeof v !== "string" || !p.choices.includes(v)) errors[p.name] = `one of ${p.choices.join(", ")}`;
        break;
      case "choice_or_number":
        if (v === null || (typeof v === "string" && p.choices.includes(v))) break;
        if (typeof v !== "number" || v <= p.min || v > p.max) {
          errors[p.name] = `${p.choices.join(", ")} or a number in (${p.min}, ${p.max}]`;
        }
        break;
      case "boolean":
        if (typeof v !== "boolean") errors[p.name] = "yes or no";
    }
  }
  return errors;
}

/** Only the values that differ from the defaults, so stored specs stay short. */
export function changed(params: ParamDescription[], values: ParamValues): ParamValues {
  const out: ParamValues = {};
  for (const p of params) {
    const v = values[p.name];
    if (v !== undefined && v !== (p.default ?? null)) out[p.name] = v;
  }
  return out;
}
