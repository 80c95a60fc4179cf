// Requests that change state (every write route: names, reconcile, apply) come from
// the dashboard's own pages.
// The session cookie is SameSite=Lax, but a browser that signed in with HTTP Basic
// sends those credentials on a cross-site form post too; browsers say where a
// request came from in Sec-Fetch-Site, so anything but the same origin (or a script,
// which sends no such header) is refused.
import { ApiError } from "../api-errors";

export function refuseCrossSite(request: Request): void {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") {
    throw new ApiError(403, "cross_site_request", "This request must come from the dashboard itself");
  }
}
