// POST /api/auth/sign-out – clear the session cookie
import { sessionCookieName } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export function POST(): Response {
  return new Response(null, {
    status: 303,
    headers: {
      Location: "/sign-in", // relative: see the sign-in route
      "Set-Cookie": `${sessionCookieName}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`,
    },
  });
}
