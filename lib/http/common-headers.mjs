// Security headers on every response, and the policy for API answers (never
// rendered as documents, so nothing is allowed). Plain JS so next.config.mjs can
// import it too.
export const commonSecurityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

export const apiCsp = "default-src 'none'; frame-ancestors 'none'";
