/**
 * The shard a status carrier belongs to: FNV-1a (32 bit) of `<namespace>/<name>` in UTF-8,
 * modulo the shard count. Every replica computes the same answer from the plan alone, so no
 * replica needs to ask another who writes what; a shard's Lease then says which replica that is.
 * The hash is stable across releases and Node versions (no seeds, no platform hash).
 */
export function shardOf(namespace: string, name: string, shards: number): number {
  if (shards <= 1) return 0;
  return fnv1a32(`${namespace}/${name}`) % shards;
}

/** FNV-1a, 32 bit, over the UTF-8 bytes of `text`; an unsigned integer. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    // hash * 16777619 (the FNV prime) modulo 2^32, without leaving the exact-integer range.
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
