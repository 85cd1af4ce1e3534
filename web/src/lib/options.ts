/** An option of a select or segmented control whose values are a literal union. */
export type Option<T extends string> = { value: T; label: string };

/** The value of the option `v` names, narrowed to the union; null when it names none (e.g. a cleared select). */
export function optionValue<T extends string>(options: readonly Option<T>[], v: string | null): T | null {
  return options.find((o) => o.value === v)?.value ?? null;
}
