// @ts-check
// Seeded randomness for generated data (the demo, the benchmark, the reliability
// scripts): Math.random cannot be seeded, and a seed makes every run rebuild the same
// data set (a failing run can be repeated with its seed). Plain JS with JSDoc types so
// the plain-Node scripts can import it too; lib/demo/random.ts re-exports it.

/**
 * @typedef {object} Rng
 * @property {() => number} next Uniform in [0, 1).
 * @property {(min: number, max: number) => number} int Integer in [min, max].
 * @property {(probability: number) => boolean} chance
 * @property {<T>(list: readonly T[]) => T} pick
 * @property {<T>(list: readonly T[], n: number) => T[]} sample n distinct items, in a random order.
 */

/**
 * mulberry32: tiny, fast and good enough for test data.
 * @param {number} seed
 * @returns {Rng}
 */
export function createRng(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  /**
   * @param {number} min
   * @param {number} max
   */
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  /**
   * @template T
   * @param {readonly T[]} list
   * @returns {T}
   */
  const pick = (list) => {
    const item = list[int(0, list.length - 1)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  };
  /**
   * @template T
   * @param {readonly T[]} list
   * @param {number} n
   * @returns {T[]}
   */
  const sample = (list, n) => {
    const copy = [...list];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = int(0, i);
      [copy[i], copy[j]] = [/** @type {T} */ (copy[j]), /** @type {T} */ (copy[i])];
    }
    return copy.slice(0, n);
  };
  return { next, int, chance: (p) => next() < p, pick, sample };
}

const alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const hexDigits = "0123456789abcdef";

/**
 * `length` characters drawn from `alphabet`, one draw each.
 * @param {Rng} rng
 * @param {string} alphabet
 * @param {number} length
 */
function draw(rng, alphabet, length) {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[rng.int(0, alphabet.length - 1)];
  return out;
}

/**
 * @param {Rng} rng
 * @param {number} length
 */
export const drawAlphanumerics = (rng, length) => draw(rng, alphanumerics, length);

/**
 * @param {Rng} rng
 * @param {number} length
 */
export const drawHex = (rng, length) => draw(rng, hexDigits, length);

/**
 * A HighLevel location, contact or company id: 20 alphanumerics (`eHy2cOSZxMQzQ6Yyvl8P`).
 * @param {Rng} rng
 */
export const alphanumericId = (rng) => drawAlphanumerics(rng, 20);

/**
 * A MongoDB-style ObjectId, as HighLevel uses for associations, relations and custom records.
 * @param {Rng} rng
 */
export function objectId(rng) {
  // The first 4 bytes of an ObjectId are its creation second: keep them in 2024–2025.
  const seconds = rng.int(0x65900000, 0x69500000);
  return seconds.toString(16).padStart(8, "0") + drawHex(rng, 16);
}

/**
 * A version-4-shaped UUID, as HighLevel's webhookId.
 * @param {Rng} rng
 */
export function uuid(rng) {
  const h = drawHex(rng, 32);
  const variant = "89ab"[rng.int(0, 3)] ?? "8";
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
