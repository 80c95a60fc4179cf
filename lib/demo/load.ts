// Loads the demo data set through the receiver itself (receiveWebhook, in this
// process), so signature checks, parsing, validation, deduplication, projection
// and the rejected log all run exactly as for a real delivery.
import { z } from "zod";
import { env, resetEnv } from "../env";
import { receiveWebhook } from "../highlevel/receive";
import { wireCode } from "../http/error-codes";
import { waitForProjection } from "../projector/wait";
import { getLocationProfile, setLocationName } from "../queries/location-profiles";
import { buildDemoDataset, type DemoExpectations } from "./dataset";
import { addDemoReconcileRun } from "./reconcile";
import { createDemoKeys, signatureHeaders, type DemoKeys } from "./signing";
import type { DemoDelivery } from "./types";

export interface DemoSummary {
  stored: number;
  duplicates: number;
  /** Refused as intended; 0 when nothing new was stored (see below). */
  rejected: number;
  locations: number;
  /** What the data set holds once loaded (the same on every run). */
  expected: DemoExpectations;
  ms: number;
}

export interface LoadDemoOptions {
  now?: Date;
  seed?: number;
}

// The host is never contacted: the Request only carries the path to the receiver.
const webhookUrl = "http://localhost/api/webhooks/highlevel";
// Visible in each demo event's stored headers, so nobody mistakes it for HighLevel traffic.
const userAgent = "association-monitor-demo (throwaway signing key, not HighLevel)";

const acceptedAnswer = z.object({ status: z.enum(["stored", "duplicate"]), eventId: z.number() });
const errorAnswer = z.object({ error: z.object({ code: z.string() }) });

const overridden = ["HIGHLEVEL_ED25519_PUBLIC_KEY", "HIGHLEVEL_RSA_PUBLIC_KEY", "HIGHLEVEL_WEBHOOK_VERIFY"] as const;

/**
 * Runs `work` with the receiver trusting the demo's public keys, in this process
 * only (a running server keeps its own configuration); the previous settings are
 * restored afterwards. Verification is enforced so the unsigned examples are
 * refused as on a default install, whatever this shell has set.
 */
async function withDemoKeys<T>(keys: DemoKeys, work: () => Promise<T>): Promise<T> {
  const saved = overridden.map((name) => [name, process.env[name]] as const);
  process.env.HIGHLEVEL_ED25519_PUBLIC_KEY = keys.ed25519.publicPem;
  process.env.HIGHLEVEL_RSA_PUBLIC_KEY = keys.rsa.publicPem;
  process.env.HIGHLEVEL_WEBHOOK_VERIFY = "enforce";
  resetEnv();
  try {
    return await work();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnv();
  }
}

async function send(delivery: DemoDelivery, keys: DemoKeys, now: number): Promise<{ status: number; answer: unknown }> {
  const body = new Uint8Array(Buffer.from(delivery.body, "utf8"));
  const path = delivery.pathType === undefined ? "" : `/${delivery.pathType}`;
  const request = new Request(webhookUrl + path, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": userAgent, ...signatureHeaders(body, delivery.signing, keys) },
    body,
  });
  // Received when planned (never after "now"), so per-day figures show two weeks of history, not one spike.
  const response = await receiveWebhook(request, delivery.pathType, new Date(Math.min(delivery.sendAt, now)));
  return { status: response.status, answer: await response.json() };
}

function unexpected(delivery: DemoDelivery, status: number, answer: unknown): Error {
  const body = delivery.body.length > 300 ? `${delivery.body.slice(0, 300)}…` : delivery.body;
  return new Error(`Demo delivery answered ${status} ${JSON.stringify(answer)}, expected ${delivery.expect}:\n${body}`);
}

/** Names a few demo locations (and leaves one unnamed), never over a name an operator set. */
const demoNames = ["Docs example location", "Northwind Dental – Austin", "Northwind Dental – Dallas", "Bluebird Realty – Denver", "Bluebird Realty – Boulder"];

async function nameLocations(locations: readonly string[]): Promise<void> {
  for (const [i, name] of demoNames.entries()) {
    const locationId = locations[i];
    if (!locationId || (await getLocationProfile(locationId))?.name) continue;
    await setLocationName(locationId, `${name} (demo)`);
  }
}

export async function loadDemo(options: LoadDemoOptions = {}): Promise<DemoSummary> {
  const started = performance.now();
  const keys = createDemoKeys();
  return withDemoKeys(keys, async () => {
    const now = (options.now ?? new Date()).getTime();
    const data = buildDemoDataset({
      now,
      seed: options.seed,
      maxBodyBytes: env().WEBHOOK_MAX_BODY_BYTES,
    });
    let stored = 0;
    let duplicates = 0;
    // One at a time, in order: the out-of-order cases are out of order on purpose.
    for (const delivery of data.deliveries) {
      const { status, answer } = await send(delivery, keys, now);
      const accepted = acceptedAnswer.safeParse(answer);
      if (status !== 200 || !accepted.success) throw unexpected(delivery, status, answer);
      if (accepted.data.status === "stored") stored++;
      else duplicates++;
    }
    // The receiver does not deduplicate refusals, so they go out only with new
    // data: a second run leaves the rejected log as it was.
    let rejected = 0;
    if (stored > 0) {
      for (const delivery of data.rejections) {
        const { status, answer } = await send(delivery, keys, now);
        const code = errorAnswer.safeParse(answer).data?.error.code;
        const wanted = delivery.expect === "accepted" ? null : wireCode(delivery.expect);
        if (status < 400 || code !== wanted) throw unexpected(delivery, status, answer);
        rejected++;
      }
    }
    await nameLocations(data.locations);
    // The receiver acknowledges at the append; the summary describes the projected state.
    await waitForProjection(60_000);
    // Compared with the projected state, so only once it is complete.
    const [docsLocation] = data.locations;
    if (docsLocation) await addDemoReconcileRun(docsLocation);
    return { stored, duplicates, rejected, locations: data.locations.length, expected: data.expected, ms: Math.round(performance.now() - started) };
  });
}
