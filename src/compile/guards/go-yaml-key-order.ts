/**
 * The order go-yaml v2 gives string map keys when it marshals (the operator renders the adapter
 * config through sigs.k8s.io/yaml, which ends in go-yaml v2). It is a "natural" order: at the
 * first differing character, two letters compare by code point; a non-letter sorts before a
 * letter; two non-letters compare as the numbers formed by the digit runs starting there.
 * Matching it keeps the config bytes — and so the config hash — identical to the operator's,
 * so migrating does not roll the adapter pods.
 */
export function goYamlKeyCompare(a: string, b: string): number {
  if (a === b) return 0;
  return goYamlKeyLess(a, b) ? -1 : 1;
}

/** The code points of a string: go-yaml compares runes, not UTF-16 code units. */
function runes(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length;) {
    const cp = s.codePointAt(i);
    if (cp === undefined) break;
    out.push(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return out;
}

const isLetter = (r: number) => /\p{L}/u.test(String.fromCodePoint(r));
/** False past the end, so a digit run stops there. */
const isDigit = (r: number | undefined): r is number => r !== undefined && r >= 0x30 && r <= 0x39;
const ZERO = 0x30;

function goYamlKeyLess(a: string, b: string): boolean {
  const ar = runes(a);
  const br = runes(b);
  for (const [i, ac] of ar.entries()) {
    const bc = br[i];
    if (bc === undefined) break;
    if (ac === bc) continue;
    const al = isLetter(ac);
    const bl = isLetter(bc);
    if (al && bl) return ac < bc;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ac === ZERO || bc === ZERO) {
      // Inside a number with a non-zero digit before: leading zeros count as a digit.
      for (let j = i - 1; isDigit(ar[j]); j--) {
        if (ar[j] !== ZERO) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (let r = ar[ai]; isDigit(r); r = ar[++ai]) an = an * 10n + BigInt(r - ZERO);
    let bi = i;
    for (let r = br[bi]; isDigit(r); r = br[++bi]) bn = bn * 10n + BigInt(r - ZERO);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ac < bc;
  }
  return ar.length < br.length;
}
