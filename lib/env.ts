// Validated configuration. Every setting the app reads from the environment is
// here, with its default, so the README's configuration table has one source.
import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { defaultDatabaseUrl } from "./database-url.mjs";
import { highlevelEd25519PublicKey, highlevelRsaPublicKey } from "./highlevel/keys";
import { parseTrustProxy, type TrustProxy } from "./http/trust-proxy";
import { isAlertChannelUrl } from "./alerts/names";
import { alertRuleNames, isOneOf } from "./domain/values";

const intFromEnv = (fallback: number, min: number) => z.coerce.number().int().min(min).default(fallback);

/** A comma-separated list; blank entries dropped, unset or blank = empty. */
const listFromEnv = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );

/** An http(s) URL without its trailing slash, so paths can be appended. */
const httpUrl = (fallback: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v || fallback).replace(/\/+$/, ""))
    .refine((v) => /^https?:\/\/[^\s/]+/.test(v) && URL.canParse(v), { message: "must be an http:// or https:// URL" });

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .default(defaultDatabaseUrl)
    .transform((v) => v || defaultDatabaseUrl)
    .refine((v) => /^(file:|postgres(ql)?:\/\/)/.test(v), {
      message: "DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)",
    }),
  HIGHLEVEL_WEBHOOK_VERIFY: z.enum(["enforce", "off"]).default("enforce"),
  HIGHLEVEL_ED25519_PUBLIC_KEY: z.string().optional(),
  HIGHLEVEL_RSA_PUBLIC_KEY: z.string().optional(),
  /** Only deliveries for these HighLevel apps are accepted (403 foreign_app otherwise). */
  HIGHLEVEL_APP_ID: listFromEnv,
  /** OAuth client ids; the app id is the part before the first "-", as HighLevel's SDK takes it. */
  HIGHLEVEL_CLIENT_ID: listFromEnv,
  /** Optional: only deliveries for these locations are accepted (403 unknown_location otherwise). */
  HIGHLEVEL_LOCATION_IDS: listFromEnv,
  WEBHOOK_MAX_BODY_BYTES: intFromEnv(1024 * 1024, 1),
  REJECTED_MAX_ROWS: intFromEnv(10_000, 1),
  REJECTED_BODY_PREFIX_BYTES: intFromEnv(4096, 0),
  /** Protects the dashboard and read/export APIs. Required in production unless DASHBOARD_AUTH=off. */
  DASHBOARD_PASSWORD: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined)),
  /** `off` explicitly runs a production server without a password (behind your own auth proxy). */
  DASHBOARD_AUTH: z.enum(["on", "off"]).optional(),
  /** How long a sign-in lasts. */
  SESSION_TTL_HOURS: intFromEnv(12, 1),
  /** Signs session cookies; unset: a random secret kept in data/.session-secret. Same value on every instance. */
  SESSION_SECRET: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined))
    .refine((v) => v === undefined || v.length >= 32, { message: "must be at least 32 characters (e.g. openssl rand -base64 32)" }),
  /** Unset: believe no X-Forwarded-For. A hop count (1, 2) or a comma list of proxy addresses/CIDRs. */
  TRUST_PROXY: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      try {
        parseTrustProxy(v);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
      }
    }),
  /**
   * Seconds a SIGTERM/SIGINT may take: answer what was received, commit, stop the
   * projector, close the database. Read by scripts/lib/serve.mjs (shutdownTimeoutSeconds),
   * validated here too so a bad value is refused with the other settings.
   */
  SHUTDOWN_TIMEOUT_S: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.coerce.number().positive("must be a positive number of seconds").default(10),
  ),
  /** Base of "Open in HighLevel" links; white-labelled agencies set their own app domain. */
  HIGHLEVEL_APP_URL: httpUrl("https://app.gohighlevel.com"),
  /**
   * API tokens per location for names and reconciliation: JSON {"<locationId>":"<token>"}
   * or the path of a file holding it. Never shown, logged, exported or returned.
   */
  HIGHLEVEL_API_TOKENS: z.string().optional(),
  /** HighLevel's API; tests point it at a fake. */
  HIGHLEVEL_API_BASE_URL: httpUrl("https://services.leadconnectorhq.com"),
  /** Unset or blank: reconcile only on demand. Otherwise every location with a token, this often. */
  RECONCILE_EVERY_HOURS: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.coerce.number().positive("must be a positive number of hours").optional(),
  ),
  /** Per run, how many records' relations are checked with GET /associations/relations/{recordId}; 0 = none. */
  RECONCILE_RELATION_RECORDS: intFromEnv(25, 0),
  // Alerts (lib/alerts/): thresholds per rule, channels, and the dashboard's public address for links.
  ALERT_EVALUATE_SECONDS: intFromEnv(30, 5).refine((v) => v <= 60, "must be at most 60 (rules are evaluated at least once a minute)"),
  ALERT_MIN_OPEN_MINUTES: z.coerce.number().min(0).default(5),
  ALERT_DISABLED_RULES: listFromEnv.transform((v, ctx) => {
    const rules = v.filter((r) => isOneOf(alertRuleNames, r));
    if (rules.length < v.length) ctx.addIssue({ code: "custom", message: `must list only ${alertRuleNames.join(", ")}` });
    return rules;
  }),
  ALERT_SILENCE_MIN_HOURS: z.coerce.number().min(0).default(2),
  ALERT_REJECTIONS_PER_15_MIN: intFromEnv(50, 1),
  ALERT_REJECTIONS_PERCENT: z.coerce.number().gt(0).max(100).default(10),
  ALERT_REJECTIONS_MIN: intFromEnv(5, 1),
  ALERT_SIGNATURE_FAILURES_PER_15_MIN: intFromEnv(10, 1),
  ALERT_429_PER_15_MIN: intFromEnv(1, 1),
  ALERT_LAG_SECONDS: intFromEnv(60, 1),
  ALERT_DATABASE_DOWN_SECONDS: intFromEnv(30, 0),
  ALERT_NOTIFY_ATTEMPTS: intFromEnv(6, 1),
  /** Comma-separated; a URL may hold a secret, so errors never echo it. */
  ALERT_WEBHOOK_URLS: listFromEnv.refine((v) => v.every(isAlertChannelUrl), "each entry must be an http(s) URL, optionally prefixed slack:"),
  /** Where operators open the dashboard, for links in alert messages; unset: http://localhost:PORT. */
  DASHBOARD_URL: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || (/^https?:\/\/[^\s/]+/.test(v) && URL.canParse(v)), "must be an http:// or https:// URL"),
  /**
   * Unset: GET /api/metrics takes the dashboard's session or Basic auth only. Set: a
   * scraper may also send it as `Authorization: Bearer …`, on that path and no other.
   */
  METRICS_TOKEN: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined))
    .refine((v) => v === undefined || v.length >= 32, { message: "must be at least 32 characters (e.g. openssl rand -base64 32)" }),
  /** Per-location series on /api/metrics are kept to this many locations, so a scrape stays small. */
  METRICS_LOCATION_LIMIT: intFromEnv(200, 0),
  /** Unset or blank: keep events forever. */
  RETENTION_DAYS: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.coerce.number().int().min(1, "must be at least 1 day").optional(),
  ),
});

export type Env = z.infer<typeof envSchema> & {
  databaseKind: "sqlite" | "postgresql";
  /** HIGHLEVEL_APP_ID plus the app ids of HIGHLEVEL_CLIENT_ID; empty = any app. */
  allowedAppIds: ReadonlySet<string>;
  /** HIGHLEVEL_LOCATION_IDS; empty = any location. */
  allowedLocationIds: ReadonlySet<string>;
  ed25519PublicKey: string;
  rsaPublicKey: string;
  trustProxy: TrustProxy;
  /** HIGHLEVEL_API_TOKENS, parsed: locationId → token. */
  apiTokens: ReadonlyMap<string, string>;
  /** DASHBOARD_URL without its trailing slash, or http://localhost:PORT. */
  dashboardUrl: string;
};

/**
 * HIGHLEVEL_API_TOKENS holds JSON or the path of a JSON file. The errors name the
 * problem and never the value: a token must not reach a log through a typo.
 */
function parseApiTokens(value: string | undefined): Map<string, string> {
  const v = value?.trim();
  if (!v) return new Map();
  let text = v;
  if (!v.startsWith("{")) {
    if (!existsSync(v)) throw new Error("HIGHLEVEL_API_TOKENS is neither a JSON object nor the path of a readable file");
    text = readFileSync(v, "utf8");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('HIGHLEVEL_API_TOKENS is not valid JSON (expected {"<locationId>":"<token>", …})');
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error('HIGHLEVEL_API_TOKENS must be a JSON object {"<locationId>":"<token>", …}');
  }
  const tokens = new Map<string, string>();
  for (const [locationId, token] of Object.entries(parsed)) {
    if (!locationId.trim() || typeof token !== "string" || !token.trim()) {
      throw new Error(`HIGHLEVEL_API_TOKENS: the entry for location "${locationId.slice(0, 100)}" must be a non-empty token string`);
    }
    tokens.set(locationId.trim(), token.trim());
  }
  return tokens;
}

/** A key setting may hold the PEM text itself or the path of a PEM file. */
function readKeySetting(value: string | undefined, fallback: string): string {
  const v = value?.trim();
  if (!v) return fallback;
  if (v.includes("-----BEGIN")) return v.replace(/\\n/g, "\n");
  if (existsSync(v)) return readFileSync(v, "utf8");
  throw new Error(`Public key setting is neither PEM text nor a readable file: ${v}`);
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    ...e,
    databaseKind: e.DATABASE_URL.startsWith("file:") ? "sqlite" : "postgresql",
    allowedAppIds: new Set([...e.HIGHLEVEL_APP_ID, ...e.HIGHLEVEL_CLIENT_ID.map((id) => id.split("-")[0] ?? id)]),
    allowedLocationIds: new Set(e.HIGHLEVEL_LOCATION_IDS),
    ed25519PublicKey: readKeySetting(e.HIGHLEVEL_ED25519_PUBLIC_KEY, highlevelEd25519PublicKey),
    rsaPublicKey: readKeySetting(e.HIGHLEVEL_RSA_PUBLIC_KEY, highlevelRsaPublicKey),
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    apiTokens: parseApiTokens(e.HIGHLEVEL_API_TOKENS),
    dashboardUrl: (e.DASHBOARD_URL || `http://localhost:${source.PORT?.trim() || 3000}`).replace(/\/+$/, ""),
  };
}

let cached: Env | undefined;

/** The process configuration, parsed once. Tests call resetEnv() after changing process.env. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function resetEnv(): void {
  cached = undefined;
}
