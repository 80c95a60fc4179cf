import { describe, expect, it } from "vitest";
import { readBodyLimited } from "./read-body";

/** A body stream that hands out the chunks one read at a time and records what was consumed. */
function chunkedStream(chunks: Uint8Array[]) {
  const log = { pulls: 0, cancelled: false };
  let next = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        log.pulls++;
        const chunk = chunks[next++];
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
      cancel() {
        log.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, log };
}

function post(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  // `duplex` is required by undici for stream bodies but missing from the DOM RequestInit type.
  const init: RequestInit & { duplex: "half" } = { method: "POST", body, headers, duplex: "half" };
  return new Request("http://localhost/api/webhooks/highlevel", init);
}

/** Deterministic, non-repeating bytes so a wrong offset or order shows. */
function bytesOf(length: number, seed = 0): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + seed) % 251);
}

function concat(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

describe("readBodyLimited", () => {
  it("returns the exact bytes of a multi-chunk body under the limit", async () => {
    const chunks = [bytesOf(10, 1), bytesOf(1, 2), bytesOf(300, 3), bytesOf(7, 4)];
    const { stream, log } = chunkedStream(chunks);
    const result = await readBodyLimited(post(stream), 1000, 64);
    expect(result).toEqual({ ok: true, bytes: concat(chunks) });
    expect(log.pulls).toBe(chunks.length + 1);
    expect(log.cancelled).toBe(false);
  });

  it("accepts a body of exactly the limit", async () => {
    const body = bytesOf(256);
    const result = await readBodyLimited(post(body), 256, 16);
    expect(result.ok).toBe(true);
    if (result.ok) expect(Buffer.from(result.bytes).equals(Buffer.from(body))).toBe(true);
  });

  it("returns a string body's UTF-8 bytes", async () => {
    const text = '{"label":"Café ☕"}';
    const result = await readBodyLimited(post(text), 1000, 16);
    expect(result.ok && Buffer.from(result.bytes).toString("utf8")).toBe(text);
  });

  it("refuses a declared Content-Length over the limit without reading the body", async () => {
    const { stream, log } = chunkedStream([bytesOf(10)]);
    const result = await readBodyLimited(post(stream, { "content-length": "5000" }), 4096, 64);
    expect(result).toEqual({ ok: false, prefix: new Uint8Array(), size: 5000, declared: true });
    expect(log.pulls).toBe(0);
    expect(log.cancelled).toBe(true);
  });

  it("stops reading once a body without Content-Length passes the limit", async () => {
    const chunks = [bytesOf(40, 1), bytesOf(40, 2), bytesOf(40, 3), bytesOf(40, 4), bytesOf(40, 5)];
    const { stream, log } = chunkedStream(chunks);
    const result = await readBodyLimited(post(stream), 100, 50);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.declared).toBe(false);
    expect(result.size).toBe(120);
    expect(result.size).toBeGreaterThan(100);
    expect(result.prefix).toEqual(concat(chunks).subarray(0, 50));
    expect(log.pulls).toBe(3);
    expect(log.cancelled).toBe(true);
  });

  it("returns at most prefixBytes even when the over-limit chunk is large", async () => {
    const big = bytesOf(10_000, 9);
    const { stream } = chunkedStream([bytesOf(5, 8), big]);
    const result = await readBodyLimited(post(stream), 1000, 64);
    expect(result).toMatchObject({ ok: false, size: 10_005, declared: false });
    if (result.ok) return;
    expect(result.prefix.byteLength).toBe(64);
    expect(result.prefix).toEqual(concat([bytesOf(5, 8), big]).subarray(0, 64));
  });

  it("returns a shorter prefix when fewer bytes were read than prefixBytes", async () => {
    const { stream } = chunkedStream([bytesOf(3), bytesOf(3, 1)]);
    const result = await readBodyLimited(post(stream), 5, 100);
    expect(result).toEqual({ ok: false, prefix: concat([bytesOf(3), bytesOf(3, 1)]), size: 6, declared: false });
  });

  it("still enforces the limit when Content-Length understates the body", async () => {
    const { stream, log } = chunkedStream([bytesOf(60), bytesOf(60, 1)]);
    const result = await readBodyLimited(post(stream, { "content-length": "10" }), 100, 8);
    expect(result).toMatchObject({ ok: false, size: 120, declared: false });
    expect(log.cancelled).toBe(true);
  });

  it("returns empty bytes for a request without a body", async () => {
    expect(await readBodyLimited(new Request("http://localhost/", { method: "POST" }), 10, 4)).toEqual({
      ok: true,
      bytes: new Uint8Array(),
    });
  });

  it("returns empty bytes for an empty body", async () => {
    expect(await readBodyLimited(post(""), 10, 4)).toEqual({ ok: true, bytes: new Uint8Array() });
    const { stream } = chunkedStream([]);
    expect(await readBodyLimited(post(stream), 10, 4)).toEqual({ ok: true, bytes: new Uint8Array() });
  });
});
