// Runs before every page and API request (Next 16 "proxy", formerly middleware):
// sends unauthenticated visitors to the sign-in page (pages) or answers 401
// (APIs), and gives each page a fresh CSP nonce. Route handlers and the dashboard
// layout check authentication again, so this is not the only line of defence.
import { NextResponse, type NextRequest } from "next/server";
import { isAuthorized, isPublicPath } from "./lib/auth/request-auth";
import { apiCsp, pageCsp } from "./lib/http/security-headers";

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const isApi = pathname.startsWith("/api/");
  if (!isPublicPath(pathname) && !isAuthorized(request.headers)) {
    if (isApi) {
      return NextResponse.json(
        { error: { code: "unauthorized", message: "Sign in, or send HTTP Basic auth with the dashboard password" } },
        { status: 401, headers: { "WWW-Authenticate": 'Basic realm="Association Monitor", charset="UTF-8"', "Content-Security-Policy": apiCsp } },
      );
    }
    const signIn = new URL("/sign-in", request.url);
    signIn.searchParams.set("next", `${pathname}${search}`);
    return NextResponse.redirect(signIn, 303);
  }
  if (isApi) return NextResponse.next();

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pageCsp(nonce);
  const requestHeaders = new Headers(request.headers);
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
