// Next.js configuration. Native and driver packages stay outside the bundle so
// Node loads them as they are (better-sqlite3 is a compiled addon).

/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: [
    "better-sqlite3",
    "pg",
    "pino",
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-pg",
  ],
  poweredByHeader: false,
  // The build checks the app's types only; `npm test` type-checks tests as well.
  typescript: { tsconfigPath: "tsconfig.build.json" },
};

export default nextConfig;
