// Reads a request body up to a byte limit, stopping as soon as the limit is
// passed (a declared Content-Length over it is refused before reading at all), so
// an oversized body never sits whole in memory.
export type BodyResult = { ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; prefix: Uint8Array<ArrayBuffer>; size: number; declared: boolean };

/** The client went away (or the connection broke) before the body was complete. */
export class BodyAborted extends Error {
  constructor(
    readonly bytesRead: number,
    cause: unknown,
  ) {
    super("request body aborted", { cause });
  }
}

export async function readBodyLimited(request: Request, limit: number, prefixBytes: number): Promise<BodyResult> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) {
    await request.body?.cancel().catch(() => {});
    return { ok: false, prefix: new Uint8Array(), size: declared, declared: true };
  }
  if (!request.body) return { ok: true, bytes: new Uint8Array() };

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (error) {
      throw new BodyAborted(size, error);
    }
    const { done, value } = chunk;
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return { ok: false, prefix: concat(chunks, size - value.byteLength, value).subarray(0, prefixBytes), size, declared: false };
    }
    chunks.push(value);
  }
  return { ok: true, bytes: concat(chunks, size) };
}

function concat(chunks: Uint8Array[], size: number, extra?: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size + (extra?.byteLength ?? 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  if (extra) out.set(extra, offset);
  return out;
}
