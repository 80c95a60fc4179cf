// Next.js configuration. Native and driver packages stay outside the bundle so
// Node loads them as they are (better-sqlite3 is a compiled addon).

import { apiCsp, commonSecurityHeaders } from "./lib/http/common-headers.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  async headers() {
    return [
      { source: "/:path*", headers: commonSecurityHeaders },
      // API answers are never documents: a policy that allows nothing.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: apiCsp }] },
    ];
  },
  serverExternalPackages: [
    "better-sqlite3",
    "pg",
    "pino",
    // One copy per process, whichever route loads it (its metrics live on globalThis).
    "prom-client",
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-pg",
  ],
  poweredByHeader: false,
  // The build checks the app's types only; `npm test` type-checks tests as well.
  typescript: { tsconfigPath: "tsconfig.build.json" },
};

export default nextConfig;
