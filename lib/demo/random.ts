// Seeded randomness for the demo data set. Every id, webhookId and shape comes
// from this stream, never from the clock, so each run rebuilds the same deliveries
// and a second run is recognised as duplicates (dedupe is on webhookId).
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(list: readonly T[]): T;
  /** n distinct items, in a random order. */
  sample<T>(list: readonly T[], n: number): T[];
}

export function createRng(seed: number): Rng {
  // mulberry32: tiny, fast and good enough for test data; Math.random cannot be seeded.
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => {
    const item = list[int(0, list.length - 1)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  };
  const sample = <T>(list: readonly T[], n: number): T[] => {
    const copy = [...list];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = int(0, i);
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy.slice(0, n);
  };
  return { next, int, chance: (p) => next() < p, pick, sample };
}

const alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const hexDigits = "0123456789abcdef";

function draw(rng: Rng, alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[rng.int(0, alphabet.length - 1)];
  return out;
}

/** A HighLevel location, contact or company id: 20 alphanumerics (`eHy2cOSZxMQzQ6Yyvl8P`). */
export const alphanumericId = (rng: Rng) => draw(rng, alphanumerics, 20);

/** A MongoDB-style ObjectId, as HighLevel uses for associations, relations and custom records. */
export function objectId(rng: Rng): string {
  // The first 4 bytes of an ObjectId are its creation second: keep them in 2024–2025.
  const seconds = rng.int(0x65900000, 0x69500000);
  return seconds.toString(16).padStart(8, "0") + draw(rng, hexDigits, 16);
}

/** A version-4-shaped UUID, as HighLevel's webhookId. */
export function uuid(rng: Rng): string {
  const h = draw(rng, hexDigits, 32);
  const variant = "89ab"[rng.int(0, 3)] ?? "8";
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
