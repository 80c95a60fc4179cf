// POST /api/auth/sign-in – check the dashboard password (form post), start a session and set its cookie
import { authMode } from "@/lib/auth/mode";
import { passwordMatches } from "@/lib/auth/password";
import { safeNextPath } from "@/lib/auth/redirect";
import { sessionTtlMs } from "@/lib/auth/request-auth";
import { sessionCookieName } from "@/lib/auth/session";
import { startSession } from "@/lib/auth/sessions";
import { passwordThrottle } from "@/lib/auth/throttle";
import { handleApiError } from "@/lib/http/errors";
import { clientAddress } from "@/lib/http/client-address";
import { logger } from "@/lib/logger";

// A relative Location: request.url names the address Next listens on, which is not
// always the one the browser used (a proxy, or 127.0.0.1 versus localhost).
function redirect(location: string, headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 303, headers: { Location: location, ...headers } });
}

export async function POST(request: Request): Promise<Response> {
  const form = await request.formData().catch(() => null);
  const next = safeNextPath(form?.get("next")?.toString());
  const mode = authMode();
  if (mode.kind !== "password") return redirect(next);

  const client = clientAddress(request.headers);
  const password = form?.get("password")?.toString() ?? "";
  const verdict = await passwordThrottle().attempt(client, () => passwordMatches(password, mode.password));
  if (verdict.outcome === "throttled") {
    const retry = verdict.retryAfterSeconds;
    logger.warn({ client, retryAfterSeconds: retry }, "dashboard sign-in throttled");
    return redirect(`/sign-in?error=locked&retry=${retry}&next=${encodeURIComponent(next)}`, { "Retry-After": String(retry) });
  }
  if (verdict.outcome === "rejected") {
    logger.warn({ client }, "dashboard sign-in failed");
    return redirect(`/sign-in?error=invalid&next=${encodeURIComponent(next)}`);
  }
  const ttl = sessionTtlMs();
  let token: string;
  try {
    token = await startSession(mode.password, ttl);
  } catch (error) {
    return handleApiError(error);
  }
  const secure = new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  const cookie = [
    `${sessionCookieName}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${Math.floor(ttl / 1000)}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
  return redirect(next, { "Set-Cookie": cookie });
}
