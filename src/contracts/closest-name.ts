/**
 * The candidate nearest to a mistyped name, for a "did you mean" hint: case-insensitive edit distance at
 * most 2 (a case-only difference counts 0). The first of equally near candidates wins.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance over UTF-16 units, one row of the table at a time. */
function editDistance(a: string, b: string): number {
  // above[j]: the distance between the first i characters of a and the first j of b.
  let above = Array.from({ length: b.length + 1 }, (_, j) => j);
  let distance = b.length;
  for (let i = 0; i < a.length; i++) {
    let diagonal = i;
    let left = i + 1;
    const row = [left];
    for (const [j, up] of above.slice(1).entries()) {
      left = Math.min(up + 1, left + 1, diagonal + (a[i] === b[j] ? 0 : 1));
      diagonal = up;
      row.push(left);
    }
    above = row;
    distance = left;
  }
  return distance;
}
