// Seeded randomness for the demo data set. Every id, webhookId and shape comes
// from this stream, never from the clock, so each run rebuilds the same deliveries
// and a second run is recognised as duplicates (dedupe is on webhookId). The
// generator is lib/seeded-random.mjs, shared with the benchmark and reliability scripts.
export { alphanumericId, createRng, objectId, type Rng, uuid } from "../seeded-random.mjs";
