/**
 * An independent glob matcher for tool names, to check the tool-filter translation against:
 * `*` matches any run of characters, `?` exactly one, everything else itself. Dynamic programming
 * over prefix pairs with no regex involved, so it cannot share a bug with the translator.
 * Characters are Unicode code points, as in the RE2 regexes the translator emits.
 */
export function globMatches(pattern: string, name: string): boolean {
  const s = Array.from(name);
  // prev[j]: the pattern prefix processed so far matches the first j code points of the name.
  let prev: boolean[] = Array.from({ length: s.length + 1 }, (_, j) => j === 0);
  for (const pc of pattern) {
    const cur: boolean[] = new Array<boolean>(s.length + 1).fill(false);
    cur[0] = pc === '*' && prev[0]!;
    for (let j = 1; j <= s.length; j++) {
      cur[j] = pc === '*' ? prev[j]! || cur[j - 1]! : prev[j - 1]! && (pc === '?' || pc === s[j - 1]);
    }
    prev = cur;
  }
  return prev[s.length]!;
}
