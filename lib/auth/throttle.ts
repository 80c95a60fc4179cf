// Slows failed sign-ins down per client: each failure doubles the wait before the
// answer (from 250 ms up to 8 s), and 20 failures within 15 minutes lock that
// client out until the window passes. In memory, per instance, bounded in size.
const windowMs = 15 * 60_000;
const lockAfter = 20;
const maxClients = 10_000;

interface Record {
  failures: number;
  firstAt: number;
}

const failures = new Map<string, Record>();

function current(client: string, now: number): Record | undefined {
  const r = failures.get(client);
  if (r && now - r.firstAt > windowMs) {
    failures.delete(client);
    return undefined;
  }
  return r;
}

/** Milliseconds to wait before answering this client's next attempt, or "locked". */
export function signInDelay(client: string, now = Date.now()): number | "locked" {
  const r = current(client, now);
  if (!r) return 0;
  if (r.failures >= lockAfter) return "locked";
  return Math.min(250 * 2 ** (r.failures - 1), 8_000);
}

export function recordFailure(client: string, now = Date.now()): void {
  const r = current(client, now);
  if (r) r.failures += 1;
  else {
    if (failures.size >= maxClients) failures.delete(failures.keys().next().value as string);
    failures.set(client, { failures: 1, firstAt: now });
  }
}

export function recordSuccess(client: string): void {
  failures.delete(client);
}

export function lockoutSeconds(client: string, now = Date.now()): number {
  const r = failures.get(client);
  return r ? Math.max(1, Math.ceil((r.firstAt + windowMs - now) / 1000)) : 0;
}

/** Test hook. */
export function resetThrottle(): void {
  failures.clear();
}
