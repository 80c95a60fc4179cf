// Requests that change state (every write route: names, reconcile, apply) come from
// the dashboard's own pages.
// The session cookie is SameSite=Lax, but a browser that signed in with HTTP Basic
// sends those credentials on a cross-site form post too; browsers say where a
// request came from in Sec-Fetch-Site, so anything but the same origin (or a script,
// which sends no such header) is refused.
import { ApiError } from "./errors";

//
// Browsers without Sec-Fetch-Site (Safari before 16.4) still send Origin on a
// cross-site POST: when there is no Sec-Fetch-Site, an Origin whose host is not this
// request's host is refused too. Scripts (curl) send neither and are let through;
// they authenticate with the password like any API call.
export function refuseCrossSite(request: Request): void {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") throw crossSite();
  if (site === null) {
    const origin = request.headers.get("origin");
    if (origin !== null && originHost(origin) !== (request.headers.get("host") ?? new URL(request.url).host)) throw crossSite();
  }
}

const crossSite = () => new ApiError("cross_site_request", "This request must come from the dashboard itself");

/** The host of an Origin header; "null" (opaque origins) and garbage never match a host. */
function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
