/** The candidate a person most likely meant by `input`, or undefined when none is close enough. */
export function closestMatch(input: string, candidates: Iterable<string>): string | undefined {
  const wanted = normalize(input);
  const list = [...candidates];
  // A prefix of a longer name (`mfaConfig` for `mfaConfiguration`) is a near miss however far apart they are.
  if (wanted.length >= 3) {
    const prefixed = list.filter(
      (candidate) => normalize(candidate).startsWith(wanted) || wanted.startsWith(normalize(candidate)),
    );
    if (prefixed.length > 0)
      return prefixed.reduce((a, b) =>
        Math.abs(b.length - input.length) < Math.abs(a.length - input.length) ? b : a,
      );
  }
  const limit = Math.max(1, Math.floor(wanted.length / 4));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of list) {
    const target = normalize(candidate);
    // The distance is at least the difference in length; skipping hopeless candidates keeps a huge input
    // (a 5 MB value where an enum was expected) from costing a table of millions of cells.
    if (Math.abs(target.length - wanted.length) > limit) continue;
    const score = distance(wanted, target);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  if (best === undefined) return undefined;
  return bestScore <= limit ? best : undefined;
}

/** Case, `_` and `-` do not count: `callback_urls` is `callbackUrls`, `off` is `OFF`. */
function normalize(text: string): string {
  return text.toLowerCase().replace(/[_-]/g, "");
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
function distance(a: string, b: string): number {
  if (a === b) return 0;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        d[(i - 1) * cols + j]! + 1,
        d[i * cols + j - 1]! + 1,
        d[(i - 1) * cols + j - 1]! + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, d[(i - 2) * cols + j - 2]! + 1);
      }
      d[i * cols + j] = value;
    }
  }
  return d[rows * cols - 1]!;
}
