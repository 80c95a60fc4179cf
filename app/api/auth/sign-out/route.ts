// POST /api/auth/sign-out – revoke this browser's session and clear its cookie
import { handleApiError } from "@/lib/http/errors";
import { cookieValue } from "@/lib/auth/request-auth";
import { sessionCookieName } from "@/lib/auth/session";
import { endSession } from "@/lib/auth/sessions";

export async function POST(request: Request): Promise<Response> {
  // Open to anyone (proxy.ts lets it through): it only revokes the session whose
  // signed cookie it is given, and SameSite=Lax keeps other sites from sending one.
  try {
    await endSession(cookieValue(request.headers.get("cookie"), sessionCookieName));
  } catch (error) {
    return handleApiError(error);
  }
  return new Response(null, {
    status: 303,
    headers: {
      Location: "/sign-in", // relative: see the sign-in route
      "Set-Cookie": `${sessionCookieName}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`,
    },
  });
}
