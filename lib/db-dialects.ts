// What lets the PostgreSQL client stand in for the SQLite-typed Db (lib/db.ts): for
// every model and operation, PostgreSQL's client accepts every argument SQLite's
// accepts, and both return the same result type. Checked by the compiler: when a
// Prisma upgrade or a schema change makes the generated clients differ where it
// matters, lib/db.ts's one cast stops compiling; `Mismatches` then lists the models
// and operations that differ.
import type { Prisma as Postgres } from "./generated/postgresql/client";
import type { Prisma as Sqlite } from "./generated/sqlite/client";

type Operations<Models, M> = M extends keyof Models ? (Models[M] extends { operations: infer O } ? O : never) : never;
type ArgsOf<Op> = Op extends { args: infer A } ? A : never;
type ResultOf<Op> = Op extends { result: infer R } ? R : never;
type Within<A, B> = [A] extends [B] ? true : false;
type Same<A, B> = Within<A, B> extends true ? Within<B, A> : false;

type SqliteModels = Sqlite.TypeMap["model"];
type PostgresModels = Postgres.TypeMap["model"];

type OperationMismatch<M extends string, O extends string, S, P> =
  Within<ArgsOf<S>, ArgsOf<P>> extends false
    ? `${M}.${O}: PostgreSQL refuses an argument SQLite accepts`
    : Same<ResultOf<S>, ResultOf<P>> extends false
      ? `${M}.${O}: the results differ`
      : never;

type ModelMismatch<M extends keyof SqliteModels & string> = {
  [O in keyof Operations<SqliteModels, M> & string]: O extends keyof Operations<PostgresModels, M>
    ? OperationMismatch<M, O, Operations<SqliteModels, M>[O], Operations<PostgresModels, M>[O]>
    : `${M}.${O}: missing on PostgreSQL`;
}[keyof Operations<SqliteModels, M> & string];

type Mismatches =
  | { [M in keyof SqliteModels & string]: M extends keyof PostgresModels ? ModelMismatch<M> : `${M}: missing on PostgreSQL` }[keyof SqliteModels & string]
  | (Within<Sqlite.TransactionIsolationLevel, Postgres.TransactionIsolationLevel> extends true
      ? never
      : "$transaction: PostgreSQL refuses an isolation level SQLite accepts");

/** `true` while the clients agree; otherwise the list of what differs. */
export type DialectsAgree = [Mismatches] extends [never] ? true : Mismatches;
