import { describe, expect, it } from "vitest";
import { z } from "zod";
import { errorStatus, readErrorEnvelope } from "./error-codes";
import { ApiError, errorResponse, handleApiError } from "./errors";

describe("the error envelope builder", () => {
  it("answers with the status of the code, in the envelope", async () => {
    const res = errorResponse("reconcile_running", "busy", { details: { runId: 3 } });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: "reconcile_running", message: "busy", details: { runId: 3 } } });
  });

  it("leaves details out when there are none", async () => {
    expect(await errorResponse("not_found", "Event not found").json()).toEqual({ error: { code: "not_found", message: "Event not found" } });
  });

  it("answers an aliased code with its own status and the wire code clients already know", async () => {
    const path = errorResponse("unknown_event_path", "No webhook endpoint");
    expect([path.status, (await path.json()).error.code]).toEqual([404, "not_found"]);
    const media = errorResponse("unsupported_media_type", "Send JSON");
    expect([media.status, (await media.json()).error.code]).toEqual([415, "bad_request"]);
  });

  it("sets Retry-After 5 on a 429 or 503 unless the caller knows better, and on nothing else", () => {
    expect(errorResponse("too_many_exports", "wait").headers.get("retry-after")).toBe("5");
    expect(errorResponse("database_unavailable", "down").headers.get("retry-after")).toBe("5");
    expect(errorResponse("storage_unavailable", "full", { retryAfterSeconds: 60 }).headers.get("retry-after")).toBe("60");
    expect(errorResponse("conflict", "no").headers.has("retry-after")).toBe(false);
  });
});

describe("handleApiError", () => {
  it("answers a thrown ApiError with its code's status", async () => {
    const res = handleApiError(new ApiError("cross_site_request", "not from here"));
    expect([res.status, (await res.json()).error.code]).toEqual([403, "cross_site_request"]);
  });

  it("answers a zod error 400 invalid_query with the issues as details", async () => {
    const parsed = z.object({ limit: z.number() }).safeParse({ limit: "x" });
    const res = handleApiError(parsed.error);
    const body = await res.json();
    expect([res.status, body.error.code, body.error.details[0].path]).toEqual([400, "invalid_query", "limit"]);
  });

  it("answers anything else 500 internal_error without its message", async () => {
    const res = handleApiError(new Error("secret detail"));
    expect([res.status, await res.json()]).toEqual([errorStatus.internal_error, { error: { code: "internal_error", message: "Internal error" } }]);
  });
});

describe("readErrorEnvelope", () => {
  it("reads an envelope, and nothing from a body that is not one", async () => {
    expect((await readErrorEnvelope(errorResponse("conflict", "resolved")))?.message).toBe("resolved");
    expect(await readErrorEnvelope(new Response("<html>Bad gateway</html>", { status: 502 }))).toBeNull();
    expect(await readErrorEnvelope(Response.json({ error: "flat" }, { status: 400 }))).toBeNull();
  });
});
