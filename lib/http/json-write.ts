// Reading the JSON body of the dashboard's write APIs (PUT a location's name).
// Cross-site writes are refused first (lib/http/same-origin.ts, the rule every write
// route shares); requiring a JSON content type adds a second barrier, since a page
// on another origin cannot send one without a CORS preflight this server never
// answers.
import { ApiError } from "./errors";
import { readBodyLimited } from "./read-body";
import { refuseCrossSite } from "./same-origin";

/** The request's JSON body (at most `limit` bytes): 403 cross-site, 415 not JSON, 413 too large, 400 unparsable. */
export async function readJsonBody(request: Request, limit = 16 * 1024): Promise<unknown> {
  refuseCrossSite(request);
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    throw new ApiError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json");
  }
  const body = await readBodyLimited(request, limit, 0);
  if (!body.ok) throw new ApiError("body_too_large", `The body must be at most ${limit} bytes`);
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body.bytes));
  } catch {
    throw new ApiError("invalid_json", "The body is not valid JSON");
  }
}
