// The `only` input: manifest names (globs allowed) a run is restricted to, as a matrix job applies one.
import picomatch from "picomatch";

/** Whether manifest `name` is among `patterns` (exact names or globs). */
export function matchesManifestName(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => picomatch.isMatch(name, pattern, { dot: true }));
}
