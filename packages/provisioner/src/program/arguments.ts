// Small helpers every resource kind builds its arguments with: what the manifest leaves out (an empty list,
// an undefined value) stays out of the arguments, and a part spec.adopt names is imported.

/** The key with a copy of the values, or nothing when there are none. */
export function nonEmpty<K extends string, T>(key: K, values: readonly T[]): { [P in K]?: T[] } {
  return (values.length > 0 ? { [key]: [...values] } : {}) as { [P in K]?: T[] };
}

/** The entries whose value is not undefined. */
export function defined<T extends Record<string, unknown>>(
  values: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

/**
 * Pulumi's `import` option: the first update reads the resource by this ID instead of creating it. The engine
 * skips the import when its state already holds the resource under this ID (step_generator.go), so the
 * option is harmless after the first apply.
 */
export function importOption(id: string | undefined): { import?: string } {
  return id === undefined ? {} : { import: id };
}
