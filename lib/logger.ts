// Structured logs (pino): one JSON line per event, cheap on the hot path, and the
// level comes from LOG_LEVEL. Never log secrets or full signatures.
import pino from "pino";

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { app: "association-monitor" },
});
