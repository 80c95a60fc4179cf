// The answers to a request that may not pass: 401 with a Basic challenge, or 429
// with Retry-After while the client's password attempts are throttled. One builder
// for proxy.ts and the API wrapper, in the one error envelope.
import type { AuthResult } from "../auth/request-auth";
import { apiCsp } from "./common-headers.mjs";
import { errorStatus } from "./error-codes";
import { errorResponse } from "./errors";

const basicChallenge = 'Basic realm="Association Monitor", charset="UTF-8"';

function throttledMessage(retryAfterSeconds: number): string {
  return `Too many failed password attempts from your address; try again in ${retryAfterSeconds} s`;
}

export function authFailureResponse(auth: Extract<AuthResult, { ok: false }>): Response {
  const response =
    auth.status === 429
      ? errorResponse("too_many_attempts", throttledMessage(auth.retryAfterSeconds), { retryAfterSeconds: auth.retryAfterSeconds })
      : errorResponse("unauthorized", "Sign in, or send HTTP Basic auth with the dashboard password");
  if (auth.status !== 429) response.headers.set("WWW-Authenticate", basicChallenge);
  // Answers made before routing get no headers from next.config.mjs: set the API policy here.
  response.headers.set("Content-Security-Policy", apiCsp);
  return response;
}

/** A page requested with a throttled HTTP Basic password (a script): said in text rather than sent to the sign-in form. */
export function throttledPageResponse(retryAfterSeconds: number): Response {
  return new Response(`${throttledMessage(retryAfterSeconds)}.\n`, {
    status: errorStatus.too_many_attempts,
    headers: { "Retry-After": String(retryAfterSeconds), "Content-Type": "text/plain; charset=utf-8", "Content-Security-Policy": apiCsp },
  });
}
