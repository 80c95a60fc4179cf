// POST /api/auth/sign-in – check the dashboard password (form post), set the session cookie
import { authMode } from "@/lib/auth/mode";
import { passwordMatches } from "@/lib/auth/password";
import { safeNextPath } from "@/lib/auth/redirect";
import { clientKey, sessionTtlMs } from "@/lib/auth/request-auth";
import { createSessionToken, sessionCookieName } from "@/lib/auth/session";
import { lockoutSeconds, recordFailure, recordSuccess, signInDelay } from "@/lib/auth/throttle";
import { logger } from "@/lib/logger";

export const dynamic = "force-dynamic";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

  const client = clientKey(request.headers);
  const delay = signInDelay(client);
  if (delay === "locked") {
    const retry = lockoutSeconds(client);
    return redirect(`/sign-in?error=locked&retry=${retry}&next=${encodeURIComponent(next)}`, { "Retry-After": String(retry) });
  }
  await sleep(delay);

  const password = form?.get("password")?.toString() ?? "";
  if (!passwordMatches(password, mode.password)) {
    recordFailure(client);
    logger.warn({ client }, "dashboard sign-in failed");
    return redirect(`/sign-in?error=invalid&next=${encodeURIComponent(next)}`);
  }
  recordSuccess(client);
  const ttl = sessionTtlMs();
  const secure = new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  const cookie = [
    `${sessionCookieName}=${createSessionToken(mode.password, ttl)}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${Math.floor(ttl / 1000)}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
  return redirect(next, { "Set-Cookie": cookie });
}
