/**
 * "Did you mean ...?" for a mistyped flag or config key: the one known name within two
 * edits of what was typed (an edit: a character added, dropped, changed, or two neighbours
 * swapped). Nothing when no name is that close, or when two are equally close (a guess
 * between them would mislead), or when the typed text is so short that two edits could
 * make it anything.
 */

/** The most edits a suggestion may be away from what was typed. */
const MOST_EDITS = 2;
/** Longer text is no typo of a short name; and the table below is quadratic in it. */
const LONGEST_TYPED = 64;

/** Optimal string alignment distance: Levenshtein's edits plus a swap of two neighbours. */
export function editDistance(a: string, b: string): number {
  // Three rows of the dynamic-programming table: two before the current one (for swaps).
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (before[j - 2] ?? 0) + 1);
      current.push(d);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The one name in `names` that `typed` is most likely a typo of, or `undefined`. */
export function nearestName(typed: string, names: readonly string[]): string | undefined {
  if (typed.length > LONGEST_TYPED) return undefined;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  let tie = false;
  for (const name of names) {
    if (name === typed || Math.abs(name.length - typed.length) > MOST_EDITS) continue;
    const d = editDistance(typed, name);
    // Fewer edits than either has characters: "ab" is not a typo of "id".
    if (d > MOST_EDITS || d >= Math.min(typed.length, name.length)) continue;
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance) tie = true;
  }
  return tie ? undefined : best;
}
