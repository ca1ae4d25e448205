import type { PathSegment, Severity } from "../finding.ts";
import type { Manifest } from "../schema.ts";

/** Where a rule found a problem, and what to say about it. */
export interface RuleHit {
  path: PathSegment[];
  message: string;
}

/** A named check of one manifest. Its id is stable: people search for it and tests key on it. */
export interface Rule {
  id: string;
  severity: Severity;
  check(manifest: Manifest): RuleHit[];
}

/** Declares a rule; the function reads better than an object literal in long rule lists. */
export function defineRule(id: string, severity: Severity, check: (manifest: Manifest) => RuleHit[]): Rule {
  return { id, severity, check };
}

/** One hit per repeated entry of a list, pointing at the repeat. */
export function duplicates(values: readonly string[], path: PathSegment[], what: string): RuleHit[] {
  // Most lists hold a handful of entries, and every manifest runs this many times: no Set unless needed.
  if (values.length < 2) return [];
  const hits: RuleHit[] = [];
  for (let index = 1; index < values.length; index++) {
    if (values.indexOf(values[index]!) < index) {
      hits.push({
        path: [...path, index],
        message: `${what} ${JSON.stringify(values[index])} is listed twice; remove the repeat`,
      });
    }
  }
  return hits;
}
