// Recognises errors that mean "storage is unreachable right now" (as opposed to a
// bug), so the receiver can answer 503 and let HighLevel retry.
import { errorCause, errorCode, errorName, isObject } from "./error-fields";

const unavailableCodes = new Set([
  "P1001", // can't reach database server
  "P1002", // database server timed out
  "P1008", // operation timed out
  "P1017", // server closed the connection
  "P2024", // timed out fetching a connection from the pool
  "P2028", // transaction API error (e.g. could not start a transaction in time)
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EPIPE",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
  "08000",
  "08003",
  "08006",
  "08001",
  "08004",
  "SQLITE_BUSY",
  "SQLITE_LOCKED",
  "SQLITE_CANTOPEN",
  "SQLITE_IOERR",
  "SQLITE_FULL",
  "SQLITE_READONLY",
]);

const unavailableMessages =
  /connect|connection|terminat|timed out|timeout|ECONNREFUSED|database is locked|SQLITE_BUSY|disk I\/O|unable to open|the database system is/i;

/** Prisma's known request errors wrap the driver adapter's error in `meta`. */
function driverAdapterErrorOf(error: object): unknown {
  const meta = "meta" in error ? error.meta : undefined;
  return isObject(meta) && "driverAdapterError" in meta ? meta.driverAdapterError : undefined;
}

function codesOf(error: unknown, depth = 0): string[] {
  if (!isObject(error) || depth > 4) return [];
  const own = errorCode(error);
  const causeCodes = codesOf(errorCause(error), depth + 1);
  const adapterCodes = codesOf(driverAdapterErrorOf(error), depth + 1);
  return [...(own === undefined ? [] : [own]), ...causeCodes, ...adapterCodes];
}

/** A unique-key violation, as Prisma, PostgreSQL and SQLite name it: someone else inserted the row first. */
export function isUniqueViolation(error: unknown): boolean {
  const code = errorCode(error);
  return code === "P2002" || code === "23505" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

// What node-postgres itself throws (no code) when a connection breaks, is refused a
// slot in time, or the server goes away mid-query: the receiver's own pool sees these.
const driverMessages =
  /Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Client was closed|terminating connection/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  if (codesOf(error).some((c) => unavailableCodes.has(c))) return true;
  if (error instanceof Error && driverMessages.test(error.message)) return true;
  const name = errorName(error) ?? "";
  if (name === "PrismaClientInitializationError") return true;
  const message = error instanceof Error ? error.message : "";
  return /DriverAdapterError|PrismaClient/.test(name) && unavailableMessages.test(message);
}
