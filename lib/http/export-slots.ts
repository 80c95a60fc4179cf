// At most a few CSV exports stream at once per client. Each export holds a database
// reader and up to a batch of rows in memory for as long as the client reads, so one
// client opening dozens of downloads could starve everyone else. In memory, per
// instance; the key is the client address (lib/http/client-address.ts).
import { ApiError } from "./errors";

export const maxExportsPerClient = 2;
/** Clients tracked at once; past it, the whole instance counts as one client. */
const maxClients = 10_000;

declare global {
  /** On globalThis: one per process, whichever route bundle (or dev-mode reload) imports this module. */
  var __associationMonitorExports: Map<string, number> | undefined;
}
globalThis.__associationMonitorExports ??= new Map();
const running: Map<string, number> = globalThis.__associationMonitorExports;

/** Takes an export slot for `client`, or throws the 429 envelope. Returns its release (idempotent). */
export function takeExportSlot(client: string): () => void {
  const key = running.size >= maxClients && !running.has(client) ? "*" : client;
  const held = running.get(key) ?? 0;
  if (held >= maxExportsPerClient) {
    throw new ApiError("too_many_exports", `At most ${maxExportsPerClient} exports can run at once per client; wait for one to finish`);
  }
  running.set(key, held + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (running.get(key) ?? 1) - 1;
    if (left <= 0) running.delete(key);
    else running.set(key, left);
  };
}

/** Iterates `source`, releasing the slot when it ends, fails or is abandoned. */
export async function* releasingAtEnd<T>(source: AsyncIterable<T>, release: () => void): AsyncGenerator<T> {
  try {
    yield* source;
  } finally {
    release();
  }
}
