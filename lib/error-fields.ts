// What a thrown value carries, read without casting it. Node's errno errors, Prisma's
// and pg's errors and fetch's failures put a string `code` (ENOENT, P2002, 23505,
// SQLITE_BUSY…), a `name` and sometimes a `cause` on what they throw, and what they
// throw (or its cause) need not be an Error instance.

export function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

/** The string `code` a thrown value carries, if any. */
export function errorCode(error: unknown): string | undefined {
  return isObject(error) && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

/** The string `name` a thrown value carries, if any. */
export function errorName(error: unknown): string | undefined {
  return isObject(error) && "name" in error && typeof error.name === "string" ? error.name : undefined;
}

/** The `cause` a thrown value carries, if any. */
export function errorCause(error: unknown): unknown {
  return isObject(error) && "cause" in error ? error.cause : undefined;
}
