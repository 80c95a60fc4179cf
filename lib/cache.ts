// A small in-process cache for values that are costly to compute and fine to be a
// minute old (filter suggestions): one computation at a time per key.

/** `compute`, with each key's result kept for `ttlMs` (a failure is never kept). */
export function cachedFor<K, T>(ttlMs: number, compute: (key: K) => Promise<T>): (key: K) => Promise<T> {
  const entries = new Map<K, { at: number; value: Promise<T> }>();
  return (key) => {
    const hit = entries.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    const value = compute(key).catch((error: unknown) => {
      entries.delete(key); // never cache a failure
      throw error;
    });
    entries.set(key, { at: Date.now(), value });
    return value;
  };
}
