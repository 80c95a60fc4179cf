// A small in-process cache for values that are costly to compute and fine to be a
// minute old (filter suggestions): one computation at a time per key.
const entries = new Map<string, { at: number; value: Promise<unknown> }>();

export function cached<T>(key: string, ttlMs: number, compute: () => Promise<T>): Promise<T> {
  const hit = entries.get(key);
  if (hit && Date.now() - hit.at < ttlMs) return hit.value as Promise<T>;
  const value = compute().catch((error: unknown) => {
    entries.delete(key); // never cache a failure
    throw error;
  });
  entries.set(key, { at: Date.now(), value });
  return value;
}
