// Runs before every page and API request (Next 16 "proxy", formerly middleware, on
// the Node.js runtime): sends unauthenticated visitors to the sign-in page (pages) or
// answers 401 (APIs), answers 429 while the client's password attempts are throttled,
// and gives each page a fresh CSP nonce. Route handlers and the dashboard layout
// check authentication again, so this is not the only line of defence; the request
// it passes on is marked so they do not count a Basic password a second time.
import { NextResponse, type NextRequest } from "next/server";
import { authorizeMetrics, metricsPath } from "./lib/auth/metrics-auth";
import { authorize, checkedHeader, isPublicPath, proxyCheckToken, type AuthResult } from "./lib/auth/request-auth";
import { authFailureResponse, throttledPageResponse } from "./lib/http/auth-response";
import { handleApiError } from "./lib/http/errors";
import { pageCsp } from "./lib/http/security-headers";

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const isApi = pathname.startsWith("/api/");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.delete(checkedHeader); // only this process's own mark counts

  if (!isPublicPath(pathname)) {
    let auth: AuthResult;
    try {
      // The metrics path alone also takes METRICS_TOKEN as a Bearer token (lib/auth/metrics-auth.ts).
      auth = pathname === metricsPath ? await authorizeMetrics(request.headers, { gate: true }) : await authorize(request.headers, { gate: true });
    } catch (error) {
      if (isApi) return handleApiError(error); // e.g. 503 when the session table cannot be read
      throw error;
    }
    if (!auth.ok) {
      if (isApi) return authFailureResponse(auth);
      if (auth.status === 429) return throttledPageResponse(auth.retryAfterSeconds);
      const signIn = new URL("/sign-in", request.url);
      signIn.searchParams.set("next", `${pathname}${search}`);
      return NextResponse.redirect(signIn, 303);
    }
    requestHeaders.set(checkedHeader, proxyCheckToken());
  }
  if (isApi) return NextResponse.next({ request: { headers: requestHeaders } });

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pageCsp(nonce);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // Not for static files, nor for the webhook receiver's hot path (signatures protect it),
  // nor for the benchmark's empty route (it must cost what the receiver's routing costs;
  // it reads nothing and is a 404 unless BENCH_ROUTES=1).
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/webhooks|api/bench/noop).*)"],
};
